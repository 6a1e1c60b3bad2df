"""Use cases of a community's service-space registry 社区服务用房 (rule R2): start it,
add, change and remove rooms under the rule, submit, approve, return."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import Community, User
from community import permissions
from community import policy as rules
from community.models import Room, SpaceRegistry
from community.records import (
    Preview,
    check_keeper,
    check_step,
    judge_amendment,
    lock,
    log_amendment,
    policy_for,
    refuse_if,
    replacing,
    take_step,
    without,
)
from grants.refusals import Refused, refuse_invalid


def room_figures(rooms: Iterable[Room]) -> list[rules.RoomFigures]:
    return [rules.RoomFigures(r.use, r.area, r.open_to_organisations) for r in rooms]


def registry_verdict(
    registry: SpaceRegistry, rooms: Iterable[Room] | None = None
) -> rules.SpaceVerdict:
    """R2 for the registry as saved, or as it would be with ``rooms``."""
    rooms = registry.rooms.all() if rooms is None else rooms
    return rules.space_verdict(rooms=room_figures(rooms), policy=policy_for(registry.year))


def check_room(registry: SpaceRegistry, room: Room, current: list[Room]) -> rules.SpaceVerdict:
    """Refuse saving ``room`` (new or changed, unsaved) into a registry holding ``current``
    if that would break the approved rule; else the verdict the registry would have."""
    refuse_invalid(room)
    after = registry_verdict(registry, replacing(current, room))
    judge_amendment(registry, before=registry_verdict(registry, current), after=after)
    return after


def preview_room(*, registry: SpaceRegistry, room: Room) -> Preview:
    """What saving ``room`` would do to the registry, without saving it."""
    current = list(registry.rooms.all())
    try:
        return Preview(check_room(registry, room, current))
    except Refused as refused:
        return Preview(registry_verdict(registry, replacing(current, room)), refused.problems)


@transaction.atomic
def create_registry(*, community: Community, year: int, by: User) -> SpaceRegistry:
    """The community's registry of ``year`` (made once)."""
    if not permissions.keeps_records_of(by, community.pk):
        raise PermissionDenied
    policy_for(year)
    registry: SpaceRegistry  # mypy sees its objects as Any (see [tool.mypy] in pyproject.toml)
    registry, _created = SpaceRegistry.objects.get_or_create(community=community, year=year)
    return registry


@transaction.atomic
def save_room(*, registry: SpaceRegistry, room: Room, by: User) -> Room:
    """Add or change one room; ``room`` carries the new values, unsaved."""
    registry = lock(registry)
    check_keeper(registry, by)
    check_room(registry, room, list(registry.rooms.all()))
    room.registry = registry
    room.save()
    log_amendment(registry, by=by, comment=str(room))
    return room


@transaction.atomic
def remove_room(*, registry: SpaceRegistry, room: Room, by: User) -> None:
    registry = lock(registry)
    check_keeper(registry, by)
    current = list(registry.rooms.all())
    judge_amendment(
        registry,
        before=registry_verdict(registry, current),
        after=registry_verdict(registry, without(current, room)),
    )
    room.delete()
    log_amendment(registry, by=by, comment=f"− {room}")


@transaction.atomic
def submit_registry(
    *, registry: SpaceRegistry, by: User, seen_state: str | None = None
) -> SpaceRegistry:
    """Community staff submit a registry that keeps R2 for the officer's approval."""
    registry = lock(registry, seen_state=seen_state)
    check_step(registry.submit, by)
    refuse_if(registry_verdict(registry).problems)
    take_step(registry.submit, by=by)
    return registry


@transaction.atomic
def approve_registry(
    *, registry: SpaceRegistry, by: User, seen_state: str | None = None
) -> SpaceRegistry:
    """The officer approves a submitted registry; refused while it breaks R2."""
    registry = lock(registry, seen_state=seen_state)
    check_step(registry.approve, by)
    refuse_if(registry_verdict(registry).problems)
    take_step(registry.approve, by=by)
    return registry


@transaction.atomic
def return_registry(
    *, registry: SpaceRegistry, by: User, seen_state: str | None = None
) -> SpaceRegistry:
    """The officer sends a submitted registry back to the community as a draft."""
    registry = lock(registry, seen_state=seen_state)
    check_step(registry.return_to_draft, by)
    take_step(registry.return_to_draft, by=by)
    return registry
