"""Organisations registering themselves (a public page), and the officers' page that
confirms or rejects each against its registration record."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import throttle
from accounts.models import Verification
from accounts.permissions import visible_organisations
from grants import applicants, permissions
from grants.applicant_forms import (
    ConfirmationForm,
    FirstUserForm,
    OrganisationRegistrationForm,
    RejectionForm,
)
from grants.refusals import Refused


@login_not_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """An organisation and its first user. It may draft at once; submitting waits for the
    bureau's check."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.user.is_authenticated:
        messages.info(
            request, _("You are logged in; log out first to register another organisation.")
        )
        return redirect("home")
    data = request.POST if request.method == "POST" else None
    organisation_form = OrganisationRegistrationForm(data, prefix="organisation")
    user_form = FirstUserForm(data, prefix="user")
    context = {
        "organisation_form": organisation_form,
        "user_form": user_form,
        "next": next_url,
        "problems": [],
    }
    if request.method != "POST":
        return render(request, "grants/register.html", context)
    if not throttle.allow(
        "register",
        throttle.client_address(request),
        limit=settings.REGISTRATION_ATTEMPTS_PER_HOUR,
    ):
        context["problems"] = [
            _("Too many registrations from this address in the last hour; please try again later.")
        ]
        return render(request, "grants/register.html", context, status=429)
    # Both forms are checked (no short cut), so that every problem shows at once.
    if not all([organisation_form.is_valid(), user_form.is_valid()]):
        return render(request, "grants/register.html", context, status=400)
    user = user_form.save(commit=False)
    try:
        applicants.register_organisation(
            organisation=organisation_form.instance,
            user=user,
            password=user_form.cleaned_data["password1"],
        )
    except Refused as refused:
        context["problems"] = refused.problems
        return render(request, "grants/register.html", context, status=409)
    login(request, user, backend="accounts.backends.UserBackend")
    messages.success(
        request,
        _(
            "Your organisation is registered. You can write an application now; you can "
            "submit it once the district civil-affairs bureau has confirmed your organisation."
        ),
    )
    return redirect(next_url or "home")


def _checks_context(
    request: HttpRequest,
    *,
    rejection_forms: dict[int, RejectionForm] | None = None,
    confirmation_forms: dict[int, ConfirmationForm] | None = None,
    problems: dict[int, list[str]] | None = None,
) -> dict:
    """The organisations awaiting the check, each with its reject form (as typed, after a
    refusal) and the problems it met; and the latest that were not confirmed."""
    rejection_forms, problems = rejection_forms or {}, problems or {}
    confirmation_forms = confirmation_forms or {}
    organisations = visible_organisations(request.user).select_related("home_community__street")
    waiting = (
        organisations.filter(verification=Verification.PENDING)
        .prefetch_related("members")
        .order_by("created_at", "pk")
    )
    rejected = (
        organisations.filter(verification=Verification.REJECTED)
        .select_related("verified_by")
        .prefetch_related("members")
        .order_by("-verified_at", "pk")[:50]
    )
    return {
        # Shown above the lists too: the organisation refused may be in neither.
        "problems": [problem for row in problems.values() for problem in row],
        "waiting": [
            (
                organisation,
                _confirmation_form(organisation, confirmation_forms),
                rejection_forms.get(organisation.pk) or RejectionForm(),
                problems.get(organisation.pk, []),
            )
            for organisation in waiting
        ],
        "rejected": [
            (
                organisation,
                _confirmation_form(organisation, confirmation_forms),
                problems.get(organisation.pk, []),
            )
            for organisation in rejected
        ],
    }


def _confirmation_form(organisation, bound: dict[int, "ConfirmationForm"]) -> "ConfirmationForm":
    """The record the officer confirms, as typed after a refusal, else as registered."""
    return bound.get(organisation.pk) or ConfirmationForm(
        prefix=f"confirm-{organisation.pk}",
        initial={
            "inspection_year": organisation.inspection_year,
            "inspection_result": organisation.inspection_result,
            "rating": organisation.rating,
        },
    )


@require_GET
def organisation_checks(request: HttpRequest) -> HttpResponse:
    if not permissions.may_check_organisations(request.user):
        raise PermissionDenied
    return render(request, "grants/organisation_checks.html", _checks_context(request))


@require_POST
def organisation_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(visible_organisations(request.user), pk=pk)
    if not permissions.may_check_organisations(request.user):
        raise PermissionDenied
    form = ConfirmationForm(request.POST, prefix=f"confirm-{organisation.pk}")
    if not form.is_valid():
        context = _checks_context(request, confirmation_forms={organisation.pk: form})
        return render(request, "grants/organisation_checks.html", context, status=400)
    try:
        applicants.confirm_organisation(
            organisation=organisation, by=request.user, record=form.record()
        )
    except Refused as refused:
        context = _checks_context(
            request,
            confirmation_forms={organisation.pk: form},
            problems={organisation.pk: refused.problems},
        )
        return render(request, "grants/organisation_checks.html", context, status=409)
    messages.success(
        request,
        _("%(organisation)s is confirmed; its applications can be submitted.")
        % {"organisation": organisation.name},
    )
    return redirect("grants:organisation_checks")


@require_POST
def organisation_reject(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(visible_organisations(request.user), pk=pk)
    if not permissions.may_check_organisations(request.user):
        raise PermissionDenied
    form = RejectionForm(request.POST)
    if not form.is_valid():
        context = _checks_context(request, rejection_forms={organisation.pk: form})
        return render(request, "grants/organisation_checks.html", context, status=400)
    try:
        applicants.reject_organisation(
            organisation=organisation, by=request.user, reason=form.cleaned_data["reason"]
        )
    except Refused as refused:
        context = _checks_context(
            request,
            rejection_forms={organisation.pk: form},
            problems={organisation.pk: refused.problems},
        )
        return render(request, "grants/organisation_checks.html", context, status=409)
    messages.success(
        request,
        _("%(organisation)s is marked as not confirmed, with your reason.")
        % {"organisation": organisation.name},
    )
    return redirect("grants:organisation_checks")
