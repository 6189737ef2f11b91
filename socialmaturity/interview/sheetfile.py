"""The answers file as text: what `assess` writes after every change.

Written from plain types with `yaml.safe_dump`, in the order a consultant reads it
(who, when, then the answers in questionnaire order), so that the file can be read,
edited by hand, validated and scored like any other answers file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from ..files import file_slug
from ..model import AnswerSheet, Questionnaire
from ..safetext import has_unsafe

HEADER = (
    "# Answers file written by `socialmaturity assess`.\n"
    "# Check it with `socialmaturity validate`, score it with `socialmaturity score`.\n"
)


def sheet_document(sheet: AnswerSheet, questionnaire: Questionnaire) -> dict[str, Any]:
    """The answers file as plain values, keys in reading order."""
    order = {q.id: i for i, q in enumerate(questionnaire.questions)}

    def in_order(ids: Any) -> list[str]:
        # unknown ids (impossible after validation) go last rather than vanish
        return sorted(ids, key=lambda qid: (order.get(qid, len(order)), qid))

    organisation: dict[str, Any] = {"name": sheet.organisation.name}
    if sheet.organisation.sector is not None:
        organisation["sector"] = sheet.organisation.sector
    if sheet.organisation.size is not None:
        organisation["size"] = sheet.organisation.size
    document: dict[str, Any] = {
        "questionnaire": sheet.questionnaire,
        "questionnaire_version": sheet.questionnaire_version,
        **({"questionnaire_hash": sheet.questionnaire_hash} if sheet.questionnaire_hash else {}),
        "organisation": organisation,
        "assessed_on": sheet.assessed_on,
    }
    if sheet.assessor is not None:
        document["assessor"] = sheet.assessor
    if sheet.language is not None:
        document["language"] = sheet.language
    if sheet.participants:
        document["participants"] = list(sheet.participants)
    document["answers"] = {qid: sheet.answers[qid] for qid in in_order(sheet.answers)}
    if sheet.notes:
        document["notes"] = {qid: sheet.notes[qid] for qid in in_order(sheet.notes)}
    if sheet.votes:
        rank = {name: i for i, name in enumerate(sheet.participants)}
        document["votes"] = {
            qid: {
                name: sheet.votes[qid][name]
                for name in sorted(sheet.votes[qid], key=lambda n: (rank.get(n, len(rank)), n))
            }
            for qid in in_order(sheet.votes)
        }
    return document


# Characters YAML treats as line breaks although they are not "\n": in a plain or
# single-quoted scalar they are folded into spaces when read back, so a text holding
# them is written double-quoted, where they are escaped (\N, \L, \P).
_FOLDED_BREAKS = re.compile("[\r\x85\u2028\u2029]")


class _AnswersDumper(yaml.SafeDumper):
    """The safe dumper, with texts written so that they read back exactly and legibly."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = None
    if _FOLDED_BREAKS.search(value):
        style = '"'
    elif "\n" in value:
        style = "|"  # a note of several lines stays readable; the emitter falls back if it must
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_AnswersDumper.add_representer(str, _represent_text)


# What YAML writes as it is but a terminal acts on: the bidi embeddings, overrides and
# isolates (the emitter escapes the C0 and C1 controls itself).


def dump_sheet(sheet: AnswerSheet, questionnaire: Questionnaire, *, terminal: bool = False) -> str:
    """The answers file's YAML text (what `yaml.safe_dump` writes, texts kept exact).

    `terminal`: for printing, with every character that could act on a terminal
    written as a YAML escape, so that the text copied from the screen reads back the same.
    """
    document = sheet_document(sheet, questionnaire)
    body = yaml.dump(
        document, Dumper=_AnswersDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    if terminal and has_unsafe(body):
        # only ASCII then: everything else becomes \u escapes in double-quoted texts
        body = yaml.dump(
            document, Dumper=_AnswersDumper, sort_keys=False, allow_unicode=False, default_flow_style=False, width=100
        )
    return HEADER + body


class SheetWriter:
    """`dump_sheet` for a file written again and again, as a live workshop writes it.

    A workshop's votes grow to one ballot per question and participant; dumping them all
    after every vote made each write slower than the last. Each question's ballot is
    dumped once and kept until it changes: the text is the same, byte for byte, as
    `dump_sheet`'s, because a top-level block mapping's entries are emitted one after
    the other, each knowing nothing of the others.
    """

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self._ballots: dict[tuple[str, tuple[tuple[str, str | None], ...]], str] = {}

    def dump(self, sheet: AnswerSheet) -> str:
        document = sheet_document(sheet, self.questionnaire)
        votes = document.pop("votes", None)
        body = _dump(document)
        if votes:
            blocks = {}
            for qid, ballot in votes.items():
                key = (qid, tuple(ballot.items()))
                block = self._ballots.get(key)
                if block is None:
                    block = _dump({"votes": {qid: ballot}}).removeprefix("votes:\n")
                blocks[key] = block
            self._ballots = blocks  # only what the file holds now is kept
            body += "votes:\n" + "".join(blocks.values())
        return HEADER + body


def _dump(document: dict[str, Any]) -> str:
    return yaml.dump(
        document, Dumper=_AnswersDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )


def slug(name: str, limit: int = 60) -> str:
    """A file-name-safe version of a name (see `files.file_slug`)."""
    return file_slug(name, "assessment", limit)


def default_file_name(organisation: str, assessed_on: dt.date) -> str:
    """`harbourlight-energy-2026-11-22.yaml` for Harbourlight Energy on 22 November 2026."""
    return f"{slug(organisation)}-{assessed_on.isoformat()}.yaml"
