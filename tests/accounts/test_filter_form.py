"""A list's filter form is written once per process for the same inputs
(accounts/filter_form.py), and afresh whenever one of them differs."""

import django_filters
import jinja2
import pytest
from django.urls import reverse

from accounts import filter_form
from accounts.choosers import ChooserFilter, ScopedFilterSet
from accounts.models import Community, Role
from community.filters import ComplianceFilter, NeedFilter
from grants.filters import DeliveryFilter, ProjectFilter
from tests.factories import CommunityFactory, StreetFactory, user_with_role

# The kept forms are used outside transactions only, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def nothing_kept():
    filter_form._written.clear()
    yield
    filter_form._written.clear()


@pytest.fixture
def writes(monkeypatch) -> list[str]:
    """The times the form's template is written."""
    written: list[str] = []
    render = jinja2.Template.render

    def counting(self, *args, **kwargs):
        if self.name == filter_form.BODY:
            written.append(self.name)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counting)
    return written


def _filters(page: str) -> str:
    return page.split('<form method="get" class="filters card">', 1)[1].split("</form>", 1)[0]


def _list(client, query: str = "") -> str:
    response = client.get(reverse("grants:project_list") + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_same_query_is_written_once_and_shown_alike(client, writes):
    CommunityFactory(street=StreetFactory(name="雨花街道"), name="白鹭社区")
    client.force_login(user_with_role(Role.OFFICER))
    first = _list(client, "?state=submitted&q=养老")
    second = _list(client, "?state=submitted&q=养老")
    assert len(writes) == 1
    assert _filters(second) == _filters(first)
    assert 'value="养老"' in _filters(second)


def test_another_query_is_written_afresh_with_its_values(client, writes):
    community = CommunityFactory(name="白鹭社区")
    client.force_login(user_with_role(Role.OFFICER))
    _list(client)
    chosen = _filters(_list(client, f"?community={community.pk}"))
    assert len(writes) == 2
    assert f'<option value="{community.pk}" selected>' in chosen
    # A page of the same query (its cursor is no field of the form) is the same form.
    _list(client, f"?community={community.pk}&after=abc")
    assert len(writes) == 2


def test_a_wrong_value_shows_its_error_each_time(client, writes):
    client.force_login(user_with_role(Role.OFFICER))
    for _ in range(2):
        assert "field--error" in _filters(_list(client, "?year=-1"))
    assert len(writes) == 1


def test_each_language_has_its_own_form(client, writes):
    client.force_login(user_with_role(Role.OFFICER))
    assert "筛选" in _list(client)
    client.post(reverse("set_language"), {"language": "en"})
    english = _list(client)
    assert ">Filter<" in english
    assert "筛选" not in _filters(english)
    assert len(writes) == 2


def test_a_street_staffs_form_is_not_an_officers(client, writes):
    mine, theirs = StreetFactory(name="本街道"), StreetFactory(name="别的街道")
    CommunityFactory(street=mine, name="本街社区")
    CommunityFactory(street=theirs, name="别街社区")
    client.force_login(user_with_role(Role.OFFICER))
    assert "别街社区" in _filters(_list(client))
    client.force_login(user_with_role(Role.STREET_STAFF, street=mine))
    assert "别街社区" not in _filters(_list(client))
    assert len(writes) == 2


def test_a_committed_change_is_written_afresh(client, writes):
    client.force_login(user_with_role(Role.OFFICER))
    _list(client)
    CommunityFactory(name="新建社区")
    assert "新建社区" in _filters(_list(client))
    assert len(writes) == 2


def test_the_lists_filters_are_kept_and_a_model_choice_is_not():
    class WithAModelChoice(ScopedFilterSet):
        street = ChooserFilter("streets")
        community = django_filters.ModelChoiceFilter(queryset=Community.objects.all())

    class WithChoicesReadEachTime(ScopedFilterSet):
        kind = django_filters.ChoiceFilter(choices=lambda: [("a", "A")])

    for kept in (ProjectFilter, DeliveryFilter, NeedFilter, ComplianceFilter):
        assert filter_form.keeps_its_html(kept)
    assert not filter_form.keeps_its_html(WithAModelChoice)
    assert not filter_form.keeps_its_html(WithChoicesReadEachTime)


@pytest.mark.django_db(transaction=False)
def test_inside_a_transaction_the_form_is_written_each_time(client, writes):
    client.force_login(user_with_role(Role.OFFICER))
    _list(client)
    _list(client)
    assert len(writes) == 2
