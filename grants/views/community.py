"""Pages for a community's service-fund plan and service-space registry, and the
compliance page. Plans and registries share one set of views: a ``Kind`` says which
model, item, form and use cases apply."""

from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions as account_permissions
from grants import community
from grants.compliance import compliance_for
from grants.forms import AllocationForm, RoomForm
from grants.models import FundPlan, RecordState, SpaceRegistry
from grants.transitions import TransitionRefused


@dataclass(frozen=True)
class Kind:
    model: Any
    items: str
    form: type[django_forms.ModelForm]
    create: Any
    save_item: Any
    remove_item: Any
    verdict: Any
    item_arg: str
    record_arg: str
    item_related: tuple[str, ...] = ()


KINDS = {
    "plans": Kind(
        FundPlan,
        "allocations",
        AllocationForm,
        community.create_plan,
        community.save_allocation,
        community.remove_allocation,
        community.plan_verdict,
        "allocation",
        "plan",
        ("project",),
    ),
    "spaces": Kind(
        SpaceRegistry,
        "rooms",
        RoomForm,
        community.create_registry,
        community.save_room,
        community.remove_room,
        community.registry_verdict,
        "room",
        "registry",
    ),
}


def _kind(name: str) -> Kind:
    if name not in KINDS:
        raise Http404
    return KINDS[name]


def _record(request: HttpRequest, kind: Kind, pk: int):
    queryset = kind.model.objects.visible_to(request.user).select_related("community__street")
    return get_object_or_404(queryset, pk=pk)


def _item_form(kind: Kind, record, data=None, instance=None):
    return kind.form(data, instance=instance, record=record)


def _page(request, kind_name, record, *, form=None, problems=(), status=200) -> HttpResponse:
    kind = _kind(kind_name)
    user = request.user
    keeps = community.may_keep(record, user) and record.is_editable
    available = {t.name for t in record.get_available_user_state_transitions(user)}
    actions = [a for a in ("submit", "approve", "return_to_draft") if a in available]
    verdict = kind.verdict(record)
    return render(
        request,
        f"grants/community_{kind_name}.html",
        {
            "record": record,
            "kind": kind_name,
            "items": getattr(record, kind.items).select_related(*kind.item_related),
            "verdict": verdict,
            "flagged": record.state == RecordState.APPROVED and not verdict.passes,
            "keeps": keeps,
            "form": form if form is not None else (_item_form(kind, record) if keeps else None),
            "problems": problems,
            "actions": actions,
            "logs": record.logs.select_related("actor"),
        },
        status=status,
    )


@require_GET
def record_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _page(request, kind, _record(request, _kind(kind), pk))


@require_POST
def record_create(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _kind(kind)
    user = request.user
    if not account_permissions.is_community_staff(user):
        raise PermissionDenied
    year = _year(request.POST.get("year"))
    try:
        record = spec.create(community=user.community, year=year, by=user)
    except TransitionRefused as refused:
        for problem in refused.problems:
            messages.error(request, problem)
        return redirect("home")
    return redirect("grants:community_record", kind=kind, pk=record.pk)


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, kind: str, pk: int, item: int | None = None) -> HttpResponse:
    spec = _kind(kind)
    record = _record(request, spec, pk)
    if not community.may_keep(record, request.user):
        raise PermissionDenied
    instance = get_object_or_404(getattr(record, spec.items), pk=item) if item else None
    form = _item_form(spec, record, request.POST or None, instance)
    if request.method == "POST" and form.is_valid():
        try:
            spec.save_item(
                **{spec.record_arg: record, spec.item_arg: form.instance}, by=request.user
            )
        except TransitionRefused as refused:
            return _page(request, kind, record, form=form, problems=refused.problems, status=409)
        messages.success(request, _("Saved."))
        return redirect("grants:community_record", kind=kind, pk=pk)
    if request.method == "POST":
        return _page(request, kind, record, form=form, status=400)
    return render(
        request, "grants/community_item_form.html", {"record": record, "kind": kind, "form": form}
    )


@require_POST
def item_delete(request: HttpRequest, kind: str, pk: int, item: int) -> HttpResponse:
    spec = _kind(kind)
    record = _record(request, spec, pk)
    if not community.may_keep(record, request.user):
        raise PermissionDenied
    instance = get_object_or_404(getattr(record, spec.items), pk=item)
    try:
        spec.remove_item(**{spec.record_arg: record, spec.item_arg: instance}, by=request.user)
    except TransitionRefused as refused:
        return _page(request, kind, record, problems=refused.problems, status=409)
    messages.success(request, _("Removed."))
    return redirect("grants:community_record", kind=kind, pk=pk)


@require_POST
def record_action(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    spec = _kind(kind)
    record = _record(request, spec, pk)
    if action not in {"submit", "approve", "return_to_draft"}:
        raise Http404
    try:
        record = community.move(
            record=record,
            action=action,
            by=request.user,
            seen_state=request.POST.get("seen_state") or None,
        )
    except TransitionRefused as refused:
        return _page(request, kind, record, problems=refused.problems, status=409)
    messages.success(
        request, _("Done: it is now “%(state)s”.") % {"state": record.get_state_display()}
    )
    return redirect("grants:community_record", kind=kind, pk=pk)


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@require_GET
def compliance(request: HttpRequest, year: int | None = None) -> HttpResponse:
    user = request.user
    if not account_permissions.follows_regions(user):
        raise PermissionDenied
    year = year or timezone.localdate().year
    try:
        rows = compliance_for(account_permissions.visible_communities(user), year)
    except TransitionRefused as refused:
        rows, problem = [], refused.problems[0]
    else:
        problem = ""
    streets: dict[str, list] = {}
    for row in rows:
        streets.setdefault(row.community.street.name, []).append(row)
    return render(
        request,
        "grants/compliance.html",
        {
            "year": year,
            "streets": streets,
            "problem": problem,
            "failing": sum(1 for row in rows if not row.passes),
            "total": len(rows),
            "years": range(timezone.localdate().year + 1, timezone.localdate().year - 4, -1),
        },
    )
