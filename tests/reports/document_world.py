"""One fixed project history for the document tests: the same names, amounts and dates on
every run (the clock is stopped at ``NOW``), so the documents read back the same and their
first pages can be compared with stored pictures."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.credit_code import credit_code_check_character, organisation_code_check_character
from accounts.models import Role
from experts.models import Expert
from grants import lifecycle, payments, versions
from grants.guards import PanelOutcome
from grants.models import Indicator, Payment, Project, ProjectState, ProjectVersion
from grants.stages import Stage
from reviews.models import MemberSource, Panel, PanelMember, Score, ScoreSheet, SheetState
from reviews.rubrics import current_rubric
from tests.factories import (
    CallFactory,
    CommunityFactory,
    ProgrammeFactory,
    ProjectFactory,
    SocialOrganisationFactory,
    StreetFactory,
    UserFactory,
    every_check,
    user_with_role,
)

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
D = Decimal


def stop_the_clock(monkeypatch, moment: datetime = NOW) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


@dataclass
class World:
    officer: object
    finance: object
    member: object
    expert_user: object
    project: Project  # closed, 合格 or better, with its whole history
    version: ProjectVersion
    payment: Payment
    sheet: ScoreSheet
    call: object


EXPERTS = [
    ("张明华", "南京大学社会学院", "教授", ["18", "22", "14", "13", "13", "8"]),
    ("李静", "南京市社会工作协会", "高级社工师", ["17", "21", "13", "12", "14", "9"]),
    ("王建国", "江苏某会计师事务所", "注册会计师", ["15", "20", "12", "12", "11", "7"]),
    ("陈晓燕", "雨花台区社会组织服务中心", "主任", ["19", "23", "14", "14", "13", "9"]),
    ("赵立新", "南京师范大学", "副教授", ["16", "19", "11", "13", "12", "6"]),
]
COMMENTS = {
    "需求分析": "需求调研扎实，数据来源清楚。",
    "服务设计": "服务内容与目标对应，活动安排可行。",
    "预算合理": "人员费比例接近上限，建议压缩。",
}


def build_world() -> World:
    """Call with the clock stopped (``stop_the_clock``)."""
    street = StreetFactory(name="雨花街道")
    community = CommunityFactory(street=street, name="雨花新村社区")
    organisation = SocialOrganisationFactory(
        name="南京市雨花台区益心社会工作服务中心",
        credit_code=_credit_code("MA1YH8K2"),
        legal_representative="王芳",
        contact_person="李明",
        contact_phone="13912345678",
        home_community=community,
    )
    programme = ProgrammeFactory(name="公益创投")
    call = CallFactory(programme=programme, title="2026年度雨花台区公益创投项目", year=2026)
    officer = user_with_role(Role.OFFICER)
    finance = user_with_role(Role.FINANCE)
    member = UserFactory(roles=[Role.APPLICANT], organisations=[organisation])
    project = ProjectFactory(
        organisation=organisation,
        call=call,
        community=community,
        title="银龄守望·独居老人结对关爱",
        service_targets="雨花新村社区60周岁以上独居、空巢老人约120人，其中高龄（80周岁以上）"
        "老人36人、失能半失能老人12人。",
        needs_analysis="2025年社区民情大走访显示：独居老人普遍缺少日常照应，43%的老人近一个月"
        "内无人探访；12345工单中“无人陪同就医”“突发疾病无人知晓”反映集中。\n社区现有"
        "志愿者队伍32人，但缺少专业社工的组织与培训。",
        service_content="一、结对探访：组建“银龄守望”志愿队，志愿者与老人一对一结对，每周上门"
        "或电话问候；\n二、健康守护：每月一次健康讲座和义诊，为高龄老人建立健康档案；\n"
        "三、互助小组：组织低龄老人结成互助小组，开展兴趣活动，促进邻里守望。",
        goals="每月探访不少于2次，全年探访不少于2,880人次；老人满意度不低于90%；"
        "培育一支稳定的社区志愿服务队。",
        beneficiaries=120,
        period_start=date(2026, 4, 1),
        period_end=date(2027, 3, 31),
        requested_amount=D("100000.00"),
        matching_funds=D("12000.00"),
        contact_person="李明",
        contact_phone="13912345678",
        state=ProjectState.DRAFT,
    )
    Indicator.objects.create(
        project=project, name="上门探访", unit="人次", target=2880, measured_by="探访记录表"
    )
    Indicator.objects.create(
        project=project, name="健康讲座", unit="场", target=12, measured_by="签到表、照片"
    )
    Indicator.objects.create(
        project=project, name="老人满意度", unit="%", target=90, measured_by="问卷调查"
    )
    project = lifecycle.submit_project(project=project, by=member)
    version = project.versions.get()
    project = lifecycle.accept_for_review(
        project=project, by=officer, confirmed=every_check(project)
    )
    sheet = _panel(project, Stage.INITIAL, by=officer)
    project = lifecycle.approve_project(
        project=project, by=officer, outcome=PanelOutcome(5, 5, D("83.67")), amount=D("90000.00")
    )
    Project.objects.filter(pk=project.pk).update(
        state=ProjectState.CONTRACTED,
        agreement_number="雨民创协〔2026〕015号",
        agreement_date=date(2026, 3, 16),
    )
    project.refresh_from_db()
    payments.create_schedule(project)
    first = project.tranches.get(sequence=1)
    payment = payments.record_payment(
        tranche=first, by=finance, paid_on=date(2026, 3, 16), amount=first.amount,
        voucher_number="记-2026-0316-01",
    )  # fmt: skip
    Project.objects.filter(pk=project.pk).update(
        state=ProjectState.CLOSED,
        final_panel_score=D("88.40"),
        satisfaction=D("95.00"),
        final_score=D("89.39"),
        grade="good",
    )
    project.refresh_from_db()
    return World(
        officer=officer,
        finance=finance,
        member=member,
        expert_user=sheet.expert.user,
        project=project,
        version=version,
        payment=payment,
        sheet=sheet,
        call=call,
    )


def _credit_code(body: str) -> str:
    subject = body + organisation_code_check_character(body)
    first_seventeen = f"52320114{subject}"
    return first_seventeen + credit_code_check_character(first_seventeen)


def _panel(project: Project, stage: str, *, by) -> ScoreSheet:
    """A panel of five with submitted sheets; the first expert's sheet is returned."""
    rubric = current_rubric(project.call.programme, stage)
    panel = Panel.objects.create(project=project, stage=stage, rubric=rubric, deadline=NOW.date())
    criteria = list(rubric.criteria.order_by("order"))
    first = None
    for name, affiliation, title, points in EXPERTS:
        user = user_with_role(Role.EXPERT)
        expert = Expert.objects.create(
            user=user, name=name, affiliation=affiliation, title=title, fields=["elderly"]
        )
        PanelMember.objects.create(
            panel=panel, expert=expert, source=MemberSource.MANUAL, added_by=by, reason="评审"
        )
        sheet = ScoreSheet.objects.create(
            panel=panel, expert=expert, state=SheetState.SUBMITTED, submitted_at=NOW
        )
        for criterion, value in zip(criteria, points, strict=True):
            Score.objects.create(
                sheet=sheet,
                criterion=criterion,
                points=D(value),
                comment=COMMENTS.get(criterion.name, "") if first is None else "",
            )
        first = first or sheet
    return first


__all__ = ["NOW", "World", "build_world", "stop_the_clock", "versions"]
