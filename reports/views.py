"""Excel downloads, each behind the permissions and scoping of the page it comes from."""

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import permissions as account_permissions
from experts.models import Stage
from grants import permissions as grant_permissions
from grants.compliance import compliance_for
from grants.filters import ProjectFilter
from grants.models import Call, Project, Tranche
from grants.transitions import TransitionRefused
from reports import ledgers
from reports.excel import write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(sheets, *, title: str, filename: str, user) -> FileResponse:
    output = write_workbook(sheets, title=title, author=user.display_name)
    response = FileResponse(output, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@require_GET
def projects_xlsx(request: HttpRequest) -> FileResponse:
    """项目台账: exactly the rows of the project list with its filters, all pages."""
    filterset = ProjectFilter(
        request.GET, queryset=Project.objects.visible_to(request.user).for_list(), user=request.user
    )
    title = _("Project ledger")
    return _download(
        ledgers.project_ledger(filterset.qs),
        title=title,
        filename=f"{title}-{timezone.localdate():%Y%m%d}.xlsx",
        user=request.user,
    )


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


@require_GET
def disbursements_xlsx(request: HttpRequest) -> FileResponse:
    """资金拨付台账: the tranche schedule against payments, per project, with totals."""
    if not grant_permissions.sees_money(request.user):
        raise PermissionDenied
    tranches = Tranche.objects.filter(project__in=Project.objects.visible_to(request.user))
    year = _year(request)
    if year:
        tranches = tranches.filter(project__call__year=year)
    title = _("Disbursement ledger")
    return _download(
        ledgers.disbursement_ledger(tranches),
        title=title,
        filename=f"{title}-{year or _('all years')}.xlsx",
        user=request.user,
    )


@require_GET
def review_summary_xlsx(request: HttpRequest, call_id: int) -> FileResponse:
    """评审汇总: every sheet's points and each project's panel score, rank and flags."""
    if not account_permissions.is_officer(request.user):
        raise PermissionDenied
    call = get_object_or_404(Call, pk=call_id)
    stage = request.GET.get("stage", Stage.INITIAL)
    if stage not in Stage.values:
        raise Http404
    title = _("Review summary")
    return _download(
        ledgers.review_summary(call, stage),
        title=f"{title} · {call.title} · {Stage(stage).label}",
        filename=f"{title}-{call.year}-{stage}.xlsx",
        user=request.user,
    )


@require_GET
def compliance_xlsx(request: HttpRequest, year: int) -> FileResponse:
    """社区合规: both rules per community with their figures, scoped like the page."""
    user = request.user
    if not (
        account_permissions.is_district_wide(user)
        or account_permissions.is_street_staff(user)
        or account_permissions.is_community_staff(user)
    ):
        raise PermissionDenied
    try:
        rows = compliance_for(account_permissions.visible_communities(user), year)
    except TransitionRefused as refused:
        raise Http404(refused.problems[0]) from refused
    title = _("Community compliance")
    return _download(
        ledgers.compliance_sheets(rows),
        title=f"{title} {year}",
        filename=f"{title}-{year}.xlsx",
        user=user,
    )
