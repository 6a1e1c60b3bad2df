"""The project page's actions and the panel page's decisions are one partial,
grants/partials/action_form.html (Jinja2; the panel page reaches it through its bridge):
the state the user saw, the action's fields, every problem and the button are written
once."""

from pathlib import Path

from django.template.loader import render_to_string
from django.test import RequestFactory

from grants.forms import ReasonForm
from grants.models import Project, ProjectState

ROOT = Path(__file__).resolve().parent.parent.parent
PAGES = [
    ROOT / "grants/jinja2/grants/project_detail.html",
    ROOT / "reviews/templates/reviews/panel.html",
]


def test_both_pages_render_their_actions_with_the_one_partial():
    for page in PAGES:
        source = page.read_text(encoding="utf-8")
        assert '{% include "grants/partials/action_form.html"' in source, page.name
        assert "seen_state" not in source, f"{page.name} writes its own action form"


def test_an_action_posts_the_state_seen_and_keeps_what_was_typed_with_every_problem():
    project = Project(state=ProjectState.UNDER_REVIEW)
    form = ReasonForm({"reject-reason": "预算不实"}, prefix="reject")
    html = render_to_string(
        "grants/partials/action_form.html",
        {
            "action": {"name": "reject", "form": form, "open": True, "problems": ["面向对象不清"]},
            "post_url": "/projects/1/actions/reject/",
            "project": project,
        },
        request=RequestFactory().get("/"),
    )
    assert '<details class="action" open data-action="reject">' in html
    assert 'action="/projects/1/actions/reject/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<input type="hidden" name="seen_state" value="under_review">' in html
    assert "面向对象不清" in html
    assert "预算不实" in html
    assert 'name="reject-reason"' in html


def test_a_button_only_action_is_closed_and_has_no_fields():
    html = render_to_string(
        "grants/partials/action_form.html",
        {
            "action": {"name": "close", "form": None, "open": False},
            "post_url": "/panels/1/decide/close/",
            "project": Project(state=ProjectState.FINAL_REVIEW),
        },
    )
    assert '<details class="action" data-action="close">' in html
    assert 'value="final_review"' in html
    assert "<textarea" not in html
    assert 'role="alert"' not in html
