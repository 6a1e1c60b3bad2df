"""The compliance page: both rules for every community the user follows, for a year."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import permissions as account_permissions
from community import permissions
from community.compliance import compliance_for
from grants.refusals import Refused


@require_GET
def compliance(request: HttpRequest, year: int | None = None) -> HttpResponse:
    user = request.user
    if not permissions.follows_compliance(user):
        raise PermissionDenied
    year = year or timezone.localdate().year
    try:
        rows = compliance_for(account_permissions.visible_communities(user), year)
    except Refused as refused:
        rows, problem = [], refused.problems[0]
    else:
        problem = ""
    streets: dict[str, list] = {}
    for row in rows:
        streets.setdefault(row.community.street.name, []).append(row)
    this_year = timezone.localdate().year
    return render(
        request,
        "community/compliance.html",
        {
            "year": year,
            "streets": streets,
            "problem": problem,
            "failing": sum(1 for row in rows if not row.passes),
            "total": len(rows),
            "years": range(this_year + 1, this_year - 4, -1),
        },
    )
