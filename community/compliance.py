"""Both community rules for every community of a year, for the compliance page, the
``compliance`` command and the compliance reports. A fixed number of queries
whatever the number of communities."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from accounts.models import Community
from community import policy as rules
from community.models import Allocation, FundPlan, SpaceRegistry
from community.plans import allocation_figures
from community.records import policy_for
from community.spaces import room_figures


@dataclass(frozen=True)
class CommunityCompliance:
    community: Community
    plan: FundPlan | None
    fund: rules.FundVerdict | None
    registry: SpaceRegistry | None
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
    policy = policy_for(year)
    plans = {
        plan.community_id: plan
        for plan in FundPlan.objects.filter(year=year, community__in=communities).prefetch_related(
            Prefetch("allocations", queryset=Allocation.objects.select_related("project"))
        )
    }
    registries = {
        registry.community_id: registry
        for registry in SpaceRegistry.objects.filter(
            year=year, community__in=communities
        ).prefetch_related("rooms")
    }
    rows = []
    for community in communities.select_related("street").order_by("street__name", "name"):
        plan, registry = plans.get(community.pk), registries.get(community.pk)
        fund = (
            rules.fund_verdict(
                fund=plan.fund_amount,
                allocations=allocation_figures(plan.allocations.all()),
                policy=policy,
            )
            if plan
            else None
        )
        space = (
            rules.space_verdict(rooms=room_figures(registry.rooms.all()), policy=policy)
            if registry
            else None
        )
        rows.append(CommunityCompliance(community, plan, fund, registry, space))
    return rows
