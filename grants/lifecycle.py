"""The project use cases, one function per transition of DESIGN.md's state machine.

Each: one database transaction → lock the project row → check that it is still in the
state the user saw → check permission → check every guard and refuse with all problems →
fire the transition → save → log → effects → notifications after commit. Functions are
keyword-only and take the acting user, never the request.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from grants import guards, notifications, payments, scoring, versions
from grants.guards import PanelOutcome
from grants.models import AttachmentKind, Call, Grade, Project, TrancheTrigger
from grants.transitions import TransitionRefused, begin, fire

# Decisions the organisation is told about by email.
NOTIFIED_DECISIONS = {
    "return_for_revision",
    "mark_ineligible",
    "approve",
    "reject",
    "sign_agreement",
    "terminate",
}


def _refuse_if(problems: list[str]) -> None:
    if problems:
        raise TransitionRefused(problems)


def _after_commit(project: Project, name: str, comment: str = "") -> None:
    if name == "submit":
        transaction.on_commit(lambda: notifications.project_submitted(project))
    elif name in NOTIFIED_DECISIONS:
        transaction.on_commit(lambda: notifications.project_decided(project, name, comment))


@transaction.atomic
def submit_project(*, project: Project, by: User, seen_state: str | None = None) -> Project:
    project = begin(project, "submit", by, seen_state=seen_state)
    now = timezone.now()
    _refuse_if(guards.submission_problems(project, now=now))
    version = versions.freeze(project, by=by)
    fire(
        project,
        "submit",
        by=by,
        comment=_("Version %(number)s") % {"number": version.number},
        at=now,
    )
    _after_commit(project, "submit")
    return project


@transaction.atomic
def return_for_revision(
    *, project: Project, by: User, reason: str, deadline: date | None, seen_state=None
) -> Project:
    project = begin(project, "return_for_revision", by, seen_state=seen_state)
    today = timezone.localdate()
    _refuse_if(guards.reason_problems(reason) + guards.deadline_problems(deadline, today=today))
    fire(project, "return_for_revision", by=by, comment=reason.strip(), deadline=deadline)
    _after_commit(project, "return_for_revision", reason.strip())
    return project


def _reasoned(name: str):
    """A use case whose only input besides the user is a required reason."""

    @transaction.atomic
    def use_case(*, project: Project, by: User, reason: str, seen_state=None) -> Project:
        project = begin(project, name, by, seen_state=seen_state)
        _refuse_if(guards.reason_problems(reason))
        fire(project, name, by=by, comment=reason.strip())
        if name == "terminate":
            payments.cancel_unpaid(project)
        _after_commit(project, name, reason.strip())
        return project

    use_case.__name__ = name
    return use_case


mark_ineligible = _reasoned("mark_ineligible")
reject_project = _reasoned("reject")
terminate_project = _reasoned("terminate")


def _plain(name: str, *, report: str | None = None):
    """A use case with an optional comment, and perhaps a report that must be uploaded."""

    @transaction.atomic
    def use_case(*, project: Project, by: User, comment: str = "", seen_state=None) -> Project:
        project = begin(project, name, by, seen_state=seen_state)
        if report is not None:
            since = None
            if report == AttachmentKind.RECTIFICATION_REPORT:
                since = (
                    project.transition_logs.filter(transition="require_rectification")
                    .latest("at")
                    .at
                )
            _refuse_if(guards.report_problems(project, report, since=since))
        fire(project, name, by=by, comment=comment.strip())
        _after_commit(project, name, comment.strip())
        return project

    use_case.__name__ = name
    return use_case


accept_for_review = _plain("accept_for_review")
withdraw_project = _plain("withdraw")
open_midterm = _plain("open_midterm", report=AttachmentKind.MIDTERM_REPORT)
resubmit_rectification = _plain(
    "resubmit_rectification", report=AttachmentKind.RECTIFICATION_REPORT
)
open_final = _plain("open_final", report=AttachmentKind.FINAL_REPORT)


@transaction.atomic
def approve_project(
    *,
    project: Project,
    by: User,
    outcome: PanelOutcome,
    amount: Decimal | None,
    override_reason: str = "",
    seen_state=None,
) -> Project:
    project = begin(project, "approve", by, seen_state=seen_state)
    # Two approvals in one call must not together spend more than its budget.
    Call.objects.select_for_update().filter(pk=project.call_id).exists()
    _refuse_if(
        guards.approval_problems(
            project, outcome=outcome, amount=amount, override_reason=override_reason
        )
    )
    publicity_ends_on = timezone.localdate() + timedelta(days=project.programme.publicity_days)
    comment = _("Panel score %(score)s, approved %(amount)s yuan") % {
        "score": outcome.score,
        "amount": amount,
    }
    if outcome.score < project.programme.pass_threshold:
        comment += "\n" + _("Below the threshold, approved because: %(reason)s") % {
            "reason": override_reason.strip()
        }
    fire(
        project,
        "approve",
        by=by,
        comment=comment,
        amount=amount,
        score=outcome.score,
        publicity_ends_on=publicity_ends_on,
    )
    _after_commit(project, "approve", comment)
    return project


@transaction.atomic
def sign_agreement(
    *, project: Project, by: User, number: str, signed_on: date | None, seen_state=None
) -> Project:
    project = begin(project, "sign_agreement", by, seen_state=seen_state)
    _refuse_if(
        guards.agreement_problems(
            project, number=number, signed_on=signed_on, today=timezone.localdate()
        )
    )
    comment = _("Agreement %(number)s signed on %(date)s") % {
        "number": number.strip(),
        "date": signed_on.isoformat(),
    }
    fire(
        project,
        "sign_agreement",
        by=by,
        comment=comment,
        number=number.strip(),
        signed_on=signed_on,
    )
    payments.create_schedule(project)
    _after_commit(project, "sign_agreement", comment)
    return project


@transaction.atomic
def pass_midterm(
    *, project: Project, by: User, outcome: PanelOutcome, comment: str = "", seen_state=None
) -> Project:
    project = begin(project, "pass_midterm", by, seen_state=seen_state)
    _refuse_if(guards.midterm_pass_problems(project, outcome))
    fire(project, "pass_midterm", by=by, comment=comment.strip(), score=outcome.score)
    payments.release(project, TrancheTrigger.MIDTERM)
    return project


@transaction.atomic
def require_rectification(
    *,
    project: Project,
    by: User,
    outcome: PanelOutcome,
    findings: str,
    deadline: date | None,
    seen_state=None,
) -> Project:
    project = begin(project, "require_rectification", by, seen_state=seen_state)
    _refuse_if(
        guards.panel_problems(outcome)
        + guards.reason_problems(findings)
        + guards.deadline_problems(deadline, today=timezone.localdate())
    )
    fire(
        project,
        "require_rectification",
        by=by,
        comment=findings.strip(),
        score=outcome.score,
        deadline=deadline,
    )
    return project


@transaction.atomic
def close_project(
    *,
    project: Project,
    by: User,
    outcome: PanelOutcome,
    satisfaction: Decimal | None,
    seen_state=None,
) -> Project:
    project = begin(project, "close", by, seen_state=seen_state)
    _refuse_if(guards.panel_problems(outcome) + guards.satisfaction_problems(satisfaction))
    programme = project.programme
    score = scoring.final_score(programme, panel=outcome.score, satisfaction=satisfaction)
    grade = scoring.grade_for(programme, score)
    comment = _("Final score %(score)s") % {"score": score}
    fire(
        project,
        "close",
        by=by,
        comment=comment,
        panel_score=outcome.score,
        satisfaction=satisfaction,
        final_score=score,
        grade=grade,
    )
    if grade == Grade.FAIL:
        payments.cancel_unpaid(project, trigger=TrancheTrigger.FINAL)
    else:
        payments.release(project, TrancheTrigger.FINAL)
    return project


# The use case for each transition name, for views that dispatch on it.
USE_CASES = {
    "submit": submit_project,
    "return_for_revision": return_for_revision,
    "mark_ineligible": mark_ineligible,
    "accept_for_review": accept_for_review,
    "approve": approve_project,
    "reject": reject_project,
    "sign_agreement": sign_agreement,
    "open_midterm": open_midterm,
    "pass_midterm": pass_midterm,
    "require_rectification": require_rectification,
    "resubmit_rectification": resubmit_rectification,
    "open_final": open_final,
    "close": close_project,
    "terminate": terminate_project,
    "withdraw": withdraw_project,
}

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
