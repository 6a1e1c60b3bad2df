"""Long lists of choices (accounts/choosers.py): a select writes at most SHOWN options and,
when there are more, a search box finds the rest within what the user may choose."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import choosers
from accounts.models import Community, Role
from grants.filters import ProjectFilter
from grants.models import Project
from tests.factories import CommunityFactory, StreetFactory, user_with_role

pytestmark = pytest.mark.django_db


def _options(html: str) -> list[str]:
    return re.findall(r"<option value=\"(\d*)\"(?! disabled)", html)


def _communities(count: int, street=None) -> list[Community]:
    street = street or StreetFactory(name="长街道")
    return [CommunityFactory(street=street, name=f"社区{n:03d}") for n in range(count)]


def _community_field(user, data=None) -> str:
    filterset = ProjectFilter(data or {}, queryset=Project.objects.all(), user=user)
    return str(filterset.form["community"])


def test_a_short_list_is_a_plain_select_without_a_search_box():
    officer = user_with_role(Role.OFFICER)
    communities = _communities(3)
    html = _community_field(officer)
    assert _options(html) == ["", *[str(c.pk) for c in communities]]
    assert 'type="search"' not in html
    assert "长街道 · 社区000" in html  # named with its street


def test_a_long_list_shows_the_first_rows_and_a_search_box():
    officer = user_with_role(Role.OFFICER)
    communities = _communities(choosers.SHOWN + 5)
    html = _community_field(officer)
    assert _options(html) == ["", *[str(c.pk) for c in communities[: choosers.SHOWN]]]
    assert 'type="search"' in html
    assert reverse("choices", args=["communities"]) in html


def test_the_chosen_row_beyond_the_first_ones_is_shown_and_selected():
    officer = user_with_role(Role.OFFICER)
    last = _communities(choosers.SHOWN + 5)[-1]
    html = _community_field(officer, {"community": str(last.pk)})
    assert _options(html)[:2] == ["", str(last.pk)]
    assert f'<option value="{last.pk}" selected>' in html
    # The search sends the select's value under its name, so the choice survives it.
    assert 'hx-include="previous select"' in html
    assert "field=community" in html


@pytest.mark.parametrize("typed", ["abc", "99999999999999999999999", "-1", "0"])
def test_an_odd_chosen_value_is_refused_beside_the_field(typed):
    officer = user_with_role(Role.OFFICER)
    _communities(choosers.SHOWN + 1)
    filterset = ProjectFilter({"community": typed}, queryset=Project.objects.all(), user=officer)
    assert not filterset.is_valid()
    assert "community" in filterset.errors
    assert _options(str(filterset.form["community"]))[0] == ""


def test_the_select_costs_the_same_queries_for_ten_rows_and_for_two_hundred():
    officer = user_with_role(Role.OFFICER)
    _communities(10)
    _community_field(officer)  # the user's roles, read once
    with CaptureQueriesContext(connection) as few:
        _community_field(officer)
    _communities(190, street=StreetFactory())
    with CaptureQueriesContext(connection) as many:
        html = _community_field(officer)
    assert len(many) == len(few)
    assert len(_options(html)) == choosers.SHOWN + 1


def test_the_search_finds_by_name_or_street_and_says_when_there_are_more(client):
    officer = user_with_role(Role.OFFICER)
    _communities(choosers.SHOWN + 5)
    wanted = CommunityFactory(name="阳光社区")
    client.force_login(officer)
    url = reverse("choices", args=["communities"])

    response = client.get(url, {"q": "阳光"})
    assert response.status_code == 200
    assert _options(response.content.decode()) == ["", str(wanted.pk)]

    by_street = client.get(url, {"q": "长街道"}).content.decode()
    assert len(_options(by_street)) == choosers.SHOWN + 1
    assert "disabled" in by_street  # more match: type more

    nothing = client.get(url, {"q": "没有这个"}).content.decode()
    assert _options(nothing) == [""]


def test_the_search_finds_only_what_the_user_may_choose(client):
    street = StreetFactory()
    own = CommunityFactory(street=street, name="本社区")
    other = CommunityFactory(name="别的社区")
    staff = user_with_role(Role.COMMUNITY_STAFF, community=own)
    client.force_login(staff)
    url = reverse("choices", args=["communities"])
    query = {"q": "社区", "field": "community", "community": str(other.pk)}
    found = client.get(url, query).content.decode()
    assert _options(found) == ["", str(own.pk)]  # another street's, even named, is not offered


@pytest.mark.parametrize("chosen", ["abc", "99999999999999999999999", "1' OR 1=1", "\x00"])
def test_the_search_takes_odd_input_calmly(client, chosen):
    client.force_login(user_with_role(Role.OFFICER))
    url = reverse("choices", args=["organisations"])
    query = {"q": "\x00" + "x" * 500, "field": "organisation", "organisation": chosen}
    assert client.get(url, query).status_code == 200
    response = client.get(url, {"field": "q", "q": chosen})
    assert response.status_code == 200


def test_an_unknown_list_is_not_found(client):
    client.force_login(user_with_role(Role.OFFICER))
    assert client.get(reverse("choices", args=["users"])).status_code == 404


def test_only_the_registration_forms_list_answers_without_a_login(client):
    wanted = CommunityFactory(name="阳光社区")
    public = client.get(reverse("public_choices", args=["all-communities"]), {"q": "阳光"})
    assert public.status_code == 200
    assert _options(public.content.decode()) == ["", str(wanted.pk)]
    for source in ["communities", "organisations", "streets", "all-streets"]:
        assert client.get(reverse("public_choices", args=[source])).status_code == 404
    assert client.get(reverse("choices", args=["all-communities"])).status_code == 302  # login


def test_a_filter_offers_the_rows_its_search_finds(client):
    street = StreetFactory()
    own = CommunityFactory(street=street)
    neighbour = CommunityFactory(street=street)
    CommunityFactory()  # another street's
    staff = user_with_role(Role.STREET_STAFF, street=street)
    offered = _options(_community_field(staff))
    client.force_login(staff)
    found = _options(client.get(reverse("choices", args=["communities"])).content.decode())
    assert offered == found == ["", str(own.pk), str(neighbour.pk)]


def test_calls_are_chosen_like_communities_when_years_of_them_pile_up(client):
    from tests.factories import CallFactory

    programme = CallFactory().programme
    calls = [CallFactory(programme=programme) for _ in range(choosers.SHOWN + 3)]
    wanted = CallFactory(programme=programme, year=2019, title="2019年度社区营造专项申报通知")
    officer = user_with_role(Role.OFFICER)
    filterset = ProjectFilter(
        {"call": str(wanted.pk)}, queryset=Project.objects.all(), user=officer
    )
    html = str(filterset.form["call"])
    assert len(_options(html)) == choosers.SHOWN + 2  # the blank, the chosen, the first 50
    assert f'<option value="{wanted.pk}" selected>' in html
    assert filterset.is_valid()
    client.force_login(officer)
    found = client.get(reverse("choices", args=["calls"]), {"q": "社区营造"}).content.decode()
    assert _options(found) == ["", str(wanted.pk)]
    assert f'value="{calls[0].pk}"' not in found


def test_the_search_keeps_the_row_already_chosen_and_offers_no_blank_when_none_is_allowed(
    client,
):
    communities = _communities(choosers.SHOWN + 5)
    chosen = communities[-1]
    wanted = CommunityFactory(name="阳光社区")
    client.force_login(user_with_role(Role.OFFICER))
    url = reverse("choices", args=["communities"])
    query = {"q": "阳光", "field": "community", "community": str(chosen.pk)}
    found = client.get(url, query).content.decode()
    assert _options(found) == ["", str(chosen.pk), str(wanted.pk)]
    assert f'<option value="{chosen.pk}" selected>' in found
    required = client.get(url, {**query, "blank": "0"}).content.decode()
    assert _options(required) == [str(chosen.pk), str(wanted.pk)]


def test_a_required_select_says_so_to_its_search():
    from django import forms

    class Required(forms.Form):
        place = forms.ModelChoiceField(
            queryset=choosers.all_communities(),
            initial=None,
            widget=choosers.SearchSelect("all-communities"),
        )

    _communities(choosers.SHOWN + 1)
    form = Required()
    form.fields[
        "place"
    ].empty_label = None  # as Django sets it for a required field with an initial
    html = str(form["place"])
    assert "blank=0" in html
    assert _options(html)[0] != ""
