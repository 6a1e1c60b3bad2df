"""The lifecycle decisions that depend on a panel: the outcome is read from the panel's
sheets here and handed to the grants use cases, which never read score sheets."""

from datetime import date
from decimal import Decimal

from accounts.models import User
from grants import lifecycle
from grants.models import Project
from grants.stages import Stage
from reviews.models import SatisfactionSurvey
from reviews.results import outcome_for


def approve(
    *,
    project: Project,
    by: User,
    amount: Decimal | None,
    override_reason: str = "",
    seen_state: str | None = None,
) -> Project:
    return lifecycle.approve_project(
        project=project,
        by=by,
        outcome=outcome_for(project, Stage.INITIAL),
        amount=amount,
        override_reason=override_reason,
        seen_state=seen_state,
    )


def reject(*, project: Project, by: User, reason: str, seen_state: str | None = None) -> Project:
    return lifecycle.reject_project(project=project, by=by, reason=reason, seen_state=seen_state)


def pass_midterm(
    *, project: Project, by: User, comment: str = "", seen_state: str | None = None
) -> Project:
    return lifecycle.pass_midterm(
        project=project,
        by=by,
        outcome=outcome_for(project, Stage.MIDTERM),
        comment=comment,
        seen_state=seen_state,
    )


def require_rectification(
    *,
    project: Project,
    by: User,
    findings: str,
    deadline: date | None,
    seen_state: str | None = None,
) -> Project:
    return lifecycle.require_rectification(
        project=project,
        by=by,
        outcome=outcome_for(project, Stage.MIDTERM),
        findings=findings,
        deadline=deadline,
        seen_state=seen_state,
    )


def close(*, project: Project, by: User, seen_state: str | None = None) -> Project:
    survey = SatisfactionSurvey.objects.filter(project=project).first()
    return lifecycle.close_project(
        project=project,
        by=by,
        outcome=outcome_for(project, Stage.FINAL),
        satisfaction=survey.score if survey else None,
        seen_state=seen_state,
    )
