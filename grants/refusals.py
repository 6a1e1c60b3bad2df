"""Why an action was refused, in words for the user.

Every app raises ``Refused`` with all of its reasons at once. Two kinds say what happened
to the state: ``NotAvailable`` when the state the record is in does not offer the action,
and ``ProjectChanged`` only when someone else really changed the project meanwhile.
"""

from typing import Protocol

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _


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
    and constraints would not hold: a use case called without a form checks what the form
    would have, so the database never has to say no."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as invalid:
        raise Refused([str(message) for message in invalid.messages]) from invalid
