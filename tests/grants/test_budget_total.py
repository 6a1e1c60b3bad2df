"""The live budget total on the proposal form: htmx posts what is typed, the server answers
with the total and the submit guard's own verdict on it; nothing is saved."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from grants.guards import submission_problems
from grants.models import ProjectState
from tests.factories import ProjectFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def _url(project) -> str:
    return reverse("grants:project_budget_total", args=[project.pk])


def _lines(*amounts: str, requested: str = "100000.00", **extra) -> dict:
    data = {
        "requested_amount": requested,
        "budget-TOTAL_FORMS": str(len(amounts)),
        "budget-INITIAL_FORMS": "0",
    }
    for number, amount in enumerate(amounts):
        data[f"budget-{number}-category"] = "activity"
        data[f"budget-{number}-amount"] = amount
    return {**data, **extra}


@pytest.fixture
def draft(db):
    return ProjectFactory(budget=[])


@pytest.fixture
def applicant(draft):
    return UserFactory(roles=[Role.APPLICANT], organisations=[draft.organisation])


def _total(client, project, data):
    response = client.post(_url(project), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response


def test_lines_adding_up_to_the_request_are_balanced(client, draft, applicant):
    client.force_login(applicant)
    response = _total(client, draft, _lines("60000.00", "39999.50", "0.50"))
    total = response.context["budget_total"]
    assert (total.total, total.requested, total.balanced) == (
        Decimal("100000.00"),
        Decimal("100000.00"),
        True,
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-balanced="true"' in html
    assert "¥100,000.00" in html
    assert "预算明细合计与申请金额一致" in html


def test_a_difference_is_told_in_the_words_the_submit_guard_uses(client, draft, applicant):
    client.force_login(applicant)
    data = _lines("60000.00", "35000.50")
    response = _total(client, draft, data)
    total = response.context["budget_total"]
    assert total.total == Decimal("95000.50")
    assert not total.balanced
    html = response.content.decode()
    assert "95,000.50" in html
    assert "100,000.00" in html
    # Saved as typed, the submit guard refuses with the very same sentence.
    for amount in ("60000.00", "35000.50"):
        draft.budget_lines.create(category="activity", amount=Decimal(amount))
    guard = submission_problems(draft, now=timezone.now())
    assert total.problems[0] in guard
    assert total.problems[0] in html


def test_deleted_lines_are_left_out_and_saved_lines_are_counted_as_typed(client, applicant):
    project = ProjectFactory(organisation=applicant.organisations.get())
    lines = list(project.budget_lines.all())  # 60,000 + 35,000 + 5,000
    data = {
        "requested_amount": "100000.00",
        "budget-TOTAL_FORMS": "4",
        "budget-INITIAL_FORMS": "3",
        "budget-3-category": "activity",
        "budget-3-amount": "1000.00",
    }
    for number, line in enumerate(lines):
        data[f"budget-{number}-id"] = str(line.pk)
        data[f"budget-{number}-category"] = line.category
        data[f"budget-{number}-amount"] = str(line.amount)
    data["budget-0-amount"] = "59000.00"  # edited
    data["budget-2-DELETE"] = "on"  # 5,000 removed
    client.force_login(applicant)
    total = _total(client, project, data).context["budget_total"]
    assert total.total == Decimal("59000.00") + Decimal("35000.00") + Decimal("1000.00")
    assert total.uncounted == []
    # Nothing was saved.
    assert sorted(project.budget_lines.values_list("amount", flat=True)) == [
        Decimal("5000.00"),
        Decimal("35000.00"),
        Decimal("60000.00"),
    ]


@pytest.mark.parametrize("bad", ["abc", "-5", "0", "1e400", "NaN", "Infinity", "1.234", ""])
def test_a_line_that_cannot_be_saved_is_named_and_not_counted(client, draft, applicant, bad):
    client.force_login(applicant)
    response = _total(client, draft, _lines("60000.00", bad))
    total = response.context["budget_total"]
    assert total.uncounted == [2]
    assert total.total == Decimal("60000.00")
    assert not total.balanced
    assert "第 2 行" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"requested_amount": "一万"},
        {"requested_amount": "NaN", "budget-TOTAL_FORMS": "1", "budget-INITIAL_FORMS": "0"},
        {"requested_amount": "9" * 40},
        {"budget-TOTAL_FORMS": "abc", "budget-INITIAL_FORMS": "x"},
        {"budget-TOTAL_FORMS": "100000", "budget-INITIAL_FORMS": "0"},
        {"budget-TOTAL_FORMS": "1", "budget-INITIAL_FORMS": "1", "budget-0-id": "999999"},
        {"budget-TOTAL_FORMS": "-3", "budget-INITIAL_FORMS": "-1"},
    ],
)
def test_bad_input_is_never_a_server_error(client, draft, applicant, data):
    client.force_login(applicant)
    response = client.post(_url(draft), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert not response.context["budget_total"].balanced


def test_an_unreadable_request_is_asked_for(client, draft, applicant):
    client.force_login(applicant)
    total = _total(client, draft, _lines("100.00", requested="一万")).context["budget_total"]
    assert total.requested is None
    assert total.problems == ["请填写申请金额。"]


def test_another_projects_line_is_ignored_as_a_save_ignores_it(client, draft, applicant):
    other_line = ProjectFactory().budget_lines.first()
    data = {
        "requested_amount": "100000.00",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "1",
        "budget-0-id": str(other_line.pk),
        "budget-0-category": "activity",
        "budget-0-amount": "100000.00",
    }
    client.force_login(applicant)
    total = _total(client, draft, data).context["budget_total"]
    assert (total.total, total.uncounted) == (Decimal("0.00"), [])
    assert total.problems[0] == "请至少添加一条预算明细。"


def test_another_organisations_project_is_404(client, draft):
    client.force_login(
        user_with_role(Role.APPLICANT, organisations=[ProjectFactory().organisation])
    )
    assert client.post(_url(draft), _lines("1.00")).status_code == 404


@pytest.mark.parametrize("state", [ProjectState.SUBMITTED, ProjectState.UNDER_REVIEW])
def test_a_proposal_no_longer_editable_is_refused(client, applicant, state):
    project = ProjectFactory(organisation=applicant.organisations.get(), state=state)
    client.force_login(applicant)
    assert client.post(_url(project), _lines("1.00")).status_code == 403


def test_an_officer_who_sees_the_project_may_not_use_it(client, draft, officer):
    client.force_login(officer)
    assert client.post(_url(draft), _lines("1.00")).status_code == 403


def test_only_post(client, draft, applicant):
    client.force_login(applicant)
    assert client.get(_url(draft)).status_code == 405


def test_the_edit_page_shows_the_saved_total_and_asks_htmx_for_updates(client, applicant):
    project = ProjectFactory(organisation=applicant.organisations.get())
    client.force_login(applicant)
    html = client.get(reverse("grants:project_edit", args=[project.pk])).content.decode()
    assert f'hx-post="{_url(project)}"' in html
    assert "from:(#id_requested_amount, #id_matching_funds, #budget-lines)" in html
    assert 'data-balanced="true"' in html
    assert "¥100,000.00" in html


def test_the_edit_page_after_a_refused_save_totals_what_was_typed(client, draft, applicant):
    client.force_login(applicant)
    data = {
        **_lines("70000.00", "abc"),
        "title": draft.title,
        "community": draft.community_id,
    }
    response = client.post(reverse("grants:project_edit", args=[draft.pk]), data)
    assert response.status_code == 200
    total = response.context["budget_total"]
    assert (total.total, total.uncounted) == (Decimal("70000.00"), [2])
