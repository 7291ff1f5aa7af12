"""Translations: Dutch first and complete, English on request, catalogues compiled and in sync.

The source strings are English; the Dutch catalogue must translate every one of them, because
residents with little computer experience read the buurtsites in Dutch.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _name in settings.LANGUAGES]

# Named %-style placeholders, bare %s and %d, and str.format fields; "%%" is a literal percent.
PLACEHOLDER = re.compile(r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z]|%[sd]|\{\w*\}")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


def translations(entries: polib.POFile | polib.MOFile) -> dict[tuple[str | None, str], object]:
    """What a compiled catalogue holds: translated, non-fuzzy entries, without the header."""
    result: dict[tuple[str | None, str], object] = {}
    for entry in entries:
        translated = all(entry.msgstr_plural.values()) if entry.msgid_plural else entry.msgstr
        skipped = entry.obsolete or "fuzzy" in entry.flags or not translated
        if not entry.msgid or skipped:
            continue
        if entry.msgid_plural:
            forms = {int(index): text for index, text in entry.msgstr_plural.items()}
            result[(entry.msgctxt, entry.msgid)] = (entry.msgid_plural, forms)
        else:
            result[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return result


@pytest.fixture(autouse=True)
def _default_language_afterwards() -> Iterator[None]:
    """The locale middleware activates a language for the thread; do not leak it."""
    yield
    translation.deactivate()


def test_every_dutch_entry_is_translated_and_not_fuzzy() -> None:
    po = catalogue("nl")

    assert len(po) > 0
    assert not po.metadata_is_fuzzy
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if e.fuzzy]
    empty_plurals = [e.msgid for e in po if e.msgid_plural and not all(e.msgstr_plural.values())]
    assert untranslated == []
    assert fuzzy == []
    assert empty_plurals == []


def test_dutch_translations_keep_the_placeholders_of_the_english() -> None:
    mismatches = []
    for entry in catalogue("nl"):
        if entry.msgid_plural:
            source = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            forms = list(entry.msgstr_plural.values())
            # The singular form may leave out the count; the other forms must keep everything.
            if not placeholders(forms[0]) <= source or any(
                placeholders(form) != placeholders(entry.msgid_plural) for form in forms[1:]
            ):
                mismatches.append(entry.msgid)
        elif placeholders(entry.msgid) != placeholders(entry.msgstr):
            mismatches.append(entry.msgid)

    assert mismatches == []


def test_dutch_catalogue_includes_the_strings_of_the_root_level_apps() -> None:
    # makemessages run from platform/ would miss tenants/ at the repository root.
    po = catalogue("nl")
    sources = {path for entry in po for path, _line in entry.occurrences}

    assert any(path.startswith("tenants/") for path in sources)
    unavailable = po.find("%(name)s is temporarily unavailable")
    assert unavailable is not None
    assert unavailable.msgstr == "%(name)s is tijdelijk niet beschikbaar"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"

    compiled = translations(polib.mofile(str(mo_path)))
    source = translations(polib.pofile(str(po_path)))

    assert compiled == source, f"{mo_path} is out of date: run compilemessages"


def test_page_is_dutch_by_default(oost_client: Client) -> None:
    page = oost_client.get("/").content.decode()

    assert '<html lang="nl">' in page
    assert "Welkom op Nijmegen-Oost" in page
    assert "Welcome to" not in page


def test_page_is_english_when_the_browser_asks_for_it(oost_client: Client) -> None:
    page = oost_client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="en">' in page
    assert "Welcome to Nijmegen-Oost" in page


def test_language_switch_sets_a_host_only_cookie(oost_client: Client) -> None:
    response = oost_client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    # No Domain attribute: the choice made on one buurtsite stays on that buurtsite's host.
    assert cookie["domain"] == ""
    assert "domain=" not in cookie.OutputString().lower()

    page = oost_client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Welcome to Nijmegen-Oost" in page
