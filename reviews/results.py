"""What a panel concluded: each submitted sheet's total (dropped and flagged ones marked),
the panel score, the outcome the lifecycle decisions take, and the ranking of a call.

One definition of a panel's score and completeness, used by the panel page, the
decisions, the ranking and the exports: only the sheets of experts seated now count (a
member who left — recused, replaced, or unseated by a conflict that arose after the
draw — no longer does), and the panel is complete when every seat it should have is
filled by someone who has submitted: a seat left empty counts as not submitted until a
replacement submits."""

import enum
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from grants.guards import PanelOutcome, held_by, remaining_budget
from grants.models import Call
from grants.stages import Stage
from reviews.aggregation import aggregate
from reviews.models import Panel, PanelMember, ScoreSheet, SheetState
from reviews.sheets import total


@dataclass(frozen=True)
class SheetLine:
    sheet: ScoreSheet
    total: Decimal
    dropped: bool
    flagged: bool


@dataclass(frozen=True)
class PanelResult:
    panel: Panel
    members: list[PanelMember]
    lines: list[SheetLine]
    score: Decimal | None

    @property
    def seats(self) -> int:
        """The seats the panel should have: its draw's size, or more if an officer
        assigned experts by hand."""
        return max(len(self.members), self.panel.drawn_size)

    @property
    def complete(self) -> bool:
        return self.outcome.complete

    @property
    def outcome(self) -> PanelOutcome:
        complete = bool(self.members) and len(self.lines) == self.seats
        return PanelOutcome(
            assigned=self.seats,
            submitted=len(self.lines),
            score=self.score if complete else None,
        )


def panels_with_sheets():
    seated = PanelMember.objects.filter(removed_at__isnull=True).select_related("expert")
    sheets = ScoreSheet.objects.select_related("expert").prefetch_related("scores")
    return Panel.objects.select_related(
        "project__organisation", "project__call__programme", "rubric", "draw"
    ).prefetch_related(Prefetch("members", queryset=seated), Prefetch("sheets", queryset=sheets))


def result_of(panel: Panel) -> PanelResult:
    members = list(panel.members.all())
    seated = {member.expert_id for member in members}
    submitted = [
        sheet
        for sheet in panel.sheets.all()
        if sheet.state == SheetState.SUBMITTED and sheet.expert_id in seated
    ]
    totals = [total(sheet) for sheet in submitted]
    summary = aggregate(totals)
    lines = [
        SheetLine(sheet, sheet_total, i in summary.dropped, i in summary.flagged)
        for i, (sheet, sheet_total) in enumerate(zip(submitted, totals, strict=True))
    ]
    return PanelResult(panel, members, lines, summary.score)


def panel_result(project, stage: str) -> PanelResult | None:
    panel = panels_with_sheets().filter(project=project, stage=stage).first()
    return result_of(panel) if panel else None


def outcome_for(project, stage: str) -> PanelOutcome:
    result = panel_result(project, stage)
    return result.outcome if result else PanelOutcome(assigned=0, submitted=0, score=None)


class Standing(enum.Enum):
    """Where a project stands against the funding line."""

    FUNDED = "funded"  # complete panel, passing score, fits in the budget
    BELOW_LINE = "below_line"  # complete panel, passing score, the budget ran out
    FAILED = "failed"  # complete panel, score below the pass threshold
    WAITING = "waiting"  # the panel has not finished scoring: 待评完
    # Approved all the same, with the officer's reason (grants.guards): it holds its grant.
    APPROVED_BELOW_THRESHOLD = "approved_below_threshold"


@dataclass(frozen=True)
class RankedProject:
    rank: int
    result: PanelResult
    requested: Decimal
    running_total: Decimal | None  # only projects that compete for the budget add up
    standing: Standing

    @property
    def funded(self) -> bool:
        return self.standing is Standing.FUNDED

    @property
    def below_line(self) -> bool:
        return self.standing is Standing.BELOW_LINE

    @property
    def failed(self) -> bool:
        return self.standing is Standing.FAILED

    @property
    def waiting(self) -> bool:
        return self.standing is Standing.WAITING

    @property
    def approved_below_threshold(self) -> bool:
        return self.standing is Standing.APPROVED_BELOW_THRESHOLD

    @property
    def standing_label(self) -> str:
        match self.standing:
            case Standing.FUNDED:
                return _("within budget")
            case Standing.BELOW_LINE:
                return _("below the funding line")
            case Standing.FAILED:
                return _("below the pass threshold")
            case Standing.APPROVED_BELOW_THRESHOLD:
                return _("approved below the pass threshold, with the reason given")
        return _("waiting for scores")


ZERO = Decimal("0.00")


def ranking(call: Call, stage: str = Stage.INITIAL) -> tuple[list[RankedProject], Decimal]:
    """The call's panels by score (complete ones first), with the running total of
    requested amounts against the budget still available: the funding line.

    Only a project whose panel is complete and whose score reaches the programme's pass
    threshold competes for the budget; a panel still scoring is waiting (never inside
    the line, its request not added up), a failing one is below the threshold. A project
    already approved holds what ``remaining_budget`` counts it for (its grant; a
    terminated one what was paid): that is added back to the budget available and added
    up in the running total, whatever its score."""
    results = [
        result_of(panel) for panel in panels_with_sheets().filter(project__call=call, stage=stage)
    ]
    results.sort(
        key=lambda r: (r.outcome.score is None, -(r.outcome.score or 0), r.panel.project_id)
    )
    holdings = [held_by(r.panel.project) for r in results]
    available = remaining_budget(call) + sum((h for h in holdings if h is not None), ZERO)
    threshold = call.programme.pass_threshold
    ranked, running = [], ZERO
    for rank, (result, held) in enumerate(zip(results, holdings, strict=True), start=1):
        requested = result.panel.project.requested_amount
        score = result.outcome.score
        if held is not None:
            running += held
            if score is not None and score < threshold:
                standing = Standing.APPROVED_BELOW_THRESHOLD
            else:
                standing = Standing.FUNDED if running <= available else Standing.BELOW_LINE
            ranked.append(RankedProject(rank, result, requested, running, standing))
        elif score is None:
            ranked.append(RankedProject(rank, result, requested, None, Standing.WAITING))
        elif score < threshold:
            ranked.append(RankedProject(rank, result, requested, None, Standing.FAILED))
        else:
            running += requested
            standing = Standing.FUNDED if running <= available else Standing.BELOW_LINE
            ranked.append(RankedProject(rank, result, requested, running, standing))
    return ranked, available
