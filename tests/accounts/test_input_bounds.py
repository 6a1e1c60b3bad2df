"""The one input boundary: every form field refuses, beside itself and in the user's
language, what the database or the exports could not hold."""

import pytest
from django import forms

from community.forms import NeedForm
from grants.forms import CallForm


class Everything(forms.Form):
    text = forms.CharField(required=False)
    day = forms.DateField(required=False)
    moment = forms.DateTimeField(required=False)
    count = forms.IntegerField(required=False)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("text", "标题\x0b换行"),
        ("text", "\x00"),
        ("day", "0001-01-01"),
        ("day", "1899-12-31"),
        ("day", "2101-01-01"),
        ("moment", "0001-01-01T00:00"),
        ("moment", "1999-12-31T23:59"),
        ("count", "2147483648"),
        ("count", "-2147483649"),
    ],
)
def test_out_of_bounds_input_is_refused_beside_its_field(field, value):
    form = Everything({field: value})
    assert not form.is_valid()
    assert list(form.errors) == [field]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("text", "第一行\n第二行\t制表"),
        ("day", "1998-05-20"),
        ("moment", "2026-03-31T09:00"),
        ("count", "2147483647"),
    ],
)
def test_ordinary_input_passes(field, value):
    assert Everything({field: value}).is_valid(), value


def test_the_product_forms_carry_the_bounds(db):
    assert any(
        validator.__name__ == "validate" for validator in CallForm().fields["opens_at"].validators
    )
    need = NeedForm.base_fields["title"]
    assert any(getattr(v, "__name__", "") == "no_control_characters" for v in need.validators)
