from decimal import Decimal
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from grants.arithmetic import FEN, format_yuan, share_percent, split_by_percent

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2)


@st.composite
def percent_lists(draw):
    """Percentages of two decimals that add up to exactly 100."""
    cuts = sorted(draw(st.lists(st.integers(1, 9999), min_size=0, max_size=5, unique=True)))
    points = [0, *cuts, 10000]
    return [Decimal(b - a) / 100 for a, b in pairwise(points)]


@given(amounts, percent_lists())
def test_tranches_sum_exactly_to_the_approved_amount(total, percents):
    parts = split_by_percent(total, percents)
    assert sum(parts) == total
    assert all(part == part.quantize(FEN) for part in parts)
    for part, percent in zip(parts[:-1], percents[:-1], strict=True):
        assert abs(part - total * percent / 100) <= Decimal("0.005")


def test_default_schedule_on_an_awkward_amount():
    parts = split_by_percent(Decimal("100000.01"), [Decimal("50"), Decimal("30"), Decimal("20")])
    assert parts == [Decimal("50000.01"), Decimal("30000.00"), Decimal("20000.00")]


def test_shares_and_formatting():
    assert share_percent(Decimal("149999.99"), Decimal("300000.00")) == Decimal("50.00")
    assert share_percent(Decimal("149970.00"), Decimal("300000.00")) == Decimal("49.99")
    assert share_percent(Decimal("1"), Decimal("0")) == Decimal("0.00")
    assert format_yuan(Decimal("1234.5")) == "1,234.50"
