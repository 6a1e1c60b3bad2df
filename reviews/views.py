"""Review pages: draws and panels for officers, score sheets for experts, resident
satisfaction for community staff."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from experts.models import Draw, Expert, ExpertTie
from grants.models import Call, Project
from grants.progress import ProjectProgress, project_progress
from grants.refusals import Refused
from grants.stages import STAGES, Stage
from reviews import conflicts, decisions, forms, panels, permissions, results, satisfaction, sheets
from reviews.models import Panel, SatisfactionSurvey, ScoreSheet, SheetState
from reviews.sheets import total


def _expert(request: HttpRequest):
    expert = permissions.expert_profile(request.user)
    if expert is None:
        raise PermissionDenied
    return expert


def _stage(value: str) -> str:
    if value not in Stage.values:
        raise Http404
    return value


# --- officers -----------------------------------------------------------------------------


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    calls = panels.with_awaiting_counts(
        Call.objects.select_related("programme").order_by("-year", "-opens_at")
    )
    rows = [
        (call, [(stage, getattr(call, f"awaiting_{stage}")) for stage in Stage]) for call in calls
    ]
    return render(request, "reviews/overview.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def draw_create(request: HttpRequest, call_id: int) -> HttpResponse:
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    call = get_object_or_404(Call, pk=call_id)
    form = forms.DrawForm(request.POST or None, initial={"stage": request.GET.get("stage")})
    problems = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draw = panels.draw_panels(
                call=call,
                stage=data["stage"],
                by=request.user,
                size=data["size"],
                required_fields=data["required_fields"] or None,
                load_cap=data["load_cap"],
                deadline=data["deadline"],
            )
        except Refused as refused:
            problems = refused.problems
        else:
            messages.success(request, _("Panels drawn."))
            return redirect("reviews:draw_detail", pk=draw.pk)
    waiting = {stage: panels.projects_awaiting_panel(call, stage) for stage in Stage}
    return render(
        request,
        "reviews/draw_form.html",
        {"call": call, "form": form, "problems": problems, "waiting": waiting},
        status=409 if problems else 200,
    )


@require_http_methods(["GET", "POST"])
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    draw = get_object_or_404(Draw.objects.select_related("created_by"), pk=pk)
    verification = panels.verify_draw(draw) if request.method == "POST" else None
    projects = Project.objects.in_bulk([int(pk) for pk in draw.result])
    experts = Expert.objects.in_bulk(
        {expert_id for expert_ids in draw.result.values() for expert_id in expert_ids}
    )
    # The panel each project's seats went to: drawn whole, or a seat drawn as a replacement.
    panel_of = {
        panel.project_id: panel
        for panel in Panel.objects.filter(Q(draw=draw) | Q(members__draw=draw)).distinct()
    }
    rows = [  # the panels as the draw recorded them; the seats are checked by verifying
        (
            projects.get(int(project_id)),
            [experts.get(e) for e in expert_ids],
            panel_of.get(int(project_id)),
        )
        for project_id, expert_ids in draw.result.items()
    ]
    return render(
        request,
        "reviews/draw_detail.html",
        {"draw": draw, "rows": rows, "verification": verification},
    )


# The form each panel decision needs (None: a button); which decisions a panel offers is
# its stage's (grants.stages).
DECISION_FORMS = {
    "approve": forms.ApproveForm,
    "reject": forms.RejectForm,
    "pass_midterm": forms.CommentForm,
    "require_rectification": forms.RectifyForm,
    "close": forms.CloseForm,  # confirmed on its preview page
}
# Decisions taken from a page of their own that shows what they would record first.
PREVIEWED = {"close": "reviews:close_preview"}


def _panel_page(request, panel: Panel, *, bound=None, problems=(), status=200) -> HttpResponse:
    result = results.result_of(panel)
    project = panel.project
    offered = {t.name for t in project.get_available_user_state_transitions(request.user)}
    decision_forms = []
    for name in STAGES[panel.stage].decisions:
        if name not in offered:
            continue
        form_class = DECISION_FORMS[name]
        is_bound = bool(bound and bound[0] == name)
        blank = form_class(prefix=name) if form_class else None
        form = bound[1] if is_bound else blank
        preview_url = reverse(PREVIEWED[name], args=[panel.pk]) if name in PREVIEWED else None
        decision_forms.append(
            {"name": name, "form": form, "open": is_bound, "preview_url": preview_url}
        )
    survey = SatisfactionSurvey.objects.filter(project=project).first()
    return render(
        request,
        "reviews/panel.html",
        {
            "panel": panel,
            "project": project,
            "result": result,
            "outcome": result.outcome,
            "removed": panel.members.filter(removed_at__isnull=False).select_related("expert"),
            "decisions": decision_forms,
            "problems": problems,
            "assign_form": forms.AssignForm(),
            "vacancies": panels.vacancies(panel),
            "survey": survey,
            "progress": delivery_progress(panel),
        },
        status=status,
    )


# --- delivery (issue 15): a mid-term or final panel sees the project's progress ---------


def delivery_progress(panel: Panel) -> ProjectProgress | None:
    """Target against achieved, budget against spent, visits: for the panels that assess
    delivery (mid-term and final), not for the initial review."""
    if panel.stage == Stage.INITIAL:
        return None
    return project_progress(panel.project, today=timezone.localdate())


# --- end of delivery ---


def _panel(pk: int) -> Panel:
    """The panel with its members and sheets, as its page shows them."""
    return get_object_or_404(
        results.panels_with_sheets().select_related("project__call__programme"), pk=pk
    )


@require_GET
def panel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    return _panel_page(request, _panel(pk))


@require_POST
def panel_decide(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    panel = _panel(pk)
    if name not in STAGES[panel.stage].decisions:
        raise Http404
    form_class = DECISION_FORMS[name]
    form = form_class(request.POST, prefix=name) if form_class else None
    if form is not None and not form.is_valid():
        return _panel_page(request, panel, bound=(name, form), status=400)
    try:
        _decide(
            name,
            project=panel.project,
            by=request.user,
            seen_state=request.POST.get("seen_state") or None,
            data=form.cleaned_data if form else {},
        )
    except Refused as refused:
        return _panel_page(
            request, panel, bound=(name, form), problems=refused.problems, status=409
        )
    messages.success(request, _("Decision recorded."))
    return redirect("grants:project_detail", pk=panel.project_id)


def _decide(
    name: str, *, project: Project, by: User, seen_state: str | None, data: dict[str, Any]
) -> Project:
    """Call the decision ``name`` with what its form collected."""
    match name:
        case "approve":
            return decisions.approve(
                project=project,
                by=by,
                amount=data["amount"],
                override_reason=data["override_reason"],
                seen_state=seen_state,
            )
        case "reject":
            return decisions.reject(
                project=project, by=by, reason=data["reason"], seen_state=seen_state
            )
        case "pass_midterm":
            return decisions.pass_midterm(
                project=project, by=by, comment=data["comment"], seen_state=seen_state
            )
        case "require_rectification":
            return decisions.require_rectification(
                project=project,
                by=by,
                findings=data["findings"],
                deadline=data["deadline"],
                seen_state=seen_state,
            )
        case "close":
            return decisions.close(
                project=project,
                by=by,
                seen_state=seen_state,
                previewed_score=data["final_score"],
            )
    raise Http404


@require_GET
def close_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Before closing: the final score, its parts and the grade it would record, and the
    button that confirms it."""
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    panel = _panel(pk)
    if panel.stage != Stage.FINAL:
        raise Http404
    project = panel.project
    offered = {t.name for t in project.get_available_user_state_transitions(request.user)}
    preview = decisions.closing_preview(project)
    return render(
        request,
        "reviews/close_preview.html",
        {
            "panel": panel,
            "project": project,
            "preview": preview,
            "can_close": "close" in offered and not preview.problems,
        },
    )


@require_POST
def member_replace(request: HttpRequest, pk: int, member_id: int | None = None) -> HttpResponse:
    """Replace a member, or (without ``member_id``) fill a seat a recusal left empty."""
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    panel = _panel(pk)
    member = None
    if member_id is not None:
        member = get_object_or_404(panel.members.filter(removed_at__isnull=True), pk=member_id)
    form = forms.ReasonForm(request.POST)
    try:
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        panels.replace_member(panel=panel, member=member, by=request.user, reason=reason)
    except Refused as refused:
        return _panel_page(request, panel, problems=refused.problems, status=409)
    messages.success(request, _("A replacement was drawn."))
    return redirect("reviews:panel", pk=pk)


@require_POST
def member_assign(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    panel = _panel(pk)
    form = forms.AssignForm(request.POST)
    if not form.is_valid():
        problems = [e for errors in form.errors.values() for e in errors]
        return _panel_page(request, panel, problems=problems, status=400)
    try:
        panels.assign_manually(panel=panel, by=request.user, **form.cleaned_data)
    except Refused as refused:
        return _panel_page(request, panel, problems=refused.problems, status=409)
    messages.success(request, _("Expert assigned."))
    return redirect("reviews:panel", pk=pk)


@require_POST
def sheet_reopen(request: HttpRequest, pk: int, sheet_id: int) -> HttpResponse:
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    panel = _panel(pk)
    sheet = get_object_or_404(panel.sheets.all(), pk=sheet_id)
    form = forms.ReasonForm(request.POST)
    try:
        sheets.reopen_sheet(
            sheet=sheet,
            by=request.user,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except Refused as refused:
        return _panel_page(request, panel, problems=refused.problems, status=409)
    messages.success(request, _("The sheet is open again for its expert."))
    return redirect("reviews:panel", pk=pk)


@require_GET
def call_ranking(request: HttpRequest, call_id: int) -> HttpResponse:
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    call = get_object_or_404(Call.objects.select_related("programme"), pk=call_id)
    ranked, available = results.ranking(call)
    return render(
        request, "reviews/ranking.html", {"call": call, "ranked": ranked, "available": available}
    )


# --- experts ------------------------------------------------------------------------------


@require_GET
def my_assignments(request: HttpRequest) -> HttpResponse:
    expert = _expert(request)
    seats = list(panels.assignments_of(expert))
    submitted = set(
        ScoreSheet.objects.filter(expert=expert, state=SheetState.SUBMITTED).values_list(
            "panel_id", flat=True
        )
    )
    by_stage = {stage: [] for stage in Stage}
    for seat in seats:
        by_stage[Stage(seat.panel.stage)].append((seat, seat.panel_id in submitted))
    return render(
        request,
        "reviews/my_assignments.html",
        {
            "expert": expert,
            "by_stage": by_stage,
            "ties": expert.ties.select_related("organisation"),
            "tie_form": forms.TieForm(),
        },
    )


def _my_panel(request: HttpRequest, panel_id: int) -> Panel:
    """A panel the expert sits on; any other panel is a 404 for them."""
    if not permissions.can_review(request.user):
        raise PermissionDenied
    return get_object_or_404(
        permissions.seated_panels(request.user).select_related(
            "project__organisation", "project__community", "rubric"
        ),
        pk=panel_id,
    )


@require_http_methods(["GET", "POST"])
def sheet_edit(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = _my_panel(request, panel_id)
    try:
        sheet = sheets.sheet_for(panel=panel, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    criteria = list(panel.rubric.criteria.all())
    initial = {s.criterion_id: (s.points, s.comment) for s in sheet.scores.all()}
    form = forms.SheetForm(request.POST or None, criteria=criteria, initial_scores=initial)
    problems: list[str] = []
    confirming = False
    if request.method == "POST" and form.is_valid():
        entries = {
            c.pk: sheets.Entry(
                form.cleaned_data[f"points_{c.pk}"], form.cleaned_data[f"comment_{c.pk}"]
            )
            for c in criteria
        }
        submit = "submit" in request.POST
        # Submitting locks the sheet: the first press saves the draft and asks to confirm
        # with the total; the confirmation (``confirmed``) submits.
        confirmed = submit and request.POST.get("confirmed") == "1"
        try:
            sheets.save_sheet(sheet=sheet, entries=entries, by=request.user, submit=confirmed)
            if submit and not confirmed:
                problems = sheets.entry_problems(criteria, entries, submitting=True)
                confirming = not problems
        except Refused as refused:
            problems = refused.problems
        else:
            if confirmed:
                messages.success(request, _("Submitted; the sheet is now locked."))
                return redirect("reviews:my_assignments")
            if not submit:
                messages.success(request, _("Saved as a draft."))
                return redirect("reviews:sheet", panel_id=panel_id)
    return render(
        request,
        "reviews/sheet.html",
        {
            "panel": panel,
            "project": panel.project,
            "sheet": sheet,
            "form": form,
            "problems": problems,
            "locked": sheet.state == SheetState.SUBMITTED,
            "progress": delivery_progress(panel),
            "confirming": confirming,
            "total": _typed_total(form, criteria) if request.method == "POST" else total(sheet),
            "maximum": sum((c.max_points for c in criteria), Decimal("0")),
        },
        status=409 if problems else (400 if request.method == "POST" and not confirming else 200),
    )


def _typed_total(form: forms.SheetForm, criteria: list) -> Decimal:
    """The points as typed (valid ones), added up: the total the confirmation shows."""
    data = getattr(form, "cleaned_data", {})
    return sum((data.get(f"points_{c.pk}") or Decimal("0") for c in criteria), Decimal("0"))


@require_POST
def recuse(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = _my_panel(request, panel_id)
    form = forms.ReasonForm(request.POST)
    try:
        panels.recuse(
            expert=request.user.expert_profile,
            project=panel.project,
            by=request.user,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except Refused as refused:
        for problem in refused.problems:
            messages.error(request, problem)
        return redirect("reviews:sheet", panel_id=panel_id)
    messages.success(request, _("You have stepped aside from this project."))
    return redirect("reviews:my_assignments")


@require_POST
def declare_tie(request: HttpRequest) -> HttpResponse:
    expert = _expert(request)
    form = forms.TieForm(request.POST, instance=ExpertTie(expert=expert))
    if form.is_valid():
        try:
            conflicts.declare_tie(expert=expert, by=request.user, **form.cleaned_data)
        except Refused as refused:
            for problem in refused.problems:
                messages.error(request, problem)
        else:
            messages.success(request, _("Tie declared: you will not be drawn for its projects."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("reviews:my_assignments")


# --- community staff ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def satisfaction_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=project_id)
    if not permissions.may_enter_satisfaction(request.user, project):
        raise PermissionDenied
    survey = SatisfactionSurvey.objects.filter(project=project).first()
    initial = {"respondents": survey.respondents, "score": survey.score} if survey else {}
    form = forms.SatisfactionForm(request.POST or None, initial=initial)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            survey = satisfaction.enter_survey(
                project=project,
                by=request.user,
                respondents=form.cleaned_data["respondents"],
                score=form.cleaned_data["score"],
                counts=form.counts(),
            )
        except Refused as refused:
            problems = refused.problems
        else:
            messages.success(
                request,
                _("Resident satisfaction saved: %(score)s points from %(respondents)s residents.")
                % {"score": f"{survey.score:.2f}", "respondents": survey.respondents},
            )
            return redirect("grants:project_detail", pk=project.pk)
    return render(
        request,
        "reviews/satisfaction.html",
        {"project": project, "form": form, "problems": problems, "survey": survey},
    )
