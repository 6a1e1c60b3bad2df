"""A conflict of interest that arises after the draw: the expert declares a tie with the
applicant organisation, an administrator records one, or the expert's account is made a
member of it. Each path unseats the expert in the same transaction (a removal with the
reason), ends its reading of the project, drops its sheet from the score, and leaves a
vacancy the officer fills with a replacement draw."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.forms import CheckboxInput, MultiWidget
from django.urls import reverse

from accounts.models import Role
from experts.models import ExpertTie, Stage, TieKind
from grants.models import ProjectReader
from grants.refusals import Refused
from reviews import conflicts, decisions, panels, results, sheets
from reviews.models import Panel, PanelMember
from tests.factories import CallFactory, SocialOrganisationFactory, UserFactory
from tests.reviews.panel_world import (
    D,
    expert_pool,
    projects_under_review,
    score_panel,
    seated,
    submit_sheet,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(officer):
    expert_pool(6)
    call = CallFactory()
    (project,) = projects_under_review(call, 1)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    panel = Panel.objects.select_related("project__organisation", "rubric").get(project=project)
    score_panel(panel, ["0.9", "0.8", "0.7"])  # complete: every sheet submitted
    return panel


def _complete(panel) -> bool:
    return results.outcome_for(panel.project, panel.stage).complete


def _assert_unseated(panel, member, client):
    member.refresh_from_db()
    assert member.removed_at is not None
    assert panel.project.organisation.name in member.removed_reason
    user = member.expert.user
    assert not ProjectReader.objects.filter(project=panel.project, user=user).exists()
    client.force_login(user)
    assert client.get(reverse("reviews:sheet", args=[panel.pk])).status_code == 404
    assert client.get(reverse("grants:project_detail", args=[panel.project_id])).status_code == 404
    outcome = results.outcome_for(panel.project, panel.stage)
    assert (outcome.submitted, outcome.assigned) == (2, 3)  # the sheet no longer counts
    assert not outcome.complete
    assert outcome.score is None
    assert panels.vacancies(panel) == 1


def test_a_tie_declared_on_the_experts_page_unseats_them(client, panel, officer):
    member = seated(panel)[0]
    assert _complete(panel)
    client.force_login(member.expert.user)
    response = client.post(
        reverse("reviews:declare_tie"),
        {"organisation": panel.project.organisation_id, "kind": TieKind.BOARD, "note": ""},
    )
    assert response.status_code == 302
    assert ExpertTie.objects.filter(expert=member.expert).exists()
    _assert_unseated(panel, member, client)
    with pytest.raises(Refused) as refused:
        decisions.approve(project=panel.project, by=officer, amount=D("90000.00"))
    assert "2" in refused.value.problems[0]
    assert "3" in refused.value.problems[0]


def test_the_vacancy_is_offered_and_the_replacement_completes_the_panel(
    client, panel, officer, django_capture_on_commit_callbacks
):
    member = seated(panel)[0]
    officer.email = "zhuguan@example.org"
    officer.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        conflicts.declare_tie(
            expert=member.expert,
            by=member.expert.user,
            organisation=panel.project.organisation,
            kind=TieKind.EMPLOYEE,
        )
    (email,) = [m for m in mail.outbox if officer.email in m.to]
    assert panel.project.title in email.subject
    assert reverse("reviews:panel", args=[panel.pk]) in email.body
    client.force_login(officer)
    page = client.get(reverse("reviews:panel", args=[panel.pk])).content.decode()
    assert 'data-testid="vacancies"' in page
    assert reverse("reviews:fill_vacancy", args=[panel.pk]) in page
    assert member.expert.name in page  # listed among those who left, with the reason
    response = client.post(reverse("reviews:fill_vacancy", args=[panel.pk]), {"reason": "补足"})
    assert response.status_code == 302
    newcomer = PanelMember.objects.get(panel=panel, removed_at__isnull=True, source="replacement")
    assert newcomer.expert_id != member.expert_id
    assert not _complete(panel)
    submit_sheet(panel, newcomer, "0.85")
    assert _complete(panel)
    assert panels.verify_draw(panel.draw).ok


def test_a_tie_the_administrator_adds_in_the_admin_unseats_the_expert(client, panel):
    member = seated(panel)[1]
    admin_user = UserFactory(roles=[Role.ADMIN], is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    url = reverse("admin:experts_expert_change", args=[member.expert.pk])
    data = _admin_form_data(client.get(url))
    data["ties-TOTAL_FORMS"] = "1"
    data.update(
        {
            "ties-0-organisation": str(panel.project.organisation_id),
            "ties-0-kind": TieKind.RELATIVE,
            "ties-0-note": "",
            "ties-0-expert": str(member.expert.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ExpertTie.objects.filter(expert=member.expert).exists()
    _assert_unseated(panel, member, client)


def test_joining_the_organisation_in_the_admin_unseats_the_expert(client, panel):
    member = seated(panel)[2]
    admin_user = UserFactory(roles=[Role.ADMIN], is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    organisation = panel.project.organisation
    url = reverse("admin:accounts_socialorganisation_change", args=[organisation.pk])
    data = _admin_form_data(client.get(url))
    data["memberships-TOTAL_FORMS"] = str(int(data["memberships-TOTAL_FORMS"]) + 1)
    new = int(data["memberships-TOTAL_FORMS"]) - 1
    data[f"memberships-{new}-user"] = str(member.expert.user_id)
    data[f"memberships-{new}-organisation"] = str(organisation.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert member.expert.user.memberships.filter(organisation=organisation).exists()
    _assert_unseated(panel, member, client)


def test_a_tie_with_another_organisation_or_a_finished_panel_keeps_the_seat(panel, officer):
    member = seated(panel)[0]
    conflicts.declare_tie(
        expert=member.expert,
        by=member.expert.user,
        organisation=SocialOrganisationFactory(),
        kind=TieKind.OTHER,
    )
    member.refresh_from_db()
    assert member.removed_at is None
    assert _complete(panel)
    decisions.approve(project=panel.project, by=officer, amount=D("90000.00"))
    other = seated(panel)[1]
    conflicts.declare_tie(
        expert=other.expert,
        by=other.expert.user,
        organisation=panel.project.organisation,
        kind=TieKind.OTHER,
    )
    other.refresh_from_db()
    assert other.removed_at is None  # the panel's stage is over: its record is history


def test_a_refused_tie_unseats_nobody(panel):
    member = seated(panel)[0]
    organisation = panel.project.organisation
    ExpertTie.objects.create(expert=member.expert, organisation=organisation, kind="other")
    PanelMember.objects.filter(pk=member.pk).update(removed_at=None)
    with pytest.raises(Refused):
        conflicts.declare_tie(
            expert=member.expert, by=member.expert.user, organisation=organisation, kind="other"
        )
    with pytest.raises(PermissionDenied):
        conflicts.declare_tie(
            expert=member.expert,
            by=seated(panel)[1].expert.user,
            organisation=SocialOrganisationFactory(),
            kind="other",
        )
    member.refresh_from_db()
    assert member.removed_at is None


def test_the_score_never_counts_a_removed_members_sheet(panel):
    member = seated(panel)[0]
    before = results.panel_result(panel.project, panel.stage)
    assert len(before.lines) == 3
    conflicts.declare_tie(
        expert=member.expert,
        by=member.expert.user,
        organisation=panel.project.organisation,
        kind=TieKind.BOARD,
    )
    after = results.panel_result(panel.project, panel.stage)
    assert member.expert_id not in {line.sheet.expert_id for line in after.lines}
    ranked, _available = results.ranking(panel.project.call)
    assert ranked[0].waiting
    with pytest.raises(PermissionDenied):
        sheets.sheet_for(panel=panel, by=member.expert.user)


@pytest.mark.django_db(transaction=True)
def test_a_tie_and_a_replacement_draw_at_once_never_leave_the_expert_seated():
    """The only free expert is drawn as a replacement while declaring a tie with the
    applicant: whichever commits first, the expert ends without a seat on the panel."""
    from tests.factories import user_with_role

    officer = user_with_role(Role.OFFICER)
    pool = expert_pool(4)
    call = CallFactory()
    (project,) = projects_under_review(call, 1)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    panel = Panel.objects.get(project=project)
    (free,) = [e for e in pool if not panel.members.filter(expert=e).exists()]
    leaving = seated(panel)[0]
    barrier = threading.Barrier(2)
    outcomes = []

    def replace():
        try:
            barrier.wait()
            panels.replace_member(panel=panel, member=leaving, by=officer, reason="出差")
            outcomes.append("replaced")
        except Refused as refused:
            outcomes.append(refused.problems[0])
        finally:
            connection.close()

    def declare():
        try:
            barrier.wait()
            conflicts.declare_tie(
                expert=free, by=free.user, organisation=project.organisation, kind="board"
            )
            outcomes.append("declared")
        finally:
            connection.close()

    threads = [threading.Thread(target=replace), threading.Thread(target=declare)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "declared" in outcomes
    assert not panel.members.filter(expert=free, removed_at__isnull=True).exists()
    assert not ProjectReader.objects.filter(project=project, user=free.user).exists()


@pytest.mark.django_db(transaction=True)
def test_a_recusal_and_a_replacement_draw_at_once_never_leave_the_expert_seated():
    """The same race with a recusal: the only free expert steps aside from the project
    while being drawn as the replacement; whichever commits first, no seat is left."""
    from tests.factories import user_with_role

    officer = user_with_role(Role.OFFICER)
    pool = expert_pool(4)
    call = CallFactory()
    (project,) = projects_under_review(call, 1)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    panel = Panel.objects.get(project=project)
    (free,) = [e for e in pool if not panel.members.filter(expert=e).exists()]
    leaving = seated(panel)[0]
    barrier = threading.Barrier(2)
    outcomes = []

    def replace():
        try:
            barrier.wait()
            panels.replace_member(panel=panel, member=leaving, by=officer, reason="出差")
            outcomes.append("replaced")
        except Refused as refused:
            outcomes.append(refused.problems[0])
        finally:
            connection.close()

    def recuse():
        try:
            barrier.wait()
            panels.recuse(expert=free, project=project, by=free.user, reason="曾任顾问")
            outcomes.append("recused")
        finally:
            connection.close()

    threads = [threading.Thread(target=replace), threading.Thread(target=recuse)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "recused" in outcomes
    assert not panel.members.filter(expert=free, removed_at__isnull=True).exists()
    assert not ProjectReader.objects.filter(project=project, user=free.user).exists()


def _admin_form_data(response) -> dict:
    """What the admin's change form would post back unchanged: the main form and every
    inline formset with its management form."""
    assert response.status_code == 200
    data: dict = {}

    def add(form):
        for bound in form:
            value = bound.value()
            widget = bound.field.widget
            if isinstance(widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
                continue
            if value is None:
                continue
            if isinstance(widget, MultiWidget):
                for index, part in enumerate(widget.decompress(value)):
                    if part is not None:
                        data[f"{bound.html_name}_{index}"] = part
                continue
            data[bound.html_name] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for form in formset.forms:
            add(form)
    return data
