"""The generated mid-term or final report: the organisation reviews the figures its records
give, writes its narrative, saves it or submits the report; and the officers' overview of
running projects."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grants import delivery_forms, delivery_reports, oversight, permissions, progress
from grants.filters import DeliveryFilter
from grants.models import AttachmentKind, DeliveryReport
from grants.refusals import NotAvailable, ProjectChanged, Refused
from grants.views.delivery import project_or_404, state_refused

OVERVIEW_PER_PAGE = 25


@require_http_methods(["GET", "POST"])
def delivery_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation reviews the figures its records give, writes its narrative, saves
    it as a draft or submits the report (the PDF is filed as the stage's report)."""
    project = project_or_404(request, pk)
    if not permissions.may_record_delivery(project, request.user):
        raise PermissionDenied
    kind = delivery_reports.report_due(project)
    report = DeliveryReport.objects.filter(project=project, kind=kind).first() if kind else None
    initial = (
        {
            "progress_summary": report.progress_summary,
            "problems": report.problems,
            "next_steps": report.next_steps,
        }
        if report
        else {}
    )
    form = delivery_forms.NarrativeForm(request.POST or None, initial=initial)
    problems: list[str] = []
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    if request.method == "POST" and kind and form.is_valid():
        narrative = delivery_reports.Narrative(**form.cleaned_data)
        submit = "submit" in request.POST
        use_case = delivery_reports.submit_report if submit else delivery_reports.save_report
        try:
            use_case(project=project, kind=kind, by=request.user, narrative=narrative)
        except (NotAvailable, ProjectChanged) as refused:
            return state_refused(request, project, refused)
        except Refused as refused:
            problems, status = refused.problems, 409
        else:
            if submit:
                messages.success(
                    request,
                    _("Report submitted: the PDF is filed as the project's %(report)s.")
                    % {"report": AttachmentKind(kind).label},
                )
                return redirect("grants:project_detail", pk=project.pk)
            messages.success(request, _("Draft saved."))
            return redirect("grants:delivery_report", pk=project.pk)
    return render(
        request,
        "grants/delivery/report.html",
        {
            "project": project,
            "kind": kind,
            "kind_label": AttachmentKind(kind).label if kind else "",
            "report": report,
            "form": form,
            "problems": problems,
            "progress": progress.project_progress(project, today=timezone.localdate()),
        },
        status=status,
    )


# --- the officers' overview -----------------------------------------------------------------------


@require_GET
def delivery_overview(request: HttpRequest) -> HttpResponse:
    if not permissions.may_follow_delivery(request.user):
        raise PermissionDenied
    filterset = DeliveryFilter(
        request.GET, queryset=oversight.running_projects(request.user), user=request.user
    )
    problem = filterset.form.cleaned_data.get("problem", "") if filterset.is_valid() else ""
    projects = filterset.qs
    rows = oversight.judged_overview(projects, problem=problem, today=timezone.localdate())
    page = Paginator(rows, OVERVIEW_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = oversight.named(page.object_list, projects)
    return render(request, "grants/delivery/overview.html", {"filter": filterset, "page": page})
