"""Use cases for community fund plans and space registries, keeping the two rules.

Every change runs in one transaction with the plan (or registry) row locked, so two
changes that each keep a rule cannot together break it: the second one is judged on what
the first one wrote. Once approved, no change may leave the record failing its rule
(unless it already failed — a terminated project — and the change does not make it worse).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django_fsm import can_proceed, has_transition_perm

from accounts import permissions as account_permissions
from accounts.models import Community, User
from grants import policy as rules
from grants.models import PAST_APPROVAL_STATES, Policy
from grants.models.community import (
    Allocation,
    AllocationUse,
    FundPlan,
    RecordLog,
    RecordState,
    Room,
    SpaceRegistry,
)
from grants.transitions import TransitionRefused


class NoPolicy(TransitionRefused):
    def __init__(self, year: int) -> None:
        super().__init__(
            [
                _("No community policy is in force for %(year)s; an administrator adds one.")
                % {"year": year}
            ]
        )


def policy_for(year: int) -> Policy:
    found = Policy.objects.for_year(year)
    if found is None:
        raise NoPolicy(year)
    return found


def may_keep(record, user: User) -> bool:
    """Community staff of the record's community keep its content."""
    return account_permissions.is_community_staff(user) and user.community_id == record.community_id


# --- figures ------------------------------------------------------------------------------


def allocation_figures(allocations) -> list[rules.AllocationFigures]:
    return [
        rules.AllocationFigures(
            use=a.use,
            amount=a.amount,
            project_state=a.project.state if a.project_id else None,
            project_paid=a.project.paid_amount if a.project_id else rules.ZERO,
        )
        for a in allocations
    ]


def plan_verdict(plan: FundPlan, allocations=None) -> rules.FundVerdict:
    if allocations is None:
        allocations = plan.allocations.select_related("project")
    return rules.fund_verdict(
        fund=plan.fund_amount,
        allocations=allocation_figures(allocations),
        policy=policy_for(plan.year),
    )


def room_figures(rooms) -> list[rules.RoomFigures]:
    return [rules.RoomFigures(r.use, r.area, r.open_to_organisations) for r in rooms]


def registry_verdict(registry: SpaceRegistry, rooms=None) -> rules.SpaceVerdict:
    rooms = registry.rooms.all() if rooms is None else rooms
    return rules.space_verdict(rooms=room_figures(rooms), policy=policy_for(registry.year))


# --- creating -----------------------------------------------------------------------------


@transaction.atomic
def create_plan(*, community: Community, year: int, by: User) -> FundPlan:
    if not (account_permissions.is_community_staff(by) and by.community_id == community.pk):
        raise PermissionDenied
    plan, _created = FundPlan.objects.get_or_create(
        community=community, year=year, defaults={"fund_amount": policy_for(year).fund_amount}
    )
    return plan


@transaction.atomic
def create_registry(*, community: Community, year: int, by: User) -> SpaceRegistry:
    if not (account_permissions.is_community_staff(by) and by.community_id == community.pk):
        raise PermissionDenied
    policy_for(year)
    registry, _created = SpaceRegistry.objects.get_or_create(community=community, year=year)
    return registry


# --- changing the content under the rule --------------------------------------------------


def _lock(record):
    return type(record).objects.select_for_update().get(pk=record.pk)


def _check_keeper(record, by: User) -> None:
    if not may_keep(record, by):
        raise PermissionDenied
    if not record.is_editable:
        raise TransitionRefused(
            [_("This is waiting for the officer's approval and cannot be changed now.")]
        )


def _judge_change(record, before, after) -> None:
    """Refuse a change to an approved record that leaves it failing its rule, unless it
    was already failing and the change does not make it worse."""
    if record.state != RecordState.APPROVED or after.passes:
        return
    if before.passes or _worse(before, after):
        raise TransitionRefused(getattr(after, "rule_problems", None) or after.problems)


def _worse(before, after) -> bool:
    if isinstance(after, rules.FundVerdict):
        return after.project_based < before.project_based
    return any(
        new.area * old.total < old.area * new.total
        for old, new in zip(before.shares, after.shares, strict=True)
    )


def _log(record, *, action: str, by: User, before: str, comment: str = "") -> None:
    target = {"plan": record} if isinstance(record, FundPlan) else {"registry": record}
    RecordLog.objects.create(
        action=action,
        from_state=before,
        to_state=record.state,
        actor=by,
        comment=comment,
        **target,
    )


def allocation_problems(plan: FundPlan, allocation: Allocation) -> list[str]:
    if allocation.use != AllocationUse.PROJECT_BASED:
        return []
    project = allocation.project
    if project is None:
        return [_("Choose the project this allocation funds.")]
    problems = []
    if project.community_id != plan.community_id:
        problems.append(
            _("“%(title)s” serves %(community)s, not this community.")
            % {"title": project.title, "community": project.community.name}
        )
    if project.state not in PAST_APPROVAL_STATES:
        problems.append(
            _("“%(title)s” is %(state)s; only projects past approval can be funded here.")
            % {"title": project.title, "state": project.get_state_display()}
        )
    return problems


def _change_item(record, *, by: User, item, remove: bool = False, check=None):
    """Add, change or remove one allocation or room of a locked record, judging the
    record as it would be afterwards."""
    record = _lock(record)
    _check_keeper(record, by)
    if isinstance(record, FundPlan):
        current, verdict = list(record.allocations.select_related("project")), plan_verdict
    else:
        current, verdict = list(record.rooms.all()), registry_verdict
    proposed = [i for i in current if i.pk != item.pk] + ([] if remove else [item])
    before, after = verdict(record, current), verdict(record, proposed)
    if check is not None:
        check(record, after)
    _judge_change(record, before, after)
    if remove:
        item.delete()
    else:
        setattr(item, "plan" if isinstance(record, FundPlan) else "registry", record)
        item.save()
    if record.state == RecordState.APPROVED:
        comment = f"− {item}" if remove else str(item)
        _log(record, action="amend", by=by, before=record.state, comment=comment)
    return item


def _allocation_check(allocation: Allocation):
    def check(plan: FundPlan, after: rules.FundVerdict) -> None:
        problems = allocation_problems(plan, allocation) or after.allocation_problems
        if problems:
            raise TransitionRefused(problems)

    return check


@transaction.atomic
def save_allocation(*, plan: FundPlan, allocation: Allocation, by: User) -> Allocation:
    """Add or change one allocation; ``allocation`` carries the new values, unsaved."""
    return _change_item(plan, by=by, item=allocation, check=_allocation_check(allocation))


@transaction.atomic
def remove_allocation(*, plan: FundPlan, allocation: Allocation, by: User) -> None:
    _change_item(plan, by=by, item=allocation, remove=True)


@transaction.atomic
def save_room(*, registry: SpaceRegistry, room: Room, by: User) -> Room:
    return _change_item(registry, by=by, item=room)


@transaction.atomic
def remove_room(*, registry: SpaceRegistry, room: Room, by: User) -> None:
    _change_item(registry, by=by, item=room, remove=True)


# --- submitting and approving -------------------------------------------------------------


def _verdict_of(record):
    return plan_verdict(record) if isinstance(record, FundPlan) else registry_verdict(record)


@transaction.atomic
def move(*, record, action: str, by: User, seen_state: str | None = None):
    """``submit`` (community staff), ``approve`` or ``return_to_draft`` (officer). Submitting
    and approving are refused while the rule fails, with its numbers."""
    record = _lock(record)
    if seen_state is not None and record.state != seen_state:
        raise TransitionRefused(
            [
                _("This was just changed by someone else and is now “%(state)s”.")
                % {"state": record.get_state_display()}
            ]
        )
    method = getattr(record, action)
    if not can_proceed(method):
        raise TransitionRefused(
            [
                _("This cannot be done while it is “%(state)s”.")
                % {"state": record.get_state_display()}
            ]
        )
    if not has_transition_perm(method, by):
        raise PermissionDenied
    if action in {"submit", "approve"}:
        problems = _verdict_of(record).problems
        if problems:
            raise TransitionRefused(problems)
    before = record.state
    method()
    record.save()
    _log(record, action=action, by=by, before=before)
    return record


# What each step of a plan or registry is called on buttons and in its timeline.
RECORD_ACTION_LABELS = {
    "submit": pgettext_lazy("plan action", "Submit for approval"),
    "approve": pgettext_lazy("plan action", "Approve"),
    "return_to_draft": pgettext_lazy("plan action", "Return to draft"),
    "amend": pgettext_lazy("plan action", "Amend after approval"),
}
