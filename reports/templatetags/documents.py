"""Filters of the document kit: money as a bureau prints it."""

import re
from decimal import Decimal

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from grants.arithmetic import format_yuan
from reports.chinese_amounts import yuan_in_words

register = template.Library()


@register.filter
def capitals(amount: Decimal | None) -> str:
    """人民币大写 without a space anywhere: 玖万元整."""
    if amount is None or amount == "":
        return "—"
    return yuan_in_words(Decimal(amount))


@register.filter
def yuan_words(amount: Decimal | None) -> str:
    """Figures and capitals as one unbreakable phrase: ¥90,000.00（人民币玖万元整）."""
    if amount is None or amount == "":
        return "—"
    value = Decimal(amount)
    return f"¥{format_yuan(value)}（人民币{yuan_in_words(value)}）"


MONEY_PHRASE = re.compile(r"¥[\d,]+\.\d{2}|（人民币[^）]*）")


@register.filter
def keep_money_together(text: str) -> str:
    """A paragraph whose figures (¥90,000.00) and capitals (（人民币玖万元整）) each stay on
    one line (the text is escaped first)."""
    escaped = conditional_escape(text)
    return mark_safe(  # noqa: S308 - the text was escaped above; only our span is added
        MONEY_PHRASE.sub(lambda match: f'<span class="nowrap">{match.group(0)}</span>', escaped)
    )
