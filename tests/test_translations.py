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


def test_every_message_of_the_jinja2_templates_is_in_the_catalogue():
    from config.jinja2 import messages_of

    catalogued = {(entry.msgid, entry.msgid_plural or None) for entry in CATALOGUE}
    missing = [
        (path.name, message)
        for path in _jinja2_templates()
        for _function, message in messages_of(path.read_text(encoding="utf-8"))
        if ((message[0], message[1]) if isinstance(message, tuple) else (message, None))
        not in catalogued
    ]
    assert _jinja2_templates(), "the Jinja2 engine's folders hold templates"
    assert missing == [], "run `make messages` and translate what it adds"


def test_makemessages_reads_the_plural_sentences_of_jinja2_templates():
    from operations.management.commands.makemessages import python_calls

    source = (
        "{{ _('Projects') }} {% trans counter=n %}{{ counter }} project{% pluralize %}"
        "{{ counter }} projects{% endtrans %}"
        " {% trans name=user %}Welcome, {{ name }}{% endtrans %}"
    )
    assert python_calls(source).splitlines() == [
        "_('Projects')",
        "ngettext('%(counter)s project', '%(counter)s projects', n)",
        "gettext('Welcome, %(name)s')",
    ]
