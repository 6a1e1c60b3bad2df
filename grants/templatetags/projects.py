from django import template

from grants.community import RECORD_ACTION_LABELS
from grants.lifecycle import TRANSITION_LABELS

register = template.Library()


@register.filter
def action_label(name: str) -> str:
    """The user-facing name of a transition, e.g. 退回修改 for return_for_revision."""
    return TRANSITION_LABELS.get(name, name)


@register.filter
def record_action_label(name: str) -> str:
    """The user-facing name of a plan or registry step, e.g. 审批通过 for approve."""
    return RECORD_ACTION_LABELS.get(name, name)
