"""Which workbench pages a person is offered: only those their roles in the current organ may use.

Each entry names the role set the page itself checks (imported from the app that owns the rule),
so the menu and the page cannot disagree; tests walk every link shown to each role.
"""

from __future__ import annotations

from gongkai.accounts.models import Role


def page_roles() -> dict[str, set[str] | None]:
    """url name → the roles that may use the page (None: every member of the organ)."""
    from gongkai.catalog.services import CATALOG_ROLES
    from gongkai.info_requests.services import HANDLING_ROLES
    from gongkai.jobs.views import VIEW_ROLES as JOB_VIEW_ROLES
    from gongkai.orgs.services import PROFILE_ROLES
    from gongkai.participation.services_consultations import MANAGE_ROLES as CONSULTATION_ROLES
    from gongkai.reports.services import EDIT_ROLES as REPORT_ROLES
    from gongkai.workbench.requests import VIEW_ROLES as REQUEST_VIEW_ROLES
    from gongkai.workbench.views import QUEUE_FOR_ROLE, SEARCH_STATISTICS_ROLES
    from gongkai.workplans.services import LEDGER_ROLES
    from gongkai.workplans.services import REPORT_ROLES as PROGRESS_ROLES

    return {
        "dashboard": None,
        "record_list": None,
        "record_create": {Role.EDITOR},  # disclosure.services.create_record: the 信息员 drafts
        "review_queue": set(QUEUE_FOR_ROLE),
        "wordlist": None,  # every member reads it; saving is checked per rule
        "request_list": set(REQUEST_VIEW_ROLES),
        "request_register": set(HANDLING_ROLES),  # the 登记申请 button
        "report_list": set(REPORT_ROLES),
        "plan_list": set(PROGRESS_ROLES | LEDGER_ROLES),
        "catalog_settings": set(CATALOG_ROLES),
        "powers_versions": None,  # every member reads the lists; writes are checked per step
        "organ_profile": set(PROFILE_ROLES),
        "search_statistics": set(SEARCH_STATISTICS_ROLES),
        "job_list": set(JOB_VIEW_ROLES),
        "consultation_list": set(CONSULTATION_ROLES),
    }


def allowed_pages(roles: set[str]) -> set[str]:
    return {name for name, needed in page_roles().items() if needed is None or roles & needed}
