from gongkai.orgs.selectors import visible_to


def workbench(request):
    if not request.path.startswith("/workbench/") or not request.user.is_authenticated:
        return {}
    return {"switchable_orgs": visible_to(request.user)}
