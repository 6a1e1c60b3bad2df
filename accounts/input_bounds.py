"""The one input boundary every form goes through, ours and the admin's alike.

Django's form fields check types; these bounds add what the database and the exports
need, so bad input is refused with a message beside its field instead of failing later:

* text may not hold control characters that XML 1.0 cannot carry (they break workbooks
  and PDFs made from it later); tabs and line breaks are fine;
* a date lies between 1900 and 2100 (organisations registered long ago are real; year 1
  is not), a date and time between 2000 and 2100 (windows, deadlines, records);
* a whole number fits a database integer column.

``install()`` adds them to the field classes' default validators once, at start-up
(``AccountsConfig.ready``), so no form can forget them. Decimals are bounded by their
``max_digits`` already, and model fields add their columns' ranges in ``full_clean``.
``instance_problems()`` applies the same bounds to a model instance a use case was handed
without a form.
"""

import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
DATE_YEARS = (1900, 2100)
DATETIME_YEARS = (2000, 2100)
INTEGER_RANGE = (-2_147_483_648, 2_147_483_647)


INTEGER_VALIDATORS = (MinValueValidator(INTEGER_RANGE[0]), MaxValueValidator(INTEGER_RANGE[1]))


def no_control_characters(value: object) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _(
                "This contains invisible control characters (often pasted from another "
                "program); delete them and save again."
            ),
            code="control_characters",
        )


def search_text(value: str, *, limit: int = 100) -> str:
    """Words typed into a list's search box, as a query may use them: without control
    characters (PostgreSQL refuses a NUL in any text) and no longer than ``limit``."""
    return CONTROL_CHARACTERS.sub("", value).strip()[:limit]


def _year_between(first: int, last: int):
    def validate(value: date | datetime | None) -> None:
        if value is not None and not first <= value.year <= last:
            raise ValidationError(
                _("Enter a date between the years %(first)s and %(last)s.")
                % {"first": first, "last": last},
                code="year_out_of_range",
            )

    return validate


date_in_range = _year_between(*DATE_YEARS)
datetime_in_range = _year_between(*DATETIME_YEARS)


def _integer_in_range(value: int | None) -> None:
    for validate in INTEGER_VALIDATORS:
        if value is not None:
            validate(value)


def _field_validator(field: models.Field):
    if isinstance(field, models.IntegerField) and not isinstance(
        field, (models.BigIntegerField, models.SmallIntegerField)
    ):
        return _integer_in_range  # what PostgreSQL's integer holds, on SQLite too
    if isinstance(field, models.DateTimeField):
        return datetime_in_range
    if isinstance(field, models.DateField):
        return date_in_range
    if isinstance(field, (models.CharField, models.TextField)):
        return no_control_characters
    return None


def value_problems(field: models.Field, value: object) -> list[str]:
    """What the bound a form would have put on ``field`` says of ``value`` (nothing if
    it holds)."""
    validate = _field_validator(field)
    try:
        if validate is not None:
            validate(value)
    except ValidationError as invalid:
        return invalid.messages
    return []


def instance_problems(instance: models.Model, *, exclude: list[str] | None = None) -> dict:
    """The bounds a form would have checked, for each concrete field of ``instance``:
    ``{field name: [messages]}``, empty when every value is within them."""
    problems: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        if field.name not in (exclude or ()):
            messages = value_problems(field, getattr(instance, field.attname))
            if messages:
                problems[field.name] = messages
    return problems


def install() -> None:
    _add(forms.CharField, no_control_characters)
    _add(forms.DateField, date_in_range)
    _add(forms.DateTimeField, datetime_in_range)
    for validator in INTEGER_VALIDATORS:
        _add(forms.IntegerField, validator)


def _add(field_class: type[forms.Field], validator) -> None:
    if validator not in field_class.default_validators:
        field_class.default_validators = [*field_class.default_validators, validator]
