"""Eligibility 资格审查: submit refuses what the organisation's record rules out; the
officer's screening confirms the programme's whole checklist, which the log keeps."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import InspectionResult, OrganisationStatus
from grants import eligibility, lifecycle
from grants.models import ProjectState, TransitionLog
from grants.refusals import Refused
from tests.factories import ProjectFactory, every_check

pytestmark = pytest.mark.django_db
S = ProjectState
YEAR = timezone.localdate().year


def _submit_problems(project, member):
    with pytest.raises(Refused) as refused:
        lifecycle.submit_project(project=project, by=member)
    return refused.value.problems


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"status": OrganisationStatus.ABNORMAL}, "未列入活动异常名录：该组织已列入活动异常名录"),
        ({"status": OrganisationStatus.DEREGISTERED}, "登记有效：该组织已注销"),
        (
            {"inspection_result": InspectionResult.UNQUALIFIED, "inspection_year": YEAR - 1},
            f"年检合格：{YEAR - 1} 年度年检不合格",
        ),
        (
            {"inspection_result": InspectionResult.NOT_INSPECTED, "inspection_year": None},
            "年检合格：没有合格的年检记录",
        ),
        (
            {"inspection_result": InspectionResult.QUALIFIED, "inspection_year": YEAR - 3},
            f"年检合格：最近一次合格年检为 {YEAR - 3} 年度，本计划要求 {YEAR - 1} 年度或以后",
        ),
    ],
)
def test_submit_refuses_an_organisation_its_record_rules_out(project, member, changes, problem):
    organisation = project.organisation
    for name, value in changes.items():
        setattr(organisation, name, value)
    organisation.save()
    assert _submit_problems(project, member) == [problem]
    project.refresh_from_db()
    assert project.state == S.DRAFT


def test_a_new_organisation_is_not_due_for_inspection_and_basically_qualified_passes(
    project, member
):
    organisation = project.organisation
    organisation.registration_date = date(YEAR - 1, 6, 1)
    organisation.inspection_result = InspectionResult.NOT_INSPECTED
    organisation.inspection_year = None
    organisation.save()
    checks = eligibility.checklist_of(project)
    assert not any(check.failed for check in checks)
    organisation.registration_date = date(2015, 1, 1)
    organisation.inspection_result = InspectionResult.BASICALLY_QUALIFIED
    organisation.inspection_year = YEAR - 1
    organisation.save()
    assert lifecycle.submit_project(project=project, by=member).state == S.SUBMITTED


def test_a_programme_that_asks_a_grade_refuses_a_lower_one(project, member):
    programme = project.call.programme
    programme.min_rating = "3A"
    programme.save()
    organisation = project.organisation
    organisation.rating = "2A"
    organisation.save()
    assert _submit_problems(project, member) == ["社会组织评估等级 3A 及以上：评估等级为 2A"]
    organisation.rating = ""
    organisation.save()
    assert _submit_problems(project, member) == ["社会组织评估等级 3A 及以上：未参加评估"]
    organisation.rating = "4A"
    organisation.save()
    assert lifecycle.submit_project(project=project, by=member).state == S.SUBMITTED


def test_screening_needs_every_item_confirmed_and_the_log_keeps_the_checklist(officer):
    project = ProjectFactory(state=S.SUBMITTED)
    programme = project.call.programme
    programme.eligibility_items = "近两年未受到行政处罚\n\n  法定代表人无失信记录  "
    programme.save()
    keys = every_check(project)
    assert keys == ["verification", "registration", "listing", "inspection", "item-1", "item-3"]
    with pytest.raises(Refused) as refused:
        lifecycle.accept_for_review(project=project, by=officer, confirmed=keys[:-1])
    assert refused.value.problems == ["请核对后勾选“法定代表人无失信记录”。"]
    assert not TransitionLog.objects.exists()

    lifecycle.accept_for_review(project=project, by=officer, confirmed=keys)
    log = TransitionLog.objects.get()
    assert log.comment.splitlines() == [
        "资格审查：",
        f"✓ 机构信息已经区民政局核实（{timezone.localdate().isoformat()} 核实）",
        f"✓ 登记有效（{project.organisation.registration_date.isoformat()} 登记）",
        "✓ 未列入活动异常名录",
        f"✓ 年检合格（{YEAR - 1} 年度合格）",
        "✓ 近两年未受到行政处罚",
        "✓ 法定代表人无失信记录",
    ]


def test_an_organisation_listed_after_it_submitted_cannot_be_accepted(officer):
    project = ProjectFactory(state=S.SUBMITTED)
    keys = every_check(project)
    organisation = project.organisation
    organisation.status = OrganisationStatus.ABNORMAL
    organisation.save()
    with pytest.raises(Refused) as refused:
        lifecycle.accept_for_review(project=project, by=officer, confirmed=keys)
    assert refused.value.problems == [
        "未列入活动异常名录：该组织已列入活动异常名录——请改为“资格审查未通过”。"
    ]
    project.refresh_from_db()
    assert project.state == S.SUBMITTED


def test_the_project_page_shows_the_checklist_and_accepts_what_was_ticked(client, officer):
    project = ProjectFactory(state=S.SUBMITTED)
    client.force_login(officer)
    url = reverse("grants:project_detail", args=[project.pk])
    page = client.get(url).content.decode()
    assert "资格审查清单（逐项核对后勾选）" in page
    assert f"年检合格（{YEAR - 1} 年度合格）" in page
    action = reverse("grants:project_action", args=[project.pk, "accept_for_review"])
    refused = client.post(action, {"seen_state": S.SUBMITTED, "accept_for_review-confirmed": []})
    assert refused.status_code == 409
    assert "请核对后勾选“年检合格”。" in refused.content.decode()
    accepted = client.post(
        action,
        {
            "seen_state": S.SUBMITTED,
            "accept_for_review-confirmed": [
                "verification",
                "registration",
                "listing",
                "inspection",
            ],
        },
    )
    assert accepted.status_code == 302
    project.refresh_from_db()
    assert project.state == S.UNDER_REVIEW


def test_a_failing_item_is_shown_and_cannot_be_ticked(client, officer):
    project = ProjectFactory(state=S.SUBMITTED)
    organisation = project.organisation
    organisation.status = OrganisationStatus.DEREGISTERED
    organisation.save()
    client.force_login(officer)
    page = client.get(reverse("grants:project_detail", args=[project.pk])).content.decode()
    assert "以下条件不符合，请改为“资格审查未通过”：" in page
    assert "<li>登记有效：该组织已注销</li>" in page
    assert 'value="registration"' not in page
