"""Every string a person reads exists in English and Dutch, with the same placeholders."""

from __future__ import annotations

import importlib
import pkgutil
import string
from collections.abc import Mapping

import pytest

import socialmaturity
from socialmaturity.i18n import LANGUAGES, pick_language


def catalogues() -> list[tuple[str, Mapping[str, Mapping[str, str]]]]:
    found = []
    for module in pkgutil.walk_packages(socialmaturity.__path__, "socialmaturity."):
        if module.name.endswith("__main__"):
            continue
        imported = importlib.import_module(module.name)
        catalogue = getattr(imported, "MESSAGES", None)
        if isinstance(catalogue, Mapping):
            found.append((module.name, catalogue))
    return found


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


CATALOGUES = catalogues()


def test_catalogues_are_found() -> None:
    names = {name for name, _ in CATALOGUES}
    assert {"socialmaturity.views", "socialmaturity.terminal"} <= names


@pytest.mark.parametrize(("module", "catalogue"), CATALOGUES, ids=[n for n, _ in CATALOGUES])
def test_every_message_in_every_language(module: str, catalogue: Mapping[str, Mapping[str, str]]) -> None:
    for key, entry in catalogue.items():
        assert set(entry) >= set(LANGUAGES), f"{module}: {key} lacks {set(LANGUAGES) - set(entry)}"
        english = fields(entry["en"])
        for language in LANGUAGES:
            assert entry[language].strip(), f"{module}: {key} is empty in {language}"
            assert fields(entry[language]) == english, f"{module}: {key} placeholders differ in {language}"


def test_language_choice_order() -> None:
    assert pick_language("nl", "en", available=["en", "nl"]) == "nl"
    assert pick_language(None, "nl", available=["en", "nl"]) == "nl"
    assert pick_language(None, None, available=["nl", "en"]) == "nl"
    assert pick_language("de", None, available=["en", "nl"]) == "en"
