"""Officer pages for programmes and their calls."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grants import forms, permissions
from grants.counting import BoundedCount, Tally, tally
from grants.guards import remaining_budget
from grants.models import Call, Programme, Project


def _require_officer(request: HttpRequest) -> None:
    if not permissions.may_manage_programmes(request.user):
        raise PermissionDenied


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    _require_officer(request)
    programmes = Programme.objects.annotate(call_count=Count("calls")).prefetch_related(
        "tranche_rules", "budget_caps"
    )
    return render(request, "grants/programme_list.html", {"programmes": programmes})


@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_officer(request)
    programme = get_object_or_404(Programme, pk=pk) if pk else Programme()
    data = request.POST or None
    form = forms.ProgrammeForm(data, instance=programme)
    tranches = forms.TrancheRuleFormSet(data, instance=programme, prefix="tranches")
    caps = forms.BudgetCapFormSet(data, instance=programme, prefix="caps")
    if request.method == "POST" and all([form.is_valid(), tranches.is_valid(), caps.is_valid()]):
        with transaction.atomic():
            programme = form.save()
            tranches.instance = caps.instance = programme
            tranches.save()
            caps.save()
        messages.success(request, _("Programme saved."))
        return redirect("grants:programme_list")
    return render(
        request,
        "grants/programme_form.html",
        {"form": form, "tranches": tranches, "caps": caps, "programme": programme},
    )


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    _require_officer(request)
    calls = list(
        Call.objects.select_related("programme").annotate(
            project_count=BoundedCount(Project.objects.filter(call=OuterRef("pk")))
        )
    )
    for call in calls:
        call.project_count = Tally.bounded(call.project_count)
    return render(request, "grants/call_list.html", {"calls": calls})


@require_GET
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_officer(request)
    call = get_object_or_404(Call.objects.select_related("programme"), pk=pk)
    return render(
        request,
        "grants/call_detail.html",
        {
            "call": call,
            "guide_items": call.guide_items.select_related("street", "community"),
            "remaining": remaining_budget(call),
            "project_count": tally(call.projects.all()),
        },
    )


@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_officer(request)
    call = get_object_or_404(Call, pk=pk) if pk else Call()
    data = request.POST or None
    form = forms.CallForm(data, instance=call)
    guide = forms.GuideItemFormSet(data, instance=call, prefix="guide")
    if request.method == "POST" and form.is_valid() and guide.is_valid():
        with transaction.atomic():
            call = form.save()
            guide.instance = call
            guide.save()
        messages.success(request, _("Call saved."))
        return redirect("grants:call_detail", pk=call.pk)
    return render(request, "grants/call_form.html", {"form": form, "guide": guide, "call": call})
