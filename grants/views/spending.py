"""Spending pages: budget against spent with every payment, recording and correcting a
payment with its receipt, unlocking a locked one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grants import delivery_forms, permissions, progress, spending
from grants.models import Project, Spending
from grants.refusals import NotAvailable, ProjectChanged, Refused
from grants.views.delivery import (
    entry_or_404,
    project_or_404,
    refuse_unless_running,
    state_refused,
    unlock_page,
)

SPENDING_PER_PAGE = 50


@require_GET
def spending_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(request, pk)
    user = request.user
    entries = project.spendings.select_related("budget_line", "recorded_by")
    page = Paginator(entries, SPENDING_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/delivery/spending.html",
        {
            "project": project,
            "progress": progress.project_progress(project, today=timezone.localdate()),
            "page": page,
            "now": timezone.now(),
            "can_record": project.accepts_reports
            and permissions.may_record_delivery(project, user),
            "can_unlock": project.accepts_reports and permissions.may_unlock_entries(project, user),
            "sees_details": permissions.sees_delivery_details(project, user),
        },
    )


def _spending_page(
    request: HttpRequest,
    project: Project,
    form: delivery_forms.ExpenseForm,
    *,
    entry: Spending | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "grants/delivery/spending_form.html",
        {"project": project, "form": form, "entry": entry, "problems": problems or []},
        status=status,
    )


def _warn_if_over(request: HttpRequest, project: Project, line_id: int) -> None:
    """After a payment: say so if its line is now over the tolerance, or the project has
    spent more than it received."""
    figures = progress.project_progress(project, today=timezone.localdate())
    for line in figures.flagged_lines:
        if line.pk == line_id:
            messages.warning(
                request,
                _(
                    "%(line)s has now spent %(share)s%% of its budget, more than the "
                    "%(tolerance)s%% tolerated above it."
                )
                % {"line": line.label, "share": line.share, "tolerance": line.tolerance},
            )
    if figures.above_received:
        messages.warning(request, _("Spending is now above the amount received so far."))


@require_http_methods(["GET", "POST"])
def spending_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(request, pk)
    if not permissions.may_record_delivery(project, request.user):
        raise PermissionDenied
    try:
        refuse_unless_running(project)
    except NotAvailable as refused:
        return state_refused(request, project, refused)
    form = delivery_forms.ExpenseForm(
        request.POST or None,
        request.FILES or None,
        project=project,
        lines=list(project.budget_lines.all()),
    )
    if request.method != "POST":
        return _spending_page(request, project, form)
    if not form.is_valid():
        return _spending_page(request, project, form, status=400)
    try:
        entry = spending.record_spending(
            project=project,
            by=request.user,
            expense=form.expense(),
            receipt=form.cleaned_data["receipt"],
        )
    except (NotAvailable, ProjectChanged) as refused:
        return state_refused(request, project, refused)
    except Refused as refused:
        return _spending_page(request, project, form, problems=refused.problems, status=409)
    messages.success(request, _("Spending recorded. You can correct it for a week."))
    _warn_if_over(request, project, entry.budget_line_id)
    return redirect("grants:spending_list", pk=project.pk)


@require_http_methods(["GET", "POST"])
def spending_edit(request: HttpRequest, spending_id: int) -> HttpResponse:
    entry = entry_or_404(request, Spending, spending_id)
    project = entry.project
    if not permissions.may_record_delivery(project, request.user):
        raise PermissionDenied
    if not entry.is_editable():
        messages.error(
            request,
            _("This payment is locked; the programme officer can unlock it for a correction."),
        )
        return redirect("grants:spending_list", pk=project.pk)
    form = delivery_forms.ExpenseForm(
        request.POST or None,
        request.FILES or None,
        project=project,
        lines=list(project.budget_lines.all()),
        spending_entry=entry,
    )
    if request.method != "POST":
        return _spending_page(request, project, form, entry=entry)
    if not form.is_valid():
        return _spending_page(request, project, form, entry=entry, status=400)
    try:
        spending.update_spending(
            spending=entry,
            by=request.user,
            expense=form.expense(),
            receipt=form.cleaned_data["receipt"],
        )
    except (NotAvailable, ProjectChanged) as refused:
        return state_refused(request, project, refused)
    except Refused as refused:
        return _spending_page(
            request, project, form, entry=entry, problems=refused.problems, status=409
        )
    messages.success(request, _("Spending corrected."))
    return redirect("grants:spending_list", pk=project.pk)


@require_http_methods(["GET", "POST"])
def spending_unlock(request: HttpRequest, spending_id: int) -> HttpResponse:
    entry = entry_or_404(request, Spending, spending_id)
    return unlock_page(
        request,
        project=entry.project,
        entry=entry,
        unlock=lambda **kwargs: spending.unlock_spending(spending=entry, **kwargs),
        back="grants:spending_list",
    )


@require_GET
def spending_receipt(request: HttpRequest, spending_id: int) -> FileResponse:
    entry = entry_or_404(request, Spending, spending_id)
    if not permissions.sees_delivery_details(entry.project, request.user):
        raise PermissionDenied
    if not entry.receipt:
        raise Http404
    return FileResponse(entry.receipt.open("rb"), as_attachment=True, filename=entry.receipt_name)
