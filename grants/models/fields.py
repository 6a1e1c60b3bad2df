"""Field shapes shared by the grants models: money in yuan and percentages."""

from decimal import Decimal

from django.db import models


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    """Yuan with two decimals (fen); never a float."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


def percent_field(verbose_name, **kwargs) -> models.DecimalField:
    """A percentage such as 40.00 for 40 %."""
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=2, **kwargs)


ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
