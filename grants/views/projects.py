"""Project pages: the list, the application form, the project page and its actions."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from grants import (
    delivery_reports,
    eligibility,
    forms,
    guards,
    keyset,
    lifecycle,
    permissions,
    proposals,
    versions,
)
from grants.counting import Tally
from grants.delivery_forms import IndicatorFormSet
from grants.filters import ProjectFilter, project_sort
from grants.models import (
    PROPOSAL_ATTACHMENTS,
    Attachment,
    Call,
    Payment,
    Project,
    ProjectVersion,
)
from grants.models.projects import ProjectQuerySet
from grants.privacy import contact_for, contact_view
from grants.project_links import links_for, sections_for
from grants.refusals import NotAvailable, ProjectChanged, Refused
from grants.stages import SCORE_HIDDEN_STATES
from grants.views.budget import budget_total

PROJECTS_PER_PAGE = 25

# The actions offered on the project page, with the form each needs (None: a button).
# approve, pass_midterm, require_rectification and close come with the panel pages;
# start happens when finance records the first payment.
ACTION_FORMS = {
    "submit": None,
    "withdraw": None,
    "return_for_revision": forms.ReturnForm,
    "mark_ineligible": forms.ReasonForm,
    "accept_for_review": forms.ScreeningForm,
    "reject": forms.ReasonForm,
    "sign_agreement": forms.AgreementForm,
    "open_midterm": forms.CommentForm,
    "resubmit_rectification": forms.CommentForm,
    "open_final": forms.CommentForm,
    "terminate": forms.ReasonForm,
}


def _visible(request: HttpRequest):
    return Project.objects.visible_to(request.user)


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    filterset = ProjectFilter(request.GET, queryset=_visible(request).for_list(), user=request.user)
    valid = filterset.is_valid()
    sort = project_sort(filterset.form.cleaned_data.get("sort") if valid else None)
    page = keyset.paginate(
        filterset.qs,
        sort,
        request.GET,
        per_page=PROJECTS_PER_PAGE,
        rows_of=ProjectQuerySet.rows,
    )
    return render(
        request,
        "grants/project_list.html",
        {
            "filter": filterset,
            "page": page,
            "count_text": count_text(page.count),
            "can_create": permissions.may_create_proposal(request.user),
            "sees_money": permissions.sees_money(request.user),
            "selected_call": filterset.form.cleaned_data.get("call") if valid else None,
        },
    )


def count_text(count: Tally) -> str:
    """ "12 projects", or "about 80,000 projects" past what is counted exactly."""
    if count.estimated:
        return _("%(counter)s projects") % {"counter": count}
    return ngettext("%(counter)s project", "%(counter)s projects", count) % {"counter": count}


@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    if not permissions.may_create_proposal(request.user):
        raise PermissionDenied
    open_calls = Call.objects.open_at(timezone.now()).select_related("programme")
    # From an open call's guide: ?call=…&guide_item=… choose them already.
    initial = {
        name: number
        for name in ("call", "guide_item")
        if (number := _int(request.GET.get(name))) is not None
    }
    form = forms.NewProjectForm(
        request.POST or None, user=request.user, open_calls=open_calls, initial=initial
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            project = proposals.start_proposal(by=request.user, **form.cleaned_data)
        except Refused as refused:
            problems = refused.problems
        else:
            messages.success(request, _("Draft created. Fill it in and save at any time."))
            return redirect("grants:project_edit", pk=project.pk)
    chosen = form["guide_item"].value() if form.is_bound else form.initial.get("guide_item")
    status = 409 if problems else 400 if form.is_bound else 200
    return render(
        request,
        "grants/project_create.html",
        {
            "form": form,
            "open_calls": open_calls,
            "problems": problems,
            "guide_items": form.fields["guide_item"].queryset,
            "chosen_item": str(chosen or ""),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        _visible(request).select_related(
            "call__programme", "guide_item__community", "guide_item__street", "community"
        ),
        pk=pk,
    )
    if not permissions.may_edit_proposal(project, request.user):
        raise PermissionDenied
    form = forms.ProjectForm(request.POST or None, instance=project)
    budget = forms.BudgetLineFormSet(request.POST or None, instance=project, prefix="budget")
    indicators = IndicatorFormSet(request.POST or None, instance=project, prefix="indicators")
    # Every part is checked (no short cut), so that all problems show at once.
    valid = all([form.is_valid(), budget.is_valid(), indicators.is_valid()])
    if request.method == "POST" and valid:
        try:
            proposals.save_draft(
                form=form, budget_formset=budget, indicator_formset=indicators, by=request.user
            )
        except (ProjectChanged, NotAvailable) as refused:
            messages.error(request, refused.problems[0])
            return redirect("grants:project_detail", pk=pk)
        messages.success(request, _("Saved. Submit when the application is complete."))
        return redirect("grants:project_edit", pk=pk)
    return render(
        request,
        "grants/project_edit.html",
        {
            "project": project,
            "form": form,
            "budget": budget,
            "indicators": indicators,
            "budget_total": budget_total(budget),
            # As saved: a guide item whose area does not hold the project's community.
            "guide_item_problems": guards.guide_item_problems(project),
            "call_is_open": project.call.is_open(),
            "attachment_form": forms.AttachmentForm(kinds=PROPOSAL_ATTACHMENTS),
            "attachments": project.attachments.all(),
        },
    )


@require_POST
def project_attach(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(_visible(request), pk=pk)
    if permissions.may_edit_proposal(project, request.user):
        kinds, back = PROPOSAL_ATTACHMENTS, "grants:project_edit"
    elif permissions.may_upload_report(project, request.user):
        kinds, back = delivery_reports.expected_reports(project), "grants:project_detail"
    else:
        raise PermissionDenied
    form = forms.AttachmentForm(request.POST, request.FILES, kinds=kinds)
    if form.is_valid():
        proposals.attach(
            project=project,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            by=request.user,
        )
        messages.success(request, _("File attached."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(back, pk=pk)


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(_detail_queryset(request), pk=pk)
    return render(request, "grants/project_detail.html", _detail_context(request, project))


def _detail_queryset(request: HttpRequest):
    return _visible(request).select_related(
        "organisation", "call__programme", "community__street", "guide_item"
    )


def _detail_context(request: HttpRequest, project: Project, bound=None) -> dict:
    user = request.user
    offered = [
        transition.name
        for transition in project.get_available_user_state_transitions(user)
        if transition.name in ACTION_FORMS
    ]
    actions = []
    for name in offered:
        if bound and bound[0] == name:
            _, form, problems = bound
            actions.append({"name": name, "form": form, "open": True, "problems": problems})
        else:
            form = _action_form(name, project)
            actions.append({"name": name, "form": form, "open": False, "problems": []})
    is_member = permissions.is_member(project, user)
    shows_money = permissions.sees_money(user) or is_member
    return {
        "project": project,
        "actions": actions,
        # Read (and built) only when the part of the page showing them is not kept
        # (grants.project_parts).
        "budget_lines": SimpleLazyObject(lambda: list(project.budget_lines.all())),
        "attachments": SimpleLazyObject(
            lambda: list(project.attachments.select_related("uploaded_by"))
        ),
        "timeline": SimpleLazyObject(lambda: list(project.transition_logs.select_related("actor"))),
        "versions": SimpleLazyObject(lambda: list(project.versions.select_related("submitted_by"))),
        "edits": SimpleLazyObject(lambda: versions.edits_of(project)),
        "tranches": SimpleLazyObject(lambda: _tranches_with_payments(project))
        if shows_money
        else None,
        "can_edit": permissions.may_edit_proposal(project, user),
        "report_form": _report_form(project, user),
        "shows_scores": project.state not in SCORE_HIDDEN_STATES,
        "contact": contact_for(user, project),
        "links": links_for(project, user),
        "sections": sections_for(project, user),
    }


def _tranches_with_payments(project: Project) -> list:
    payments = Prefetch("payments", queryset=Payment.objects.order_by("paid_on"))
    return list(project.tranches.prefetch_related(payments))


def _report_form(project: Project, user: User) -> forms.AttachmentForm | None:
    """The upload of the report expected now (none when none is)."""
    kinds = delivery_reports.expected_reports(project)
    if not kinds or not permissions.may_upload_report(project, user):
        return None
    return forms.AttachmentForm(kinds=kinds)


@require_POST
def project_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    project = get_object_or_404(_detail_queryset(request), pk=pk)
    if name not in ACTION_FORMS:
        raise PermissionDenied
    form = _action_form(name, project, request.POST)
    if form is not None and not form.is_valid():
        return _render_refusal(request, project, name, form, [], status=400)
    try:
        _take_action(
            name,
            project=project,
            by=request.user,
            seen_state=request.POST.get("seen_state") or None,
            data=form.cleaned_data if form else {},
        )
    except (ProjectChanged, NotAvailable) as refused:
        # The action is no longer on the page: say why above the project as it now is.
        messages.error(request, refused.problems[0])
        return redirect("grants:project_detail", pk=pk)
    except Refused as refused:
        return _render_refusal(request, project, name, form, refused.problems, status=409)
    messages.success(
        request,
        _("Done: the project is now “%(state)s”.")
        % {"state": Project.objects.get(pk=pk).get_state_display()},
    )
    return redirect("grants:project_detail", pk=pk)


def _action_form(name: str, project: Project, data=None) -> Any:
    """The form of action ``name`` (None: a button), with its own prefix (several share
    field names on one page); screening's shows the project's eligibility checklist."""
    form_class = ACTION_FORMS[name]
    if form_class is None:
        return None
    if form_class is forms.ScreeningForm:
        return form_class(data, prefix=name, checks=eligibility.checklist_of(project))
    return form_class(data, prefix=name)


def _take_action(
    name: str, *, project: Project, by: User, seen_state: str | None, data: dict[str, Any]
) -> Project:
    """Call the use case of the page action ``name`` with what its form collected."""
    match name:
        case "submit":
            return lifecycle.submit_project(project=project, by=by, seen_state=seen_state)
        case "withdraw":
            return lifecycle.withdraw_project(project=project, by=by, seen_state=seen_state)
        case "return_for_revision":
            return lifecycle.return_for_revision(
                project=project,
                by=by,
                reason=data["reason"],
                deadline=data["deadline"],
                seen_state=seen_state,
            )
        case "mark_ineligible":
            return lifecycle.mark_ineligible(
                project=project, by=by, reason=data["reason"], seen_state=seen_state
            )
        case "accept_for_review":
            return lifecycle.accept_for_review(
                project=project,
                by=by,
                confirmed=data["confirmed"],
                comment=data["comment"],
                seen_state=seen_state,
            )
        case "reject":
            return lifecycle.reject_project(
                project=project, by=by, reason=data["reason"], seen_state=seen_state
            )
        case "sign_agreement":
            return lifecycle.sign_agreement(
                project=project,
                by=by,
                number=data["number"],
                signed_on=data["signed_on"],
                seen_state=seen_state,
            )
        case "open_midterm":
            return lifecycle.open_midterm(
                project=project, by=by, comment=data["comment"], seen_state=seen_state
            )
        case "resubmit_rectification":
            return lifecycle.resubmit_rectification(
                project=project, by=by, comment=data["comment"], seen_state=seen_state
            )
        case "open_final":
            return lifecycle.open_final(
                project=project, by=by, comment=data["comment"], seen_state=seen_state
            )
        case "terminate":
            return lifecycle.terminate_project(
                project=project, by=by, reason=data["reason"], seen_state=seen_state
            )
    raise PermissionDenied


def _render_refusal(request, project, name, form, problems, *, status: int) -> HttpResponse:
    """The project page again, with the action open, what was typed kept, and every
    problem listed."""
    context = _detail_context(request, project, bound=(name, form, problems))
    return render(request, "grants/project_detail.html", context, status=status)


@require_GET
def project_versions(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(_visible(request), pk=pk)
    all_versions = list(project.versions.select_related("submitted_by"))
    older = newer = None
    differences = []
    if len(all_versions) >= 2:
        by_number = {version.number: version for version in all_versions}
        older = by_number.get(_int(request.GET.get("a")), all_versions[-2])
        newer = by_number.get(_int(request.GET.get("b")), all_versions[-1])
        differences = versions.compare(older, newer, contact=contact_view(request.user, project))
    return render(
        request,
        "grants/project_versions.html",
        {
            "project": project,
            "versions": all_versions,
            "older": older,
            "newer": newer,
            "differences": differences,
        },
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_GET
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_object_or_404(
        ProjectVersion.objects.filter(project__in=_visible(request)).select_related("project"),
        project_id=pk,
        number=number,
    )
    return render(
        request,
        "grants/version_detail.html",
        {
            "version": version,
            "rows": versions.describe(version, contact=contact_view(request.user, version.project)),
        },
    )


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.filter(project__in=_visible(request)), pk=pk)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )
