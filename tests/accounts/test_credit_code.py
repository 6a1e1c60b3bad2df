import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from accounts.credit_code import (
    AUTHORITY_CATEGORIES,
    CODE_SET,
    credit_code_check_character,
    credit_code_problems,
    validate_credit_code,
)
from tests.factories import SocialOrganisationFactory, valid_credit_code


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# The worked example of GB 32100-2015 and codes built by its rules for each kind of
# registration our users meet: civil affairs (groups, agencies, foundations), market
# regulation, public institutions, and a national-level social organisation.
VALID_CODES = [
    "91350100M000100Y43",
    valid_credit_code("5", "1"),
    valid_credit_code("5", "2"),
    valid_credit_code("5", "3"),
    valid_credit_code("9", "1"),
    valid_credit_code("1", "2", "320100"),
    valid_credit_code("5", "1", "100000"),
]


@pytest.mark.parametrize("code", VALID_CODES)
def test_valid_codes_pass(code):
    assert credit_code_problems(code) == []
    validate_credit_code(code)


def _with_check(first_seventeen: str) -> str:
    return first_seventeen + credit_code_check_character(first_seventeen)


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("91350100M000100Y4", "18 characters"),
        ("91350100M000100Y433", "18 characters"),
        ("", "18 characters"),
        ("91350100m000100y43", "not allowed here"),
        ("91350100M00O100Y43", "not allowed here"),
        ("9135010 M000100Y43", "not allowed here"),
        ("９1350100M000100Y43", "not allowed here"),
        (_with_check("B1350100M000100Y4"), "registration authority"),
        (_with_check("54350100M000100Y4"), "organisation category"),
        (_with_check("9400000000M000100Y4"[:17]), "administrative division"),
        (_with_check("91990100M000100Y4"), "administrative division"),
        (_with_check("91350100M000100Y5"), "GB 11714"),
        ("91350100M000100Y42", "check character"),
    ],
)
def test_each_kind_of_invalid_code_names_its_rule(code, rule):
    problems = credit_code_problems(code)
    assert problems, code
    assert any(rule in problem for problem in problems), problems


def test_every_broken_rule_is_reported_at_once():
    code = "B4990100M000100Y50"
    problems = credit_code_problems(code)
    assert len(problems) == 4  # authority, division, organisation code, check character


def test_validator_raises_with_all_problems():
    with pytest.raises(ValidationError) as raised:
        validate_credit_code("91350100M000100Y42")
    assert [error.code for error in raised.value.error_list] == ["invalid_credit_code"]


@given(st.text(alphabet=CODE_SET, min_size=17, max_size=17), st.sampled_from(CODE_SET))
def test_exactly_one_check_character_fits_any_seventeen(first_seventeen, last):
    problems = credit_code_problems(first_seventeen + last)
    check_ok = not any("check character (the 18th)" in p for p in problems)
    assert check_ok == (last == credit_code_check_character(first_seventeen))


@given(
    st.sampled_from(sorted(AUTHORITY_CATEGORIES)),
    st.integers(min_value=0, max_value=16),
    st.sampled_from(CODE_SET),
)
def test_changing_one_character_is_always_caught(authority, position, replacement):
    code = valid_credit_code(authority, AUTHORITY_CATEGORIES[authority][0])
    changed = code[:position] + replacement + code[position + 1 :]
    if changed != code:
        assert credit_code_problems(changed)


@pytest.mark.django_db
def test_organisation_form_shows_the_rule_by_the_field():
    organisation = SocialOrganisationFactory.build(credit_code="91350100M000100Y42")
    organisation.home_community.street.district.save()
    organisation.home_community.street.save()
    organisation.home_community.save()
    with pytest.raises(ValidationError) as raised:
        organisation.full_clean()
    assert "credit_code" in raised.value.message_dict
    assert "check character" in raised.value.message_dict["credit_code"][0]


@pytest.mark.django_db
def test_code_of_another_civil_affairs_category_is_refused_for_the_type():
    organisation = SocialOrganisationFactory(credit_code=valid_credit_code("5", "3"))
    with pytest.raises(ValidationError) as raised:
        organisation.full_clean()
    assert "org_type" in raised.value.message_dict


def test_problems_are_told_in_chinese_by_default():
    with translation.override("zh-hans"):
        problems = credit_code_problems("91350100M000100Y42")
    assert problems == ["校验码（第 18 位）与前 17 位不符。"]
