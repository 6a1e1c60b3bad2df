"""Use cases called without a form refuse what a form would have refused, in words:
over-long text, control characters, years out of range, numbers a column cannot hold,
too many decimal places. Never a DataError or IntegrityError, and nothing is saved.

On PostgreSQL most of these would otherwise fail in the database (a 21-character
voucher number in a 50-character column is fine, a 51st character is a DataError); on
SQLite they would be stored as they are and break pages and exports later.
"""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import Workbook

from accounts.models import Role
from community import needs, screening
from community.models import GuideItemDraft, Need, NeedState
from experts import imports as expert_imports
from experts import services as experts
from experts.models import Expert, ExpertTie, TieKind
from grants import delivery_reports, lifecycle, payments, proposals, records, spending, visits
from grants.models import (
    DeliveryReport,
    Payment,
    Project,
    ProjectState,
    ServiceRecord,
    SiteVisit,
    Spending,
    Tranche,
    TrancheStatus,
    TransitionLog,
)
from grants.refusals import Refused
from reviews import panels, sheets
from reviews.models import Panel, Score
from tests.factories import (
    CallFactory,
    CommunityFactory,
    ProjectFactory,
    SocialOrganisationFactory,
    UserFactory,
    every_check,
    user_with_role,
)
from tests.grants.delivering import D, running_project

pytestmark = pytest.mark.django_db

LONG = "长" * 1001
CONTROL = "正常文字\x0b之后"


def _refused(call) -> list[str]:
    with pytest.raises(Refused) as refused:
        call()
    return refused.value.problems


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- delivery ------------------------------------------------------------------------------


def test_an_activity_out_of_every_bound_is_refused_field_by_field(running, staff):
    activity = records.Activity(
        occurred_on=timezone.localdate(),
        place=LONG,
        community=running.community,
        kind="meal",
        participants=2**40,
        volunteer_hours=D("123456789.5"),
        note=CONTROL,
        increments={running.indicators.first().pk: D("0.001")},
    )
    problems = _refused(
        lambda: records.record_activity(project=running, by=staff, activity=activity)
    )
    assert any(problem.startswith("地点：") for problem in problems)
    assert any(problem.startswith("参与人数：") for problem in problems)
    assert any(problem.startswith("志愿服务时长：") for problem in problems)
    assert any("控制字符" in problem for problem in problems)
    assert not ServiceRecord.objects.exists()


def test_an_increment_with_too_many_decimal_places_is_refused(running, staff):
    activity = records.Activity(
        occurred_on=timezone.localdate(),
        place="社区活动室",
        community=running.community,
        kind="meal",
        participants=12,
        volunteer_hours=None,
        increments={running.indicators.first().pk: D("0.001")},
    )
    assert _refused(lambda: records.record_activity(project=running, by=staff, activity=activity))
    assert not ServiceRecord.objects.exists()


def test_a_payment_out_of_bounds_is_refused(running, staff):
    expense = spending.Expense(
        spent_on=timezone.localdate(),
        budget_line_id=running.budget_lines.first().pk,
        amount=D("12345678901234.5"),
        payee="收" * 201,
        voucher_number="FP\x00001",
    )
    problems = _refused(
        lambda: spending.record_spending(project=running, by=staff, expense=expense)
    )
    assert len(problems) == 3, problems
    assert not Spending.objects.exists()


def test_a_visit_and_its_answer_are_bounded(running):
    officer = user_with_role(Role.OFFICER)
    visit = visits.Visit(
        visited_on=timezone.localdate(),
        visitors="访" * 201,
        findings=CONTROL,
        rating="good",
    )
    problems = _refused(lambda: visits.record_visit(project=running, by=officer, visit=visit))
    assert len(problems) == 2, problems
    assert not SiteVisit.objects.exists()

    asked = visits.record_visit(
        project=running,
        by=officer,
        visit=visits.Visit(
            visited_on=timezone.localdate(),
            visitors="区民政局",
            findings="活动正常",
            rating="good",
            follow_up="补交签到表",
            follow_up_due=timezone.localdate() + timedelta(days=7),
        ),
    )
    staff = UserFactory(roles=[Role.APPLICANT], organisations=[running.organisation])
    assert _refused(lambda: visits.answer_follow_up(visit=asked, by=staff, answer=CONTROL))
    assert SiteVisit.objects.get(pk=asked.pk).answered_at is None


def test_a_report_narrative_with_control_characters_is_refused(running, staff):
    narrative = delivery_reports.Narrative(progress_summary=CONTROL, problems="", next_steps="")
    assert _refused(
        lambda: delivery_reports.save_report(
            project=running, by=staff, kind="midterm_report", narrative=narrative
        )
    )
    assert not DeliveryReport.objects.exclude(progress_summary="").exists()


def test_finance_cannot_record_a_voucher_longer_than_its_column(db):
    project = running_project(state=ProjectState.CONTRACTED, paid_amount=D("0.00"))
    tranche = Tranche.objects.create(
        project=project,
        sequence=1,
        amount=D("1000.00"),
        percent=D("100.00"),
        trigger="agreement",
        status=TrancheStatus.DUE,
    )
    finance = user_with_role(Role.FINANCE)
    problems = _refused(
        lambda: payments.record_payment(
            tranche=tranche,
            by=finance,
            paid_on=timezone.localdate(),
            amount=D("1000.00"),
            voucher_number="V" * 51,
        )
    )
    assert len(problems) == 1
    assert problems[0].startswith("凭证号：")
    assert not Payment.objects.exists()


# --- the project's transitions ----------------------------------------------------------


def test_what_a_transition_sets_is_checked_before_it_is_saved(db):
    officer = user_with_role(Role.OFFICER)
    project = ProjectFactory(
        state=ProjectState.APPROVED,
        approved_amount=D("90000.00"),
        publicity_ends_on=timezone.localdate() - timedelta(days=1),
    )
    problems = _refused(
        lambda: lifecycle.sign_agreement(
            project=project, by=officer, number="YHT-" + "9" * 60, signed_on=timezone.localdate()
        )
    )
    assert problems[0].startswith("协议编号："), problems
    project.refresh_from_db()
    assert (project.state, project.agreement_number) == (ProjectState.APPROVED, "")
    assert not TransitionLog.objects.filter(project=project).exists()


def test_a_comment_with_control_characters_is_refused_before_the_state_moves(db):
    officer = user_with_role(Role.OFFICER)
    project = ProjectFactory(state=ProjectState.SUBMITTED)
    assert _refused(
        lambda: lifecycle.accept_for_review(
            project=project, by=officer, confirmed=every_check(project), comment=CONTROL
        )
    )
    assert Project.objects.get(pk=project.pk).state == ProjectState.SUBMITTED


def test_a_proposal_title_longer_than_its_column_is_refused(db):
    organisation = SocialOrganisationFactory()
    member = UserFactory(roles=[Role.APPLICANT], organisations=[organisation])
    problems = _refused(
        lambda: proposals.start_proposal(
            call=CallFactory(), organisation=organisation, title=LONG, by=member
        )
    )
    assert problems[0].startswith("名称："), problems
    assert not Project.objects.filter(organisation=organisation).exists()


# --- needs ------------------------------------------------------------------------------------


def test_a_need_out_of_bounds_is_refused_when_created_and_when_changed(db):
    community = CommunityFactory()
    staff = user_with_role(Role.COMMUNITY_STAFF, community=community)

    def need(**changes):
        values = {
            "community": community,
            "channel": "visits",
            "category": "elderly",
            "title": "独居老人助餐需求",
            "description": "走访发现做饭困难。",
            "people_affected": 25,
            "affected_group": "独居老人",
            "found_on": date(2026, 3, 1),
        }
        return Need(**{**values, **changes})

    problems = _refused(
        lambda: needs.create_need(
            need=need(title=LONG, description=CONTROL, found_on=date(1, 1, 1)), by=staff
        )
    )
    assert len(problems) == 3, problems
    assert not Need.objects.exists()

    saved = needs.create_need(need=need(), by=staff)
    changed = Need.objects.get(pk=saved.pk)
    changed.people_affected = 2**40
    assert _refused(lambda: needs.update_need(need=changed, by=staff, changed=["people_affected"]))
    assert Need.objects.get(pk=saved.pk).people_affected == 25


def test_a_guide_item_draft_out_of_bounds_is_refused(db):
    community = CommunityFactory()
    forwarded = Need.objects.create(
        community=community,
        channel="visits",
        category="elderly",
        title="助餐",
        description="做饭难",
        people_affected=3,
        affected_group="老人",
        found_on=date(2026, 3, 1),
        state=NeedState.FORWARDED,
        created_by=UserFactory(),
    )
    draft = GuideItemDraft(
        title=LONG,
        category="elderly",
        community=community,
        target_group="独居老人",
        need_statement="做饭难",
        service="助餐",
        goal="日均50份",
        suggested_budget=D("1e15"),
    )
    officer = user_with_role(Role.OFFICER)
    assert (
        len(_refused(lambda: screening.screen_needs(needs=[forwarded], draft=draft, by=officer)))
        == 2
    )
    assert not GuideItemDraft.objects.exists()
    assert Need.objects.get(pk=forwarded.pk).state == NeedState.FORWARDED


# --- experts and panels -------------------------------------------------------------------


@pytest.fixture
def panel(db):
    officer = user_with_role(Role.OFFICER)
    for number in range(6):
        user = UserFactory(roles=[Role.EXPERT], full_name=f"评委{number}")
        Expert.objects.create(
            user=user, name=f"评委{number}", affiliation="大学", fields=["finance"]
        )
    call = CallFactory()
    ProjectFactory(call=call, state=ProjectState.UNDER_REVIEW)
    panels.draw_panels(call=call, stage="initial", by=officer, size=5)
    return Panel.objects.select_related("project", "rubric").get()


def test_a_score_with_too_many_decimal_places_or_a_control_character_is_refused(panel):
    member = panel.members.select_related("expert__user").first()
    sheet = sheets.sheet_for(panel=panel, by=member.expert.user)
    first, second, *_rest = panel.rubric.criteria.all()
    entries = {first.pk: sheets.Entry(D("1.001"), "好"), second.pk: sheets.Entry(D("1"), CONTROL)}
    assert (
        len(
            _refused(lambda: sheets.save_sheet(sheet=sheet, entries=entries, by=member.expert.user))
        )
        == 2
    )
    assert not Score.objects.exists()


def test_reasons_are_bounded_by_their_columns(panel):
    officer = user_with_role(Role.OFFICER)
    member = panel.members.select_related("expert").first()
    assert _refused(
        lambda: panels.replace_member(panel=panel, by=officer, member=member, reason="因" * 201)
    )
    assert panel.members.filter(removed_at__isnull=True).count() == 5
    assert _refused(
        lambda: panels.recuse(
            expert=member.expert, project=panel.project, by=member.expert.user, reason="回" * 201
        )
    )


def test_a_long_recusal_reason_still_fits_the_seat_it_vacates(panel):
    member = panel.members.select_related("expert").first()
    panels.recuse(
        expert=member.expert, project=panel.project, by=member.expert.user, reason="回" * 200
    )
    member.refresh_from_db()
    assert member.removed_at is not None
    assert len(member.removed_reason) == 200


def test_an_expert_out_of_bounds_is_refused_and_the_import_reports_it(db):
    officer = user_with_role(Role.OFFICER)
    with pytest.raises(ValidationError) as refused:
        experts.create_expert(
            by=officer, username="bad name!", name="名" * 51, affiliation=CONTROL, fields=["law"]
        )
    assert len(refused.value.messages) == 3, refused.value.messages
    assert not Expert.objects.exists()

    workbook = Workbook()
    workbook.active.append(["用户名", "姓名", "工作单位", "职称", "专业领域", "电话", "电子邮箱"])
    workbook.active.append(["wang", "名" * 51, "大学", "", "法律", "", ""])
    workbook.active.append(["li", "李华", "大学", "", "法律", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    report = expert_imports.import_experts(buffer, by=officer)
    assert [expert.name for expert in report.created] == ["李华"]
    assert len(report.problems) == 1
    assert report.problems[0].startswith("第 2 行：wang：名称：")


def test_a_tie_of_an_unknown_kind_or_with_control_characters_is_refused(db):
    user = UserFactory(roles=[Role.EXPERT])
    expert = Expert.objects.create(user=user, name="评委", affiliation="大学", fields=["law"])
    organisation = SocialOrganisationFactory()
    assert (
        len(
            _refused(
                lambda: experts.declare_tie(
                    expert=expert, by=user, organisation=organisation, kind="cousin", note=CONTROL
                )
            )
        )
        == 2
    )
    assert not ExpertTie.objects.exists()
    experts.declare_tie(expert=expert, by=user, organisation=organisation, kind=TieKind.values[0])
