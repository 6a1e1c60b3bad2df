from django.http import HttpRequest

from accounts.navigation import navigation_for
from accounts.two_factor.middleware import step_owed


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": []}
    if user.is_authenticated and step_owed(request) is not None:
        # Owing a code or an enrolment, the session reaches no other page: no menu to it.
        return {"nav_items": [], "two_factor_pending": True}
    current = request.resolver_match.view_name if request.resolver_match else ""
    return {"nav_items": navigation_for(user), "nav_current": current}
