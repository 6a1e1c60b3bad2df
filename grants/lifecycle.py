"""The project use cases, one function per transition of DESIGN.md's state machine.

Each: one database transaction → lock the project row → check that it is still in the
state the user saw → check permission → check every guard and refuse with all problems →
fire the transition → save → log → effects → notifications after commit. Functions are
keyword-only and take the acting user, never the request.
"""

from collections.abc import Collection
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from grants import eligibility, guards, notifications, payments, scoring, versions
from grants.guards import PanelOutcome
from grants.models import AttachmentKind, Call, Grade, Project, TrancheTrigger
from grants.refusals import Refused
from grants.transitions import begin


def _refuse_if(problems: list[str]) -> None:
    if problems:
        raise Refused(problems)


# --- screening: the applicant submits or withdraws, the officer screens -------------------


@transaction.atomic
def submit_project(*, project: Project, by: User, seen_state: str | None = None) -> Project:
    step = begin(project, Project.submit, by=by, seen_state=seen_state)
    project = step.project
    now = timezone.now()
    _refuse_if(guards.submission_problems(project, now=now))
    version = versions.freeze(project, by=by)
    step.fire(comment=_("Version %(number)s") % {"number": version.number}, at=now)
    notifications.project_submitted(project)
    return project


@transaction.atomic
def withdraw_project(
    *, project: Project, by: User, comment: str = "", seen_state: str | None = None
) -> Project:
    step = begin(project, Project.withdraw, by=by, seen_state=seen_state)
    step.fire(comment=comment.strip())
    return step.project


@transaction.atomic
def return_for_revision(
    *,
    project: Project,
    by: User,
    reason: str,
    deadline: date | None,
    seen_state: str | None = None,
) -> Project:
    step = begin(project, Project.return_for_revision, by=by, seen_state=seen_state)
    project = step.project
    _refuse_if(
        guards.reason_problems(reason)
        + guards.deadline_problems(deadline, today=timezone.localdate())
    )
    reason = reason.strip()
    step.fire(comment=reason, deadline=deadline)
    notifications.project_returned(project, reason)
    return project


@transaction.atomic
def mark_ineligible(
    *, project: Project, by: User, reason: str, seen_state: str | None = None
) -> Project:
    step = begin(project, Project.mark_ineligible, by=by, seen_state=seen_state)
    project = step.project
    _refuse_if(guards.reason_problems(reason))
    reason = reason.strip()
    step.fire(comment=reason)
    notifications.project_found_ineligible(project, reason)
    return project


@transaction.atomic
def accept_for_review(
    *,
    project: Project,
    by: User,
    confirmed: Collection[str] = (),
    comment: str = "",
    seen_state: str | None = None,
) -> Project:
    """The officer's eligibility screening: every item of the programme's checklist met
    and confirmed (``confirmed`` holds their keys), kept in the log with the comment."""
    step = begin(project, Project.accept_for_review, by=by, seen_state=seen_state)
    project = step.project
    checks = eligibility.checklist_of(project)
    _refuse_if(eligibility.screening_problems(checks, confirmed))
    record = _("Eligibility screening:") + "\n" + eligibility.screening_record(checks)
    step.fire(comment="\n".join(part for part in [record, comment.strip()] if part))
    notifications.project_accepted(project)
    return project


# --- decisions on the initial review ------------------------------------------------------


@transaction.atomic
def approve_project(
    *,
    project: Project,
    by: User,
    outcome: PanelOutcome,
    amount: Decimal | None,
    override_reason: str = "",
    seen_state: str | None = None,
) -> Project:
    step = begin(project, Project.approve, by=by, seen_state=seen_state)
    project = step.project
    # Two approvals in one call must not together spend more than its budget.
    Call.objects.select_for_update().filter(pk=project.call_id).exists()
    _refuse_if(
        guards.approval_problems(
            project, outcome=outcome, amount=amount, override_reason=override_reason
        )
    )
    publicity_ends_on = timezone.localdate() + timedelta(days=project.programme.publicity_days)
    remarks = _("Panel score %(score)s, approved %(amount)s yuan") % {
        "score": outcome.score,
        "amount": amount,
    }
    if outcome.score < project.programme.pass_threshold:
        remarks += "\n" + _("Below the threshold, approved because: %(reason)s") % {
            "reason": override_reason.strip()
        }
    step.fire(
        comment=remarks,
        amount=amount,
        score=outcome.score,
        publicity_ends_on=publicity_ends_on,
    )
    notifications.project_approved(project, remarks)
    return project


@transaction.atomic
def reject_project(
    *, project: Project, by: User, reason: str, seen_state: str | None = None
) -> Project:
    step = begin(project, Project.reject, by=by, seen_state=seen_state)
    project = step.project
    _refuse_if(guards.reason_problems(reason))
    reason = reason.strip()
    step.fire(comment=reason)
    notifications.project_rejected(project, reason)
    return project


@transaction.atomic
def sign_agreement(
    *,
    project: Project,
    by: User,
    number: str,
    signed_on: date | None,
    seen_state: str | None = None,
) -> Project:
    step = begin(project, Project.sign_agreement, by=by, seen_state=seen_state)
    project = step.project
    problems = guards.agreement_problems(
        project, number=number, signed_on=signed_on, today=timezone.localdate()
    )
    if problems or signed_on is None:  # a missing date is among the problems
        raise Refused(problems)
    number = number.strip()
    remarks = _("Agreement %(number)s signed on %(date)s") % {
        "number": number,
        "date": signed_on.isoformat(),
    }
    step.fire(comment=remarks, number=number, signed_on=signed_on)
    payments.create_schedule(project)
    notifications.agreement_signed(project, remarks)
    return project


# --- delivery: mid-term and final assessment ----------------------------------------------


@transaction.atomic
def open_midterm(
    *, project: Project, by: User, comment: str = "", seen_state: str | None = None
) -> Project:
    step = begin(project, Project.open_midterm, by=by, seen_state=seen_state)
    _refuse_if(guards.report_problems(step.project, AttachmentKind.MIDTERM_REPORT))
    step.fire(comment=comment.strip())
    return step.project


@transaction.atomic
def pass_midterm(
    *,
    project: Project,
    by: User,
    outcome: PanelOutcome,
    comment: str = "",
    seen_state: str | None = None,
) -> Project:
    step = begin(project, Project.pass_midterm, by=by, seen_state=seen_state)
    project = step.project
    _refuse_if(guards.midterm_pass_problems(project, outcome))
    step.fire(comment=comment.strip(), score=outcome.score)
    payments.release(project, TrancheTrigger.MIDTERM)
    notifications.midterm_passed(
        project,
        "\n".join(
            part
            for part in [_("Mid-term score %(score)s") % {"score": outcome.score}, comment.strip()]
            if part
        ),
    )
    return project


@transaction.atomic
def require_rectification(
    *,
    project: Project,
    by: User,
    outcome: PanelOutcome,
    findings: str,
    deadline: date | None,
    seen_state: str | None = None,
) -> Project:
    step = begin(project, Project.require_rectification, by=by, seen_state=seen_state)
    _refuse_if(
        guards.panel_problems(outcome)
        + guards.reason_problems(findings)
        + guards.deadline_problems(deadline, today=timezone.localdate())
    )
    step.fire(comment=findings.strip(), score=outcome.score, deadline=deadline)
    notifications.rectification_required(step.project, findings.strip())
    return step.project


@transaction.atomic
def resubmit_rectification(
    *, project: Project, by: User, comment: str = "", seen_state: str | None = None
) -> Project:
    step = begin(project, Project.resubmit_rectification, by=by, seen_state=seen_state)
    project = step.project
    # Only a report uploaded since the rectification was required answers it.
    required_at = project.transition_logs.filter(transition="require_rectification").latest("at").at
    _refuse_if(
        guards.report_problems(project, AttachmentKind.RECTIFICATION_REPORT, since=required_at)
    )
    step.fire(comment=comment.strip())
    return project


@transaction.atomic
def open_final(
    *, project: Project, by: User, comment: str = "", seen_state: str | None = None
) -> Project:
    step = begin(project, Project.open_final, by=by, seen_state=seen_state)
    _refuse_if(guards.report_problems(step.project, AttachmentKind.FINAL_REPORT))
    step.fire(comment=comment.strip())
    return step.project


@transaction.atomic
def close_project(
    *,
    project: Project,
    by: User,
    outcome: PanelOutcome,
    satisfaction: Decimal | None,
    seen_state: str | None = None,
) -> Project:
    step = begin(project, Project.close, by=by, seen_state=seen_state)
    project = step.project
    problems = guards.panel_problems(outcome) + guards.satisfaction_problems(satisfaction)
    if problems or outcome.score is None or satisfaction is None:  # both named in problems
        raise Refused(problems)
    programme = project.programme
    score = scoring.final_score(programme, panel=outcome.score, satisfaction=satisfaction)
    grade = scoring.grade_for(programme, score)
    step.fire(
        comment=_("Final score %(score)s") % {"score": score},
        panel_score=outcome.score,
        satisfaction=satisfaction,
        final_score=score,
        grade=grade,
    )
    if grade == Grade.FAIL:
        payments.cancel_unpaid(project, trigger=TrancheTrigger.FINAL)
    else:
        payments.release(project, TrancheTrigger.FINAL)
    notifications.project_closed(project)
    return project


# --- ending a running project --------------------------------------------------------------


@transaction.atomic
def terminate_project(
    *, project: Project, by: User, reason: str, seen_state: str | None = None
) -> Project:
    step = begin(project, Project.terminate, by=by, seen_state=seen_state)
    project = step.project
    _refuse_if(guards.reason_problems(reason))
    reason = reason.strip()
    step.fire(comment=reason)
    payments.cancel_unpaid(project)
    notifications.project_terminated(project, reason)
    return project


# What each transition is called on buttons and in the timeline.
TRANSITION_LABELS = {
    "submit": gettext_lazy("Submit"),
    "return_for_revision": gettext_lazy("Return for revision"),
    "mark_ineligible": gettext_lazy("Mark ineligible"),
    "accept_for_review": gettext_lazy("Accept for review"),
    "approve": gettext_lazy("Approve"),
    "reject": gettext_lazy("Reject"),
    "sign_agreement": gettext_lazy("Sign agreement"),
    "start": gettext_lazy("Start (first payment)"),
    "open_midterm": gettext_lazy("Open mid-term assessment"),
    "pass_midterm": gettext_lazy("Pass mid-term assessment"),
    "require_rectification": gettext_lazy("Require rectification"),
    "resubmit_rectification": gettext_lazy("Resubmit after rectification"),
    "open_final": gettext_lazy("Open final assessment"),
    "close": gettext_lazy("Close"),
    "terminate": gettext_lazy("Terminate"),
    "withdraw": gettext_lazy("Withdraw"),
}
