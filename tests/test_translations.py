"""The Chinese catalogue is complete, and the compiled .mo is the one its .po gives."""

import gettext
import re
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES"
CATALOGUE = polib.pofile(str(LOCALE / "django.po"))


def _translation(entry: polib.POEntry) -> str:
    return entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr


def test_every_message_is_translated_and_none_is_fuzzy():
    assert [entry.msgid for entry in CATALOGUE.untranslated_entries()] == []
    assert [entry.msgid for entry in CATALOGUE.fuzzy_entries()] == []


def test_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    stale = []
    for entry in CATALOGUE.translated_entries():
        if entry.msgctxt:
            compiled_text = translations.pgettext(entry.msgctxt, entry.msgid)
        elif entry.msgid_plural:
            compiled_text = translations.ngettext(entry.msgid, entry.msgid_plural, 1)
        else:
            compiled_text = translations.gettext(entry.msgid)
        if compiled_text != _translation(entry):
            stale.append((entry.msgctxt, entry.msgid))
    assert stale == [], "run `make messages` to recompile locale/zh_Hans"


def test_placeholders_survive_translation():
    lost = [
        (entry.msgid, token)
        for entry in CATALOGUE.translated_entries()
        for token in re.findall(r"%\(\w+\)[sd]", entry.msgid)
        if token not in _translation(entry)
    ]
    assert lost == []


def _jinja2_templates() -> list[Path]:
    from django.template import engines

    folders = [Path(folder) for folder in engines["jinja2"].template_dirs]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def _catalogue_key(function: str, message) -> tuple:
    """(context, message id, plural id) of what a Jinja2 template asks for."""
    arguments = message if isinstance(message, tuple) else (message,)
    match function:
        case "pgettext":
            return (arguments[0], arguments[1], None)
        case "npgettext":
            return (arguments[0], arguments[1], arguments[2])
        case "ngettext":
            return (None, arguments[0], arguments[1])
        case _:
            return (None, arguments[0], None)


def test_every_message_of_the_jinja2_templates_is_in_the_catalogue():
    from operations.management.commands.makemessages import messages_of

    catalogued = {
        (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
        for entry in CATALOGUE.translated_entries()
    }
    asked = [
        (path.name, _catalogue_key(function, message))
        for path in _jinja2_templates()
        for function, message in messages_of(path.read_text(encoding="utf-8"))
    ]
    assert {key[0] for _name, key in asked} >= {None, "count"}, "every kind of call is read"
    missing = [(name, key) for name, key in asked if key not in catalogued]
    assert missing == [], "run `make messages` and translate what it adds"


def test_makemessages_reads_the_plural_sentences_of_jinja2_templates():
    from operations.management.commands.makemessages import python_calls

    source = (
        "{{ _('Projects') }} {% trans counter=n %}{{ counter }} project{% pluralize %}"
        "{{ counter }} projects{% endtrans %}"
        " {% trans name=user %}Welcome, {{ name }}{% endtrans %}"
        " {{ pgettext('count', 'site visits') }}"
    )
    assert python_calls(source).splitlines() == [
        "_('Projects')",
        "ngettext('%(counter)s project', '%(counter)s projects', n)",
        "gettext('Welcome, %(name)s')",
        "pgettext('count', 'site visits')",
    ]
