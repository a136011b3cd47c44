from django.utils.functional import SimpleLazyObject

from gongkai.orgs.selectors import visible_to
from gongkai.search.services import can_edit_abbreviations
from gongkai.workbench.menu import allowed_pages


def workbench(request):
    if not request.path.startswith("/workbench/") or not request.user.is_authenticated:
        return {}
    user = request.user
    # A callable: the template asks only when it draws the menu.
    return {
        "switchable_orgs": visible_to(user),
        "can_edit_abbreviations": lambda: can_edit_abbreviations(user),
        "can_migrate": lambda: _can_migrate(request),
        # The menu and the buttons offer only what the roles in the current organ may use.
        "roles_here": SimpleLazyObject(lambda: _roles_here(request)),
        "may_see": SimpleLazyObject(lambda: allowed_pages(_roles_here(request))),
    }


def _roles_here(request) -> set[str]:
    from gongkai.accounts.models import Role

    if request.user.is_superuser:
        return set(Role.values)
    return set(request.user.roles_in(request.org)) if request.org else set()


def _can_migrate(request) -> bool:
    from django.core.exceptions import PermissionDenied

    from gongkai.migration.services import check_may_migrate

    if not request.org:
        return False
    try:
        check_may_migrate(request.user, request.org)
    except PermissionDenied:
        return False
    return True
