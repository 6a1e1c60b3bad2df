"""The needs list's state machine: each transition for the role that may take it, from
each state, refused for every other role and state; scoping; guards that list every
problem; the log; notifications after commit; duplicates flagged, not silently created."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from community import needs as use_cases
from community import screening
from community.models import GuideItemDraft, Need, NeedChannel, NeedLog, NeedState
from grants.models import GuideCategory
from grants.refusals import NotAvailable, Refused
from tests.factories import (
    CommunityFactory,
    DepartmentFactory,
    NeedFactory,
    StreetFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db
N = NeedState


@pytest.fixture
def place():
    street = StreetFactory()
    community = CommunityFactory(street=street)
    return street, community


@pytest.fixture
def people(place):
    street, community = place
    other_street = StreetFactory()
    return {
        "community": user_with_role(Role.COMMUNITY_STAFF, community=community, email="c@x.cn"),
        "other_community": user_with_role(
            Role.COMMUNITY_STAFF, community=CommunityFactory(street=street)
        ),
        "street": user_with_role(Role.STREET_STAFF, street=street, email="s@x.cn"),
        "other_street": user_with_role(Role.STREET_STAFF, street=other_street),
        "officer": user_with_role(Role.OFFICER, email="o@x.cn"),
        "admin": user_with_role(Role.ADMIN),
        "finance": user_with_role(Role.FINANCE),
        "applicant": user_with_role(Role.APPLICANT),
        "expert": user_with_role(Role.EXPERT),
    }


def _need(place, state=N.DRAFT, **kwargs) -> Need:
    return NeedFactory(community=place[1], state=state, **kwargs)


def _take(action: str, need: Need, user, place):
    """Call the use case of ``action`` with what it needs."""
    match action:
        case "report":
            return use_cases.report_needs(needs=[need], by=user)[0]
        case "forward":
            return use_cases.forward_needs(needs=[need], by=user)[0]
        case "return":
            return use_cases.return_needs(needs=[need], by=user, reason="请补充走访记录")[0]
        case "screen":
            draft = GuideItemDraft(
                title="助餐服务",
                category=GuideCategory.ELDERLY,
                community=place[1],
                target_group="独居老人",
                need_statement="做饭难",
                service="助餐",
                goal="日均50份",
                suggested_budget=Decimal("50000.00"),
            )
            screening.screen_needs(needs=[need], draft=draft, by=user, seen_state=None)
            return Need.objects.get(pk=need.pk)
        case "merge":
            into = _need(place, N.FORWARDED, title="另一条需求")
            return use_cases.merge_need(need=need, into=into, by=user)
        case "refer":
            return use_cases.refer_need(need=need, department=DepartmentFactory(), by=user)
        case "decline":
            return use_cases.decline_need(need=need, by=user, reason="已有政府服务覆盖")
    raise AssertionError(action)


# action: (source states, target state, the people who may take it)
TRANSITIONS = {
    "report": ({N.DRAFT, N.RETURNED}, N.REPORTED, {"community"}),
    "forward": ({N.REPORTED}, N.FORWARDED, {"street"}),
    "return": ({N.REPORTED}, N.RETURNED, {"street"}),
    "screen": ({N.FORWARDED}, N.SCREENED, {"officer", "admin"}),
    "merge": ({N.FORWARDED}, N.MERGED, {"officer", "admin"}),
    "refer": ({N.FORWARDED}, N.REFERRED, {"officer", "admin"}),
    "decline": ({N.FORWARDED}, N.DECLINED, {"officer", "admin"}),
}
PEOPLE = [
    "community",
    "other_community",
    "street",
    "other_street",
    "officer",
    "admin",
    "finance",
    "applicant",
    "expert",
]


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
@pytest.mark.parametrize("person", PEOPLE)
def test_each_transition_is_taken_only_by_its_role(place, people, action, person):
    sources, target, allowed = TRANSITIONS[action]
    need = _need(place, sorted(sources)[0])
    if person in allowed:
        moved = _take(action, need, people[person], place)
        assert moved.state == target
        entry = NeedLog.objects.filter(need=need).latest("id")
        assert (entry.from_state, entry.to_state, entry.actor) == (
            sorted(sources)[0],
            target,
            people[person],
        )
    else:
        with pytest.raises(PermissionDenied):
            _take(action, need, people[person], place)
        assert Need.objects.get(pk=need.pk).state == sorted(sources)[0]


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_each_transition_is_refused_from_every_other_state(place, people, action):
    sources, _target, allowed = TRANSITIONS[action]
    user = people[sorted(allowed)[0]]
    for state in set(NeedState.values) - sources:
        extra = {}
        if state == N.SCREENED:
            extra["guide_draft"] = GuideItemDraft.objects.create(
                title="t",
                category="elderly",
                community=place[1],
                target_group="a",
                need_statement="b",
                service="c",
                goal="d",
                suggested_budget=Decimal("1.00"),
                created_by=user,
            )
        if state == N.MERGED:
            extra["merged_into"] = _need(place, N.FORWARDED)
        if state == N.REFERRED:
            extra["department"] = DepartmentFactory()
        need = _need(place, state, **extra)
        with pytest.raises(NotAvailable):
            _take(action, need, user, place)
        assert Need.objects.get(pk=need.pk).state == state


def test_scope_community_sees_its_own_street_its_communities_district_all(place, people):
    own = _need(place)
    neighbour = NeedFactory(community=people["other_community"].community)
    elsewhere = NeedFactory()
    visible = {
        person: set(Need.objects.visible_to(user).values_list("pk", flat=True))
        for person, user in people.items()
    }
    assert visible["community"] == {own.pk}
    assert visible["other_community"] == {neighbour.pk}
    assert visible["street"] == {own.pk, neighbour.pk}
    assert visible["other_street"] == set()
    assert visible["officer"] == visible["admin"] == visible["finance"]
    assert visible["officer"] == {own.pk, neighbour.pk, elsewhere.pk}
    assert visible["applicant"] == visible["expert"] == set()


def test_reporting_an_incomplete_need_lists_every_problem(place, people):
    need = _need(place, description=" ", affected_group="")
    with pytest.raises(Refused) as refused:
        use_cases.report_needs(needs=[need], by=people["community"])
    assert refused.value.problems == [
        "请描述这项需求：居民缺什么，记录显示了什么。",
        "请写明受影响的是哪些人，例如“独居老人”。",
    ]
    assert Need.objects.get(pk=need.pk).state == N.DRAFT


def test_a_need_without_a_community_is_refused_with_a_message(people):
    need = Need(
        channel=NeedChannel.GRID,
        category=GuideCategory.ELDERLY,
        title="路灯不亮",
        description="小区路灯坏了",
        people_affected=10,
        affected_group="居民",
    )
    with pytest.raises(Refused) as refused:
        use_cases.create_need(need=need, by=people["street"])
    assert refused.value.problems == ["请选择发现需求的社区。"]
    assert not Need.objects.exists()


def test_someone_elses_change_is_reported_and_the_need_is_left_alone(place, people):
    need = _need(place, N.REPORTED)
    use_cases.forward_needs(needs=[need], by=people["street"])
    with pytest.raises(Refused) as refused:
        use_cases.return_needs(
            needs=[need], by=people["street"], reason="重复", seen_state=N.REPORTED
        )
    assert "已被他人处理" in refused.value.problems[0]
    assert Need.objects.get(pk=need.pk).state == N.FORWARDED


def test_a_batch_forward_is_all_or_nothing_and_names_each_refused_need(place, people):
    ready = [_need(place, N.REPORTED, title=f"需求{n}") for n in range(3)]
    held = _need(place, N.DRAFT, title="尚未上报的需求")
    with pytest.raises(Refused) as refused:
        use_cases.forward_needs(needs=[*ready, held], by=people["street"])
    assert refused.value.problems == ["“尚未上报的需求”：当前状态为“草稿”，不能进行此操作。"]
    assert set(Need.objects.values_list("state", flat=True)) == {N.REPORTED, N.DRAFT}
    use_cases.forward_needs(needs=ready, by=people["street"])
    assert Need.objects.filter(state=N.FORWARDED).count() == 3


def test_returning_needs_a_reason_and_the_community_can_fix_and_report_again(place, people):
    need = _need(place, N.REPORTED)
    with pytest.raises(Refused) as refused:
        use_cases.return_needs(needs=[need], by=people["street"], reason="  ")
    assert refused.value.problems == ["请填写原因，让社区知道该怎么做。"]
    use_cases.return_needs(needs=[need], by=people["street"], reason="请补充照片")
    need.refresh_from_db()
    assert (need.state, need.decision_note) == (N.RETURNED, "请补充照片")
    use_cases.report_needs(needs=[need], by=people["community"])
    need.refresh_from_db()
    assert (need.state, need.reported_by, need.decision_note) == (
        N.REPORTED,
        people["community"],
        "",
    )


def test_notifications_leave_after_commit(place, people, django_capture_on_commit_callbacks):
    need = _need(place)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        use_cases.report_needs(needs=[need], by=people["community"])
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["s@x.cn"]]
    with django_capture_on_commit_callbacks(execute=True):
        use_cases.forward_needs(needs=[need], by=people["street"])
    assert mail.outbox[-1].to == ["o@x.cn"]


def test_merging_refuses_itself_and_a_need_merged_elsewhere(place, people):
    need = _need(place, N.FORWARDED)
    with pytest.raises(Refused) as refused:
        use_cases.merge_need(need=need, into=need, by=people["officer"])
    assert refused.value.problems == ["需求不能合并到自身。"]
    target = _need(place, N.FORWARDED)
    use_cases.merge_need(need=target, into=_need(place, N.FORWARDED), by=people["officer"])
    target.refresh_from_db()
    with pytest.raises(Refused):
        use_cases.merge_need(need=need, into=target, by=people["officer"])
    assert Need.objects.get(pk=need.pk).state == N.FORWARDED


def test_referring_needs_a_department_and_declining_a_reason(place, people):
    need = _need(place, N.FORWARDED)
    with pytest.raises(Refused) as refused:
        use_cases.refer_need(need=need, department=None, by=people["officer"])
    assert refused.value.problems == ["请选择承接这项需求的部门。"]
    with pytest.raises(Refused):
        use_cases.decline_need(need=need, by=people["officer"], reason="")
    department = DepartmentFactory(name="区教育局")
    use_cases.refer_need(need=need, department=department, by=people["officer"], note="课后服务")
    need.refresh_from_db()
    assert (need.state, need.department, need.decision_note) == (
        N.REFERRED,
        department,
        "课后服务",
    )


def test_a_similar_title_in_the_same_community_and_year_is_flagged_not_refused(place, people):
    first = _need(place, N.REPORTED, title="3号楼加装电梯", found_on=date(2026, 2, 1))
    again = Need(
        community=place[1],
        channel=NeedChannel.HOTLINE,
        category=GuideCategory.ELDERLY,
        title="三号楼 加装电梯！",
        description="12345工单反映",
        people_affected=30,
        affected_group="高层老人",
        found_on=date(2026, 5, 1),
    )
    use_cases.create_need(need=again, by=people["community"])
    assert again.possible_duplicate_of == first
    other_year = Need.objects.get(pk=again.pk)
    other_year.pk = None
    other_year.found_on = date(2025, 5, 1)
    use_cases.create_need(need=other_year, by=people["community"])
    assert other_year.possible_duplicate_of is None
    assert Need.objects.count() == 3


def test_screening_without_the_four_parts_lists_them_all_and_saves_nothing(place, people):
    need = _need(place, N.FORWARDED)
    draft = GuideItemDraft(title="助餐", category="elderly", suggested_budget=None)
    with pytest.raises(Refused) as refused:
        screening.screen_needs(needs=[need], draft=draft, by=people["officer"])
    assert refused.value.problems == [
        "请选择服务的街道或社区。",
        "请写明具体服务哪些人（对象要准）。",
        "请写明需求是什么（需求要清）。",
        "请写明用什么服务回应（服务要实）。",
        "请写明要达到的目标（目标要明）。",
        "请填写大于零的建议预算。",
    ]
    assert not GuideItemDraft.objects.exists()
    assert Need.objects.get(pk=need.pk).state == N.FORWARDED


def test_one_draft_answers_several_needs_and_is_placed_once(
    place, people, django_assert_num_queries
):
    from tests.factories import CallFactory

    first, second, later = (_need(place, N.FORWARDED) for _ in range(3))
    draft = GuideItemDraft(
        title="助餐服务",
        category="elderly",
        community=place[1],
        target_group="独居老人60人",
        need_statement="做饭难",
        service="助餐点",
        goal="日均50份",
        suggested_budget=Decimal("80000.00"),
    )
    screening.screen_needs(needs=[first, second], draft=draft, by=people["officer"])
    assert draft.street == place[0]
    screening.screen_needs(needs=[later], draft=draft, by=people["officer"])
    assert set(draft.needs.all()) == {first, second, later}
    call = CallFactory()
    item = screening.place_draft(draft=draft, call=call, by=people["officer"])
    assert (item.call, item.title, item.community) == (call, "助餐服务", place[1])
    assert "对象：独居老人60人" in item.description
    assert "建议预算：80,000.00 元" in item.description
    assert NeedLog.objects.filter(action="place").count() == 3
    with pytest.raises(Refused) as refused:
        screening.place_draft(draft=draft, call=call, by=people["officer"])
    assert "已列入" in refused.value.problems[0]
    with pytest.raises(PermissionDenied):
        screening.place_draft(draft=draft, call=call, by=people["street"])
