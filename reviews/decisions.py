"""The lifecycle decisions that depend on a panel: the outcome is read from the panel's
sheets here and handed to the grants use cases, which never read score sheets.

Each decision runs in one transaction that first locks the panel's seats, then reads the
outcome: an expert unseated at the same moment by a conflict that arose
(``reviews.conflicts``, which locks the same seats) is either gone before the outcome is
read or unseated after the decision, never counted by a decision taken after it left."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from grants import lifecycle
from grants.guards import PanelOutcome
from grants.models import Project
from grants.stages import Stage
from reviews.models import PanelMember, SatisfactionSurvey
from reviews.results import outcome_for


def _locked_outcome(project: Project, stage: str) -> PanelOutcome:
    list(
        PanelMember.objects.select_for_update(of=("self",))
        .filter(panel__project=project, panel__stage=stage, removed_at__isnull=True)
        .order_by("pk")
    )
    return outcome_for(project, stage)


@transaction.atomic
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
        outcome=_locked_outcome(project, Stage.INITIAL),
        amount=amount,
        override_reason=override_reason,
        seen_state=seen_state,
    )


def reject(*, project: Project, by: User, reason: str, seen_state: str | None = None) -> Project:
    return lifecycle.reject_project(project=project, by=by, reason=reason, seen_state=seen_state)


@transaction.atomic
def pass_midterm(
    *, project: Project, by: User, comment: str = "", seen_state: str | None = None
) -> Project:
    return lifecycle.pass_midterm(
        project=project,
        by=by,
        outcome=_locked_outcome(project, Stage.MIDTERM),
        comment=comment,
        seen_state=seen_state,
    )


@transaction.atomic
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
        outcome=_locked_outcome(project, Stage.MIDTERM),
        findings=findings,
        deadline=deadline,
        seen_state=seen_state,
    )


@transaction.atomic
def close(*, project: Project, by: User, seen_state: str | None = None) -> Project:
    survey = SatisfactionSurvey.objects.filter(project=project).first()
    return lifecycle.close_project(
        project=project,
        by=by,
        outcome=_locked_outcome(project, Stage.FINAL),
        satisfaction=survey.score if survey else None,
        seen_state=seen_state,
    )
