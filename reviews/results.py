"""What a panel concluded: each submitted sheet's total (dropped and flagged ones marked),
the panel score, the outcome the lifecycle decisions take, and the ranking of a call."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from grants.guards import PanelOutcome, remaining_budget
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
    def outcome(self) -> PanelOutcome:
        return PanelOutcome(
            assigned=len(self.members),
            submitted=len(self.lines),
            score=self.score if len(self.lines) == len(self.members) else None,
        )


def panels_with_sheets():
    seated = PanelMember.objects.filter(removed_at__isnull=True).select_related("expert")
    sheets = ScoreSheet.objects.select_related("expert").prefetch_related("scores")
    return Panel.objects.select_related("project__organisation", "rubric").prefetch_related(
        Prefetch("members", queryset=seated), Prefetch("sheets", queryset=sheets)
    )


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


@dataclass(frozen=True)
class RankedProject:
    rank: int
    result: PanelResult
    requested: Decimal
    running_total: Decimal
    funded: bool


def ranking(call: Call, stage: str = Stage.INITIAL) -> tuple[list[RankedProject], Decimal]:
    """The call's panels by score (complete ones first), with the running total of
    requested amounts against the budget still available: the funding line."""
    results = [
        result_of(panel) for panel in panels_with_sheets().filter(project__call=call, stage=stage)
    ]
    results.sort(
        key=lambda r: (r.outcome.score is None, -(r.outcome.score or 0), r.panel.project_id)
    )
    available = remaining_budget(call) + sum(
        (r.panel.project.approved_amount or Decimal("0")) for r in results
    )
    ranked, running = [], Decimal("0.00")
    for rank, result in enumerate(results, start=1):
        requested = result.panel.project.requested_amount
        running += requested
        ranked.append(RankedProject(rank, result, requested, running, running <= available))
    return ranked, available
