"""The Content-Security-Policy allows our own origin only, and no template of a page
carries inline script, inline style or an event-handler attribute that it would block.
(PDF templates are rendered by WeasyPrint, never by a browser, and may style inline.)
The browser journeys fail on any CSP violation the browser reports."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import user_with_role

ROOT = Path(__file__).resolve().parent.parent
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def _page_templates() -> list[Path]:
    templates = [
        *(
            path
            for folder in ("templates", "jinja2_templates")
            for path in ROOT.glob(f"{folder}/**/*.html")
        ),
        *(
            path
            for folder in ("templates", "jinja2")
            for path in ROOT.glob(f"*/{folder}/**/*.html")
        ),
    ]
    return sorted(path for path in templates if "/pdf/" not in path.as_posix())


def test_no_page_template_has_inline_script_or_style():
    found = [
        f"{path.relative_to(ROOT)}: {kind}"
        for path in _page_templates()
        for kind, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_scan_sees_what_it_looks_for(tmp_path):
    samples = [
        "<script>alert(1)</script>",
        '<div style="color:red">',
        '<button onclick="go()">',
        "<style>p{}</style>",
    ]
    for sample in samples:
        assert any(pattern.search(sample) for pattern in INLINE.values()), sample
    assert not any(p.search('<script src="/static/x.js" defer></script>') for p in INLINE.values())


@pytest.mark.parametrize("logged_in", [False, True])
def test_every_page_carries_a_policy_of_our_own_origin(client, db, logged_in):
    if logged_in:
        client.force_login(user_with_role(Role.OFFICER))
    response = client.get(reverse("home") if logged_in else reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy
