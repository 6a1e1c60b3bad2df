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


def room_figures(rooms: Iterable[Room]) -> list[rules.RoomFigures]:
    return [rules.RoomFigures(r.use, r.area, r.open_to_organisations) for r in rooms]


def registry_verdict(
    registry: SpaceRegistry, rooms: Iterable[Room] | None = None
) -> rules.SpaceVerdict:
    """R2 for the registry as saved, or as it would be with ``rooms``."""
    rooms = registry.rooms.all() if rooms is None else rooms
    return rules.space_verdict(rooms=room_figures(rooms), policy=policy_for(registry.year))


@transaction.atomic
def create_registry(*, community: Community, year: int, by: User) -> SpaceRegistry:
    """The community's registry of ``year`` (made once)."""
    if not permissions.keeps_records_of(by, community.pk):
        raise PermissionDenied
    policy_for(year)
    registry, _created = SpaceRegistry.objects.get_or_create(community=community, year=year)
    return registry


@transaction.atomic
def save_room(*, registry: SpaceRegistry, room: Room, by: User) -> Room:
    """Add or change one room; ``room`` carries the new values, unsaved."""
    registry = lock(registry)
    check_keeper(registry, by)
    current = list(registry.rooms.all())
    judge_amendment(
        registry,
        before=registry_verdict(registry, current),
        after=registry_verdict(registry, replacing(current, room)),
    )
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
