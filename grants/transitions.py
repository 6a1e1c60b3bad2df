"""The machinery every project use case shares: lock the row, check that it is still in
the state the user saw, check permission, fire the ``@transition``, save, log."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from accounts.models import User
from grants.models import Project, TransitionLog


class TransitionRefused(Exception):
    """The action cannot happen now; ``problems`` says every reason, for the user."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class ProjectChanged(TransitionRefused):
    """Someone else changed the project since this user looked at it."""

    def __init__(self, project: Project) -> None:
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


def lock(project: Project, *, seen_state: str | None = None) -> Project:
    """Re-read the project with its row locked until the transaction ends."""
    locked = (
        Project.objects.select_for_update(of=("self",))
        .select_related("call__programme", "organisation", "community")
        .get(pk=project.pk)
    )
    if seen_state is not None and locked.state != seen_state:
        raise ProjectChanged(locked)
    return locked


def check_allowed(project: Project, name: str, user: User) -> None:
    """Refuse a transition the project's state does not offer, or the user may not fire."""
    method = getattr(project, name)
    if not can_proceed(method):
        raise ProjectChanged(project)
    if not has_transition_perm(method, user):
        raise PermissionDenied


def begin(project: Project, name: str, by: User, *, seen_state: str | None = None) -> Project:
    """Lock the project and refuse at once, before any guard, if its state or the user's
    role does not allow ``name``."""
    locked = lock(project, seen_state=seen_state)
    check_allowed(locked, name, by)
    return locked


def fire(project: Project, name: str, *, by: User, comment: str = "", **kwargs) -> TransitionLog:
    """Run transition ``name`` on a project its caller locked and checked (``begin``), save
    it and write its log row."""
    from_state = project.state
    getattr(project, name)(**kwargs)
    try:
        project.save()
    except ConcurrentTransition as error:
        raise ProjectChanged(Project.objects.get(pk=project.pk)) from error
    return TransitionLog.objects.create(
        project=project,
        transition=name,
        from_state=from_state,
        to_state=project.state,
        actor=by,
        comment=comment,
    )
