from django import template

from community.records import STEP_LABELS

register = template.Library()


@register.filter
def record_step_label(name: str) -> str:
    """The user-facing name of a plan or registry step, e.g. 审批通过 for approve."""
    return STEP_LABELS.get(name, name)
