"""Templates never compare a state, status or stage with a raw string such as
``{% if project.state == "returned" %}``: they ask a model property (``project.is_returned``)
or a boolean the view computed from a named set (``grants.stages``), so that renaming or
regrouping a state cannot silently change a page. Every ``{% if %}`` and ``{% elif %}`` of
every template, Jinja2's too (their tags look alike), is read with Django's own template
lexer."""

from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

from grants.models import ProjectState
from grants.stages import Stage

ROOT = Path(__file__).resolve().parent.parent
STATE_WORDS = set(ProjectState.values) | set(Stage.values)
STATE_NAMES = {"state", "status", "stage"}
OPERATORS = {"==", "!=", "in"}


def _templates() -> list[Path]:
    apps = [path.parent for path in ROOT.glob("*/apps.py")]
    folders = [
        *(ROOT / engine for engine in ("templates", "jinja2_templates")),
        *(app / engine for app in apps for engine in ("templates", "jinja2")),
    ]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def _literal(bit: str) -> str | None:
    if len(bit) >= 2 and bit[0] == bit[-1] and bit[0] in "\"'":
        return bit[1:-1]
    return None


def _name(bit: str) -> str:
    """The attribute a variable ends with, without its filters: ``state`` for
    ``project.state|lower``."""
    return bit.split("|")[0].rsplit(".", 1)[-1]


def raw_state_comparisons(source: str) -> list[str]:
    """Each condition of ``source`` that compares a state, status or stage with a string."""
    found = []
    for token in Lexer(source).tokenize():
        if token.token_type != TokenType.BLOCK:
            continue
        bits = token.split_contents()
        if bits[0] not in {"if", "elif"}:
            continue
        for index, bit in enumerate(bits[1:-1], start=1):
            if bit not in OPERATORS:
                continue
            left = bits[index - 2] if bit == "in" and bits[index - 1] == "not" else bits[index - 1]
            right = bits[index + 1]
            for literal, other in ((_literal(left), right), (_literal(right), left)):
                if literal is None:
                    continue
                if literal in STATE_WORDS or _name(other) in STATE_NAMES:
                    found.append(token.contents)
    return found


@pytest.mark.parametrize("path", _templates(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_compares_a_state_with_a_raw_string(path):
    assert raw_state_comparisons(path.read_text(encoding="utf-8")) == []


def test_every_template_folder_is_read():
    read = {path.relative_to(ROOT).parts[0] for path in _templates()}
    assert {"templates", "grants", "reviews", "reports", "community", "accounts"} <= read


@pytest.mark.parametrize(
    "source",
    [
        '{% if project.state == "returned" %}x{% endif %}',
        "{% if 'rectifying' != project.state %}x{% endif %}",
        '{% if a %}{% elif tranche.status|lower == "due" %}x{% endif %}',
        '{% if x and panel.stage in "midterm final" %}x{% endif %}',
        '{% if "draft" in states %}x{% endif %}',
        '{% if job.status not in "done" %}x{% endif %}',
    ],
)
def test_the_check_sees_a_raw_state_comparison(source):
    assert raw_state_comparisons(source) != []


@pytest.mark.parametrize(
    "source",
    [
        "{% if project.is_returned %}x{% endif %}",
        "{% if value == status %}x{% endif %}",
        '{% if form.kind == "text" %}x{% endif %}',
        '<a href="?stage=initial">x</a> {{ project.state }}',
    ],
)
def test_the_check_lets_properties_and_other_comparisons_pass(source):
    assert raw_state_comparisons(source) == []
