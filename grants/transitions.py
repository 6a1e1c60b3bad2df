"""The machinery every project use case shares: lock the row, check that it is still in
the state the user saw, check permission, fire the ``@transition``, save, log.

A use case names its transition once, as the model's method (``Project.submit``):
``begin`` returns a ``Step`` that knows it, and the log row takes the method's name.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import MethodType

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from accounts.models import User
from grants.models import Project, TransitionLog
from grants.refusals import NotAvailable, ProjectChanged, refuse_invalid, refuse_invalid_values

# A ``@transition`` method of ``Project``, taken from the class: ``Project.submit``.
ProjectTransition = Callable[..., None]


def lock(project: Project, *, seen_state: str | None = None) -> Project:
    """Re-read the project with its row locked until the transaction ends; refuse if it is
    no longer in the state the user saw."""
    # Annotated: mypy sees ``Project.objects`` as Any (see [tool.mypy] in pyproject.toml).
    locked: Project = (
        Project.objects.select_for_update(of=("self",))
        .select_related("call__programme", "organisation", "community")
        .get(pk=project.pk)
    )
    if seen_state is not None and locked.state != seen_state:
        raise ProjectChanged(locked)
    return locked


def check_allowed(project: Project, transition: ProjectTransition, user: User) -> None:
    """Refuse a transition the project's state does not offer, or the user may not fire."""
    method = MethodType(transition, project)
    if not can_proceed(method):
        raise NotAvailable(project)
    if not has_transition_perm(method, user):
        raise PermissionDenied


@dataclass(frozen=True)
class Step:
    """A project locked and checked for one transition, which ``fire`` then takes."""

    project: Project
    transition: ProjectTransition
    by: User

    def fire(self, *, comment: str = "", **arguments: object) -> TransitionLog:
        return fire(self.project, self.transition, by=self.by, comment=comment, **arguments)


def begin(
    project: Project, transition: ProjectTransition, *, by: User, seen_state: str | None = None
) -> Step:
    """Lock the project and refuse at once, before any guard, if it changed since the user
    saw it, or its state or the user's role does not allow ``transition``."""
    locked = lock(project, seen_state=seen_state)
    check_allowed(locked, transition, by)
    return Step(locked, transition, by)


def fire(
    project: Project,
    transition: ProjectTransition,
    *,
    by: User,
    comment: str = "",
    **arguments: object,
) -> TransitionLog:
    """Take ``transition`` on a project its caller locked, save it and write its log row."""
    from_state = project.state
    refuse_invalid_values(TransitionLog, comment=comment)
    before = _values(project)
    transition(project, **arguments)
    # What the transition set (an amount, a date, a number) is checked as a form would.
    after = _values(project)
    refuse_invalid(project, exclude=[name for name in before if before[name] == after[name]])
    try:
        # A savepoint, so that after a refused save the transaction can still read the row.
        with transaction.atomic():
            project.save()
    except ConcurrentTransition as error:
        raise ProjectChanged(Project.objects.get(pk=project.pk)) from error
    return TransitionLog.objects.create(
        project=project,
        transition=transition.__name__,
        from_state=from_state,
        to_state=project.state,
        actor=by,
        comment=comment,
    )


def _values(project: Project) -> dict[str, object]:
    return {field.name: getattr(project, field.attname) for field in project._meta.concrete_fields}
