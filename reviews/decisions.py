"""The lifecycle decisions that depend on a panel: the outcome is read from the panel's
sheets here and handed to the grants use cases, which never read score sheets.

Each decision runs in one transaction that first locks the panel's seats, then reads the
outcome: an expert unseated at the same moment by a conflict that arose
(``reviews.conflicts``, which locks the same seats) is either gone before the outcome is
read or unseated after the decision, never counted by a decision taken after it left."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from grants import guards, lifecycle, scoring
from grants.guards import PanelOutcome
from grants.models import Grade, Project
from grants.refusals import Refused
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


@dataclass(frozen=True)
class ClosingPreview:
    """What closing would record now: the final score from its parts, and the grade."""

    panel_score: Decimal | None
    satisfaction: Decimal | None
    panel_weight: Decimal
    satisfaction_weight: Decimal
    final_score: Decimal | None
    grade: str
    problems: list[str]

    @property
    def grade_label(self) -> str:
        return str(Grade(self.grade).label) if self.grade else ""

    @property
    def last_tranche_cancelled(self) -> bool:
        return self.grade == Grade.FAIL


def closing_preview(project: Project) -> ClosingPreview:
    """The final score, its parts (panel score × its weight + resident satisfaction × its
    weight, ``grants.scoring``) and the grade, as ``close`` would record them now — or
    what is still missing."""
    outcome = outcome_for(project, Stage.FINAL)
    survey = SatisfactionSurvey.objects.filter(project=project).first()
    satisfaction = survey.score if survey else None
    programme = project.programme
    problems = guards.panel_problems(outcome) + guards.satisfaction_problems(satisfaction)
    final = grade = None
    if not problems and outcome.score is not None and satisfaction is not None:
        final = scoring.final_score(programme, panel=outcome.score, satisfaction=satisfaction)
        grade = scoring.grade_for(programme, final)
    return ClosingPreview(
        panel_score=outcome.score,
        satisfaction=satisfaction,
        panel_weight=programme.panel_weight,
        satisfaction_weight=programme.satisfaction_weight,
        final_score=final,
        grade=grade or "",
        problems=problems,
    )


@transaction.atomic
def close(
    *,
    project: Project,
    by: User,
    seen_state: str | None = None,
    previewed_score: Decimal | None = None,
) -> Project:
    """Close with the final score the officer saw on the preview: if the parts changed
    since (a sheet reopened, satisfaction entered again), the officer looks again."""
    survey = SatisfactionSurvey.objects.filter(project=project).first()
    if previewed_score is not None:
        _locked_outcome(project, Stage.FINAL)
        now = closing_preview(project).final_score
        if now is not None and now != previewed_score:
            raise Refused(
                [
                    _(
                        "The final score is now %(now)s, not the %(seen)s you confirmed: "
                        "look at the preview again."
                    )
                    % {"now": now, "seen": previewed_score}
                ]
            )
    return lifecycle.close_project(
        project=project,
        by=by,
        outcome=_locked_outcome(project, Stage.FINAL),
        satisfaction=survey.score if survey else None,
        seen_state=seen_state,
    )
