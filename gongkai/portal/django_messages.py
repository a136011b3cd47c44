"""Django's own form messages a visitor meets on the public forms, listed so that makemessages puts
them in the project's Uyghur catalogue (ADR 0040): the project's LOCALE_PATHS come before Django's
catalogues, and Django's Uyghur wording for "field" (رايون, a district) reads wrongly on a form.
Chinese pages keep Django's own 简体 translation."""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
]
