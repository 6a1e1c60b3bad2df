"""Report downloads (Excel, PDF) and background report jobs, each behind the permissions
and scoping of the page it comes from."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_GET

from community.filters import compliance_selection
from grants import delivery_reports, oversight
from grants.filters import DeliveryFilter
from grants.lifecycle import TRANSITION_LABELS
from grants.models import Call, DeliveryReport, Project
from grants.privacy import contact_view
from grants.refusals import Refused
from grants.stages import ASSESSED_STAGES, STAGES, Stage
from reports import builders, delivery, documents, ledgers, permissions
from reports.downloads import disposition, file_response, pdf_response
from reports.excel import write_workbook
from reports.jobs import start_job
from reports.models import JobKind, JobStatus, ReportJob
from reviews.results import panel_result, ranking

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(sheets, *, title: str, filename: str, user) -> FileResponse:
    return _file(write_workbook(sheets, title=title, author=user.display_name), filename)


def _file(output, filename: str, content_type: str = XLSX) -> FileResponse:
    response = FileResponse(output, content_type=content_type)
    response["Content-Disposition"] = disposition(filename)
    return response


def _in_background(request: HttpRequest, kind: str, params: dict) -> HttpResponse:
    job = start_job(kind=kind, params=params, by=request.user)
    return redirect("reports:job", pk=job.pk)


@require_GET
def projects_xlsx(request: HttpRequest) -> HttpResponse:
    """项目台账: exactly the rows of the project list with its filters, all pages."""
    query = request.GET.copy()
    query.pop("page", None)
    if builders.filtered_projects(request.user, query).count() > settings.REPORTS_BACKGROUND_ROWS:
        return _in_background(request, JobKind.PROJECT_LEDGER, {"query": query.urlencode()})
    return _file(*builders.project_ledger_file(request.user, query))


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


@require_GET
def disbursements_xlsx(request: HttpRequest) -> HttpResponse:
    """资金拨付台账: the tranche schedule against payments, per project, with totals."""
    if not permissions.may_export_disbursements(request.user):
        raise PermissionDenied
    year = _year(request)
    if builders.money_tranches(request.user, year).count() > settings.REPORTS_BACKGROUND_ROWS:
        return _in_background(request, JobKind.DISBURSEMENTS, {"year": year})
    return _file(*builders.disbursements_file(request.user, year))


@require_GET
def review_summary_xlsx(request: HttpRequest, call_id: int) -> FileResponse:
    """评审汇总: every sheet's points and each project's panel score, rank and flags."""
    if not permissions.may_export_review_summary(request.user):
        raise PermissionDenied
    call = get_object_or_404(Call, pk=call_id)
    stage = request.GET.get("stage", Stage.INITIAL)
    if stage not in Stage.values:
        raise Http404
    title = _("Review summary")
    with override(settings.LANGUAGE_CODE):
        name = documents.review_summary_filename(call, stage, "xlsx")
    return _download(
        ledgers.review_summary(call, stage),
        title=f"{title} · {call.title} · {Stage(stage).label}",
        filename=name,
        user=request.user,
    )


def _compliance_query(request: HttpRequest) -> QueryDict:
    """The compliance page's filters, all pages."""
    if not permissions.may_export_compliance(request.user):
        raise PermissionDenied
    query = request.GET.copy()
    query.pop("page", None)
    return query


def _compliance_rows(request: HttpRequest, year: int, query: QueryDict) -> list:
    """The compliance figures the page shows for these filters, all pages."""
    selection = compliance_selection(request.user, year, query)
    if selection.problem:
        raise Http404(selection.problem)
    return selection.shown


@require_GET
def compliance_xlsx(request: HttpRequest, year: int) -> FileResponse:
    """社区合规: both rules per community with their figures, as the page shows them."""
    rows = _compliance_rows(request, year, _compliance_query(request))
    title = _("Community compliance")
    return _download(
        ledgers.compliance_sheets(rows),
        title=f"{title} {year}",
        filename=documents.filename("社区合规", year, extension="xlsx"),
        user=request.user,
    )


# --- PDF documents --------------------------------------------------------------------------


@require_GET
def approval_notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """立项通知书 of one project: for its organisation and district-wide roles."""
    project = get_object_or_404(builders.notice_projects(request.user), pk=pk)
    if not permissions.may_read_approval_notice(request.user, project):
        raise PermissionDenied
    with override(settings.LANGUAGE_CODE):
        context = {"notice": documents.notice(project)}
        name = documents.notice_filename(project)
    return pdf_response(request, "reports/pdf/approval_notice.html", context, name)


@require_GET
def call_approval_notices_pdf(request: HttpRequest, call_id: int) -> HttpResponse:
    """Every approval notice of a call in one PDF, made in the background."""
    if not permissions.may_export_call_notices(request.user):
        raise PermissionDenied
    call = get_object_or_404(Call, pk=call_id)
    if not builders.notice_projects(request.user).filter(call=call).exists():
        raise Http404
    return _in_background(request, JobKind.CALL_NOTICES, {"call_id": call.pk})


@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's progress until the file is ready: the page, or for htmx's polling only the
    progress fragment (without JavaScript the page refreshes itself)."""
    job = get_object_or_404(ReportJob.objects.filter(requested_by=request.user), pk=pk)
    template = "reports/partials/job_progress.html" if request.htmx else "reports/job.html"
    response = render(request, template, {"job": job})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_object_or_404(
        ReportJob.objects.filter(requested_by=request.user, status=JobStatus.DONE), pk=pk
    )
    content_type = "application/pdf" if job.filename.endswith(".pdf") else XLSX
    return _file(job.file.open("rb"), job.filename, content_type)


@require_GET
def application_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """申报书: the latest submitted version, as it was submitted, laid out as the form."""
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related(
            "organisation", "call", "community__street"
        ),
        pk=pk,
    )
    version = project.versions.order_by("-number").first()
    if version is None:
        raise Http404
    version.project = project
    with override(settings.LANGUAGE_CODE):
        context = documents.application(version, contact_view(request.user, project))
        name = documents.application_filename(version)
    return pdf_response(request, "reports/pdf/application.html", context, name)


@require_GET
def assessment_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """中期/结项评估报告: scores, grade and the officer's findings; never who scored what."""
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related(
            "organisation", "community__street"
        ),
        pk=pk,
    )
    stage = request.GET.get("stage", Stage.MIDTERM)
    if stage not in {rules.stage for rules in ASSESSED_STAGES}:
        raise Http404
    result = panel_result(project, stage)
    names = STAGES[stage].transitions
    remarks = [
        {"at": entry.at, "label": TRANSITION_LABELS[entry.transition], "comment": entry.comment}
        for entry in project.transition_logs.filter(transition__in=names).exclude(comment="")
    ]
    return pdf_response(
        request,
        "reports/pdf/assessment.html",
        {
            "project": project,
            "stage": stage,
            "stage_label": Stage(stage).label,
            "is_final": stage == Stage.FINAL,
            "outcome": result.outcome if result else None,
            "remarks": remarks,
        },
        documents.filename(
            f"{documents.STAGE_NAMES[stage]}报告", project.pk, project.title, extension="pdf"
        ),
    )


@require_GET
def compliance_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """社区合规报告 of the communities the page shows; past a few hundred (WeasyPrint lays
    out some eighty a second) it is made in the background."""
    query = _compliance_query(request)
    rows = _compliance_rows(request, year, query)
    if len(rows) > settings.REPORTS_BACKGROUND_COMMUNITIES:
        params = {"year": year, "query": query.urlencode()}
        return _in_background(request, JobKind.COMPLIANCE_REPORT, params)
    return pdf_response(
        request,
        "reports/pdf/compliance.html",
        {"year": year, "rows": rows},
        documents.filename("社区合规报告", year, extension="pdf"),
    )


@require_GET
def review_summary_pdf(request: HttpRequest, call_id: int) -> HttpResponse:
    if not permissions.may_export_review_summary(request.user):
        raise PermissionDenied
    call = get_object_or_404(Call, pk=call_id)
    stage = request.GET.get("stage", Stage.INITIAL)
    if stage not in Stage.values:
        raise Http404
    ranked, available = ranking(call, stage)
    members = sorted(
        {member.expert.name for row in ranked for member in row.result.members},
    )
    with override(settings.LANGUAGE_CODE):
        name = documents.review_summary_filename(call, stage, "pdf")
        label = documents.STAGE_NAMES[stage]
    return pdf_response(
        request,
        "reports/pdf/review_summary.html",
        {
            "call": call,
            "ranked": ranked,
            "available": available,
            "stage_label": label,
            "is_initial": stage == Stage.INITIAL,
            "members": members,
        },
        name,
    )


# --- delivery (issue 15): the generated report's preview and the overview workbook -------


@require_GET
def delivery_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The report due now as it would be generated from the records and the narrative
    saved so far: for the organisation to review before it submits. (Submitted reports
    are the project's attachments.)"""
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related(
            "organisation", "call__programme", "community__street"
        ),
        pk=pk,
    )
    if not permissions.may_preview_delivery_report(request.user, project):
        raise PermissionDenied
    kind = delivery_reports.report_due(project)
    if kind is None:
        raise Http404
    report = DeliveryReport.objects.filter(project=project, kind=kind).first() or DeliveryReport(
        project=project, kind=kind
    )
    content = delivery_reports.content_for(report, today=timezone.localdate())
    try:
        document = delivery.render_delivery_report(content)
    except Refused:
        return render(request, "reports/render_failed.html", status=500)
    filename = documents.filename(f"{content.title}（预览）", project.title, extension="pdf")
    return file_response(document, filename, "application/pdf", inline=True)


@require_GET
def delivery_overview_xlsx(request: HttpRequest) -> FileResponse:
    """The officers' overview with its filters, as on the page (all pages)."""
    if not permissions.may_export_delivery_overview(request.user):
        raise PermissionDenied
    filterset = DeliveryFilter(
        request.GET, queryset=oversight.running_projects(request.user), user=request.user
    )
    problem = filterset.form.cleaned_data.get("problem", "") if filterset.is_valid() else ""
    rows = oversight.overview(filterset.qs, problem=problem, today=timezone.localdate())
    title = _("Delivery overview")
    return _download(
        delivery.overview_sheets(rows),
        title=title,
        filename=documents.filename(
            "项目执行总览", f"{timezone.localdate():%Y%m%d}", extension="xlsx"
        ),
        user=request.user,
    )


# --- end of delivery ---
