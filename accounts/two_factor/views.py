"""The account security page and the steps of the second factor: set up an authenticator
app, enter a code after the password, see fresh recovery codes once, turn it off."""

from base64 import b32encode
from urllib.parse import urlencode

import django_otp
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.two_factor import rules, services
from accounts.two_factor.forms import AuthenticatorCodeForm, CodeForm
from accounts.two_factor.middleware import step_owed
from accounts.two_factor.qr import qr_svg
from accounts.two_factor.rules import Step

FRESH_CODES_KEY = "two_factor_fresh_recovery_codes"


def _next_url(request: HttpRequest) -> str:
    """Where to go once this step is done: the page the user asked for, if it is ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return url if next_url == reverse("home") else f"{url}?{urlencode({'next': next_url})}"


def _log_in_with(request: HttpRequest, device: object) -> None:
    """Mark this session as verified by ``device``, under a new session key."""
    request.session.cycle_key()
    django_otp.login(request, device)


@never_cache
@require_GET
def security(request: HttpRequest) -> HttpResponse:
    return _security_page(request, CodeForm())


def _security_page(
    request: HttpRequest, turn_off_form: CodeForm, status: int = 200
) -> HttpResponse:
    user = request.user
    authenticator = rules.authenticator_of(user)
    return render(
        request,
        "accounts/two_factor/security.html",
        {
            "authenticator": authenticator,
            "required": rules.is_required_for(user),
            "recovery_codes_left": rules.recovery_codes_left(user) if authenticator else 0,
            "turn_off_form": turn_off_form,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request)
    # The middleware already keeps a session that owes a code away from this page: an
    # authenticator is replaced only after the current one was used.
    if step_owed(request) == Step.VERIFY:
        return redirect(_with_next("two_factor:verify", next_url))
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.confirm_enrolment(user=user, code=form.cleaned_data["code"])
        except services.CodeRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            _log_in_with(request, device)
            request.session[FRESH_CODES_KEY] = codes
            messages.success(request, _("Two-factor authentication is on for your account."))
            return redirect(_with_next("two_factor:recovery_codes", next_url))
    device = services.start_enrolment(user=user)
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(
        request,
        "accounts/two_factor/enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": qr_svg(device.config_url, title=_("QR code for your authenticator app")),
            "otpauth_url": device.config_url,
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "required": rules.is_required_for(user),
            "replacing": rules.is_enrolled(user),
            "pending": step_owed(request) == Step.ENROL,
        },
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if step_owed(request) != Step.VERIFY:
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = services.verify_code(user=request.user, code=form.cleaned_data["code"])
        except services.CodeRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            _log_in_with(request, verified.device)
            if verified.used_recovery_code:
                left = verified.recovery_codes_left
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(count)d is left. Make new ones on the "
                        "account security page.",
                        "You used a recovery code; %(count)d are left. Make new ones on the "
                        "account security page.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url)
    return render(
        request,
        "accounts/two_factor/verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """POST makes a new set; GET shows the set just made, once."""
    next_url = _next_url(request)
    if request.method == "POST":
        try:
            codes = services.renew_recovery_codes(user=request.user)
        except services.CodeRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("two_factor:security")
        request.session[FRESH_CODES_KEY] = codes
        return redirect(_with_next("two_factor:recovery_codes", next_url))
    codes = request.session.pop(FRESH_CODES_KEY, None)
    if not codes:
        messages.info(
            request,
            _("Recovery codes are shown only once. Make a new set if you no longer have them."),
        )
        return redirect("two_factor:security")
    return render(
        request,
        "accounts/two_factor/recovery_codes.html",
        {"codes": [services.shown(code) for code in codes], "next": next_url},
    )


@never_cache
@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not rules.is_enrolled(request.user):
        messages.info(request, _("Two-factor authentication is not on for your account."))
        return redirect("two_factor:security")
    if form.is_valid():
        try:
            services.turn_off(user=request.user, code=form.cleaned_data["code"])
        except services.CodeRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            messages.success(request, _("Two-factor authentication is off for your account."))
            return redirect("two_factor:security")
    return _security_page(request, form, status=400)
