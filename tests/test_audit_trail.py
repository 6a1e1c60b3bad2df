"""The audit trail (django-auditlog): who changed which field of money, scores, roles,
policies, organisations and plans, when, from what to what — written by the pages people
use, read-only, and searchable by administrators by object and by user."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import Role, UserRole
from community import plans
from community.models import Allocation, AllocationUse, FundPlan, Policy
from grants.models import Project, ProjectState
from tests.factories import (
    FundPlanFactory,
    ProjectFactory,
    SocialOrganisationFactory,
    district_policy,
    user_with_role,
)

D = Decimal
pytestmark = pytest.mark.django_db


def _entries(model, pk) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_pk=str(pk)
        ).order_by("timestamp", "pk")
    )


@pytest.fixture
def admin(db):
    user = user_with_role(Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_a_change_made_through_a_page_names_its_author_and_both_values(client):
    plan = FundPlanFactory()
    keeper = user_with_role(Role.COMMUNITY_STAFF, community=plan.community)
    allocation = plans.save_allocation(
        plan=plan, allocation=Allocation(use=AllocationUse.OTHER, amount=D("5.00")), by=keeper
    )
    client.force_login(keeper)

    response = client.post(
        reverse("community:allocation_edit", args=[plan.pk, allocation.pk]),
        {"use": AllocationUse.OTHER, "amount": "7.50", "note": ""},
    )

    assert response.status_code == 302
    entry = _entries(Allocation, allocation.pk)[-1]
    assert entry.actor == keeper
    assert entry.changes_dict["amount"] == ["5.00", "7.50"]


def test_money_and_scores_of_a_project_are_kept_but_not_its_prose(db):
    project = ProjectFactory(state=ProjectState.DRAFT, requested_amount=D("80000.00"))
    project.requested_amount = D("90000.00")
    project.needs_analysis = "新的需求分析"
    project.save()

    changes = _entries(Project, project.pk)[-1].changes_dict
    assert changes["requested_amount"] == ["80000.00", "90000.00"]
    assert "needs_analysis" not in changes


def test_roles_granted_and_removed_are_kept(db, admin):
    user = user_with_role(Role.APPLICANT)
    role = UserRole.objects.create(user=user, role=Role.EXPERT)
    role_pk = role.pk
    role.delete()

    actions = [entry.action for entry in _entries(UserRole, role_pk)]
    assert actions == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]


def test_policies_and_plan_allocations_are_kept(db):
    policy = district_policy()
    policy.fund_amount = D("320000.00")
    policy.save()
    plan = FundPlanFactory()
    keeper = user_with_role(Role.COMMUNITY_STAFF, community=plan.community)
    allocation = plans.save_allocation(
        plan=plan, allocation=Allocation(use=AllocationUse.OTHER, amount=D("5.00")), by=keeper
    )

    assert _entries(Policy, policy.pk)[-1].changes_dict["fund_amount"][1] == "320000.00"
    assert _entries(Allocation, allocation.pk)[0].action == LogEntry.Action.CREATE
    assert _entries(FundPlan, plan.pk)


def test_administrators_search_it_by_object_and_by_user_and_cannot_change_it(client, admin):
    organisation = SocialOrganisationFactory(name="雨花睦邻社工服务中心")
    organisation.contact_person = "王五"
    organisation.save()
    LogEntry.objects.filter(object_pk=str(organisation.pk)).update(actor=admin)
    client.force_login(admin)
    listing = reverse("admin:auditlog_logentry_changelist")

    by_object = client.get(listing, {"q": "雨花睦邻"})
    by_user = client.get(listing, {"q": admin.username})

    assert by_object.status_code == by_user.status_code == 200
    assert "雨花睦邻社工服务中心" in by_object.content.decode()
    assert by_user.context["cl"].result_count >= 1
    entry = LogEntry.objects.filter(object_pk=str(organisation.pk)).first()
    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    client.post(reverse("admin:auditlog_logentry_change", args=[entry.pk]), {"action": 2})
    client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"})
    assert LogEntry.objects.filter(pk=entry.pk, action=entry.action).exists()


def test_the_trail_is_for_administrators_only(client, db):
    officer = user_with_role(Role.OFFICER)
    officer.is_staff = True
    officer.save()
    client.force_login(officer)
    response = client.get(reverse("admin:auditlog_logentry_changelist"))
    assert response.status_code in {302, 403}
