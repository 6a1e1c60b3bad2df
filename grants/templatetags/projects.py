from django import template

from grants.lifecycle import TRANSITION_LABELS

register = template.Library()


@register.filter
def action_label(name: str) -> str:
    """The user-facing name of a transition, e.g. 退回修改 for return_for_revision."""
    return TRANSITION_LABELS.get(name, name)
