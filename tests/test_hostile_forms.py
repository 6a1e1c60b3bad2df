"""Bad input is never a 500: every form the product renders, found by walking every page of
the permission matrix as a user entitled to it, is posted hostile values — empty, very
long, control characters, 1e309, NaN, -0.00, 0.001, an impossible date, year 1, a huge
integer, an id that does not exist — to all fields at once, and to each field on its own
(by its kind: dates get dates, numbers numbers) with the others as the page filled them.

It runs on SQLite in ``make test`` and on PostgreSQL in CI; the closing note of a session
reports how many forms and posts it made (printed with ``-s``).
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

from django.urls import reverse

from tests.test_permission_matrix import MATRIX, PEOPLE, world  # noqa: F401  (the fixture)

# Posted to every field at once.
HOSTILE = ["", "NaN", "-0.00", "987654321"]  # the last: an id that does not exist
# Posted to one field at a time, the rest as the page filled them in, by the field's kind.
BY_KIND = {
    "date": ["0001-01-01", "2026-02-30", "9999-12-31"],
    "datetime-local": ["0001-01-01T00:00", "2026-02-30T08:00"],
    "number": ["1e309", "99999999999999999999999999", "0.001", "-1"],
    "select": ["987654321", "-1"],
    "checkbox": ["maybe"],
    "text": ["控制\x00\x0b\x1f字符" + "长" * 10_000, '=HYPERLINK("http://x")'],
}
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}


class _Forms(HTMLParser):
    """The POST forms of a page: their action and their fields with the values shown."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": {},
                "kinds": {},
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "file", "hidden"}:
                if kind == "hidden":
                    self._form["fields"][attrs["name"]] = attrs.get("value") or ""
                return
            self._form["kinds"][attrs["name"]] = kind if kind in BY_KIND else "text"
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                self._form["fields"].setdefault(attrs["name"], "")
            else:
                self._form["fields"][attrs["name"]] = attrs.get("value") or ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self._form["fields"].setdefault(self._select, "")
            self._form["kinds"][self._select] = "select"
        elif tag == "option" and self._select and attrs.get("value"):
            if not self._form["fields"][self._select] or "selected" in attrs:
                self._form["fields"][self._select] = attrs["value"]
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self._form["fields"][self._textarea] = ""
            self._form["kinds"][self._textarea] = "text"

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _entitled(expected: dict) -> str | None:
    return next((person for person in PEOPLE if expected.get(person) == 200), None)


def _post_forms(client, url: str, content: str, failures: list, counts: dict, seen: set) -> None:
    parser = _Forms()
    parser.feed(content)
    for form in parser.forms:
        action = urljoin(url, form["action"] or url)
        if not action.startswith("/") or action.startswith(("/logout", "/i18n")):
            continue
        fields = {k: v for k, v in form["fields"].items() if k not in SKIPPED_FIELDS}
        if (form["method"], action, *sorted(fields)) in seen:  # the same form elsewhere
            continue
        seen.add((form["method"], action, *sorted(fields)))
        counts["forms"] += 1
        attempts = [dict.fromkeys(fields, value) for value in HOSTILE]
        attempts += [
            {**fields, name: value}
            for name, kind in form["kinds"].items()
            for value in BY_KIND[kind]
        ]
        for data in attempts:
            if form["method"] == "get":  # a search or a filter: it reads, never refuses
                counts["searches"] += 1
                response = client.get(action, data)
                failed = response.status_code >= 500 or response.status_code == 409
            else:
                counts["posts"] += 1
                response = client.post(action, data)
                failed = response.status_code >= 500
            if failed:
                failures.append((url, action, {k: v[:20] for k, v in data.items()}))


def test_no_form_answers_a_hostile_post_with_a_server_error(client, world):  # noqa: F811
    people, objects = world
    client.raise_request_exception = False  # a 500 is recorded, and the walk goes on
    failures: list = []
    counts = {"pages": 0, "forms": 0, "posts": 0, "searches": 0}
    seen: set = set()
    for url_name, (method, obj, expected) in sorted(MATRIX.items()):
        person = _entitled(expected)
        if method != "get" or person is None:
            continue
        url = reverse(url_name, args=objects[obj] if obj else [])
        client.force_login(people[person])
        page = client.get(url)
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        counts["pages"] += 1
        _post_forms(client, url, page.content.decode(), failures, counts, seen)
    print(f"hostile forms: {counts}")
    for failure in failures:
        print("HOSTILE 5xx:", failure)
    assert counts["forms"] > 20
    assert failures == []
