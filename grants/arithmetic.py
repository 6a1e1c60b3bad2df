"""Money and ratio arithmetic, all in Decimal: fen rounding, shares, tranche splits."""

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
HUNDRED = Decimal("100")


def to_fen(amount: Decimal) -> Decimal:
    """Round half up to the fen (0.01 yuan)."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def money_total(amounts: Iterable[Decimal]) -> Decimal:
    """The sum of amounts in yuan; 0.00 when there are none."""
    return sum(amounts, Decimal("0.00"))


def share_percent(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``, exact to two places (half up); 0 of 0 is 0."""
    if not whole:
        return Decimal("0.00")
    return (part * HUNDRED / whole).quantize(FEN, rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return to_fen(amount * percent / HUNDRED)


def split_by_percent(total: Decimal, percents: Sequence[Decimal]) -> list[Decimal]:
    """Amounts for each percentage, rounded to the fen; the last takes the remainder so
    the parts always sum to ``total`` exactly."""
    if not percents:
        return []
    parts = [percent_of(total, percent) for percent in percents[:-1]]
    return [*parts, total - sum(parts, Decimal("0.00"))]


def format_yuan(amount: Decimal) -> str:
    """``1,234.56``: thousands separated, two decimals, as DESIGN.md shows money."""
    return f"{to_fen(amount):,.2f}"


def format_quantity(value: Decimal) -> str:
    """An indicator's figure without trailing zeros: ``12,000``, ``2.5``."""
    return f"{value.normalize():,f}"
