"""Use cases of a community's annual service-fund plan 为民服务专项经费计划 (rule R1):
start it, add, change and remove allocations under the rule, submit, approve, return."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.models import Community, User
from community import permissions
from community import policy as rules
from community.models import Allocation, AllocationUse, FundPlan
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
from grants.arithmetic import format_yuan
from grants.models import PAST_APPROVAL_STATES, Project
from grants.refusals import Refused, refuse_invalid


def allocation_figures(allocations: Iterable[Allocation]) -> list[rules.AllocationFigures]:
    return [
        rules.AllocationFigures(
            use=a.use,
            amount=a.amount,
            project_state=a.project.state if a.project is not None else None,
            project_paid=a.project.paid_amount if a.project is not None else rules.ZERO,
            project_amount=project_amount(a.project) if a.project is not None else rules.ZERO,
        )
        for a in allocations
    ]


def project_amount(project: Project) -> Decimal:
    """What a project can take from all plans together: its approved grant, or before
    approval what it requested."""
    return grant_of(approved=project.approved_amount, requested=project.requested_amount)


def grant_of(*, approved: Decimal | None, requested: Decimal) -> Decimal:
    """``project_amount`` on a project's two amounts (as a query reads them)."""
    return approved if approved is not None else requested


@dataclass(frozen=True)
class AllocationRow:
    """An allocation as the plan page shows it: what it counts toward R1."""

    allocation: Allocation
    figures: rules.AllocationFigures


def allocation_rows(plan: FundPlan) -> list[AllocationRow]:
    allocations = list(plan.allocations.select_related("project"))
    return [
        AllocationRow(allocation, figures)
        for allocation, figures in zip(allocations, allocation_figures(allocations), strict=True)
    ]


def plan_verdict(
    plan: FundPlan, allocations: Iterable[Allocation] | None = None
) -> rules.FundVerdict:
    """R1 for the plan as saved, or as it would be with ``allocations``."""
    if allocations is None:
        allocations = plan.allocations.select_related("project")
    return rules.fund_verdict(
        fund=plan.fund_amount,
        allocations=allocation_figures(allocations),
        policy=policy_for(plan.year),
    )


def allocation_problems(plan: FundPlan, allocation: Allocation) -> list[str]:
    """A project-based allocation funds a project of this community, past approval."""
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
    limit, already = project_amount(project), allocated_elsewhere(allocation)
    if already + allocation.amount > limit:
        problems.append(
            _(
                "“%(title)s” can take %(limit)s yuan from all plans together; %(already)s "
                "yuan is allocated to it already, so this allocation can be at most "
                "%(left)s yuan, not %(amount)s yuan."
            )
            % {
                "title": project.title,
                "limit": format_yuan(limit),
                "already": format_yuan(already),
                "left": format_yuan(max(rules.ZERO, limit - already)),
                "amount": format_yuan(allocation.amount),
            }
        )
    return problems


def allocated_elsewhere(allocation: Allocation) -> Decimal:
    """What the other allocations of ``allocation``'s project hold, in every plan."""
    others = Allocation.objects.filter(project=allocation.project)
    if allocation.pk is not None:
        others = others.exclude(pk=allocation.pk)
    total: Decimal = others.aggregate(total=Sum("amount"))["total"] or rules.ZERO
    return total


def check_allocation(
    plan: FundPlan, allocation: Allocation, current: list[Allocation]
) -> rules.FundVerdict:
    """Refuse saving ``allocation`` (new or changed, unsaved) into a plan holding
    ``current`` if that would break a rule; else the verdict the plan would have."""
    refuse_invalid(allocation)
    after = plan_verdict(plan, replacing(current, allocation))
    refuse_if(allocation_problems(plan, allocation) or after.allocation_problems)
    judge_amendment(plan, before=plan_verdict(plan, current), after=after)
    return after


def preview_allocation(*, plan: FundPlan, allocation: Allocation) -> Preview:
    """What saving ``allocation`` would do to the plan, without saving it (the live
    verdict beside the form)."""
    current = list(plan.allocations.select_related("project"))
    try:
        return Preview(check_allocation(plan, allocation, current))
    except Refused as refused:
        return Preview(plan_verdict(plan, replacing(current, allocation)), refused.problems)


@transaction.atomic
def create_plan(*, community: Community, year: int, by: User) -> FundPlan:
    """The community's plan of ``year`` (made once, with the policy's fund amount)."""
    if not permissions.keeps_records_of(by, community.pk):
        raise PermissionDenied
    plan: FundPlan  # mypy sees FundPlan.objects as Any (see [tool.mypy] in pyproject.toml)
    plan, _created = FundPlan.objects.get_or_create(
        community=community, year=year, defaults={"fund_amount": policy_for(year).fund_amount}
    )
    return plan


@transaction.atomic
def save_allocation(*, plan: FundPlan, allocation: Allocation, by: User) -> Allocation:
    """Add or change one allocation; ``allocation`` carries the new values, unsaved."""
    plan = lock(plan)
    check_keeper(plan, by)
    if allocation.project_id is not None:
        # Plans of other communities or years may fund the project at the same moment:
        # its row is the lock under which its allocations are added up.
        Project.objects.select_for_update().filter(pk=allocation.project_id).exists()
    check_allocation(plan, allocation, list(plan.allocations.select_related("project")))
    allocation.plan = plan
    allocation.save()
    log_amendment(plan, by=by, comment=str(allocation))
    return allocation


@transaction.atomic
def remove_allocation(*, plan: FundPlan, allocation: Allocation, by: User) -> None:
    plan = lock(plan)
    check_keeper(plan, by)
    current = list(plan.allocations.select_related("project"))
    judge_amendment(
        plan,
        before=plan_verdict(plan, current),
        after=plan_verdict(plan, without(current, allocation)),
    )
    allocation.delete()
    log_amendment(plan, by=by, comment=f"− {allocation}")


@transaction.atomic
def submit_plan(*, plan: FundPlan, by: User, seen_state: str | None = None) -> FundPlan:
    """Community staff submit a plan that keeps R1 for the officer's approval."""
    plan = lock(plan, seen_state=seen_state)
    check_step(plan.submit, by)
    refuse_if(plan_verdict(plan).problems)
    take_step(plan.submit, by=by)
    return plan


@transaction.atomic
def approve_plan(*, plan: FundPlan, by: User, seen_state: str | None = None) -> FundPlan:
    """The officer approves a submitted plan; refused while it breaks R1."""
    plan = lock(plan, seen_state=seen_state)
    check_step(plan.approve, by)
    refuse_if(plan_verdict(plan).problems)
    take_step(plan.approve, by=by)
    return plan


@transaction.atomic
def return_plan(*, plan: FundPlan, by: User, seen_state: str | None = None) -> FundPlan:
    """The officer sends a submitted plan back to the community as a draft."""
    plan = lock(plan, seen_state=seen_state)
    check_step(plan.return_to_draft, by)
    take_step(plan.return_to_draft, by=by)
    return plan
