"""Panel score from the submitted sheets (DESIGN.md): with five or more sheets drop one
highest and one lowest total and average the rest, else average all; half up to two
places. A sheet more than ``outlier_gap`` points from the mean of all sheets is flagged."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
DEFAULT_OUTLIER_GAP = Decimal("20")


@dataclass(frozen=True)
class Aggregate:
    score: Decimal | None
    dropped: frozenset[int]  # positions in the input list
    flagged: frozenset[int]


def aggregate(totals: list[Decimal], *, outlier_gap: Decimal = DEFAULT_OUTLIER_GAP) -> Aggregate:
    if not totals:
        return Aggregate(None, frozenset(), frozenset())
    positions = sorted(range(len(totals)), key=lambda i: (totals[i], i))
    dropped = frozenset({positions[0], positions[-1]}) if len(totals) >= 5 else frozenset()
    kept = [total for i, total in enumerate(totals) if i not in dropped]
    score = (sum(kept, Decimal("0")) / len(kept)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    mean = sum(totals, Decimal("0")) / len(totals)
    flagged = frozenset(i for i, total in enumerate(totals) if abs(total - mean) > outlier_gap)
    return Aggregate(score, dropped, flagged)


# 非常满意 / 满意 / 基本满意 / 不满意 and the points each answer gives.
SATISFACTION_LEVELS = {"very_satisfied": 100, "satisfied": 80, "fair": 60, "dissatisfied": 0}


def satisfaction_from_counts(counts: dict[str, int]) -> tuple[int, Decimal]:
    """Respondents and score (0–100) from the number of answers at each level."""
    respondents = sum(counts.get(level, 0) for level in SATISFACTION_LEVELS)
    if respondents == 0:
        return 0, Decimal("0.00")
    points = sum(counts.get(level, 0) * weight for level, weight in SATISFACTION_LEVELS.items())
    return respondents, (Decimal(points) / respondents).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
