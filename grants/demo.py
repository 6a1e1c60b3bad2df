"""Demo programmes, a call and projects in every state, for ``seed_demo``.

Projects reach their states through the real use cases (submit, screen, approve, sign,
pay, assess…), so their logs, versions, tranches and payments are consistent. The demo
compresses months into one run: where a step must wait (the publicity period), the date
it waits for is moved into the past, as time would have done. Panel outcomes are given
directly until the reviews app draws real panels.

``--projects N`` adds N more proposals (drafts and submitted ones) in bulk, for the
benchmarks under ``bench/``.
"""

from datetime import timedelta
from decimal import Decimal
from itertools import cycle

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import (
    OrganisationStatus,
    Role,
    SocialOrganisation,
    Street,
    User,
    UserRole,
    Verification,
)
from grants import delivery_demo, eligibility, lifecycle, payments, proposals, versions
from grants.guards import PanelOutcome
from grants.models import (
    AttachmentKind,
    BudgetCap,
    BudgetCategory,
    BudgetLine,
    Call,
    GuideCategory,
    GuideItem,
    Programme,
    ProgrammeKind,
    Project,
    ProjectState,
    ProjectVersion,
    TrancheRule,
    TrancheTrigger,
    TransitionLog,
)

S = ProjectState
A, M, F = TrancheTrigger.AGREEMENT, TrancheTrigger.MIDTERM, TrancheTrigger.FINAL

# name, kind, max grant, matching %, schedule, caps (category, %), required attachments
# What each programme asks of applicants beyond registration, listing and inspection.
ELIGIBILITY = {
    "公益创投": {"eligibility_items": "近两年未受到行政处罚（信用中国查询）"},
    "精品社区建设": {
        "min_rating": "3A",
        "eligibility_items": "近两年未受到行政处罚（信用中国查询）",
    },
}
PROGRAMMES = [
    (
        "公益创投",
        ProgrammeKind.VENTURE,
        "200000.00",
        "10.00",
        [(A, "50"), (M, "30"), (F, "20")],
        [("management", "10"), ("personnel", "40")],
        ["registration"],
    ),
    (
        "精品社区建设",
        ProgrammeKind.BOUTIQUE,
        "300000.00",
        "0.00",
        [(A, "40"), (M, "40"), (F, "20")],
        [("management", "10"), ("personnel", "40")],
        [],
    ),
    (
        "薪火计划",
        ProgrammeKind.XINHUO,
        "50000.00",
        "0.00",
        [(A, "50"), (M, "30"), (F, "20")],
        [("management", "5")],
        [],
    ),
    (
        "社区微基金（微项目·金点子·提案赛）",
        ProgrammeKind.MICRO_FUND,
        "10000.00",
        "0.00",
        [(A, "70"), (F, "30")],
        [],
        [],
    ),
]

GUIDE_ITEMS = [
    (
        GuideCategory.ELDERLY,
        "独居老人结对探访",
        "雨花街道",
        "对象：辖区独居、空巢老人；需求：日常照应与精神慰藉；服务：结对探访、助餐助医；"
        "目标：每位老人每月探访不少于2次。",
    ),
    (
        GuideCategory.YOUTH,
        "四点半课堂",
        "赛虹桥街道",
        "对象：双职工家庭小学生；需求：放学后看护与课业辅导；服务：课业辅导、兴趣小组；"
        "目标：每周开放5天，覆盖儿童不少于60名。",
    ),
    (
        GuideCategory.DISABLED,
        "残疾人居家康复支持",
        "铁心桥街道",
        "对象：持证残疾人及家属；需求：康复训练与喘息服务；服务：上门康复指导、家属支持小组；"
        "目标：服务残疾人家庭不少于40户。",
    ),
    (
        GuideCategory.NEEDY,
        "困境家庭帮扶",
        "西善桥街道",
        "对象：低保、低边及因病致困家庭；需求：物质与心理支持；服务：个案管理、资源链接；"
        "目标：建立个案档案不少于30份。",
    ),
    (
        GuideCategory.GOVERNANCE,
        "楼道自治与邻里议事",
        "板桥街道",
        "对象：老旧小区居民；需求：公共事务无人管；服务：楼道长培育、议事会；"
        "目标：培育居民议事骨干不少于20名。",
    ),
    (
        GuideCategory.ELDERLY,
        "社区助餐点运营",
        "梅山街道",
        "对象：高龄老人；需求：吃饭难；服务：助餐点运营与送餐上门；目标：日均供餐不少于80份。",
    ),
]

# title, guide category, targets, needs, content, goals — realistic proposal texts
PROPOSALS = [
    (
        "银龄守望——独居老人结对关爱行动",
        GuideCategory.ELDERLY,
        "社区内60周岁以上独居、空巢老人约120人",
        "入户走访发现，近四成独居老人一周内与他人交流不足三次，突发疾病无人知晓的风险突出。",
        "组建志愿者与老人一对一结对；每月两次上门探访；建立紧急联络卡；每季度开展健康讲座。",
        "结对老人不少于100名；探访不少于2400人次；老人满意度不低于90%。",
    ),
    (
        "彩虹课堂——双职工家庭儿童课后服务",
        GuideCategory.YOUTH,
        "辖区双职工家庭6至12岁儿童约80名",
        "家长问卷显示，七成家庭放学后无人看护，儿童安全与课业辅导需求迫切。",
        "工作日下午开设四点半课堂，提供课业辅导、阅读分享与安全教育，寒暑假开设主题营。",
        "服务儿童不少于60名，累计开放不少于180天，家长满意度不低于90%。",
    ),
    (
        "同行康复——残疾人居家康复支持计划",
        GuideCategory.DISABLED,
        "持证肢体、精神残疾人及其家属约45户",
        "残疾人家庭康复知识缺乏，照护者长期压力大，缺少喘息服务。",
        "康复师上门指导训练；组建家属互助小组；每月一次喘息服务日。",
        "服务家庭不少于40户，上门康复不少于320人次，家属压力量表得分下降10%。",
    ),
    (
        "暖心同行——困境家庭个案帮扶",
        GuideCategory.NEEDY,
        "低保、低边及因病致困家庭约35户",
        "困境家庭面临经济、就业、子女教育等多重困难，现有救助以物质为主，缺少持续陪伴。",
        "社工个案管理；链接就业、教育、医疗资源；开展家庭支持小组。",
        "建立个案档案不少于30份，链接资源不少于50项，结案家庭状况改善率不低于70%。",
    ),
    (
        "楼道里的议事厅——老旧小区自治培育",
        GuideCategory.GOVERNANCE,
        "老旧小区居民约600户，重点培育楼道长与议事骨干",
        "小区公共空间杂物堆放、停车矛盾突出，居民参与公共事务渠道不足。",
        "培育楼道长队伍；建立月度议事会；开展微更新项目共商共建。",
        "培育议事骨干不少于20名，召开议事会不少于10次，解决公共议题不少于8项。",
    ),
    (
        "幸福食堂——高龄老人助餐服务",
        GuideCategory.ELDERLY,
        "80周岁以上高龄老人及行动不便老人约150人",
        "高龄老人独自做饭困难，营养不均衡，助餐需求强烈。",
        "运营社区助餐点，提供午餐堂食与送餐上门，每月开展营养讲座。",
        "日均供餐不少于80份，送餐上门不少于30份，老人满意度不低于90%。",
    ),
    (
        "心灵驿站——青少年心理成长支持",
        GuideCategory.YOUTH,
        "辖区初中生约200名",
        "学校反映青少年学业压力大，情绪困扰增多，家庭沟通不畅。",
        "开设心理成长小组；开展亲子沟通工作坊；设立心理咨询热线。",
        "开展小组活动不少于24节，服务青少年不少于150人次。",
    ),
    (
        "邻里守望——社区矛盾调解服务",
        GuideCategory.GOVERNANCE,
        "社区居民，重点为邻里纠纷当事人",
        "噪音、漏水、宠物等邻里纠纷频发，调解力量不足。",
        "组建居民调解员队伍；设立调解室；开展法律知识进社区活动。",
        "调解纠纷不少于40起，调解成功率不低于85%。",
    ),
]

# target state, how many
STATE_PLAN = [
    (S.DRAFT, 3),
    (S.SUBMITTED, 3),
    (S.RETURNED, 2),
    (S.INELIGIBLE, 2),
    (S.UNDER_REVIEW, 4),
    (S.APPROVED, 2),
    (S.REJECTED, 2),
    (S.CONTRACTED, 2),
    (S.IN_PROGRESS, 4),
    (S.MIDTERM_REVIEW, 2),
    (S.RECTIFYING, 1),
    (S.FINAL_REVIEW, 2),
    (S.CLOSED, 3),
    (S.TERMINATED, 1),
    (S.WITHDRAWN, 1),
]

# The path to each state, as steps applied in order.
PATHS = {
    S.DRAFT: [],
    S.WITHDRAWN: ["withdraw"],
    S.SUBMITTED: ["submit"],
    S.RETURNED: ["submit", "return"],
    S.INELIGIBLE: ["submit", "ineligible"],
    S.UNDER_REVIEW: ["submit", "return", "revise", "submit", "accept"],
    S.REJECTED: ["submit", "accept", "reject"],
    S.APPROVED: ["submit", "accept", "approve"],
    S.CONTRACTED: ["submit", "accept", "approve", "sign"],
    S.IN_PROGRESS: ["submit", "accept", "approve", "sign", "pay1"],
    S.MIDTERM_REVIEW: ["submit", "accept", "approve", "sign", "pay1", "midterm"],
    S.RECTIFYING: ["submit", "accept", "approve", "sign", "pay1", "midterm", "rectify"],
    S.FINAL_REVIEW: [
        "submit",
        "accept",
        "approve",
        "sign",
        "pay1",
        "midterm",
        "pass",
        "pay2",
        "final",
    ],
    S.CLOSED: [
        "submit",
        "accept",
        "approve",
        "sign",
        "pay1",
        "midterm",
        "pass",
        "pay2",
        "final",
        "close",
    ],
    S.TERMINATED: ["submit", "accept", "approve", "sign", "pay1", "terminate"],
}

DEMO_PDF = b"%PDF-1.4\n% demo attachment\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@transaction.atomic
def seed(*, stdout, options: dict) -> None:
    programmes = _seed_programmes()
    call = _seed_call(programmes["公益创投"])
    created = 0
    if not call.projects.exclude(title__startswith=BENCH_PREFIX).exists():
        created = _seed_projects(call)
    extra = options.get("projects") or 0
    if extra:
        _seed_bulk_projects(call, extra)
    stdout.write(
        f"grants: {Programme.objects.count()} programmes, {Call.objects.count()} calls, "
        f"{Project.objects.count()} projects ({created} lifecycle, {extra} bulk added)"
    )


def _seed_programmes() -> dict[str, Programme]:
    programmes = {}
    for name, kind, max_grant, matching, schedule, caps, required in PROGRAMMES:
        programme, created = Programme.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "max_grant": Decimal(max_grant),
                "matching_ratio": Decimal(matching),
                "required_attachments": required,
                "description": f"雨花台区{name}，按年度发布申报通知。",
                **ELIGIBILITY.get(name, {}),
            },
        )
        if created:
            for sequence, (trigger, percent) in enumerate(schedule, start=1):
                TrancheRule.objects.create(
                    programme=programme, sequence=sequence, trigger=trigger, percent=percent
                )
            for category, percent in caps:
                BudgetCap.objects.create(
                    programme=programme, category=category, max_percent=percent
                )
        programmes[name] = programme
    return programmes


def _call_title(year: int) -> str:
    return f"{year}年度雨花台区公益创投项目申报"


def demo_call() -> Call:
    """This year's 公益创投 call made by ``seed``, for the demos of other apps."""
    return Call.objects.get(title=_call_title(timezone.now().year))


def _seed_call(programme: Programme) -> Call:
    now = timezone.now()
    call, created = Call.objects.get_or_create(
        programme=programme,
        title=_call_title(now.year),
        defaults={
            "year": now.year,
            "total_budget": Decimal("6000000.00"),
            "opens_at": now - timedelta(days=30),
            "closes_at": now + timedelta(days=60),
            "description": "面向在雨花台区登记或备案的社会组织，围绕项目指引清单申报。",
        },
    )
    if created:
        streets = {street.name: street for street in Street.objects.all()}
        for category, title, street, description in GUIDE_ITEMS:
            GuideItem.objects.create(
                call=call,
                category=category,
                title=title,
                street=streets.get(street),
                description=description,
            )
    return call


def _member_of(organisation: SocialOrganisation) -> User:
    """Someone who writes the organisation's proposals: a demo applicant if it has one,
    else a colleague account that cannot log in."""
    member = organisation.members.filter(username__startswith="demo_applicant").first()
    if member:
        return member
    user, created = User.objects.get_or_create(
        username=f"org{organisation.pk:03d}_writer",
        defaults={"full_name": organisation.contact_person},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        UserRole.objects.get_or_create(user=user, role=Role.APPLICANT)
        organisation.memberships.create(user=user)
    return user


def _seed_projects(call: Call) -> int:
    organisations = cycle(eligible_organisations())
    count = 0
    for state, how_many in STATE_PLAN:
        for _ in range(how_many):
            count += 1
            bring_project(call, next(organisations), state, count)
    return count


def eligible_organisations() -> QuerySet[SocialOrganisation]:
    """The demo organisations that may apply: active, with a passed annual inspection,
    confirmed by the bureau."""
    return SocialOrganisation.objects.filter(
        status=OrganisationStatus.ACTIVE,
        inspection_result__in=eligibility.PASSED_INSPECTION,
        verification=Verification.CONFIRMED,
    ).order_by("pk")


def bring_project(
    call: Call,
    organisation: SocialOrganisation,
    state: str,
    number: int,
    community=None,
    requested: Decimal | None = None,
) -> Project:
    """A demo proposal of ``organisation``, taken to ``state`` by the real use cases
    (approved at 90 % of what it requests)."""
    officer = User.objects.get(username="demo_officer")
    finance = User.objects.get(username="demo_finance")
    title, category, targets, needs, content, goals = PROPOSALS[(number - 1) % len(PROPOSALS)]
    member = _member_of(organisation)
    project = proposals.start_proposal(
        call=call, organisation=organisation, title=f"{title}（{number:02d}）", by=member
    )
    if community is not None:
        project.community = community
    guide_item = _guide_item_for(call, category, project.community)
    _fill(project, guide_item, targets, needs, content, goals, number, requested)
    proposals.attach(
        project=project,
        kind=AttachmentKind.REGISTRATION_CERTIFICATE,
        upload=ContentFile(DEMO_PDF, name="登记证书.pdf"),
        by=member,
    )
    for step in PATHS[state]:
        project = _step(step, project, member, officer, finance, number)
    # --- delivery (issue 15): a running project has records, spending and visits ---
    delivery_demo.deliver(project, number)
    # --- end of delivery ---
    return project


def _guide_item_for(call: Call, category: str, community) -> GuideItem | None:
    """The call's guide item of ``category`` whose area holds ``community`` (its
    community, its street, or the whole district), if the list has one."""
    return (
        call.guide_items.filter(category=category)
        .filter(
            Q(community=community)
            | Q(community__isnull=True, street_id=community.street_id)
            | Q(community__isnull=True, street__isnull=True)
        )
        .order_by("street_id", "pk")
        .first()
    )


def _fill(project, guide_item, targets, needs, content, goals, number, requested=None) -> None:
    requested = requested or Decimal(60000 + (number % 7) * 10000)
    project.guide_item = guide_item
    project.service_targets = targets
    project.needs_analysis = needs
    project.service_content = content
    project.goals = goals
    project.beneficiaries = 40 + number * 5
    project.period_start = timezone.localdate().replace(month=1, day=1)
    project.period_end = timezone.localdate().replace(month=12, day=31)
    project.requested_amount = requested
    project.matching_funds = (requested * Decimal("0.12")).quantize(Decimal("0.01"))
    project.contact_phone = f"1380000{number:04d}"
    project.save()
    management = (requested * Decimal("0.08")).quantize(Decimal("0.01"))
    personnel = (requested * Decimal("0.35")).quantize(Decimal("0.01"))
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                project=project,
                category=BudgetCategory.PERSONNEL,
                amount=personnel,
                note="项目社工2名",
            ),
            BudgetLine(
                project=project,
                category=BudgetCategory.ACTIVITY,
                amount=requested - personnel - management,
                note="活动物资与场地",
            ),
            BudgetLine(
                project=project,
                category=BudgetCategory.MANAGEMENT,
                amount=management,
                note="项目管理",
            ),
        ]
    )
    # --- delivery (issue 15): the proposal's indicators, frozen when it is submitted ---
    delivery_demo.add_indicators(project, number)
    # --- end of delivery ---


def _step(step: str, project: Project, member, officer, finance, number: int) -> Project:
    today = timezone.localdate()
    score = Decimal("70.00") + Decimal(number % 25)
    panel = PanelOutcome(assigned=5, submitted=5, score=score)
    if step == "submit":
        return lifecycle.submit_project(project=project, by=member)
    if step == "withdraw":
        return lifecycle.withdraw_project(project=project, by=member)
    if step == "return":
        return lifecycle.return_for_revision(
            project=project,
            by=officer,
            reason="预算中人员费测算依据不足，请补充说明并细化服务指标。",
            deadline=today + timedelta(days=10),
        )
    if step == "revise":
        project.goals += "；建立服务档案，按月报送服务数据。"
        project.save(update_fields=["goals", "updated_at"])
        return project
    if step == "ineligible":
        return lifecycle.mark_ineligible(
            project=project, by=officer, reason="申报单位未通过上一年度年检，不符合申报条件。"
        )
    if step == "accept":
        checks = eligibility.checklist_of(project)
        confirmed = [check.key for check in checks]
        return lifecycle.accept_for_review(project=project, by=officer, confirmed=confirmed)
    if step == "reject":
        return lifecycle.reject_project(
            project=project, by=officer, reason="评审得分未达立项线，服务设计与社区需求契合度不足。"
        )
    if step == "approve":
        amount = (project.requested_amount * Decimal("0.9")).quantize(Decimal("0.01"))
        return lifecycle.approve_project(project=project, by=officer, outcome=panel, amount=amount)
    if step == "sign":
        # The publicity period has run its course.
        Project.objects.filter(pk=project.pk).update(publicity_ends_on=today - timedelta(days=1))
        project = Project.objects.get(pk=project.pk)
        return lifecycle.sign_agreement(
            project=project, by=officer, number=f"YHTGY-{today.year}-{number:03d}", signed_on=today
        )
    if step in {"pay1", "pay2"}:
        tranche = project.tranches.get(sequence=1 if step == "pay1" else 2)
        payments.record_payment(
            tranche=tranche,
            by=finance,
            paid_on=today,
            amount=tranche.amount,
            voucher_number=f"PZ{today.year}-{number:03d}-{tranche.sequence}",
        )
        return Project.objects.get(pk=project.pk)
    if step == "midterm":
        proposals.attach(
            project=project,
            kind=AttachmentKind.MIDTERM_REPORT,
            upload=ContentFile(DEMO_PDF, name="中期报告.pdf"),
            by=member,
        )
        return lifecycle.open_midterm(project=project, by=officer)
    if step == "rectify":
        return lifecycle.require_rectification(
            project=project,
            by=officer,
            outcome=panel,
            findings="服务台账不完整，资金使用凭证缺失。",
            deadline=today + timedelta(days=30),
        )
    if step == "pass":
        return lifecycle.pass_midterm(project=project, by=officer, outcome=panel)
    if step == "final":
        proposals.attach(
            project=project,
            kind=AttachmentKind.FINAL_REPORT,
            upload=ContentFile(DEMO_PDF, name="结项报告.pdf"),
            by=member,
        )
        return lifecycle.open_final(project=project, by=officer)
    if step == "close":
        satisfaction = Decimal("92.00") - Decimal(number % 3) * 20
        return lifecycle.close_project(
            project=project, by=officer, outcome=panel, satisfaction=satisfaction
        )
    if step == "terminate":
        return lifecycle.terminate_project(
            project=project, by=officer, reason="机构负责人变更，项目无法继续实施，经协商终止。"
        )
    raise ValueError(step)


BENCH_PREFIX = "基准测试项目"
BATCH = 5000


def _seed_bulk_projects(call: Call, how_many: int) -> None:
    """N proposals in bulk: drafts, and submitted ones with their version and log row."""
    organisations = list(SocialOrganisation.objects.order_by("pk"))
    writers = {organisation.pk: _member_of(organisation) for organisation in organisations}
    start = Project.objects.filter(title__startswith=BENCH_PREFIX).count()
    now = timezone.now()
    for offset in range(0, how_many, BATCH):
        projects = []
        for number in range(start + offset, start + min(offset + BATCH, how_many)):
            organisation = organisations[number % len(organisations)]
            projects.append(
                Project(
                    call=call,
                    organisation=organisation,
                    community=organisation.home_community,
                    title=f"{BENCH_PREFIX}{number + 1:06d}",
                    service_targets="社区居民",
                    needs_analysis="基准测试",
                    service_content="基准测试",
                    goals="基准测试",
                    requested_amount=Decimal("50000.00"),
                    matching_funds=Decimal("5000.00"),
                    created_by=writers[organisation.pk],
                    state=S.SUBMITTED if number % 2 else S.DRAFT,
                    submitted_at=now if number % 2 else None,
                )
            )
        projects = Project.objects.bulk_create(projects, batch_size=1000)
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(project=p, category=BudgetCategory.ACTIVITY, amount=p.requested_amount)
                for p in projects
            ],
            batch_size=2000,
        )
        submitted = [p for p in projects if p.state == S.SUBMITTED]
        ProjectVersion.objects.bulk_create(
            [
                ProjectVersion(
                    project=p,
                    number=1,
                    submitted_by=p.created_by,
                    content=versions.content_of(
                        p, [BudgetLine(category=BudgetCategory.ACTIVITY, amount=p.requested_amount)]
                    ),
                )
                for p in submitted
            ],
            batch_size=2000,
        )
        TransitionLog.objects.bulk_create(
            [
                TransitionLog(
                    project=p,
                    transition="submit",
                    from_state=S.DRAFT,
                    to_state=S.SUBMITTED,
                    actor=p.created_by,
                    comment="第 1 版",
                )
                for p in submitted
            ],
            batch_size=2000,
        )
