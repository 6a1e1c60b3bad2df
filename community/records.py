"""What the fund-plan and space-registry use cases share: the policy of a year, the row
lock with the "state you saw" check, firing a step, and judging an amendment.

Every change runs in one transaction with the plan (or registry) row locked, so two
changes that each keep a rule cannot together break it: the second one is judged on what
the first one wrote. Once approved, no change may leave the record failing its rule
(unless it already failed — a terminated project — and the change does not make it worse).
"""

from dataclasses import dataclass, field
from typing import Any, Protocol, Self, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django_fsm import can_proceed, has_transition_perm

from accounts.models import User
from community import permissions
from community.models import CommunityRecord, Policy, RecordState
from grants.refusals import HasState, NotAvailable, Refused

Record = TypeVar("Record", bound=CommunityRecord)
Item = TypeVar("Item", bound=models.Model)


class Verdict(Protocol):
    @property
    def passes(self) -> bool: ...

    @property
    def rule_problems(self) -> list[str]: ...

    def is_worse_than(self, before: Self) -> bool: ...


class RecordStep(Protocol):
    """A ``@transition`` bound to its record, such as ``plan.submit``."""

    __self__: CommunityRecord
    __name__: str

    def __call__(self) -> None: ...


class Step(Protocol):
    """Any ``@transition`` bound to its record (a plan's, a registry's, a need's), with the
    arguments it takes."""

    __self__: HasState
    __name__: str

    def __call__(self, *args: Any, **kwargs: Any) -> None: ...


class Changed(Refused):
    """Someone else changed the record since this user looked at it."""

    def __init__(self, record: HasState) -> None:
        super().__init__(
            [
                _("This was just changed by someone else and is now “%(state)s”.")
                % {"state": record.get_state_display()}
            ]
        )
        self.record = record


@dataclass(frozen=True)
class Preview:
    """The verdict a record would have after a change, and why the change would be refused
    (nothing when it would be saved)."""

    verdict: Verdict
    refusals: list[str] = field(default_factory=list)


class NoPolicy(Refused):
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


def refuse_if(problems: list[str]) -> None:
    if problems:
        raise Refused(problems)


def lock(record: Record, *, seen_state: str | None = None) -> Record:
    """Re-read the record with its row locked until the transaction ends."""
    # Annotated: mypy sees a record class's ``objects`` as Any (see [tool.mypy] in pyproject).
    locked: Record = type(record).objects.select_for_update().get(pk=record.pk)
    if seen_state is not None and locked.state != seen_state:
        raise Changed(locked)
    return locked


def check_step(step: Step, by: User) -> None:
    """Refuse a step (a bound ``@transition`` such as ``plan.submit`` or ``need.forward``)
    that the record's state does not offer, or that ``by`` may not take."""
    record = step.__self__
    if not can_proceed(step):
        raise NotAvailable(record)
    if not has_transition_perm(step, by):
        raise PermissionDenied


def take_step(step: RecordStep, *, by: User) -> None:
    """Fire a step checked by ``check_step``, save the record and log it."""
    record = step.__self__
    from_state = record.state
    step()
    record.save()
    record.log(step.__name__, by=by, from_state=from_state)


def check_keeper(record: CommunityRecord, by: User) -> None:
    """Only the community's staff change a record's content, and not while it waits for
    the officer."""
    if not permissions.keeps_records_of(by, record.community_id):
        raise PermissionDenied
    if not record.is_editable:
        raise Refused([_("This is waiting for the officer's approval and cannot be changed now.")])


def judge_amendment(record: CommunityRecord, *, before: Verdict, after: Verdict) -> None:
    """Refuse a change to an approved record that leaves it failing its rule, unless it
    was already failing and the change does not make it worse."""
    if record.state != RecordState.APPROVED or after.passes:
        return
    if before.passes or after.is_worse_than(before):
        raise Refused(after.rule_problems)


def log_amendment(record: CommunityRecord, *, by: User, comment: str) -> None:
    """Changes to an approved record are kept in its timeline."""
    if record.state == RecordState.APPROVED:
        record.log("amend", by=by, from_state=record.state, comment=comment)


def replacing(items: list[Item], item: Item) -> list[Item]:
    """``items`` as they would be once ``item`` (new or changed) is saved."""
    return [*without(items, item), item]


def without(items: list[Item], item: Item) -> list[Item]:
    return [i for i in items if i.pk != item.pk]


# What each step of a plan or registry is called on buttons and in its timeline.
STEP_LABELS = {
    "submit": pgettext_lazy("plan action", "Submit for approval"),
    "approve": pgettext_lazy("plan action", "Approve"),
    "return_to_draft": pgettext_lazy("plan action", "Return to draft"),
    "amend": pgettext_lazy("plan action", "Amend after approval"),
}
