"""Finance pages: the tranche ledger and recording a payment."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions as account_permissions
from accounts.models import SocialOrganisation
from grants import forms, payments, permissions
from grants.ledger import LedgerFilters, ledger_totals
from grants.models import Project, Tranche, TrancheStatus
from grants.refusals import Refused

TRANCHES_PER_PAGE = 50


@require_GET
def tranche_ledger(request: HttpRequest) -> HttpResponse:
    if not permissions.sees_money(request.user):
        raise PermissionDenied
    visible = Tranche.objects.filter(project__in=Project.objects.visible_to(request.user))
    filters = LedgerFilters.of(request.GET)
    tranches = filters.apply(visible)
    page = Paginator(
        tranches.select_related("project__organisation", "project__call").order_by(
            "status", "project__title", "sequence"
        ),
        TRANCHES_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/tranche_ledger.html",
        {
            "page": page,
            "filters": filters,
            "statuses": TrancheStatus.choices,
            "organisations": SocialOrganisation.objects.filter(
                pk__in=visible.values("project__organisation")
            ).only("pk", "name"),
            "totals": ledger_totals(tranches),
            "can_pay": account_permissions.is_finance(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def record_payment(request: HttpRequest, pk: int) -> HttpResponse:
    tranche = get_object_or_404(
        Tranche.objects.filter(project__in=Project.objects.visible_to(request.user)).select_related(
            "project__organisation"
        ),
        pk=pk,
    )
    if not permissions.may_record_payment(tranche.project, request.user):
        raise PermissionDenied
    form = forms.PaymentForm(
        request.POST or None,
        initial={"amount": tranche.outstanding, **payments.last_payee(tranche.project)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            payments.record_payment(tranche=tranche, by=request.user, **form.cleaned_data)
        except Refused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("Payment recorded."))
            return redirect("grants:project_detail", pk=tranche.project_id)
    return render(request, "grants/record_payment.html", {"tranche": tranche, "form": form})
