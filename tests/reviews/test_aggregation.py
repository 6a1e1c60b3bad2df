from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grants.models import Grade, Programme
from grants.scoring import final_score, grade_for
from reviews.aggregation import aggregate, satisfaction_from_counts

D = Decimal


def _totals(*values):
    return [D(v) for v in values]


def test_three_sheets_plain_mean():
    result = aggregate(_totals("80", "85", "90"))
    assert result.score == D("85.00")
    assert result.dropped == frozenset()


def test_four_sheets_plain_mean_rounded_half_up():
    # (80 + 81 + 82 + 83.02) / 4 = 81.505 → 81.51
    assert aggregate(_totals("80", "81", "82", "83.02")).score == D("81.51")


def test_five_sheets_drop_one_highest_and_one_lowest():
    result = aggregate(_totals("70", "95", "80", "85", "60"))
    assert result.dropped == frozenset({1, 4})
    assert result.score == D("78.33")  # (70 + 80 + 85) / 3 = 78.333…


def test_seven_sheets_drop_only_one_of_each():
    result = aggregate(_totals("90", "90", "80", "70", "70", "85", "75"))
    assert len(result.dropped) == 2
    assert result.score == D("80.00")  # (90 + 80 + 70 + 85 + 75) / 5


def test_ties_at_the_top_and_bottom_drop_exactly_one_each():
    result = aggregate(_totals("88", "88", "88", "88", "88"))
    assert len(result.dropped) == 2
    assert result.score == D("88.00")


def test_rounding_at_xx5_goes_up():
    # (80 + 80.01) / 2 = 80.005
    assert aggregate(_totals("80", "80.01")).score == D("80.01")


def test_an_outlier_more_than_20_points_from_the_mean_is_flagged():
    result = aggregate(_totals("86", "82", "90", "78", "45.20"))
    assert result.flagged == frozenset({4})
    assert aggregate(_totals("80", "60")).flagged == frozenset()  # 10 from the mean of 70


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=9))
def test_score_is_between_the_lowest_and_highest_total(totals):
    result = aggregate(totals)
    assert min(totals) <= result.score <= max(totals) + D("0.005")
    assert len(result.dropped) == (2 if len(totals) >= 5 else 0)


def test_satisfaction_from_answer_counts():
    respondents, score = satisfaction_from_counts(
        {"very_satisfied": 52, "satisfied": 31, "fair": 9, "dissatisfied": 3}
    )
    assert respondents == 95
    assert score == D("86.53")  # (5200 + 2480 + 540) / 95 = 86.526…


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("59.99", Grade.FAIL),
        ("60", Grade.PASS),
        ("79.99", Grade.PASS),
        ("80", Grade.GOOD),
        ("89.99", Grade.GOOD),
        ("90", Grade.EXCELLENT),
    ],
)
def test_grade_boundaries(score, grade):
    programme = Programme(
        grade_excellent=D("90"), grade_good=D("80"), grade_pass=D("60"), panel_weight=D("85")
    )
    assert grade_for(programme, D(score)) == grade


def test_final_score_weights_panel_85_and_satisfaction_15():
    programme = Programme(panel_weight=D("85.00"))
    assert final_score(programme, panel=D("82.00"), satisfaction=D("86.53")) == D("82.68")
