"""Helpers that run in a separate process against a real embedded installation (``GONGKAI_VAR_DIR``),
for the multi-process tests in test_shared_cache.py: gunicorn serves the same files.

    python -m gongkai.core.tests.live_site setup     -> prints "<record url> <record pk> <org slug>"
    python -m gongkai.core.tests.live_site withdraw <pk>
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.db import transaction

    from gongkai.accounts.models import Role
    from gongkai.accounts.tests.factories import make_staff
    from gongkai.disclosure import services
    from gongkai.disclosure.models import Record
    from gongkai.disclosure.tests.factories import advance, draft_record
    from gongkai.orgs.tests.factories import OrganizationFactory

    if argv[0] == "setup":
        with transaction.atomic():
            org = OrganizationFactory(slug="live", name="活测人民政府")
            staff = {role: make_staff(org, role, username=f"live_{role}") for role in Role.values}
            record = draft_record(org, editor=staff[Role.EDITOR], title="多进程撤回测试通知")
            record = advance(record, "published", staff=staff)
        print(record.get_absolute_url(), record.pk, org.slug)
    elif argv[0] == "withdraw":
        record = Record.objects.get(pk=int(argv[1]))
        reviewer = record.organization.memberships.get(role=Role.REVIEWER).user
        services.withdraw_record(record=record, actor=reviewer, reason="多进程测试撤回")
        print("withdrawn")


if __name__ == "__main__":
    main(sys.argv[1:])
