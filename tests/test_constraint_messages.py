"""Every database constraint of ours carries a message for the user, in their language, so a
constraint's name never reaches a page; forms show it beside what was typed."""

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from community.models import AllocationUse
from tests.factories import FundPlanFactory, user_with_role

OURS = {"accounts", "grants", "community", "experts", "reviews", "reports"}


def _constraints():
    for model in apps.get_models():
        if model._meta.app_label in OURS:
            for constraint in model._meta.constraints:
                yield model._meta.label, constraint


def test_every_constraint_has_its_own_message_in_chinese():
    missing, untranslated = [], []
    for label, constraint in _constraints():
        message = constraint.violation_error_message
        if str(message) == str(constraint.default_violation_error_message):
            missing.append(f"{label}.{constraint.name}")
            continue
        with translation.override("zh-hans"):
            chinese = str(message)
        with translation.override("en"):
            english = str(message)
        if chinese == english or constraint.name in chinese:
            untranslated.append(f"{label}.{constraint.name}")
    assert missing == []
    assert untranslated == []


@pytest.mark.django_db
def test_a_form_shows_the_message_not_the_constraint_name(client):
    plan = FundPlanFactory()
    client.force_login(user_with_role(Role.COMMUNITY_STAFF, community=plan.community))

    response = client.post(
        reverse("community:allocation_add", args=[plan.pk]),
        {"use": AllocationUse.OTHER, "amount": "0"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "分配金额应大于 0。" in page
    assert "allocation_amount_positive" not in page
