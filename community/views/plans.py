"""Pages of a community's service-fund plan: the plan with its R1 verdict, allocations
added, changed and removed, and its steps (submit, approve, return to draft)."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community import permissions, plans
from community.forms import AllocationForm
from community.models import FundPlan
from community.views.records import (
    posted_item,
    refused_item,
    refused_to_home,
    render_item_form,
    render_preview,
    render_record,
    step_buttons,
    step_done,
    year_from,
)
from grants.refusals import Refused

STEPS = [
    ("submit", "community:plan_submit"),
    ("approve", "community:plan_approve"),
    ("return_to_draft", "community:plan_return"),
]


def _plan(request: HttpRequest, pk: int) -> FundPlan:
    visible = FundPlan.objects.visible_to(request.user).select_related("community__street")
    return get_object_or_404(visible, pk=pk)


def _keeps(request: HttpRequest, plan: FundPlan) -> bool:
    return permissions.keeps_records_of(request.user, plan.community_id) and plan.is_editable


def _page(
    request: HttpRequest, plan: FundPlan, *, form=None, problems=(), status=200
) -> HttpResponse:
    keeps = _keeps(request, plan)
    if form is None and keeps:
        form = AllocationForm(plan=plan)
    return render_record(
        request,
        "community/plan_detail.html",
        plan,
        verdict=plans.plan_verdict(plan),
        items=plans.allocation_rows(plan),
        keeps=keeps,
        form=form,
        preview_url=reverse("community:allocation_preview", args=[plan.pk]),
        steps=step_buttons(plan, request.user, STEPS),
        problems=problems,
        status=status,
    )


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _plan(request, pk))


@require_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.starts_records(user):
        raise PermissionDenied
    try:
        plan = plans.create_plan(
            community=user.community, year=year_from(request.POST.get("year")), by=user
        )
    except Refused as refused:
        return refused_to_home(request, refused)
    return redirect("community:plan", pk=plan.pk)


@require_http_methods(["GET", "POST"])
def allocation_edit(request: HttpRequest, pk: int, item: int | None = None) -> HttpResponse:
    plan = _plan(request, pk)
    if not permissions.keeps_records_of(request.user, plan.community_id):
        raise PermissionDenied
    allocation = get_object_or_404(plan.allocations, pk=item) if item else None
    form = AllocationForm(request.POST or None, instance=allocation, plan=plan)
    preview_url = reverse("community:allocation_preview", args=[plan.pk])
    if request.method == "GET":
        return render_item_form(request, plan, form, preview_url=preview_url)
    problems: list[str] = []
    if form.is_valid():
        try:
            plans.save_allocation(plan=plan, allocation=form.instance, by=request.user)
        except Refused as refused:
            problems = refused.problems
        else:
            messages.success(request, _("Saved."))
            return redirect(plan)
    return refused_item(
        request,
        plan,
        form,
        is_new=allocation is None,
        record_page=_page,
        preview_url=preview_url,
        problems=problems,
        status=409 if problems else 400,
    )


@require_POST
def allocation_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    plan = _plan(request, pk)
    if not permissions.keeps_records_of(request.user, plan.community_id):
        raise PermissionDenied
    allocation = get_object_or_404(plan.allocations, pk=item)
    try:
        plans.remove_allocation(plan=plan, allocation=allocation, by=request.user)
    except Refused as refused:
        return _page(request, plan, problems=refused.problems, status=409)
    messages.success(request, _("Removed."))
    return redirect(plan)


@require_POST
def allocation_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The live verdict beside the allocation form: the plan as it would be if the typed
    allocation were saved. Nothing is saved."""
    plan = _plan(request, pk)
    if not _keeps(request, plan):
        raise PermissionDenied
    item = posted_item(request, plan.allocations.all())
    form = AllocationForm(request.POST, instance=item, plan=plan)
    preview = (
        plans.preview_allocation(plan=plan, allocation=form.instance) if form.is_valid() else None
    )
    return render_preview(request, preview, "community/partials/plan_verdict.html")


def _step(request: HttpRequest, pk: int, use_case: Callable[..., FundPlan]) -> HttpResponse:
    plan = _plan(request, pk)
    try:
        seen_state = request.POST.get("seen_state") or None
        plan = use_case(plan=plan, by=request.user, seen_state=seen_state)
    except Refused as refused:
        return _page(request, plan, problems=refused.problems, status=409)
    step_done(request, plan)
    return redirect(plan)


@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, plans.submit_plan)


@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, plans.approve_plan)


@require_POST
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, plans.return_plan)
