"""The panels that assess delivery see the project's progress: an expert seated on a
mid-term panel reads target against achieved and budget against spent beside the score
sheet; the officer's panel page shows the same; the initial review does not."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from experts.models import Expert, Stage
from grants import records
from grants.models import ProjectState
from reviews import panels
from reviews.models import Panel
from tests.factories import UserFactory, user_with_role
from tests.grants.delivering import D, running_project

pytestmark = pytest.mark.django_db


def test_a_mid_term_panel_sees_target_against_achieved(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = running_project()
    staff = UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])
    meal = project.indicators.first()
    records.record_activity(
        project=project,
        by=staff,
        activity=records.Activity(
            occurred_on=timezone.localdate(),
            place="食堂",
            community=project.community,
            kind="meal",
            participants=80,
            volunteer_hours=None,
            increments={meal.pk: D("250")},
        ),
    )
    project.__class__.objects.filter(pk=project.pk).update(state=ProjectState.MIDTERM_REVIEW)
    officer = user_with_role(Role.OFFICER)
    expert_user = user_with_role(Role.EXPERT)
    Expert.objects.create(
        user=expert_user, name="黄建国", affiliation="南京大学", fields=["finance"]
    )
    draw = panels.draw_panels(call=project.call, stage=Stage.MIDTERM, by=officer, size=1)
    panel = Panel.objects.get(draw=draw)

    client.force_login(expert_user)
    page = client.get(reverse("reviews:sheet", args=[panel.pk])).content.decode()
    assert 'data-testid="progress"' in page
    assert "250 / 1,000 人次" in page
    assert "25.00%" in page
    client.force_login(officer)
    assert (
        'data-testid="progress"'
        in client.get(reverse("reviews:panel", args=[panel.pk])).content.decode()
    )


def test_the_initial_review_shows_no_progress(client):
    project = running_project(state=ProjectState.UNDER_REVIEW)
    officer = user_with_role(Role.OFFICER)
    expert_user = user_with_role(Role.EXPERT)
    Expert.objects.create(user=expert_user, name="李华", affiliation="南京大学", fields=["finance"])
    panel = Panel.objects.get(
        draw=panels.draw_panels(call=project.call, stage=Stage.INITIAL, by=officer, size=1)
    )
    client.force_login(expert_user)
    page = client.get(reverse("reviews:sheet", args=[panel.pk])).content.decode()
    assert 'data-testid="progress"' not in page
