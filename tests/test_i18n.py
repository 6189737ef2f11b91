"""The tool's own strings: marked for extraction, translated in every language's
catalogue with the same placeholders, numbers and dates written the reader's way."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import socialmaturity
from socialmaturity.i18n import (
    LANGUAGES,
    LOCALE_DIR,
    Contextual,
    Plural,
    environment_language,
    long_date,
    message,
    month_year,
    nN_,
    number,
    percent,
    pick_language,
    whole,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import catalogues  # noqa: E402


def tables() -> list[tuple[str, Mapping[str, object]]]:
    found = []
    for module in pkgutil.walk_packages(socialmaturity.__path__, "socialmaturity."):
        if module.name.endswith("__main__"):
            continue
        imported = importlib.import_module(module.name)
        for name in ("MESSAGES", "REASONS"):
            table = getattr(imported, name, None)
            if isinstance(table, Mapping):
                found.append((f"{module.name}.{name}", table))
    return found


TABLES = tables()


def template() -> set[tuple[str | None, str]]:
    with (LOCALE_DIR / "socialmaturity.pot").open("rb") as handle:
        pot = read_po(handle)
    return {(entry.context, entry.id if isinstance(entry.id, str) else entry.id[0]) for entry in pot if entry.id}


def test_message_tables_are_found() -> None:
    names = {name for name, _ in TABLES}
    assert {"socialmaturity.views.MESSAGES", "socialmaturity.terminal.MESSAGES"} <= names


@pytest.mark.parametrize(("module", "table"), TABLES, ids=[n for n, _ in TABLES])
def test_every_message_is_in_the_extracted_template(module: str, table: Mapping[str, object]) -> None:
    """A string added to the code but not extracted would reach no translator: run
    `python tools/catalogues.py extract` and `update`."""
    extracted = template()
    for key, entry in table.items():
        if isinstance(entry, Plural):
            wanted = (None, entry.singular)
        elif isinstance(entry, Contextual):
            wanted = (entry.context, entry.msgid)
        else:
            assert isinstance(entry, str), f"{module}: {key} is not marked with N_, nN_ or pN_"
            wanted = (None, entry)
        assert wanted in extracted, f"{module}: {key} is not in socialmaturity.pot"


def test_every_catalogue_is_complete_and_compiled() -> None:
    assert catalogues.problems() == []


def test_every_language_has_a_catalogue() -> None:
    for language in LANGUAGES[1:]:
        assert (LOCALE_DIR / language / "LC_MESSAGES" / "socialmaturity.po").is_file()


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_msgfmt_checks_the_catalogue(language: str) -> None:
    po = LOCALE_DIR / language / "LC_MESSAGES" / "socialmaturity.po"
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_checker_finds_a_lost_placeholder_and_a_fuzzy_entry(tmp_path: Path) -> None:
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, copy)
    po = copy / "nl" / "LC_MESSAGES" / "socialmaturity.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgstr "Fase {number}: {phase}"', 'msgstr "Fase {number}"', 1)
    text = text.replace('#: socialmaturity/views.py', '#, fuzzy\n#: socialmaturity/views.py', 1)
    po.write_text(text, encoding="utf-8")
    found = catalogues.problems(copy)
    assert any("placeholders" in line for line in found), found
    assert any("fuzzy" in line for line in found), found
    assert any("not the compiled .po" in line for line in found), found


def test_plurals_follow_the_count() -> None:
    table = {"cells": nN_("{count} cell", "{count} cells")}
    assert message(table, "cells", "en", count=1) == "1 cell"
    assert message(table, "cells", "en", count=3) == "3 cells"
    real = importlib.import_module("socialmaturity.batch.draft").MESSAGES
    assert message(real, "draft.value.matched", "nl", count=1) == "1 cel"
    assert message(real, "draft.value.matched", "nl", count=2) == "2 cellen"


def test_numbers_and_dates_are_written_the_readers_way() -> None:
    assert [number(69.0, language) for language in ("en", "nl", "fr")] == ["69.0", "69,0", "69,0"]
    assert number(None, "fr") == "–"
    assert [whole(12500, language) for language in ("en", "nl", "fr")] == ["12,500", "12.500", "12\u202f500"]
    assert percent(0.75, "en") == "75%"
    assert percent(0.75, "fr") == "75\u00a0%"
    day = dt.date(2026, 12, 2)
    assert [long_date(day, language) for language in ("en", "nl", "fr")] == [
        "2 December 2026",
        "2 december 2026",
        "2 décembre 2026",
    ]
    assert month_year(day, "fr") == "décembre 2026"


def test_the_environment_picks_the_default_language() -> None:
    assert environment_language({"LANG": "fr_BE.UTF-8"}) == "fr"
    assert environment_language({"LANGUAGE": "de:nl", "LANG": "fr_BE.UTF-8"}) == "nl"
    assert environment_language({"LC_ALL": "nl_BE.UTF-8", "LANG": "fr_BE.UTF-8"}) == "nl"
    assert environment_language({"LC_ALL": "C", "LANG": "fr_BE.UTF-8"}) is None
    assert environment_language({"LANG": "de_DE.UTF-8"}) is None
    assert environment_language({}) is None


def test_language_choice_order() -> None:
    assert pick_language("nl", "en", available=["en", "nl"]) == "nl"
    assert pick_language(None, "nl", available=["en", "nl"]) == "nl"
    assert pick_language(None, None, available=["nl", "en"]) == "nl"
    assert pick_language("de", None, available=["en", "nl"]) == "en"
