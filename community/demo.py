"""Demo service-fund plans and space registries for every community, for ``seed_demo``
(which runs after the grants demo: the plans fund its projects).

Every community gets a plan and a registry through the real use cases: most approved and
compliant; 雨花新村社区 at exactly 50.00 %; 花神庙社区 submitted while compliant, then left
at 49.99 % when a linked project was terminated (so it cannot be approved); 共青团路社区's
registry gives home-based elderly care less than 40 % and stays in draft.
"""

from decimal import ROUND_UP, Decimal
from importlib import import_module
from itertools import count, cycle

from django.utils import timezone

from accounts.models import Community, Role, User, UserRole
from community import demo_bulk, demo_needs, plans, spaces
from community.models import Allocation, AllocationUse, FundPlan, Policy, Room, RoomUse
from grants import lifecycle
from grants.demo import bring_project, demo_call, eligible_organisations
from grants.models import Project, ProjectState

D = Decimal
EXACT_HALF = "雨花新村社区"
TERMINATED_BELOW = "花神庙社区"
HOME_CARE_SHORT = "共青团路社区"
RUNNING = [
    ProjectState.IN_PROGRESS,
    ProjectState.MIDTERM_REVIEW,
    ProjectState.CONTRACTED,
    ProjectState.FINAL_REVIEW,
    ProjectState.CLOSED,
    ProjectState.RECTIFYING,
    ProjectState.APPROVED,
]

ROOMS = [
    ("居家养老服务站", RoomUse.HOME_CARE, "120.00", True),
    ("青少年活动室", RoomUse.YOUTH, "60.00", True),
    ("公益慈善超市", RoomUse.CHARITY, "30.00", True),
    ("人民调解室", RoomUse.MEDIATION, "20.00", False),
    ("社区办公室", RoomUse.OFFICE, "40.00", False),
]
SHORT_HOME_CARE = {"居家养老服务站": "90.00"}  # 90 of 240 m²: 37.5 %


def seed(*, stdout, options: dict) -> None:
    year = timezone.localdate().year
    if not FundPlan.objects.filter(year=year).exists():
        _seed_records(year)
    stdout.write(
        f"community: {FundPlan.objects.filter(year=year).count()} fund plans and space "
        f"registries for {year}"
    )
    demo_needs.seed(stdout=stdout, keeper=_keeper)
    extra = options.get("communities") or 0
    if extra:
        demo_bulk.seed_communities(extra)
        stdout.write(f"community: {extra} bulk communities added with their plans and registries")


def _seed_records(year: int) -> None:
    call = demo_call()
    _ensure_policy()
    officer = User.objects.get(username="demo_officer")
    organisations = cycle(eligible_organisations())
    numbers = count(101)

    def new_project(community: Community, requested: Decimal | None = None) -> Project:
        return bring_project(
            call, next(organisations), ProjectState.IN_PROGRESS, next(numbers), community, requested
        )

    for community in Community.objects.select_related("street").order_by("pk"):
        keeper = _keeper(community)
        running = list(Project.objects.filter(community=community, state__in=RUNNING))
        plan = plans.create_plan(community=community, year=year, by=keeper)
        if community.name == TERMINATED_BELOW:
            doomed = new_project(community)
            grant = plans.project_amount(doomed)
            # Once terminated, the doomed project counts only the share of it delivered,
            # measured by the share of its grant paid: its whole grant allocated counts
            # what was paid.
            _fund(plan, keeper, running, D("149999.99") - doomed.paid_amount, new_project)
            _allocate(plan, keeper, doomed, grant, "青少年服务项目")
            _allocate(plan, keeper, None, D("40000.00"), "办公运转", AllocationUse.OFFICE)
            rest = plan.fund_amount - sum(plan.allocations.values_list("amount", flat=True))
            _allocate(plan, keeper, None, rest, "节日主题活动", AllocationUse.ACTIVITIES)
            plans.submit_plan(plan=plan, by=keeper)
            lifecycle.terminate_project(
                project=doomed, by=officer, reason="机构法定代表人变更，经协商终止项目。"
            )
        else:
            share = D("150000.00") if community.name == EXACT_HALF else D("180000.00")
            _fund(plan, keeper, running, share, new_project)
            _allocate(plan, keeper, None, D("70000.00"), "社区活动", AllocationUse.ACTIVITIES)
            _allocate(plan, keeper, None, D("30000.00"), "办公运转", AllocationUse.OFFICE)
            _allocate(plan, keeper, None, D("20000.00"), "应急救助储备", AllocationUse.EMERGENCY)
            plans.submit_plan(plan=plan, by=keeper)
            plans.approve_plan(plan=plan, by=officer)
        _seed_registry(community, year, keeper, officer)


def _fund(plan, keeper, running: list[Project], amount: Decimal, new_project) -> None:
    """Allocate ``amount`` to project-based services: to the community's running
    projects, each up to its grant, and to a new project sized to what is left."""
    left = amount
    for project in running:
        room = plans.project_amount(project) - plans.allocated_elsewhere(
            Allocation(project=project)
        )
        part = min(left, room)
        if part > 0:
            _allocate(plan, keeper, project, part, "社区服务项目化运作")
            left -= part
    if left > 0:
        # Approved at 90 % of the request: ask for enough, in whole thousands.
        requested = (left / D("900")).to_integral_value(rounding=ROUND_UP) * 1000
        _allocate(plan, keeper, new_project(plan.community, requested), left, "助老服务项目")


def _ensure_policy() -> None:
    numbers = import_module("grants.migrations.0004_district_policy").DISTRICT_POLICY
    Policy.objects.get_or_create(effective_year=numbers["effective_year"], defaults=numbers)


def _keeper(community: Community) -> User:
    keeper = User.objects.filter(community=community, role_assignments__role=Role.COMMUNITY_STAFF)
    if keeper.exists():
        return keeper.first()
    user = User.objects.create(
        username=f"community{community.pk:03d}_staff",
        community=community,
        full_name=f"{community.name}工作人员",
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    UserRole.objects.create(user=user, role=Role.COMMUNITY_STAFF)
    return user


def _allocate(plan, keeper, project, amount, note, use=AllocationUse.PROJECT_BASED) -> None:
    plans.save_allocation(
        plan=plan,
        allocation=Allocation(use=use, project=project, amount=amount, note=note),
        by=keeper,
    )


def _seed_registry(community: Community, year: int, keeper: User, officer: User) -> None:
    registry = spaces.create_registry(community=community, year=year, by=keeper)
    short = community.name == HOME_CARE_SHORT
    for name, use, area, open_ in ROOMS:
        area = SHORT_HOME_CARE.get(name, area) if short else area
        spaces.save_room(
            registry=registry,
            room=Room(name=name, use=use, area=D(area), open_to_organisations=open_),
            by=keeper,
        )
    if not short:
        spaces.submit_registry(registry=registry, by=keeper)
        spaces.approve_registry(registry=registry, by=officer)
