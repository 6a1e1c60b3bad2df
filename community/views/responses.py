"""The 需求响应 page: a year's needs by channel, category and street, and how they were
answered, with a chart (Apache ECharts, vendored in our static files) and the exports."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community import permissions
from community.models import Department, Need
from community.responses import need_response


@require_GET
def need_responses(request: HttpRequest, year: int | None = None) -> HttpResponse:
    user = request.user
    if not permissions.follows_need_responses(user):
        raise PermissionDenied
    this_year = timezone.localdate().year
    year = year or this_year
    response = need_response(Need.objects.visible_to(user), year)
    sends = permissions.sends_department_feedback(user)
    return render(
        request,
        "community/needs/responses.html",
        {
            "year": year,
            "response": response,
            "chart_data": response.chart_data(),
            "series": {
                "total": _("Reported"),
                "screened": _("Screened into a guide item"),
                "funded": _("Answered by a funded project"),
                "passed": _("Closed with 合格 or better"),
            },
            "years": range(this_year, this_year - 5, -1),
            "departments": list(Department.objects.filter(is_active=True)) if sends else [],
            "sends_feedback": sends,
        },
    )
