"""Every text field of every form has a length limit, and no field keeps bidi controls.

Imported once at start-up (``gongkai.core.apps``): ``django.forms.CharField`` gets a default
``max_length`` when a form does not set one — ``SHORT_TEXT`` for a one-line input, ``LONG_TEXT``
for a text area — with a Chinese message, and its ``to_python`` drops bidirectional control
characters. Forms that need other limits set them explicitly (the public application form's
fields fit one letter; a record's body is long). ``tests`` walk every form of the project and
fail on a text field without a limit.
"""

from __future__ import annotations

from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _

from gongkai.textproc.bidi import strip_bidi

SHORT_TEXT = 500
LONG_TEXT = 10_000
TOO_LONG = _("最多%(limit_value)d个字符（现在有%(show_value)d个），请精简后再提交。")


class MaxLength(validators.MaxLengthValidator):
    message = TOO_LONG


def limit_length(field: forms.Field, limit: int) -> None:
    """Give ``field`` (already built) the limit ``limit``, with the Chinese message."""
    field.max_length = limit
    field.validators = [v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)]
    field.validators.append(MaxLength(limit))
    field.widget.attrs["maxlength"] = str(limit)


_original_init = forms.CharField.__init__
_original_to_python = forms.CharField.to_python


def _init(self, *, max_length=None, **kwargs):
    if max_length is None:
        widget = kwargs.get("widget") or self.widget
        is_area = isinstance(widget, forms.Textarea) or (
            isinstance(widget, type) and issubclass(widget, forms.Textarea)
        )
        # Hidden and password inputs are text too: a 1 MB "password" is refused before hashing.
        max_length = LONG_TEXT if is_area else SHORT_TEXT
    _original_init(self, max_length=max_length, **kwargs)
    self.validators = [
        MaxLength(v.limit_value) if type(v) is validators.MaxLengthValidator else v for v in self.validators
    ]


def _to_python(self, value):
    value = _original_to_python(self, value)
    return strip_bidi(value) if isinstance(value, str) else value


def install() -> None:
    if forms.CharField.__init__ is not _init:
        forms.CharField.__init__ = _init
        forms.CharField.to_python = _to_python


install()
