"""After the password, the second factor: a logged-in session that owes a code (or, for a
role that requires one, an enrolment) reaches no page but the few it needs to pay it.

Placed after AuthenticationMiddleware, django-otp's OTPMiddleware and
LoginRequiredMiddleware. The admin is covered like every other URL: /admin/ after the
admin's password also asks for the code.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from accounts.two_factor.rules import Step, pending_step

# URL names a session may reach while it owes each step.
ALWAYS_OPEN = frozenset({"logout", "admin:logout", "set_language", "healthz", "readyz"})
OPEN_WHILE = {
    Step.VERIFY: ALWAYS_OPEN | {"two_factor:verify"},
    Step.ENROL: ALWAYS_OPEN | {"two_factor:enrol"},
}
PAGE_OF = {Step.VERIFY: "two_factor:verify", Step.ENROL: "two_factor:enrol"}


def step_owed(request: HttpRequest) -> Step | None:
    """What this request's session still owes, worked out once per request."""
    if not hasattr(request, "two_factor_step"):
        request.two_factor_step = pending_step(request.user)  # type: ignore[attr-defined]
    step: Step | None = request.two_factor_step  # type: ignore[attr-defined]
    return step


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None  # LoginRequiredMiddleware has sent the anonymous to the login page
        step = step_owed(request)
        if step is None:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_WHILE[step]:
            return None
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        target = reverse(PAGE_OF[step])
        if request.method == "GET" and not getattr(request, "htmx", False):
            target += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)
