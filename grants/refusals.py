"""Why an action was refused, in words for the user.

Every app raises ``Refused`` with all of its reasons at once. Two kinds say what happened
to the state: ``NotAvailable`` when the state the record is in does not offer the action,
and ``ProjectChanged`` only when someone else really changed the project meanwhile.
"""

from typing import Protocol

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Field, Model
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_fsm import FSMFieldMixin

from accounts.input_bounds import instance_problems, value_problems


class HasState(Protocol):
    """A record with a state field shown by its label (a project, a plan, a registry)."""

    def get_state_display(self) -> str: ...


class Refused(Exception):
    """The action cannot happen now; ``problems`` says every reason, for the user."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class NotAvailable(Refused):
    """The record's state does not offer the action, and nobody changed it meanwhile."""

    def __init__(self, record: HasState) -> None:
        super().__init__(
            [
                _("This cannot be done while it is “%(state)s”.")
                % {"state": record.get_state_display()}
            ]
        )
        self.record = record


class ProjectChanged(Refused):
    """Someone else changed the project since this user looked at it."""

    def __init__(self, project: HasState) -> None:
        super().__init__(
            [
                _(
                    "This project was just changed by someone else and is now “%(state)s”. "
                    "Please check it again before you act."
                )
                % {"state": project.get_state_display()}
            ]
        )
        self.project = project


def refuse_invalid(instance: Model, *, exclude: list[str] | None = None) -> None:
    """Refuse, with every message, values a use case was handed that the model's fields
    and constraints would not hold (what is not typed excepted, see ``not_typed``): a use
    case called without a form checks what the form would have, so the database never has
    to say no. The input bounds every form applies (no control characters, years and
    whole numbers in range) are checked too."""
    problems = invalid_problems(instance, exclude=exclude)
    if problems:
        raise Refused(problems)


def invalid_problems(instance: Model, *, exclude: list[str] | None = None) -> list[str]:
    """What ``refuse_invalid`` would say, for a use case checking several rows at once."""
    exclude = [*not_typed(instance), *(exclude or [])]
    problems = instance_problems(instance, exclude=exclude)
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as invalid:
        for field, messages in invalid.message_dict.items():
            problems.setdefault(field, []).extend(messages)
    return _labelled_all(type(instance), problems)


def refuse_invalid_values(model: type[Model], **values: object) -> None:
    """``refuse_invalid`` for a few values on their way into ``model``'s fields (a reason,
    a comment), before the row they belong to is made."""
    problems: dict[str, list[str]] = {}
    for name, value in values.items():
        field = _field(model, name)
        messages = value_problems(field, value)
        try:
            field.clean(value, None)
        except ValidationError as invalid:
            messages = [*messages, *invalid.messages]
        if messages:
            problems[name] = messages
    if problems:
        raise Refused(_labelled_all(model, problems))


def not_typed(instance: Model) -> list[str]:
    """The foreign keys and the state: a use case sets links from objects it looked up
    through the user's scope or locked, never from typed ids (checking them again would
    only cost queries), and only a transition moves a state."""
    return [
        field.name
        for field in instance._meta.concrete_fields
        if field.is_relation or isinstance(field, FSMFieldMixin)
    ]


def _labelled_all(model: type[Model], problems: dict[str, list[str]]) -> list[str]:
    return [
        _labelled(model, field, message)
        for field, messages in problems.items()
        for message in dict.fromkeys(messages)
    ]


def _labelled(model: type[Model], field: str, message: str) -> str:
    """The message with the name of its field before it: 标题：…"""
    if field == NON_FIELD_ERRORS:
        return message
    label = capfirst(_field(model, field).verbose_name)
    return _("%(field)s: %(problem)s") % {"field": label, "problem": message}


def _field(model: type[Model], name: str) -> Field:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # noqa: S101 - a concrete column, named by our code
    return field
