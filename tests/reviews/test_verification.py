"""Verifying a draw by replaying it covers the seats as the database holds them: the
members the draw seated and every replacement drawn for its panels. A swapped seat is
reported by panel and expert; the page no longer says the record is intact."""

import pytest
from django.urls import reverse

from experts.models import Stage
from reviews import panels
from reviews.models import MemberSource, Panel, PanelMember
from tests.factories import CallFactory
from tests.reviews.panel_world import expert_pool, projects_under_review, seated

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(officer):
    pool = expert_pool(8)
    call = CallFactory()
    projects = projects_under_review(call, 2)
    # one panel per expert: the two panels never share an expert
    draw = panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3, load_cap=1)
    return draw, pool, [Panel.objects.get(project=project) for project in projects]


def _outsider(pool, panel):
    on_panel = set(panel.members.values_list("expert_id", flat=True))
    return next(expert for expert in pool if expert.pk not in on_panel)


def test_a_fresh_draw_and_its_seats_verify(drawn):
    draw, _pool, _panels = drawn
    check = panels.verify_draw(draw)
    assert check.ok
    assert check.differences == []


def test_a_seat_swapped_in_the_database_is_reported_with_its_panel_and_expert(drawn):
    draw, pool, (panel, _other) = drawn
    member = seated(panel)[1]
    stranger = _outsider(pool, panel)
    PanelMember.objects.filter(pk=member.pk).update(expert=stranger)
    check = panels.verify_draw(draw)
    assert check.sealed  # the draw record itself is untouched
    assert check.replayed
    assert not check.ok
    (difference,) = check.differences
    assert panel.project.title in difference
    assert member.expert.name in difference
    assert stranger.name in difference


def test_the_page_no_longer_says_intact_after_a_swap(client, officer, drawn):
    draw, pool, (panel, _other) = drawn
    client.force_login(officer)
    url = reverse("reviews:draw_detail", args=[draw.pk])
    assert "记录完整" in client.post(url).content.decode()
    member = seated(panel)[0]
    stranger = _outsider(pool, panel)
    PanelMember.objects.filter(pk=member.pk).update(expert=stranger)
    page = client.post(url).content.decode()
    assert "记录完整" not in page
    assert 'data-testid="seat-differences"' in page
    assert f"抽中的是{member.expert.name}，数据库中该席位却是{stranger.name}" in page
    assert panel.project.title in page


def test_a_deleted_seat_and_a_seat_moved_to_another_panel_are_reported(drawn):
    draw, _pool, (panel, other) = drawn
    gone, moved = seated(panel)[:2]
    gone.delete()
    PanelMember.objects.filter(pk=moved.pk).update(panel=other)
    differences = panels.verify_draw(draw).differences
    assert any(gone.expert.name in d and panel.project.title in d for d in differences)
    assert any(moved.expert.name in d and other.project.title in d for d in differences)


def test_a_hand_assigned_member_relabelled_as_drawn_is_reported(drawn, officer):
    draw, pool, (panel, _other) = drawn
    extra = _outsider(pool, panel)
    seat = panels.assign_manually(panel=panel, expert=extra, by=officer, reason="补充财务专家")
    assert panels.verify_draw(draw).ok  # a seat by hand is the officer's, with its reason
    PanelMember.objects.filter(pk=seat.pk).update(source=MemberSource.DRAWN)
    (difference,) = panels.verify_draw(draw).differences
    assert extra.name in difference


def test_replacements_are_verified_with_the_panel_and_on_their_own(drawn, officer):
    draw, pool, (panel, _other) = drawn
    leaving = seated(panel)[0]
    seat = panels.replace_member(panel=panel, member=leaving, by=officer, reason="出差")
    assert panels.verify_draw(draw).ok
    assert panels.verify_draw(seat.draw).ok
    stranger = next(
        expert
        for expert in pool
        if not panel.members.filter(expert=expert).exists() and expert.pk != seat.expert_id
    )
    PanelMember.objects.filter(pk=seat.pk).update(expert=stranger)
    own = panels.verify_draw(seat.draw)
    assert not own.ok
    assert any(seat.expert.name in d and stranger.name in d for d in own.differences)
    whole = panels.verify_draw(draw)
    assert not whole.ok
    assert any(seat.expert.name in d and panel.project.title in d for d in whole.differences)


def test_a_replacement_whose_seat_was_deleted_is_still_checked_with_the_panel(drawn, officer):
    draw, _pool, (panel, _other) = drawn
    seat = panels.replace_member(panel=panel, member=seated(panel)[0], by=officer, reason="出差")
    PanelMember.objects.filter(pk=seat.pk).delete()
    differences = panels.verify_draw(draw).differences
    assert any(seat.expert.name in d for d in differences)
