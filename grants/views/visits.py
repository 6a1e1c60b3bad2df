"""Site visits: an officer or the street's staff record one; the organisation answers its
follow-up."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from grants import delivery_forms, permissions, visits
from grants.models import SiteVisit
from grants.refusals import NotAvailable, ProjectChanged, Refused
from grants.views.delivery import (
    project_or_404,
    refuse_unless_running,
    state_refused,
    visible_projects,
)


@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(request, pk)
    if not permissions.may_visit(project, request.user):
        raise PermissionDenied
    try:
        refuse_unless_running(project)
    except NotAvailable as refused:
        return state_refused(request, project, refused)
    form = delivery_forms.VisitForm(
        request.POST or None,
        initial={"visited_on": timezone.localdate(), "visitors": request.user.display_name},
    )
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                visits.record_visit(project=project, by=request.user, visit=form.visit())
            except (NotAvailable, ProjectChanged) as refused:
                return state_refused(request, project, refused)
            except Refused as refused:
                problems, status = refused.problems, 409
            else:
                messages.success(request, _("Site visit recorded."))
                return redirect("grants:project_detail", pk=project.pk)
        else:
            status = 400
    return render(
        request,
        "grants/delivery/visit_form.html",
        {"project": project, "form": form, "problems": problems},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def visit_answer(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = get_object_or_404(
        SiteVisit.objects.filter(project__in=visible_projects(request)).select_related(
            "project__organisation", "project__community__street"
        ),
        pk=visit_id,
    )
    project = visit.project
    if not permissions.may_record_delivery(project, request.user):
        raise PermissionDenied
    form = delivery_forms.AnswerForm(request.POST or None)
    problems: list[str] = []
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    if request.method == "POST" and form.is_valid():
        try:
            visits.answer_follow_up(
                visit=visit, by=request.user, answer=form.cleaned_data["answer"]
            )
        except (NotAvailable, ProjectChanged) as refused:
            return state_refused(request, project, refused)
        except Refused as refused:
            problems, status = refused.problems, 409
        else:
            messages.success(request, _("Answer sent."))
            return redirect("grants:project_detail", pk=project.pk)
    return render(
        request,
        "grants/delivery/answer.html",
        {"project": project, "visit": visit, "form": form, "problems": problems},
        status=status,
    )
