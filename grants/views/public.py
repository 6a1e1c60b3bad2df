"""The one public page: projects in their publicity period 公示, without personal data."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from grants.models import Project


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
