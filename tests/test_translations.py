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
