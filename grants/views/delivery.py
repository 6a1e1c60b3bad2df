"""Delivery pages: the project page's delivery section and the service records of a
running project (its timeline, recording and correcting an activity, photos and sign-in
sheets, unlocking). Spending, visits, the generated report and the overview have their own
modules beside this one and share its helpers.

Each view fetches through the user's scope (404), asks a predicate (403), binds its form
(whose ``clean`` asks the use case's rules, so every problem shows by its field), calls one
use case and redirects, or shows the problems beside what was typed (400/409).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from grants import (
    delivery_forms,
    delivery_reports,
    permissions,
    photos,
    progress,
    records,
)
from grants.models import (
    AttachmentKind,
    IndicatorProgress,
    Project,
    RecordPhoto,
    ServiceRecord,
    Spending,
    Unlock,
)
from grants.project_links import ProjectSection
from grants.project_parts import Rendered, kept_html
from grants.refusals import NotAvailable, ProjectChanged, Refused

RECORDS_PER_PAGE = 20
SECTION_TEMPLATE = "grants/delivery/section.html"


def visible_projects(request: HttpRequest) -> QuerySet[Project]:
    projects: QuerySet[Project] = Project.objects.visible_to(request.user)
    return projects


# What the delivery pages show of a project, read with it.
PROJECT_PARTS = ("organisation", "call__programme", "community__street")
Entry = TypeVar("Entry", ServiceRecord, Spending)


def project_or_404(request: HttpRequest, pk: int) -> Project:
    return get_object_or_404(visible_projects(request).select_related(*PROJECT_PARTS), pk=pk)


def entry_or_404(request: HttpRequest, model: type[Entry], pk: int) -> Entry:
    """A service record or payment of a project the user may see, with its project."""
    return get_object_or_404(
        model.objects.filter(project__in=visible_projects(request)).select_related(
            *(f"project__{part}" for part in PROJECT_PARTS)
        ),
        pk=pk,
    )


def timeline(project: Project) -> QuerySet[ServiceRecord]:
    """A project's service records with everything their timeline entry shows, in a fixed
    number of queries."""
    return project.service_records.select_related("community", "recorded_by").prefetch_related(
        Prefetch("progress", queryset=IndicatorProgress.objects.select_related("indicator")),
        "photos",
    )


def state_refused(request: HttpRequest, project: Project, refused: Refused) -> HttpResponse:
    """The project is not running (or changed): say why on its page."""
    messages.error(request, refused.problems[0])
    return redirect("grants:project_detail", pk=project.pk)


def refuse_unless_running(project: Project) -> None:
    if not project.accepts_reports:
        raise NotAvailable(project)


# --- the project page's section ---------------------------------------------------------------

SECTION_RECORDS = 5


def section_context(project: Project, user: User) -> dict[str, Any]:
    """What the project page shows of delivery: the application's indicators before the
    project runs; once it runs, what this user may do there (the rest is read by
    ``running_section``)."""
    if project.state not in progress.DELIVERY_STATES:
        return {"indicators": list(project.indicators.all())}
    running = project.accepts_reports
    may_record = running and permissions.may_record_delivery(project, user)
    report_kind = delivery_reports.report_due(project) if may_record else None
    return {
        "can_record": may_record,
        "can_answer": may_record,
        "can_unlock": running and permissions.may_unlock_entries(project, user),
        "can_visit": running and permissions.may_visit(project, user),
        "sees_details": permissions.sees_delivery_details(project, user),
        "report_kind": report_kind,
        "report_label": AttachmentKind(report_kind).label if report_kind else "",
    }


def running_section(project: Project, shown: dict[str, Any]) -> Rendered:
    """The section of a project that runs (or ran): progress at a glance, the latest
    records, the visits, with what the user may do there (``shown``); true until the
    first record shown as correctable locks."""
    today, now = timezone.localdate(), timezone.now()
    records = list(timeline(project)[:SECTION_RECORDS])
    visits = list(project.site_visits.all())
    data = {
        **shown,
        "progress": progress.project_progress(project, today=today),
        "records": records,
        "visits": visits,
        "overdue": [visit for visit in visits if visit.is_overdue(today)],
        "now": now,
    }
    html = render_to_string("grants/delivery/running.html", {"project": project, "data": data})
    locks = [record.editable_until for record in records if record.editable_until > now]
    return html, min(locks, default=None)


def delivery_section(project: Project, user: User) -> ProjectSection | None:
    """The project page's delivery section (registered in ``GrantsConfig.ready``), kept
    for the day and for what the user may do in it (``grants.project_parts``)."""
    context = section_context(project, user)
    if "indicators" in context:
        return ProjectSection(SECTION_TEMPLATE, context) if context["indicators"] else None
    html = kept_html(
        project,
        "delivery",
        timezone.localdate().isoformat(),
        *(context[flag] for flag in ("can_record", "can_unlock", "can_visit", "sees_details")),
        context["report_kind"],
        render=lambda: running_section(project, context),
    )
    return ProjectSection(SECTION_TEMPLATE, {"html": html})


# --- service records ------------------------------------------------------------------------


@require_GET
def service_records(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(request, pk)
    page = Paginator(timeline(project), RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    user = request.user
    return render(
        request,
        "grants/delivery/records.html",
        {
            "project": project,
            "page": page,
            "now": timezone.now(),
            "can_record": project.accepts_reports
            and permissions.may_record_delivery(project, user),
            "can_unlock": project.accepts_reports and permissions.may_unlock_entries(project, user),
            "sees_details": permissions.sees_delivery_details(project, user),
        },
    )


def _record_page(
    request: HttpRequest,
    project: Project,
    form: delivery_forms.ActivityForm,
    *,
    record: ServiceRecord | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "grants/delivery/record_form.html",
        {
            "project": project,
            "form": form,
            "record": record,
            "problems": problems or [],
            "max_photos": photos.max_photos(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(request, pk)
    if not permissions.may_record_delivery(project, request.user):
        raise PermissionDenied
    try:
        refuse_unless_running(project)
    except NotAvailable as refused:
        return state_refused(request, project, refused)
    form = delivery_forms.ActivityForm(
        request.POST or None,
        request.FILES or None,
        project=project,
        indicators=list(project.indicators.all()),
    )
    if request.method != "POST":
        return _record_page(request, project, form)
    if not form.is_valid():
        return _record_page(request, project, form, status=400)
    try:
        records.record_activity(
            project=project,
            by=request.user,
            activity=form.activity(),
            photo_uploads=form.cleaned_data["photos"],
            sign_in_sheet=form.cleaned_data["sign_in_sheet"],
        )
    except (NotAvailable, ProjectChanged) as refused:
        return state_refused(request, project, refused)
    except Refused as refused:
        return _record_page(request, project, form, problems=refused.problems, status=409)
    messages.success(request, _("Activity recorded. You can correct it for a week."))
    return redirect("grants:service_records", pk=project.pk)


@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, record_id: int) -> HttpResponse:
    record = entry_or_404(request, ServiceRecord, record_id)
    project = record.project
    if not permissions.may_record_delivery(project, request.user):
        raise PermissionDenied
    if not record.is_editable():
        messages.error(
            request,
            _("This record is locked; the programme officer can unlock it for a correction."),
        )
        return redirect("grants:service_records", pk=project.pk)
    form = delivery_forms.ActivityForm(
        request.POST or None,
        request.FILES or None,
        project=project,
        indicators=list(project.indicators.all()),
        record=record,
    )
    if request.method != "POST":
        return _record_page(request, project, form, record=record)
    if not form.is_valid():
        return _record_page(request, project, form, record=record, status=400)
    try:
        records.update_activity(
            record=record,
            by=request.user,
            activity=form.activity(),
            photo_uploads=form.cleaned_data["photos"],
            remove_photos=form.cleaned_data.get("remove_photos") or [],
            sign_in_sheet=form.cleaned_data["sign_in_sheet"],
        )
    except (NotAvailable, ProjectChanged) as refused:
        return state_refused(request, project, refused)
    except Refused as refused:
        return _record_page(
            request, project, form, record=record, problems=refused.problems, status=409
        )
    messages.success(request, _("Record corrected."))
    return redirect("grants:service_records", pk=project.pk)


def unlock_page(
    request: HttpRequest,
    *,
    project: Project,
    entry: ServiceRecord | Spending,
    unlock: Callable[..., Unlock],
    back: str,
) -> HttpResponse:
    if not permissions.may_unlock_entries(project, request.user):
        raise PermissionDenied
    form = delivery_forms.UnlockForm(request.POST or None)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                unlock(by=request.user, reason=form.cleaned_data["reason"])
            except (NotAvailable, ProjectChanged) as refused:
                return state_refused(request, project, refused)
            except Refused as refused:
                problems, status = refused.problems, 409
            else:
                messages.success(request, _("Unlocked: the organisation can correct it again."))
                return redirect(back, pk=project.pk)
        else:
            status = 400
    return render(
        request,
        "grants/delivery/unlock.html",
        {"project": project, "entry": entry, "form": form, "problems": problems, "back": back},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def record_unlock(request: HttpRequest, record_id: int) -> HttpResponse:
    record = entry_or_404(request, ServiceRecord, record_id)
    return unlock_page(
        request,
        project=record.project,
        entry=record,
        unlock=lambda **kwargs: records.unlock_record(record=record, **kwargs),
        back="grants:service_records",
    )


@require_GET
def record_photo(request: HttpRequest, photo_id: int, size: str = "full") -> FileResponse:
    photo = get_object_or_404(
        RecordPhoto.objects.filter(project__in=visible_projects(request)), pk=photo_id
    )
    file = photo.thumbnail if size == "thumbnail" else photo.image
    response = FileResponse(file.open("rb"))
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_GET
def sign_in_sheet(request: HttpRequest, record_id: int) -> FileResponse:
    record = entry_or_404(request, ServiceRecord, record_id)
    if not permissions.sees_delivery_details(record.project, request.user):
        raise PermissionDenied
    if not record.sign_in_sheet:
        raise Http404
    return FileResponse(
        record.sign_in_sheet.open("rb"), as_attachment=True, filename=record.sign_in_sheet_name
    )
