"""Sets ``request.org``: the organ the staff member is working in (chosen with the switcher)."""

from django.utils.functional import SimpleLazyObject

SESSION_KEY = "current_org_id"


def _current_org(request):
    from gongkai.orgs.selectors import visible_to

    user = request.user
    if not user.is_authenticated:
        return None
    visible = visible_to(user)
    chosen = request.session.get(SESSION_KEY)
    if chosen is not None:
        org = visible.filter(pk=chosen).first()
        if org is not None:
            return org
    own = user.memberships.order_by("id").values_list("organization_id", flat=True).first()
    return visible.filter(pk=own).first() if own else visible.first()


class CurrentOrganizationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.org = SimpleLazyObject(lambda: _current_org(request))
        return self.get_response(request)
