"""Make examples/survey-export.csv: a fictional survey across three fictional organisations.

    python examples/make_survey_export.py            # rewrites examples/survey-export.csv

The file is a Qualtrics CSV export (three header rows: column codes, question texts,
import ids) of the bundled social-business questionnaire, answered by 60 employees of:

- Harbourlight Energy, an energy company around the dialogue phase;
- Zorggroep Veldkamp, a Dutch care group at the very start (its staff answered in Dutch);
- Northwind Logistics, a logistics firm around the engagement phase.

The organisation is an embedded-data column, "Organisation", to group by. Like real
exports it has a few partial responses (Finished = 0), a mix of English and Dutch answer
labels, and two cells no option matches, so that `socialmaturity batch` has something
to report. Everything is seeded: running the script again gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialmaturity.model import Question
    from socialmaturity.scoring import MaturityModel

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUTPUT = HERE / "survey-export.csv"
SEED = 2026

# name, how far along per phase (presence .. social business; 0 = nothing, 1 = everything
# in place), the share of staff answering in Dutch, and how many answered.
ORGANISATIONS = (
    ("Harbourlight Energy", (0.9, 0.8, 0.5, 0.35, 0.2), 0.2, 22),
    ("Zorggroep Veldkamp", (0.82, 0.45, 0.3, 0.15, 0.05), 1.0, 18),
    ("Northwind Logistics", (0.95, 0.88, 0.8, 0.55, 0.35), 0.1, 20),
)
# The phases in roadmap order, as the levels above list them.
PHASE_ORDER = ("presence", "dialogue", "engagement", "integration", "social-business")
PARTIAL_ROWS = (7, 23, 41)  # 0-based respondents who stopped half-way
BAD_CELLS = {  # (respondent, question position): what they typed
    (12, 5): "Weet ik niet meer",
    (33, 20): "Maybe?",
}

META = (
    ("StartDate", "Start Date", {"ImportId": "startDate", "timeZone": "Europe/Amsterdam"}),
    ("EndDate", "End Date", {"ImportId": "endDate", "timeZone": "Europe/Amsterdam"}),
    ("Status", "Response Type", {"ImportId": "status"}),
    ("Progress", "Progress", {"ImportId": "progress"}),
    ("Duration (in seconds)", "Duration (in seconds)", {"ImportId": "duration"}),
    ("Finished", "Finished", {"ImportId": "finished"}),
    ("RecordedDate", "Recorded Date", {"ImportId": "recordedDate", "timeZone": "Europe/Amsterdam"}),
    ("ResponseId", "Response ID", {"ImportId": "_recordId"}),
    ("DistributionChannel", "Distribution Channel", {"ImportId": "distributionChannel"}),
    ("UserLanguage", "User Language", {"ImportId": "userLanguage"}),
    ("Organisation", "Organisation", {"ImportId": "Organisation"}),
)


def load_questionnaire() -> MaturityModel:
    sys.path.insert(0, str(ROOT))
    from socialmaturity.loader import load_model

    return load_model(str(ROOT / "questionnaires" / "social-business.yaml"))


def answer(rng: random.Random, question: Question, levels: tuple[float, ...]) -> str | None:
    """An option id for a respondent of an organisation at `levels` (one per phase)."""
    options = question.options
    scored = [o for o in options if not o.not_applicable]
    not_applicable = [o for o in options if o.not_applicable]
    if not_applicable and rng.random() < 0.05:
        return rng.choice(not_applicable).id
    centre = levels[PHASE_ORDER.index(question.phase)] * (len(scored) - 1)
    position = round(rng.gauss(centre, 0.45))
    return scored[min(len(scored) - 1, max(0, position))].id


def build() -> str:
    model = load_questionnaire()
    questions = model.questionnaire.questions
    rng = random.Random(SEED)
    codes = [f"Q{n}" for n in range(1, len(questions) + 1)]
    header_codes = [code for code, _, _ in META] + codes
    header_labels = [label for _, label, _ in META] + [q.text["en"] for q in questions]
    header_ids = [json.dumps(i, separators=(",", ":")) for _, _, i in META] + [
        json.dumps({"ImportId": f"QID{n}"}, separators=(",", ":"))
        for n in range(1, len(questions) + 1)
    ]
    people = [
        (name, levels, dutch) for name, levels, dutch, count in ORGANISATIONS for _ in range(count)
    ]
    rng.shuffle(people)
    start = dt.datetime(2026, 3, 2, 8, 30, 0)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([header_codes, header_labels, header_ids])
    for n, (organisation, levels, dutch_share) in enumerate(people):
        started = start + dt.timedelta(minutes=37 * n + rng.randrange(0, 30))
        duration = rng.randrange(420, 1500)
        ended = started + dt.timedelta(seconds=duration)
        dutch = rng.random() < dutch_share
        partial = n in PARTIAL_ROWS
        answered = len(questions) // 2 if partial else len(questions)
        cells = []
        for position, question in enumerate(questions):
            if (n, position) in BAD_CELLS:
                cells.append(BAD_CELLS[(n, position)])
                continue
            option_id = answer(rng, question, levels) if position < answered else None
            if option_id is None:
                cells.append("")
                continue
            option = question.option(option_id)
            assert option is not None
            label = option.label
            cells.append(label["nl"] if dutch else label["en"])
        meta = [
            f"{started:%Y-%m-%d %H:%M:%S}",
            f"{ended:%Y-%m-%d %H:%M:%S}",
            "IP Address",
            "50" if partial else "100",
            str(duration),
            "0" if partial else "1",
            f"{ended:%Y-%m-%d %H:%M:%S}",
            f"R_{rng.getrandbits(60):015x}",
            "anonymous",
            "NL" if dutch else "EN",
            organisation,
        ]
        writer.writerow(meta + cells)
    return out.getvalue()


def main() -> None:
    text = build()
    with OUTPUT.open("w", encoding="utf-8", newline="") as stream:
        stream.write(text)
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({text.count(chr(10)) - 3} responses)")


if __name__ == "__main__":
    main()
