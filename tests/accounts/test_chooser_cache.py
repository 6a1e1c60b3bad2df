"""The lists' chooser options kept in the cache (accounts.choosers.CHOOSERS): read once, shown
again without a query, and never shown stale after a change has committed."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choosers import CHOOSERS
from accounts.models import OrganisationMembership, Role, UserRole
from tests.factories import (
    CallFactory,
    CommunityFactory,
    SocialOrganisationFactory,
    StreetFactory,
    user_with_role,
)

# The cache is used outside transactions only, so these tests commit (each starts with an
# empty cache: tests/conftest.py).
pytestmark = pytest.mark.django_db(transaction=True)
CHOOSER_TABLES = (
    "grants_programme",
    "grants_call",
    "accounts_street",
    "accounts_community",
    "accounts_socialorganisation",
)


def _list(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("grants:project_list"))
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def _filters(page: str) -> str:
    return page.split('<form method="get" class="filters card">', 1)[1].split("</form>", 1)[0]


def _chooser_reads(queries: list[str]) -> list[str]:
    """The queries that read a chooser's options (a list of its table's rows)."""
    return [
        sql
        for sql in queries
        if any(sql.split(" FROM ")[1].startswith(f'"{t}"') for t in CHOOSER_TABLES)
    ]


def test_the_second_view_reads_no_options_and_shows_the_same_page(client):
    CommunityFactory(name="白鹭社区")
    CallFactory(title="2026年公益创投")
    client.force_login(user_with_role(Role.OFFICER))
    first_page, first_queries = _list(client)
    second_page, second_queries = _list(client)
    assert len(_chooser_reads(first_queries)) == len(CHOOSER_TABLES)
    assert _chooser_reads(second_queries) == []
    assert len(second_queries) == len(first_queries) - len(CHOOSER_TABLES)
    assert "白鹭社区" in second_page
    assert "2026年公益创投" in second_page
    assert _filters(second_page) == _filters(first_page)


def test_a_committed_change_shows_at_the_next_view(client):
    street = StreetFactory(name="雨花街道")
    organisation = SocialOrganisationFactory(name="阳光社工")
    client.force_login(user_with_role(Role.OFFICER))
    _list(client)
    CommunityFactory(street=street, name="新建社区")
    organisation.name = "阳光社工服务中心"
    organisation.save()
    page, queries = _list(client)
    assert "雨花街道 · 新建社区" in page
    assert "阳光社工服务中心" in page
    assert len(_chooser_reads(queries)) == len(CHOOSER_TABLES)


def test_a_deleted_call_leaves_the_options(client):
    call = CallFactory(title="将删除的申报")
    client.force_login(user_with_role(Role.OFFICER))
    assert "将删除的申报" in _list(client)[0]
    call.delete()
    assert "将删除的申报" not in _list(client)[0]


def test_what_a_district_user_was_shown_is_not_shown_to_street_staff(client):
    mine, theirs = StreetFactory(name="本街道"), StreetFactory(name="别的街道")
    CommunityFactory(street=mine, name="本街社区")
    CommunityFactory(street=theirs, name="别街社区")
    client.force_login(user_with_role(Role.OFFICER))
    assert "别街社区" in _list(client)[0]
    client.force_login(user_with_role(Role.STREET_STAFF, street=mine))
    page = _list(client)[0]
    assert "本街社区" in page
    assert "别街社区" not in page


def test_a_new_role_or_membership_changes_the_options_at_once(client):
    applicant = user_with_role(Role.APPLICANT)
    other = SocialOrganisationFactory(name="另一家机构")
    client.force_login(applicant)
    assert "另一家机构" not in _list(client)[0]
    OrganisationMembership.objects.create(user=applicant, organisation=other)
    assert "另一家机构" in _list(client)[0]
    CommunityFactory(name="区里的社区")
    assert "区里的社区" not in _list(client)[0]
    UserRole.objects.create(user=applicant, role=Role.OFFICER)
    assert "区里的社区" in _list(client)[0]


def test_a_login_keeps_the_options(client):
    user = user_with_role(Role.OFFICER)
    client.force_login(user)
    _list(client)
    client.logout()
    response = client.post(
        reverse("login"), {"username": user.username, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert _chooser_reads(_list(client)[1]) == []


def test_a_change_forgets_the_options_only_when_it_commits(client):
    client.force_login(user_with_role(Role.OFFICER))
    _list(client)
    before = cache.get(CHOOSERS.key)
    with transaction.atomic():
        CommunityFactory(name="事务中的社区")
        assert cache.get(CHOOSERS.key) == before
    assert cache.get(CHOOSERS.key) != before


def test_inside_a_transaction_the_options_are_read_from_the_database(client):
    officer = user_with_role(Role.OFFICER)
    client.force_login(officer)
    _list(client)
    with transaction.atomic():
        CommunityFactory(name="未提交的社区")
        page, queries = _list(client)
        assert "未提交的社区" in page
        assert len(_chooser_reads(queries)) == len(CHOOSER_TABLES)
        transaction.set_rollback(True)
    assert "未提交的社区" not in _list(client)[0]
