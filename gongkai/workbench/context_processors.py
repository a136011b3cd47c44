from gongkai.orgs.selectors import visible_to
from gongkai.search.services import can_edit_abbreviations


def workbench(request):
    if not request.path.startswith("/workbench/") or not request.user.is_authenticated:
        return {}
    user = request.user
    # A callable: the template asks only when it draws the menu.
    return {
        "switchable_orgs": visible_to(user),
        "can_edit_abbreviations": lambda: can_edit_abbreviations(user),
        "can_migrate": lambda: _can_migrate(request),
    }


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
