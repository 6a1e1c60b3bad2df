"""Indicators are rows of the proposal: edited with it on the application form (every
problem of the form, the budget and the indicators at once), frozen in each submitted
version and shown in the comparison of two versions."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from grants import lifecycle, versions
from grants.models import Indicator, ProjectState
from tests.factories import ProjectFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def _data(project, indicators, **changes):
    data = {
        "title": project.title,
        "community": project.community_id,
        "service_targets": "老人",
        "needs_analysis": "需求",
        "service_content": "内容",
        "goals": "目标",
        "requested_amount": "100000.00",
        "matching_funds": "10000.00",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-0-category": "activity",
        "budget-0-amount": "100000.00",
        "indicators-TOTAL_FORMS": str(len(indicators)),
        "indicators-INITIAL_FORMS": "0",
    }
    for number, (name, unit, target, how) in enumerate(indicators):
        data |= {
            f"indicators-{number}-name": name,
            f"indicators-{number}-unit": unit,
            f"indicators-{number}-target": target,
            f"indicators-{number}-measured_by": how,
        }
    return {**data, **changes}


@pytest.fixture
def draft_and_member():
    project = ProjectFactory(budget=[])
    return project, UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])


def test_indicators_are_edited_with_the_proposal_and_logged(client, draft_and_member):
    project, member = draft_and_member
    client.force_login(member)
    url = reverse("grants:project_edit", args=[project.pk])
    assert 'name="indicators-TOTAL_FORMS"' in client.get(url).content.decode()
    rows = [("助餐", "人次", "12000", "助餐签到表"), ("送餐上门", "人次", "3600", "")]
    assert client.post(url, _data(project, rows)).status_code == 302
    assert [(i.name, i.target) for i in project.indicators.all()] == [
        ("助餐", Decimal("12000.00")),
        ("送餐上门", Decimal("3600.00")),
    ]
    assert "indicators" in project.changes.get().fields


def test_a_bad_indicator_is_shown_with_every_other_problem_and_nothing_is_lost(
    client, draft_and_member
):
    project, member = draft_and_member
    client.force_login(member)
    rows = [("助餐", "人次", "0", ""), ("探访", "户", "5", ""), ("探访", "户", "6", "")]
    response = client.post(
        reverse("grants:project_edit", args=[project.pk]),
        _data(project, rows, title="", **{"budget-0-amount": "-1"}),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert response.context["budget"].errors[0]
    indicators = response.context["indicators"]
    assert "指标的目标值必须大于零。" in str(indicators.errors[0])
    assert indicators.non_form_errors()  # 探访 twice
    assert 'value="助餐"' in response.content.decode()
    assert not Indicator.objects.exists()


def test_indicators_are_frozen_in_each_version_and_compared(officer):
    project = ProjectFactory()
    member = UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])
    Indicator.objects.create(project=project, name="助餐", unit="人次", target=Decimal("12000"))
    lifecycle.submit_project(project=project, by=member)
    lifecycle.return_for_revision(
        project=project,
        by=officer,
        reason="细化指标",
        deadline=project.created_at.date().replace(year=2099),
    )
    Indicator.objects.filter(project=project).update(target=Decimal("15000"), measured_by="签到表")
    lifecycle.submit_project(project=project, by=member)
    first, second = project.versions.all()
    assert first.content["indicators"] == [
        {"name": "助餐", "unit": "人次", "target": "12000.00", "measured_by": ""}
    ]
    differences = {d.label: (d.before, d.after) for d in versions.compare(first, second)}
    assert differences["指标"] == ("助餐 12,000 人次", "助餐 15,000 人次（签到表）")
    assert ProjectState(project.__class__.objects.get(pk=project.pk).state) == "submitted"


def test_a_version_frozen_before_indicators_existed_still_reads(officer):
    project = ProjectFactory()
    member = user_with_role(Role.APPLICANT, organisations=[project.organisation])
    version = versions.freeze(project, by=member)
    content = dict(version.content)
    del content["indicators"]
    version.content = content
    assert ("指标", "") in versions.describe(version)
