"""A field's choice as people read it, what ``get_FOO_display()`` gives, at a lookup's cost.

``get_FOO_display()`` builds a dict of every choice of the field each time it is called,
hashing, and so translating, each label: the project page called it thirty times and
spent a fifth of its rendering there. The labels of a field are read once per language.
"""

from functools import cache
from typing import Any

from django.db.models import Field, Model
from django.utils.translation import get_language


def choice_label(instance: Model, name: str) -> Any:
    """The label of ``instance.<name>``'s value; the value itself when it has none."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    return _labels(field, get_language()).get(value, value)


@cache
def _labels(field: Field, language: str | None) -> dict[Any, str]:
    return {value: str(label) for value, label in field.flatchoices}
