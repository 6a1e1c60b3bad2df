"""Final score and grade of a closed project (DESIGN.md: panel × 85 % + satisfaction × 15 %,
优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 below; weights and bands from the programme)."""

from decimal import ROUND_HALF_UP, Decimal

from grants.arithmetic import FEN, HUNDRED
from grants.models import Grade, Programme


def final_score(programme: Programme, *, panel: Decimal, satisfaction: Decimal) -> Decimal:
    weighted = panel * programme.panel_weight + satisfaction * programme.satisfaction_weight
    return (weighted / HUNDRED).quantize(FEN, rounding=ROUND_HALF_UP)


def grade_for(programme: Programme, score: Decimal) -> str:
    if score >= programme.grade_excellent:
        return Grade.EXCELLENT
    if score >= programme.grade_good:
        return Grade.GOOD
    if score >= programme.grade_pass:
        return Grade.PASS
    return Grade.FAIL
