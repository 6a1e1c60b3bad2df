from django import template

from community.needs import ACTION_LABELS

register = template.Library()


@register.filter
def need_action_label(name: str) -> str:
    """The user-facing name of an action on a need, e.g. 报送区级 for forward."""
    return str(ACTION_LABELS.get(name, name))
