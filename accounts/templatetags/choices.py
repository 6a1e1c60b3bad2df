from django import template
from django.db.models import Model

from accounts.choice_labels import choice_label

register = template.Library()


@register.filter
def display(instance: Model, name: str):
    """``{{ entry|display:"from_state" }}``: what ``entry.get_from_state_display()`` gives."""
    return choice_label(instance, name)
