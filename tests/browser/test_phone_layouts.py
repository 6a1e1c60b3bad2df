"""Journey on a phone (390 × 844): applicants, experts and community staff work from their
phones, so none of their pages may scroll sideways. Every page each of them reaches from
the demo data is opened and measured: the document is no wider than the screen."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from community.models import FundPlan, Need, SpaceRegistry
from grants.models import Project, ProjectState
from reviews.models import PanelMember

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "gongyi-demo-2026"
# Set GONGYI_PHONE_SHOTS=/some/folder to keep a picture of every page measured.
SHOTS = os.environ.get("GONGYI_PHONE_SHOTS", "")


def _pages_of(username: str) -> list[str]:
    """The pages the demo user of ``username`` works on."""
    match username:
        case "demo_applicant1":
            mine = Project.objects.filter(organisation__members__username=username)
            running = mine.filter(state=ProjectState.IN_PROGRESS).first()
            draft = mine.filter(state=ProjectState.DRAFT).first()
            return [
                "/",
                "/grants/projects/",
                "/grants/projects/new/",
                f"/grants/projects/{draft.pk}/edit/",
                f"/grants/projects/{running.pk}/",
                f"/grants/projects/{running.pk}/records/",
                f"/grants/projects/{running.pk}/records/new/",
                f"/grants/projects/{running.pk}/spending/",
                f"/grants/projects/{running.pk}/spending/new/",
                f"/grants/projects/{running.pk}/report/",
            ]
        case "demo_expert1":
            seat = PanelMember.objects.filter(
                expert__user__username=username, removed_at__isnull=True
            ).first()
            return ["/", "/reviews/mine/", f"/reviews/mine/panels/{seat.panel_id}/sheet/"]
        case "demo_community":
            need = Need.objects.filter(community__staff__username=username).first()
            plan = FundPlan.objects.filter(community__staff__username=username).first()
            registry = SpaceRegistry.objects.filter(community__staff__username=username).first()
            return [
                "/",
                "/community/needs/",
                "/community/needs/new/",
                f"/community/needs/{need.pk}/",
                f"/community/plans/{plan.pk}/",
                f"/community/spaces/{registry.pk}/",
            ]
    raise AssertionError(username)


@pytest.mark.parametrize("username", ["demo_applicant1", "demo_expert1", "demo_community"])
def test_no_page_scrolls_sideways_on_a_phone(page, username):
    call_command("seed_demo", verbosity=0)
    page.set_viewport_size(PHONE)
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("欢迎")
    too_wide = []
    for url in _pages_of(username):
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        width = page.evaluate("document.documentElement.scrollWidth")
        if SHOTS:
            name = url.strip("/").replace("/", "_") or "home"
            page.screenshot(path=f"{SHOTS}/{username}-{name}.png", full_page=True)
        if width > PHONE["width"]:
            too_wide.append(f"{url}: {width}px")
    assert not too_wide, too_wide
