"""The two community policy rules, computed exactly in Decimal.

R1: project-based community services get at least ``project_share_min`` % of the fund.
R2: designated service uses cover at least ``designated_space_min`` % of the space, home-
based elderly care at least ``home_care_space_min`` %, and at least ``open_space_min`` % is
open to social organisations' public-welfare services.

The verdicts work on plain values, so a proposed change can be judged before it is
written, and the arithmetic can be checked against its definition (tests use Hypothesis).
A share passes when ``part × 100 ≥ minimum × whole``: exactly 50.00 % passes. Shares are
shown rounded *down* to two places, so a failing share never reads as the minimum.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from typing import TYPE_CHECKING, NamedTuple, Self

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import DESIGNATED_USES, AllocationUse, Policy, RoomUse
from grants.arithmetic import format_yuan
from grants.models import ProjectState

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
TEN_THOUSAND = Decimal("10000")


def shown_share(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``, rounded down to two places."""
    if not whole:
        return ZERO
    # Hundredths of a percent, truncated toward zero (as ROUND_DOWN does), as 0.01 steps.
    return (part * TEN_THOUSAND // whole).scaleb(-2)


def shown_minimum(minimum: Decimal) -> str:
    """50.00 → "50", 12.50 → "12.5": thresholds read as people write them."""
    text = f"{minimum:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def meets(part: Decimal, whole: Decimal, minimum: Decimal) -> bool:
    return whole > 0 and part * HUNDRED >= minimum * whole


# End states in which a project past approval delivers no more than it had when it
# stopped: terminated, or rejected on an objection in publicity (withdrawn and found
# ineligible are there too, should a project reach them after an allocation).
STOPPED_STATES = frozenset(
    {ProjectState.TERMINATED, ProjectState.REJECTED, ProjectState.WITHDRAWN}
    | {ProjectState.INELIGIBLE}
)


@dataclass(frozen=True)
class AllocationFigures:
    """One allocation as the rule sees it, with the project it funds: its state, the
    grant it was approved (requested, before approval) and what of that grant was paid."""

    use: str
    amount: Decimal
    project_state: str | None = None
    project_paid: Decimal = ZERO
    project_amount: Decimal = ZERO

    @property
    def stopped(self) -> bool:
        return self.use == AllocationUse.PROJECT_BASED and self.project_state in STOPPED_STATES

    @property
    def counted(self) -> Decimal:
        """What counts toward R1: what serves the community. A running or closed project's
        allocation counts in full; a stopped project's counts only the share of the project
        that was delivered, measured by the share of its grant paid before it stopped
        (paid ÷ approved, rounded down to the fen). The share is the project's, so all its
        allocations, in every plan, count the same fraction of themselves: never more in
        total than the project delivered, never more than was allocated."""
        if self.use != AllocationUse.PROJECT_BASED:
            return ZERO
        if not self.stopped:
            return self.amount
        if self.project_amount <= 0:
            return ZERO
        delivered = (self.amount * self.project_paid / self.project_amount).quantize(
            Decimal("0.01"), rounding=ROUND_DOWN
        )
        return min(self.amount, delivered)


class FundVerdict(NamedTuple):
    fund: Decimal
    project_based: Decimal
    allocated: Decimal
    minimum: Decimal

    @property
    def rule_problems(self) -> list[str]:
        """What R1 says of the plan, in sentences: written when asked, as a whole area's
        compliance judges thousands of plans and shows few sentences."""
        if self.passes:
            return []
        return [
            _(
                "Project-based services %(amount)s yuan, %(share)s%% of the fund, below "
                "%(minimum)s%%."
            )
            % {
                "amount": format_yuan(self.project_based),
                "share": self.share,
                "minimum": shown_minimum(self.minimum),
            }
        ]

    @property
    def allocation_problems(self) -> list[str]:
        if self.allocated <= self.fund:
            return []
        return [
            _("Allocations total %(allocated)s yuan, more than the fund of %(fund)s yuan.")
            % {"allocated": format_yuan(self.allocated), "fund": format_yuan(self.fund)}
        ]

    @property
    def problems(self) -> list[str]:
        return self.rule_problems + self.allocation_problems

    @property
    def share(self) -> Decimal:
        return shown_share(self.project_based, self.fund)

    @property
    def passes(self) -> bool:
        """R1 itself; over-allocation is refused separately, whatever the state."""
        return meets(self.project_based, self.fund, self.minimum)

    def is_worse_than(self, before: Self) -> bool:
        return self.project_based < before.project_based

    @property
    def shortfall(self) -> Decimal:
        """How much more project-based money the rule needs (0 when it passes)."""
        needed = (self.minimum * self.fund / HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_UP)
        return max(ZERO, needed - self.project_based)


def fund_verdict(
    *, fund: Decimal, allocations: Iterable[AllocationFigures], policy: Policy
) -> FundVerdict:
    allocations = list(allocations)
    return fund_verdict_of_sums(
        fund=fund,
        project_based=sum((a.counted for a in allocations), ZERO),
        allocated=sum((a.amount for a in allocations), ZERO),
        policy=policy,
    )


def fund_verdict_of_sums(
    *, fund: Decimal, project_based: Decimal, allocated: Decimal, policy: Policy
) -> FundVerdict:
    """R1 on a plan's sums: what counts toward it (each allocation's ``counted``) and
    what is allocated at all. ``fund_verdict`` adds the allocations up; the compliance of
    a whole area has the database add them (``community.compliance``)."""
    return FundVerdict(fund, project_based, allocated, policy.project_share_min)


@dataclass(frozen=True)
class RoomFigures:
    use: str
    area: Decimal
    open_to_organisations: bool


# Translated when shown (a whole area's compliance judges thousands of registries).
DESIGNATED_LABEL = gettext_lazy("Designated service space")
HOME_CARE_LABEL = gettext_lazy("Home-based elderly care space")
OPEN_LABEL = gettext_lazy("Space open to social organisations")


class SpaceShare(NamedTuple):
    label: "StrOrPromise"
    area: Decimal
    total: Decimal
    minimum: Decimal

    @property
    def share(self) -> Decimal:
        return shown_share(self.area, self.total)

    @property
    def passes(self) -> bool:
        return meets(self.area, self.total, self.minimum)


class SpaceVerdict(NamedTuple):
    total: Decimal
    shares: list[SpaceShare]

    @property
    def passes(self) -> bool:
        return self.total > 0 and all(share.passes for share in self.shares)

    def is_worse_than(self, before: Self) -> bool:
        """Some share is smaller than it was (compared exactly, as fractions)."""
        return any(
            new.area * old.total < old.area * new.total
            for old, new in zip(before.shares, self.shares, strict=True)
        )

    @property
    def rule_problems(self) -> list[str]:
        return self.problems

    @property
    def problems(self) -> list[str]:
        if self.total <= 0:
            return [_("No room is registered yet.")]
        return [
            _("%(label)s %(area)s m², %(share)s%% of the space, below %(minimum)s%%.")
            % {
                "label": share.label,
                "area": f"{share.area:,.2f}",
                "share": share.share,
                "minimum": shown_minimum(share.minimum),
            }
            for share in self.shares
            if not share.passes
        ]


def space_verdict(*, rooms: Iterable[RoomFigures], policy: Policy) -> SpaceVerdict:
    rooms = list(rooms)
    return space_verdict_of_sums(
        total=sum((room.area for room in rooms), ZERO),
        designated=sum((room.area for room in rooms if room.use in DESIGNATED_USES), ZERO),
        home_care=sum((room.area for room in rooms if room.use == RoomUse.HOME_CARE), ZERO),
        open_area=sum((room.area for room in rooms if room.open_to_organisations), ZERO),
        policy=policy,
    )


def space_verdict_of_sums(
    *,
    total: Decimal,
    designated: Decimal,
    home_care: Decimal,
    open_area: Decimal,
    policy: Policy,
) -> SpaceVerdict:
    """R2 on a registry's sums: all rooms, those of a designated use, those for home-based
    elderly care, those open to social organisations."""
    return SpaceVerdict(
        total,
        [
            SpaceShare(DESIGNATED_LABEL, designated, total, policy.designated_space_min),
            SpaceShare(HOME_CARE_LABEL, home_care, total, policy.home_care_space_min),
            SpaceShare(OPEN_LABEL, open_area, total, policy.open_space_min),
        ],
    )
