"""Every URL that is not deliberately public sends an anonymous visitor to the login page.

The test walks the URLconf, so a new URL is covered the day it is added. A public page
must be named in PUBLIC_URL_NAMES, which makes exposing one a visible decision.
"""

import re
from urllib.parse import urlparse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC_URL_NAMES = {
    "login",
    "healthz",
    "readyz",
    "set_language",
    "admin:login",
    "grants:publicity",
    # Applying (issue 12): the open calls with their guides, organisation self-registration
    # and the password reset by email.
    "grants:open_calls",
    "grants:open_call",
    "grants:register",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # The communities the registration form offers, found by name (accounts/choosers.py).
    "public_choices",
}
LOGIN_PAGES = {"/login/", "/admin/login/"}  # the admin sends its visitors to its own

SAMPLE_ARGUMENTS = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "x",
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            nested = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), nested)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield prefix + str(entry.pattern), name, entry.callback


def _sample_url(route: str) -> str:
    """A concrete URL for a route, with converters and regex groups filled in."""
    route = re.sub(r"\(\?P<\w+>([^)]*)\)", _sample_group, route)
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGUMENTS[m.group(1) or "str"], route)
    route = route.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + route


def _sample_group(match: re.Match) -> str:
    body = match.group(1)
    return body.split("|")[0] if re.fullmatch(r"[\w|]+", body) else "x"


ROUTES = sorted(
    {(_sample_url(route), name) for route, name, _ in _walk(get_resolver().url_patterns)}
)


def test_the_walk_finds_the_urls():
    names = {name for _, name in ROUTES}
    assert {"home", "login", "organisation_list", "admin:index"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "name"), [r for r in ROUTES if r[1] not in PUBLIC_URL_NAMES])
def test_anonymous_visitor_is_sent_to_login(client, url, name):
    response = client.get(url)
    assert response.status_code == 302, (url, name, response.status_code)
    assert urlparse(response.url).path in LOGIN_PAGES, (url, name, response.url)


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "name"), [r for r in ROUTES if r[1] in PUBLIC_URL_NAMES])
def test_public_urls_answer_without_login(client, url, name):
    response = client.get(url)
    # set_language only accepts POST and redirects a GET back; nothing asks for a login.
    # An open call's guide is a 404 for a call that is not open (none is, here).
    assert response.status_code in {200, 302, 404, 405}, (url, name)
    if response.status_code == 302:
        assert urlparse(response.url).path not in LOGIN_PAGES
