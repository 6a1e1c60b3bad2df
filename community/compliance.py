"""Both community rules for every community of a year, for the compliance page, the
``compliance`` command and the compliance reports.

The database adds each plan's and each registry's figures up (one GROUP BY each, no
model built); the sums go to the same rule functions a single plan or registry is judged
by (``community.policy``: ``fund_verdict_of_sums``, ``space_verdict_of_sums``), so the
verdicts are the rules' own. What an allocation counts toward R1 is the rule's too
(``AllocationFigures.counted``): the database sums the allocations that count in full
(every project-based allocation but those of stopped projects) and the few allocations of
stopped projects are read as plain values and counted by the rule, so its rounding (down
to the fen, per allocation) is never written twice. Four queries whatever the number of
communities; ``iter_compliance`` yields the rows one by one for streamed output.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import NamedTuple

from django.db import connections
from django.db.models import Case, Q, QuerySet, Sum, Value, When
from django.urls import reverse

from accounts.models import Community
from community import policy as rules
from community.models import (
    DESIGNATED_USES,
    Allocation,
    AllocationUse,
    FundPlan,
    RecordState,
    RoomUse,
    SpaceRegistry,
)
from community.plans import grant_of
from community.records import policy_for
from grants.models.fields import money_field

ZERO = rules.ZERO
CENT = Decimal("0.01")
STOPPED = sorted(rules.STOPPED_STATES)


class Place(NamedTuple):
    name: str


class CommunityName(NamedTuple):
    """A community as the rows show it: its name and its street's."""

    pk: int
    name: str
    street: Place


class RecordSummary(NamedTuple):
    """A plan or a registry as the rows show it: its state and its page."""

    pk: int
    state: str
    url_name: str

    def get_state_display(self) -> str:
        return str(RecordState(self.state).label)

    def get_absolute_url(self) -> str:
        return reverse(self.url_name, args=[self.pk])


class CommunityCompliance(NamedTuple):
    """One community's row (tuples: an area has thousands of them)."""

    community: CommunityName
    plan: RecordSummary | None
    fund: rules.FundVerdict | None
    registry: RecordSummary | None
    space: rules.SpaceVerdict | None

    @property
    def fund_passes(self) -> bool:
        return self.fund is not None and self.fund.passes

    @property
    def space_passes(self) -> bool:
        return self.space is not None and self.space.passes

    @property
    def passes(self) -> bool:
        return self.fund_passes and self.space_passes

    def as_json(self) -> dict:
        fund, space = self.fund, self.space
        designated, home_care, open_space = space.shares if space else (None, None, None)
        return {
            "street": self.community.street.name,
            "community": self.community.name,
            "plan_state": self.plan.state if self.plan else None,
            "fund": str(fund.fund) if fund else None,
            "project_based": str(fund.project_based) if fund else None,
            "project_share": str(fund.share) if fund else None,
            "fund_passes": self.fund_passes,
            "registry_state": self.registry.state if self.registry else None,
            "total_area": str(space.total) if space else None,
            "designated_share": str(designated.share) if designated else None,
            "home_care_share": str(home_care.share) if home_care else None,
            "open_share": str(open_space.share) if open_space else None,
            "designated_passes": bool(designated and designated.passes),
            "home_care_passes": bool(home_care and home_care.passes),
            "open_passes": bool(open_space and open_space.passes),
            "space_passes": self.space_passes,
        }


def compliance_for(communities: QuerySet[Community], year: int) -> list[CommunityCompliance]:
    return list(iter_compliance(communities, year))


def iter_compliance(communities: QuerySet[Community], year: int) -> Iterator[CommunityCompliance]:
    """The rows in street and community order, made as they are read."""
    policy = policy_for(year)
    plans = _plan_sums(communities, year)
    registries = _registry_sums(communities, year)
    names = (
        communities.order_by("street__name", "name")
        .values_list("pk", "name", "street__name")
        .iterator(chunk_size=20_000)
    )
    for pk, name, street in names:
        community = CommunityName(pk, name, Place(street))
        plan = fund = registry = space = None
        if (sums := plans.get(pk)) is not None:
            plan_pk, state, fund_amount, allocated, project_based = sums
            plan = RecordSummary(plan_pk, state, "community:plan")
            fund = rules.fund_verdict_of_sums(
                fund=fund_amount, project_based=project_based, allocated=allocated, policy=policy
            )
        if (sums := registries.get(pk)) is not None:
            registry_pk, state, total, designated, home_care, open_area = sums
            registry = RecordSummary(registry_pk, state, "community:registry")
            space = rules.space_verdict_of_sums(
                total=total,
                designated=designated,
                home_care=home_care,
                open_area=open_area,
                policy=policy,
            )
        yield CommunityCompliance(community, plan, fund, registry, space)


def _of(records: QuerySet, communities: QuerySet[Community]) -> QuerySet:
    """The plans or registries of ``communities``; of all communities (the command's
    question), without a join to them."""
    if communities.query.has_filters():
        return records.filter(community__in=communities)
    return records


def _money(value: Decimal | None) -> Decimal:
    return ZERO if value is None else value


def _money_on_sqlite(value: Decimal | None) -> Decimal:
    return ZERO if value is None else value.quantize(CENT)


def _sums_as_money(rows: QuerySet) -> Callable[[Decimal | None], Decimal]:
    """How the sums ``rows`` reads become amounts as the rules take them: two places.
    PostgreSQL sums numeric columns exactly, to their two places; SQLite adds decimals as
    floats, and rounding to two places undoes that at these magnitudes."""
    return _money_on_sqlite if connections[rows.db].vendor == "sqlite" else _money


class _Total(Sum):
    """A sum of amounts or areas, handed on as the database driver gives it: a Decimal
    already (psycopg's; SQLite's through Django's converter for the column), so it is not
    made one again for each of thousands of rows."""

    @property
    def convert_value(self) -> Callable:
        # Django's own "no conversion": the column is left out of the row's converters.
        noop: Callable = self._convert_value_noop  # type: ignore[attr-defined]
        return noop


def _plan_sums(communities: QuerySet[Community], year: int) -> dict[int, tuple]:
    """community → (plan, state, fund, allocated, counted toward R1)."""
    plans = _of(FundPlan.objects.filter(year=year), communities)
    project_based = Q(allocations__use=AllocationUse.PROJECT_BASED)
    stopped = project_based & Q(allocations__project__state__in=STOPPED)
    rows = (
        plans.order_by()
        .values_list("community_id", "pk", "state", "fund_amount")
        .annotate(
            allocated=_Total("allocations__amount"),
            in_full=_Total(
                Case(
                    When(stopped, then=Value(ZERO)),
                    When(project_based, then="allocations__amount"),
                    default=Value(ZERO),
                    output_field=money_field(""),
                )
            ),
        )
    )
    partly = _counted_of_stopped(plans)
    money = _sums_as_money(rows)
    return {
        community: (
            pk,
            state,
            fund,
            money(allocated),
            money(in_full) + partly.get(pk, ZERO),
        )
        for community, pk, state, fund, allocated, in_full in rows
    }


def _counted_of_stopped(plans: QuerySet[FundPlan]) -> dict[int, Decimal]:
    """plan → what its allocations to stopped projects count, by the rule itself."""
    allocations = Allocation.objects.filter(
        plan__in=plans.values("pk"),
        use=AllocationUse.PROJECT_BASED,
        project__state__in=STOPPED,
    ).values_list(
        "plan_id",
        "amount",
        "project__state",
        "project__paid_amount",
        "project__approved_amount",
        "project__requested_amount",
    )
    counted: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for plan, amount, state, paid, approved, requested in allocations:
        counted[plan] += rules.AllocationFigures(
            use=AllocationUse.PROJECT_BASED,
            amount=amount,
            project_state=state,
            project_paid=paid,
            project_amount=grant_of(approved=approved, requested=requested),
        ).counted
    return counted


def _registry_sums(communities: QuerySet[Community], year: int) -> dict[int, tuple]:
    """community → (registry, state, total, designated, home care, open) areas."""
    rows = (
        _of(SpaceRegistry.objects.filter(year=year), communities)
        .order_by()
        .values_list("community_id", "pk", "state")
        .annotate(
            total=_Total("rooms__area"),
            designated=_Total("rooms__area", filter=Q(rooms__use__in=sorted(DESIGNATED_USES))),
            home_care=_Total("rooms__area", filter=Q(rooms__use=RoomUse.HOME_CARE)),
            open_area=_Total("rooms__area", filter=Q(rooms__open_to_organisations=True)),
        )
    )
    money = _sums_as_money(rows)
    return {
        community: (pk, state, money(total), money(designated), money(home), money(open_))
        for community, pk, state, total, designated, home, open_ in rows
    }
