"""The public pages, without personal data: projects in their publicity period 公示, and
the open calls with their guide 申报指南."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from grants import eligibility
from grants.arithmetic import percent_of
from grants.models import AttachmentKind, Call, Project


@login_not_required
@require_GET
def publicity(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    projects = (
        Project.objects.in_publicity(today)
        .select_related("organisation", "community__street", "call")
        .only(
            "title",
            "approved_amount",
            "publicity_ends_on",
            "organisation__name",
            "community__name",
            "community__street__name",
            "call__title",
        )
        .order_by("call_id", "organisation__name")
    )
    return render(request, "grants/publicity.html", {"projects": projects, "today": today})


# --- the call as applicants read it 申报指南 (issue 12) ---------------------------------


@login_not_required
@require_GET
def open_calls(request: HttpRequest) -> HttpResponse:
    """Every call open for applications now, for anyone."""
    calls = (
        Call.objects.open_at(timezone.now())
        .select_related("programme")
        .annotate(guide_item_count=Count("guide_items"))
        .order_by("closes_at", "pk")
    )
    return render(request, "grants/open_calls.html", {"calls": calls})


@login_not_required
@require_GET
def open_call(request: HttpRequest, pk: int) -> HttpResponse:
    """A call's 申报指南: the programme's rules in plain words, who may apply, the guide
    list and where to start. A call not open now is not shown (404)."""
    call = get_object_or_404(
        Call.objects.open_at(timezone.now()).select_related("programme"), pk=pk
    )
    programme = call.programme
    guide_items = call.guide_items.select_related("street", "community__street")
    start = reverse("grants:project_create")
    return render(
        request,
        "grants/open_call.html",
        {
            "call": call,
            "programme": programme,
            "caps": programme.budget_caps.all(),
            "tranche_rules": programme.tranche_rules.all(),
            "attachments": [
                AttachmentKind(kind).label if kind in AttachmentKind.values else kind
                for kind in programme.required_attachments or []
            ],
            "requirements": eligibility.requirements(programme, year=call.year),
            "matching_example": percent_of(programme.max_grant, programme.matching_ratio),
            "guide_items": [
                (item, f"{start}?{urlencode({'call': call.pk, 'guide_item': item.pk})}")
                for item in guide_items
            ],
            "start_url": f"{start}?{urlencode({'call': call.pk})}",
            "bureau": settings.BUREAU_NAME,
            "contact": settings.BUREAU_CONTACT,
        },
    )
