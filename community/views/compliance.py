"""The compliance page: both rules for every community the user follows, for a year."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import permissions as account_permissions
from community import permissions
from community.compliance import compliance_for
from community.filters import ComplianceFilter
from grants.refusals import Refused

COMMUNITIES_PER_PAGE = 100


@require_GET
def compliance(request: HttpRequest, year: int | None = None) -> HttpResponse:
    user = request.user
    if not permissions.follows_compliance(user):
        raise PermissionDenied
    year = year or timezone.localdate().year
    filterset = ComplianceFilter(
        request.GET, queryset=account_permissions.visible_communities(user), user=user
    )
    valid = filterset.is_valid()
    try:
        rows = compliance_for(filterset.qs, year) if valid else []
    except Refused as refused:
        rows, problem = [], refused.problems[0]
    else:
        problem = ""
    failing = [row for row in rows if not row.passes]
    shown = failing if valid and filterset.form.cleaned_data.get("breaking") else rows
    # A page of communities at a time: a province has 20,000 of them.
    page = Paginator(shown, COMMUNITIES_PER_PAGE).get_page(request.GET.get("page"))
    streets: dict[str, list] = {}
    for row in page.object_list:
        streets.setdefault(row.community.street.name, []).append(row)
    this_year = timezone.localdate().year
    return render(
        request,
        "community/compliance.html",
        {
            "year": year,
            "filter": filterset,
            "page": page,
            "filtered": not valid or any(filterset.form.cleaned_data.values()),
            "streets": streets,
            "problem": problem,
            "failing": len(failing),
            "total": len(rows),
            "years": range(this_year + 1, this_year - 4, -1),
        },
    )
