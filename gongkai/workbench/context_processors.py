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
    }
