"""Figures of delivery as pages show them."""

from decimal import Decimal

from django import template

from grants.arithmetic import format_quantity

register = template.Library()


@register.filter
def quantity(value: Decimal | str | None) -> str:
    """An indicator's target or achievement: ``12,000``, ``2.5``."""
    if value is None or value == "":
        return "—"
    return format_quantity(Decimal(value))
