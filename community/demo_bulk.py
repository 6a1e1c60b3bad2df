"""``seed_demo --communities N``: N more communities in bulk, for benchmarks of a province's
scale (issue 17), each with this year's service-fund plan and space registry.

Twenty communities a street. Each community has a running project of the demo call and,
one community in five, a project terminated after part of its grant was paid; its plan
funds both (the terminated one counts only what was delivered: paid ÷ grant of its
allocation) beside activities and office costs, and its registry has four rooms. The
figures vary with the community's number, so that some communities break R1 or R2 and the
rules have something to find. Rows go in with ``bulk_create`` in batches, in the
transaction ``seed_demo`` runs in; each run adds N more.
"""

from decimal import Decimal

from django.utils import timezone

from accounts.models import Community, District, Street
from community.models import (
    Allocation,
    AllocationUse,
    FundPlan,
    RecordState,
    Room,
    RoomUse,
    SpaceRegistry,
)
from community.records import policy_for
from grants.demo import demo_call, eligible_organisations
from grants.models import Project, ProjectState

PREFIX = "基准社区"
STREET_PREFIX = "基准街道"
PER_STREET = 20
BATCH = 2000
D = Decimal


def seed_communities(how_many: int) -> None:
    year = timezone.localdate().year
    fund = policy_for(year).fund_amount
    call = demo_call()
    organisations = list(eligible_organisations().order_by("pk"))
    district = District.objects.order_by("pk").first()
    start = Community.objects.filter(name__startswith=PREFIX).count()
    for offset in range(0, how_many, BATCH):
        numbers = range(start + offset, start + min(offset + BATCH, how_many))
        streets = _streets(district, numbers)
        communities = Community.objects.bulk_create(
            [
                Community(street=streets[n // PER_STREET], name=f"{PREFIX}{n + 1:06d}")
                for n in numbers
            ]
        )
        running, stopped = _projects(call, organisations, communities, numbers)
        _plans(year, fund, communities, numbers, running, stopped)
        _registries(year, communities, numbers)


def _streets(district: District, numbers: range) -> dict[int, Street]:
    wanted = {n // PER_STREET for n in numbers}
    names = {index: f"{STREET_PREFIX}{index + 1:04d}" for index in wanted}
    found = {s.name: s for s in Street.objects.filter(district=district, name__in=names.values())}
    missing = [Street(district=district, name=name) for name in names.values() if name not in found]
    for street in Street.objects.bulk_create(missing):
        found[street.name] = street
    return {index: found[name] for index, name in names.items()}


def _projects(call, organisations, communities, numbers) -> tuple[dict, dict]:
    """A running project per community; a terminated one in every fifth."""
    projects, keys = [], []
    for community, n in zip(communities, numbers, strict=True):
        organisation = organisations[n % len(organisations)]
        grant = D(160_000 + (n % 7) * 5_000)
        projects.append(
            Project(
                call=call,
                organisation=organisation,
                community=community,
                title=f"{community.name}助老服务项目",
                requested_amount=grant,
                approved_amount=grant,
                paid_amount=grant / 2,
                state=ProjectState.IN_PROGRESS,
            )
        )
        keys.append(("running", community.pk))
        if n % 5 == 0:
            projects.append(
                Project(
                    call=call,
                    organisation=organisation,
                    community=community,
                    title=f"{community.name}青少年服务项目",
                    requested_amount=D("90000.00"),
                    approved_amount=D("90000.00"),
                    paid_amount=D(30_000 + n % 3 * 1_000) + D("0.01"),
                    state=ProjectState.TERMINATED,
                )
            )
            keys.append(("stopped", community.pk))
    made = Project.objects.bulk_create(projects, batch_size=BATCH)
    running, stopped = {}, {}
    for (kind, community), project in zip(keys, made, strict=True):
        (running if kind == "running" else stopped)[community] = project
    return running, stopped


def _plans(year, fund, communities, numbers, running, stopped) -> None:
    made = FundPlan.objects.bulk_create(
        [
            FundPlan(community=c, year=year, fund_amount=fund, state=RecordState.APPROVED)
            for c in communities
        ],
        batch_size=BATCH,
    )
    allocations = []
    for plan, community, n in zip(made, communities, numbers, strict=True):
        project = running[community.pk]
        # One community in eleven falls short of R1 (50 % of a 300,000 fund).
        project_based = project.approved_amount - (D("30000.00") if n % 11 == 0 else 0)
        allocations.append(
            Allocation(
                plan=plan, use=AllocationUse.PROJECT_BASED, project=project, amount=project_based
            )
        )
        if community.pk in stopped:
            doomed = stopped[community.pk]
            allocations.append(
                Allocation(
                    plan=plan,
                    use=AllocationUse.PROJECT_BASED,
                    project=doomed,
                    amount=D("45000.00") + n % 13,
                )
            )
        allocations.append(
            Allocation(plan=plan, use=AllocationUse.ACTIVITIES, amount=D("30000.00"))
        )
        allocations.append(Allocation(plan=plan, use=AllocationUse.OFFICE, amount=D("20000.00")))
    Allocation.objects.bulk_create(allocations, batch_size=BATCH)


ROOMS = [
    ("居家养老服务站", RoomUse.HOME_CARE, True),
    ("青少年活动室", RoomUse.YOUTH, True),
    ("人民调解室", RoomUse.MEDIATION, False),
    ("社区办公室", RoomUse.OFFICE, False),
]


def _registries(year, communities, numbers) -> None:
    made = SpaceRegistry.objects.bulk_create(
        [SpaceRegistry(community=c, year=year, state=RecordState.APPROVED) for c in communities],
        batch_size=BATCH,
    )
    rooms = []
    for registry, n in zip(made, numbers, strict=True):
        areas = [D(100 + n % 40), D("60.00"), D("20.00"), D(30 + n % 17)]
        for (name, use, open_), area in zip(ROOMS, areas, strict=True):
            rooms.append(
                Room(registry=registry, name=name, use=use, area=area, open_to_organisations=open_)
            )
    Room.objects.bulk_create(rooms, batch_size=BATCH)
