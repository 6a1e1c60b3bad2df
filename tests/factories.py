"""factory_boy factories: only the required fields, a trait or keyword per variation."""

import itertools
from datetime import date, timedelta
from decimal import Decimal
from importlib import import_module

import factory
from django.utils import timezone

from accounts.credit_code import credit_code_check_character, organisation_code_check_character
from accounts.models import (
    Community,
    District,
    InspectionResult,
    OrganisationMembership,
    OrganisationType,
    Role,
    SocialOrganisation,
    Street,
    User,
    UserRole,
    Verification,
)
from community.models import (
    Department,
    FundPlan,
    GuideItemDraft,
    Need,
    NeedChannel,
    NeedState,
    Policy,
    RecordState,
    SpaceRegistry,
)
from grants.models import (
    BudgetCap,
    BudgetCategory,
    BudgetLine,
    Call,
    GuideCategory,
    Programme,
    ProgrammeKind,
    Project,
    ProjectState,
    TrancheRule,
    TrancheTrigger,
)

_serial = itertools.count(1)


def valid_credit_code(authority: str = "5", category: str = "2", division: str = "320114") -> str:
    body = f"T{next(_serial):07d}"
    subject = body + organisation_code_check_character(body)
    first_seventeen = f"{authority}{category}{division}{subject}"
    return first_seventeen + credit_code_check_character(first_seventeen)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["division_code"]

    name = "雨花台区"
    division_code = "320114"


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"第{n}街道")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"第{n}社区")


class SocialOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialOrganisation

    name = factory.Sequence(lambda n: f"测试社会工作服务中心{n}")
    credit_code = factory.LazyFunction(valid_credit_code)
    org_type = OrganisationType.SOCIAL_SERVICE
    registration_authority = "南京市雨花台区民政局"
    registration_date = date(2020, 1, 1)
    legal_representative = "王芳"
    contact_person = "李明"
    contact_phone = "025-12345678"
    home_community = factory.SubFactory(CommunityFactory)
    inspection_result = InspectionResult.QUALIFIED
    inspection_year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    # Checked by the bureau; a self-registered one waits: ``verification=Verification.PENDING``.
    verification = Verification.CONFIRMED
    verified_at = factory.LazyFunction(timezone.now)


class UserFactory(factory.django.DjangoModelFactory):
    """``UserFactory(roles=[Role.OFFICER])``; ``organisations=[...]`` adds memberships."""

    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            UserRole.objects.get_or_create(user=self, role=role)
        self.__dict__.pop("roles", None)  # forget the cached role set

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        for organisation in extracted or []:
            OrganisationMembership.objects.get_or_create(user=self, organisation=organisation)
        self.__dict__.pop("organisation_ids", None)  # forget the cached memberships


def user_with_role(role: str, **kwargs) -> User:
    """A user holding ``role``, with the region the role needs."""
    if role == Role.STREET_STAFF and "street" not in kwargs:
        kwargs["street"] = StreetFactory()
    if role == Role.COMMUNITY_STAFF and "community" not in kwargs:
        kwargs["community"] = CommunityFactory()
    if role == Role.APPLICANT and "organisations" not in kwargs:
        kwargs["organisations"] = [SocialOrganisationFactory()]
    return UserFactory(roles=[role], **kwargs)


# --- grants ------------------------------------------------------------------------------


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"公益创投{n}")
    kind = ProgrammeKind.VENTURE
    max_grant = Decimal("200000.00")

    @factory.post_generation
    def policy(self, create, extracted, **kwargs):
        """The district's usual policy: 50/30/20, management ≤ 10 %, personnel ≤ 40 %."""
        if extracted is False:
            return
        for sequence, (trigger, percent) in enumerate(
            [
                (TrancheTrigger.AGREEMENT, "50"),
                (TrancheTrigger.MIDTERM, "30"),
                (TrancheTrigger.FINAL, "20"),
            ],
            start=1,
        ):
            TrancheRule.objects.create(
                programme=self, sequence=sequence, trigger=trigger, percent=Decimal(percent)
            )
        BudgetCap.objects.create(
            programme=self, category=BudgetCategory.MANAGEMENT, max_percent=Decimal("10")
        )
        BudgetCap.objects.create(
            programme=self, category=BudgetCategory.PERSONNEL, max_percent=Decimal("40")
        )


class CallFactory(factory.django.DjangoModelFactory):
    """A call whose window is open now."""

    class Meta:
        model = Call

    programme = factory.SubFactory(ProgrammeFactory)
    year = 2026
    title = factory.Sequence(lambda n: f"2026年度公益创投项目申报通知（第{n}批）")
    total_budget = Decimal("1000000.00")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))


class ProjectFactory(factory.django.DjangoModelFactory):
    """A complete proposal of 100,000.00 yuan: ``ProjectFactory(state=...)`` for others."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    organisation = factory.SubFactory(SocialOrganisationFactory)
    call = factory.SubFactory(CallFactory)
    community = factory.LazyAttribute(lambda project: project.organisation.home_community)
    title = factory.Sequence(lambda n: f"银龄互助睦邻行动{n}")
    service_targets = "社区60岁以上独居、空巢老人约120人"
    needs_analysis = "走访显示独居老人缺少日常照应与精神慰藉"
    service_content = "结对探访、健康讲座、互助小组"
    goals = "每月探访不少于2次，满意度不低于90%"
    requested_amount = Decimal("100000.00")
    matching_funds = Decimal("10000.00")
    state = ProjectState.DRAFT

    @factory.post_generation
    def budget(self, create, extracted, **kwargs):
        lines = (
            extracted
            if extracted is not None
            else [
                (BudgetCategory.ACTIVITY, "60000.00"),
                (BudgetCategory.PERSONNEL, "35000.00"),
                (BudgetCategory.MANAGEMENT, "5000.00"),
            ]
        )
        for category, amount in lines:
            BudgetLine.objects.create(project=self, category=category, amount=Decimal(amount))


class FundPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundPlan

    community = factory.SubFactory(CommunityFactory)
    year = 2026
    fund_amount = Decimal("300000.00")
    state = RecordState.DRAFT


class SpaceRegistryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpaceRegistry

    community = factory.SubFactory(CommunityFactory)
    year = 2026
    state = RecordState.DRAFT


def district_policy() -> Policy:
    """The policy the data migration seeds; transactional tests flush it, so they call this."""
    numbers = import_module("grants.migrations.0004_district_policy").DISTRICT_POLICY
    policy, _ = Policy.objects.get_or_create(
        effective_year=numbers["effective_year"], defaults=numbers
    )
    return policy


# --- the needs list (issue 14) ----------------------------------------------------------


class NeedFactory(factory.django.DjangoModelFactory):
    """A complete draft need of a community: ``NeedFactory(state=NeedState.FORWARDED)``
    for one further along (states set directly: factories build, the use cases move)."""

    class Meta:
        model = Need

    community = factory.SubFactory(CommunityFactory)
    channel = NeedChannel.VISITS
    category = GuideCategory.ELDERLY
    title = factory.Sequence(lambda n: f"独居老人助餐需求{n}号楼")
    description = "走访发现楼内独居老人做饭困难，希望就近助餐。"
    people_affected = 25
    affected_group = "独居老人"
    found_on = date(2026, 3, 1)
    created_by = factory.SubFactory(UserFactory)
    state = NeedState.DRAFT


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["name"]

    name = "区卫生健康委员会"
    categories = factory.LazyFunction(lambda: [GuideCategory.ELDERLY])


class GuideItemDraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuideItemDraft

    title = "独居老人助餐服务"
    category = GuideCategory.ELDERLY
    community = factory.SubFactory(CommunityFactory)
    street = factory.LazyAttribute(lambda draft: draft.community.street)
    target_group = "辖区独居老人约60人"
    need_statement = "做饭难、就餐远"
    service = "助餐点运营与送餐上门"
    goal = "日均供餐不少于50份"
    suggested_budget = Decimal("80000.00")
    created_by = factory.SubFactory(UserFactory)


# --- end of the needs list ---


def every_check(project: Project) -> list[str]:
    """The keys of the project's whole eligibility checklist, as an officer who checked
    each item ticks them."""
    from grants import eligibility

    return [check.key for check in eligibility.checklist_of(project)]
