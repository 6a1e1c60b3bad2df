"""The compliance page: both rules for every community the user follows, for a year."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from community import permissions
from community.filters import compliance_selection

COMMUNITIES_PER_PAGE = 100


@require_GET
def compliance(request: HttpRequest, year: int | None = None) -> HttpResponse:
    user = request.user
    if not permissions.follows_compliance(user):
        raise PermissionDenied
    year = year or timezone.localdate().year
    selection = compliance_selection(user, year, request.GET)
    # A page of communities at a time: a province has 20,000 of them.
    page = Paginator(selection.shown, COMMUNITIES_PER_PAGE).get_page(request.GET.get("page"))
    streets: dict[str, list] = {}
    for row in page.object_list:
        streets.setdefault(row.community.street.name, []).append(row)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    this_year = timezone.localdate().year
    return render(
        request,
        "community/compliance.html",
        {
            "year": year,
            "filter": selection.filter,
            "export_query": export_query.urlencode(),
            "page": page,
            "filtered": selection.filtered,
            "streets": streets,
            "problem": selection.problem,
            "failing": len(selection.failing),
            "total": len(selection.rows),
            "years": range(this_year + 1, this_year - 4, -1),
        },
    )
