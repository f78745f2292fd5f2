"""The ky and ru catalogues stay complete (DESIGN §6)."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"
NOT_KYRGYZ = set("әіғқұһӘІҒҚҰҺ")  # Kazakh letters the scanned regulation is full of


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert len(catalogue) > 50
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_plural_forms_are_all_translated(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    for entry in catalogue:
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.values()), entry.msgid


def test_kyrgyz_catalogue_has_no_kazakh_letters():
    catalogue = polib.pofile(str(LOCALE / "ky" / "LC_MESSAGES" / "django.po"))
    offending = [
        e.msgstr or str(e.msgstr_plural)
        for e in catalogue
        if NOT_KYRGYZ & set(e.msgstr + "".join(e.msgstr_plural.values()))
    ]
    assert offending == []
