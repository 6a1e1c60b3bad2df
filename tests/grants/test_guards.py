"""Each submission guard's message, with the numbers, and all of them at once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from grants import guards, lifecycle
from grants.guards import PanelOutcome
from grants.models import BudgetCategory, ProjectState
from grants.refusals import Refused
from tests.factories import CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _problems(project, member):
    with pytest.raises(Refused) as raised:
        lifecycle.submit_project(project=project, by=member)
    return raised.value.problems


def test_complete_proposal_passes(project, member):
    assert lifecycle.submit_project(project=project, by=member).state == ProjectState.SUBMITTED


def test_budget_not_adding_up_names_both_sums(member):
    project = ProjectFactory(budget=[(BudgetCategory.ACTIVITY, "98000.00")])
    member.memberships.create(organisation=project.organisation)
    assert _problems(project, member) == ["预算合计 98,000.00 元，与申请金额 100,000.00 元不一致。"]


def test_management_fee_cap(project, member):
    project = ProjectFactory(
        organisation=project.organisation,
        budget=[(BudgetCategory.ACTIVITY, "88000.00"), (BudgetCategory.MANAGEMENT, "12000.00")],
    )
    assert _problems(project, member) == ["管理费 12,000.00 元，占预算 12.00%，超过上限 10.00%。"]


def test_cap_is_inclusive_at_exactly_the_limit(project, member):
    project = ProjectFactory(
        organisation=project.organisation,
        budget=[(BudgetCategory.ACTIVITY, "60000.00"), (BudgetCategory.PERSONNEL, "40000.00")],
    )
    assert lifecycle.submit_project(project=project, by=member).state == ProjectState.SUBMITTED


def test_request_above_programme_maximum(project, member):
    project = ProjectFactory(
        organisation=project.organisation,
        requested_amount=Decimal("250000.00"),
        matching_funds=Decimal("0"),
        budget=[(BudgetCategory.ACTIVITY, "250000.00")],
    )
    assert _problems(project, member) == [
        "申请金额 250,000.00 元，超过本资助计划单个项目上限 200,000.00 元。"
    ]


def test_matching_funds_ratio(project, member):
    programme = project.call.programme
    programme.matching_ratio = Decimal("20.00")
    programme.save()
    assert _problems(project, member) == [
        "配套资金 10,000.00 元，低于申请金额的 20.00%（20,000.00 元）。"
    ]


def test_required_attachment(project, member):
    programme = project.call.programme
    programme.required_attachments = ["registration"]
    programme.save()
    assert _problems(project, member) == ["请上传：登记证书。"]


def test_window_closed(member, project):
    call = CallFactory(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )
    project = ProjectFactory(organisation=project.organisation, call=call)
    assert _problems(project, member)[0].startswith("申报已于")


def test_returned_proposal_may_use_its_resubmission_deadline(member, project):
    call = CallFactory(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )
    project = ProjectFactory(
        organisation=project.organisation,
        call=call,
        state=ProjectState.RETURNED,
        resubmission_deadline=timezone.localdate() + timedelta(days=2),
    )
    assert lifecycle.submit_project(project=project, by=member).state == ProjectState.SUBMITTED


def test_every_problem_is_reported_at_once_and_the_draft_is_kept(member, project):
    empty = ProjectFactory(
        organisation=project.organisation,
        service_targets="",
        needs_analysis="",
        service_content="",
        goals="",
        matching_funds=Decimal("0"),
        budget=[],
    )
    problems = _problems(empty, member)
    assert problems == [
        "请填写：服务对象、需求分析、服务内容、目标与指标。",
        "请至少添加一条预算明细。",
    ]
    empty.refresh_from_db()
    assert empty.state == ProjectState.DRAFT
    assert empty.title  # nothing typed is lost


def test_officer_decisions_need_their_inputs_all_reported_together(officer):
    submitted = ProjectFactory(state=ProjectState.SUBMITTED)
    with pytest.raises(Refused) as raised:
        lifecycle.return_for_revision(
            project=submitted, by=officer, reason="  ", deadline=timezone.localdate()
        )
    assert raised.value.problems == [
        "请填写理由，申报单位会看到。",
        f"截止日期须晚于今天（{timezone.localdate().isoformat()}）。",
    ]


def test_agreement_waits_for_the_publicity_period_and_needs_a_unique_number(officer):
    ProjectFactory(
        state=ProjectState.CONTRACTED, agreement_number="YHT-001", approved_amount=Decimal("1")
    )
    approved = ProjectFactory(
        state=ProjectState.APPROVED,
        approved_amount=Decimal("90000.00"),
        publicity_ends_on=timezone.localdate(),
    )
    with pytest.raises(Refused) as raised:
        lifecycle.sign_agreement(
            project=approved, by=officer, number="YHT-001", signed_on=timezone.localdate()
        )
    assert raised.value.problems == [
        f"公示期至 {timezone.localdate().isoformat()}，请在公示期满后签订协议。",
        "协议编号 YHT-001 已被其他项目使用。",
    ]


def test_assessments_need_their_reports(officer):
    running = ProjectFactory(state=ProjectState.IN_PROGRESS)
    with pytest.raises(Refused) as raised:
        lifecycle.open_midterm(project=running, by=officer)
    assert raised.value.problems == ["请先上传中期报告。"]


def test_closing_needs_the_satisfaction_result(officer):
    final = ProjectFactory(state=ProjectState.FINAL_REVIEW)
    with pytest.raises(Refused) as raised:
        lifecycle.close_project(
            project=final, by=officer, outcome=PanelOutcome(5, 5, Decimal("80")), satisfaction=None
        )
    assert raised.value.problems == ["请先录入居民满意度结果。"]


def test_a_guide_item_of_another_area_is_refused_at_submit(project, member):
    from grants.models import GuideCategory, GuideItem
    from tests.factories import CommunityFactory, StreetFactory

    home = project.community
    elsewhere = CommunityFactory(street=StreetFactory(name="西善桥街道"))
    for target, message in [
        ({"community": elsewhere}, f"面向{elsewhere.name}，本项目服务的是{home.name}。"),
        ({"street": elsewhere.street}, f"面向西善桥街道的社区，本项目服务的是{home.name}。"),
    ]:
        item = GuideItem.objects.create(
            call=project.call, category=GuideCategory.ELDERLY, title="助餐服务", **target
        )
        project.guide_item = item
        project.save(update_fields=["guide_item"])
        assert _problems(project, member) == [f"项目指引“助餐服务”{message}"]
    for target in [{"street": home.street}, {"community": home}]:  # both pass; the last submits
        project.guide_item = GuideItem.objects.create(
            call=project.call, category=GuideCategory.ELDERLY, title="助餐服务", **target
        )
        project.save(update_fields=["guide_item"])
        assert guards.guide_item_problems(project) == []
    assert lifecycle.submit_project(project=project, by=member).state == ProjectState.SUBMITTED


def test_a_guide_item_of_another_call_is_refused_at_submit(project, member):
    from grants.models import GuideCategory, GuideItem

    project.guide_item = GuideItem.objects.create(
        call=CallFactory(), category=GuideCategory.ELDERLY, title="助餐服务", street=None
    )
    project.save(update_fields=["guide_item"])
    assert _problems(project, member) == ["项目指引“助餐服务”属于其他批次。"]
