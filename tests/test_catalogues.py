"""The ky and ru catalogues stay complete (DESIGN §6)."""

import re
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


# A date's placeholder in a Kyrgyz sentence. The formats write a date in the nominative ("2026-жылдын
# 1-сентябры", "1-сентябрь", "…, 14:30"), which takes no postposition or verb after it: "%(due)s чейин"
# would print "1-сентябры чейин" for "1-сентябрына чейин", "%(date)s таанышкан" a date where Kyrgyz wants
# the locative. A date stands after a colon or a dash, in brackets, in a range, or before "деп" (issue 15).
DATE_PLACEHOLDER = (
    r"%\((?:date|due|day|held_on|closes|opens|starts|start|end|when|as_of|[a-z_]+_(?:on|at))\)s"
)
DATE_THEN_WORD = re.compile(DATE_PLACEHOLDER + r"\s+(?!(?:деп|болчу|болгон|аралыгында|окуу)\b)[а-яөүң]")


def test_kyrgyz_sentences_put_no_verb_or_postposition_right_after_a_date():
    catalogue = polib.pofile(str(LOCALE / "ky" / "LC_MESSAGES" / "django.po"))
    offending = [
        text
        for entry in catalogue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if DATE_THEN_WORD.search(text)
    ]
    assert offending == []
