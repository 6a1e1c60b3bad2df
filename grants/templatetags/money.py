"""Money and percentages as DESIGN.md shows them: ¥1,234.56 and 49.99%."""

from decimal import Decimal

from django import template

from accounts.privacy import mask_account
from grants.arithmetic import format_yuan

register = template.Library()


@register.filter
def yuan(amount: Decimal | None) -> str:
    if amount is None or amount == "":
        return "—"
    return f"¥{format_yuan(Decimal(amount))}"


@register.filter
def percent(value: Decimal | None) -> str:
    if value is None or value == "":  # "" is a missing lookup, e.g. a community without a plan
        return "—"
    return f"{Decimal(value):.2f}%"


@register.filter
def masked_account(account: str) -> str:
    """A bank account as pages show it: the last four digits (finance types it in full)."""
    return mask_account(account or "")
