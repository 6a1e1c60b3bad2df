"""Field shapes shared by the grants models: money in yuan and percentages."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, overload

from django.db import models

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable
    from django_stubs_ext import StrOrPromise

    # What a DecimalField accepts and what it gives back, so that type checkers see
    # ``project.approved_amount`` as ``Decimal | None`` and ``budget.amount`` as ``Decimal``.
    _DecimalIn: TypeAlias = str | float | Decimal | Combinable
    DecimalColumn: TypeAlias = models.DecimalField[_DecimalIn, Decimal]
    NullableDecimalColumn: TypeAlias = models.DecimalField[_DecimalIn | None, Decimal | None]


@overload
def money_field(
    verbose_name: StrOrPromise, *, null: Literal[False] = False, **kwargs: Any
) -> DecimalColumn: ...
@overload
def money_field(
    verbose_name: StrOrPromise, *, null: Literal[True], **kwargs: Any
) -> NullableDecimalColumn: ...
def money_field(
    verbose_name: StrOrPromise, *, null: bool = False, **kwargs: Any
) -> DecimalColumn | NullableDecimalColumn:
    """Yuan with two decimals (fen); never a float."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, null=null, **kwargs)


@overload
def percent_field(
    verbose_name: StrOrPromise, *, null: Literal[False] = False, **kwargs: Any
) -> DecimalColumn: ...
@overload
def percent_field(
    verbose_name: StrOrPromise, *, null: Literal[True], **kwargs: Any
) -> NullableDecimalColumn: ...
def percent_field(
    verbose_name: StrOrPromise, *, null: bool = False, **kwargs: Any
) -> DecimalColumn | NullableDecimalColumn:
    """A percentage such as 40.00 for 40 %."""
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=2, null=null, **kwargs)


ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
