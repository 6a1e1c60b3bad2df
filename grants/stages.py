"""The three review stages 立项评审 / 中期评估 / 结项评估, in one table.

For each stage: the state in which its panel scores the project, every state the project
is in during the stage, the transition that opens it, the decisions its panel page offers,
the report the organisation uploads for it, and the states in which its assessment report
can be printed. The expert pool, the panels, the report documents and the project page
read this table; the transitions themselves stay written out on ``Project``.

``Stage`` lives here, below experts and reviews, so that grants can key the table by it;
``experts.models`` re-exports it for the draws and panels stored per stage.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models import AttachmentKind, ProjectState

S = ProjectState


class Stage(models.TextChoices):
    INITIAL = "initial", _("Project review")
    MIDTERM = "midterm", _("Mid-term assessment")
    FINAL = "final", _("Final assessment")


@dataclass(frozen=True)
class StageRules:
    stage: Stage
    # The panel scores the project (and a panel may be drawn for it) in this state.
    review_state: ProjectState
    # Every state the project is in while the stage runs: review, and rectification.
    states: frozenset[ProjectState]
    # The transition that takes a project into ``review_state``.
    opened_by: str
    # The transitions that decide on the panel's outcome, in the order the panel page
    # offers them.
    decisions: tuple[str, ...]
    # The report to upload before the stage opens (``None``: the application is enough).
    report: AttachmentKind | None = None
    # The transition by which the organisation answers the panel's findings within the
    # stage, and the report it uploads for it.
    resubmitted_by: str | None = None
    resubmission_report: AttachmentKind | None = None
    # The states in which the stage's assessment report (PDF) can be printed: once the
    # stage has begun, until the project is closed; empty for a stage without one.
    assessment_states: frozenset[ProjectState] = frozenset()

    @property
    def transitions(self) -> tuple[str, ...]:
        """Every transition of the stage: the log rows its assessment report quotes."""
        resubmission = (self.resubmitted_by,) if self.resubmitted_by else ()
        return (self.opened_by, *self.decisions, *resubmission)

    @property
    def reports(self) -> tuple[AttachmentKind, ...]:
        return tuple(kind for kind in (self.report, self.resubmission_report) if kind)

    @property
    def has_assessment(self) -> bool:
        return bool(self.assessment_states)


INITIAL = StageRules(
    stage=Stage.INITIAL,
    review_state=S.UNDER_REVIEW,
    states=frozenset({S.UNDER_REVIEW}),
    opened_by="accept_for_review",
    decisions=("approve", "reject"),
)
MIDTERM = StageRules(
    stage=Stage.MIDTERM,
    review_state=S.MIDTERM_REVIEW,
    states=frozenset({S.MIDTERM_REVIEW, S.RECTIFYING}),
    opened_by="open_midterm",
    decisions=("pass_midterm", "require_rectification"),
    report=AttachmentKind.MIDTERM_REPORT,
    resubmitted_by="resubmit_rectification",
    resubmission_report=AttachmentKind.RECTIFICATION_REPORT,
    # In progress again once the mid-term is passed.
    assessment_states=frozenset(
        {S.IN_PROGRESS, S.MIDTERM_REVIEW, S.RECTIFYING, S.FINAL_REVIEW, S.CLOSED}
    ),
)
FINAL = StageRules(
    stage=Stage.FINAL,
    review_state=S.FINAL_REVIEW,
    states=frozenset({S.FINAL_REVIEW}),
    opened_by="open_final",
    decisions=("close",),
    report=AttachmentKind.FINAL_REPORT,
    assessment_states=frozenset({S.FINAL_REVIEW, S.CLOSED}),
)

STAGES: dict[str, StageRules] = {rules.stage: rules for rules in (INITIAL, MIDTERM, FINAL)}

# A panel is scoring the project: one state per stage.
REVIEW_STATES = frozenset(rules.review_state for rules in STAGES.values())
# The stages that end in an assessment report (中期/结项评估报告).
ASSESSED_STAGES = tuple(rules for rules in STAGES.values() if rules.has_assessment)
# Until the initial review is decided, the project page does not show its panel score.
SCORE_HIDDEN_STATES = frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED}) | INITIAL.states
