"""Benchmark of batch scoring: how fast a big survey export becomes scores and reports.

    python benchmarks/bench_batch.py [--responses 100000] [--questions 40] [--reports 8]

Generates, in a temporary folder, a Google-Forms-like export of the bundled
questionnaire (answers as option labels, English and some Dutch, 8 organisations),
then measures in one run:

- plain `csv.reader` reading the file: the floor any CSV tool stands on;
- the whole `socialmaturity batch` run without reports, called in-process: reading,
  matching, scoring every response with `scoring.tally`, grouping, writing the outputs;
- reports per second for 8 group reports with 1 and with 2 worker processes (the
  time includes starting the pool and its workers; the fork server they come from is
  started before the export is scored, as `batch` does, and is ready after the first
  run).

Each measurement runs --repeat times (alternating) and the fastest counts.

Aims: >= 50,000 responses/s, batch/csv.reader <= 3, >= 1.7x report speed with 2 workers.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from socialmaturity.loader import load_model  # noqa: E402
from socialmaturity.scoring import MaturityModel  # noqa: E402

ORGANISATIONS = (
    "Harbourlight Energy",
    "Northwind Care",
    "Polder Logistics",
    "Tulip Bank",
    "Dune Water",
    "Canal Media",
    "Windmill Foods",
    "Heron Health",
)


def write_export(
    model: MaturityModel, path: Path, responses: int, questions: int, seed: int = 7
) -> None:
    """A Google Forms export: Timestamp, Email address, Organisation, one column per question."""
    rng = random.Random(seed)
    chosen = model.questionnaire.questions[:questions]
    # Each organisation answers around its own level, so the groups differ.
    levels = {org: rng.random() for org in ORGANISATIONS}
    labels = [
        [(o.label["en"], o.label.get("nl", o.label["en"])) for o in q.options] for q in chosen
    ]
    start = dt.datetime(2026, 3, 2, 9, 0, 0)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(
            ["Timestamp", "Email address", "Organisation", *(q.text["en"] for q in chosen)]
        )
        for n in range(responses):
            org = ORGANISATIONS[n % len(ORGANISATIONS)]
            level = levels[org]
            dutch = rng.random() < 0.3
            row = [
                (start + dt.timedelta(seconds=17 * n)).strftime("%-m/%-d/%Y %H:%M:%S"),
                f"respondent{n}@example.org",
                org,
            ]
            for options in labels:
                pick = min(len(options) - 1, max(0, int(rng.gauss(level * len(options), 1.0))))
                row.append(options[pick][1 if dutch else 0])
            writer.writerow(row)


def write_coded_export(
    model: MaturityModel, path: Path, responses: int, questions: int, seed: int = 7
) -> None:
    """A compact export: question ids as headings and each answer as its option's score,
    as survey tools write numeric recodes (Qualtrics' "use numeric values")."""
    rng = random.Random(seed)
    chosen = model.questionnaire.questions[:questions]
    levels = {org: rng.random() for org in ORGANISATIONS}
    scores = [[f"{o.score:g}" for o in q.scored_options()] for q in chosen]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(["respondent_id", "Organisation", *(q.id for q in chosen)])
        for n in range(responses):
            org = ORGANISATIONS[n % len(ORGANISATIONS)]
            level = levels[org]
            row = [f"r{n}", org]
            for options in scores:
                pick = min(len(options) - 1, max(0, int(rng.gauss(level * len(options), 1.0))))
                row.append(options[pick])
            writer.writerow(row)


def time_csv_reader(path: Path) -> float:
    began = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as stream:
        for _ in csv.reader(stream):
            pass
    return time.perf_counter() - began


def time_batch(path: Path, out_dir: Path) -> float:
    from socialmaturity.cli import main
    from socialmaturity.environment import Environment

    stderr = io.StringIO()
    env = Environment(stdout=io.StringIO(), stderr=stderr)
    began = time.perf_counter()
    code = main(["batch", str(path), "--group-by", "Organisation", "--out-dir", str(out_dir)], env=env)
    elapsed = time.perf_counter() - began
    messages = stderr.getvalue()
    if code != 0:
        raise SystemExit(f"batch failed ({code}):\n{messages}")
    return elapsed


def time_reports(
    model: MaturityModel, path: Path, out_dir: Path, workers: int, count: int
) -> float:
    """Seconds to render `count` group reports with `workers` processes."""
    from socialmaturity.batch.matching import compile_columns, match_columns
    from socialmaturity.batch.pipeline import BatchScorer, BatchSettings, ErrorLine
    from socialmaturity.batch.reports import group_jobs, prepare_pool, render_reports
    from socialmaturity.scoring import Tally
    from socialmaturity.survey import open_export

    class Discard:
        def respondent(
            self, row: int, rid: str | None, group: str, complete: bool, result: Tally
        ) -> None:
            pass

        def error(self, line: ErrorLine) -> None:
            pass

    prepare_pool()  # as `batch` does before it scores the export
    table = open_export(path)
    group = next(c for c in table.columns if c.heading == "Organisation")
    report = match_columns(table.columns, model.questionnaire, reserved={group.index: "group"})
    columns = compile_columns(report, model.questionnaire, model.plan.options)
    scorer = BatchScorer(
        model, columns, BatchSettings(group_column=group.index), width=len(table.columns)
    )
    run = scorer.run(table.responses(), Discard())
    groups = [scorer.group_result(g) for g in run.groups.values()][:count]
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = group_jobs(
        model,
        groups,
        out_dir,
        export_name=path.name,
        assessed_on=dt.date(2026, 3, 2),
        language="en",
    )
    began = time.perf_counter()
    outcomes = render_reports(model, jobs, language="en", workers=workers)
    elapsed = time.perf_counter() - began
    failed = [o for o in outcomes if not o.ok]
    if failed:
        raise SystemExit(f"{len(failed)} report(s) failed: {failed[0].error}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--reports", type=int, default=8, help="group reports (0: skip)")
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of each measurement; the fastest counts"
    )
    args = parser.parse_args()
    repeat = max(1, args.repeat)

    model = load_model("social-business")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        work = Path(folder)
        for kind, writer in (("labels as text", write_export), ("scores as numbers", write_coded_export)):
            export = work / "export.csv"
            writer(model, export, args.responses, args.questions)
            size = export.stat().st_size / 1e6
            print(
                f"export, {kind}: {args.responses:,} responses x {args.questions} questions, {size:.1f} MB"
            )
            # Alternated and repeated, the fastest of each counting: other processes on the
            # machine slow a run down, never speed it up.
            readings, wholes = [], []
            for _ in range(repeat):
                readings.append(time_csv_reader(export))
                wholes.append(time_batch(export, work / "out"))
            reading, whole = min(readings), min(wholes)
            rate = args.responses / whole
            print(f"  csv.reader alone:        {reading:6.2f} s")
            print(f"  batch (no reports):      {whole:6.2f} s  = {rate:,.0f} responses scored per second")
            print(f"  batch / csv.reader:      {whole / reading:6.2f}x")

        if args.reports:
            small = work / "small.csv"
            write_export(model, small, 400, args.questions, seed=11)
            ones, twos = [], []
            for _ in range(repeat):
                ones.append(time_reports(model, small, work / "reports-1", 1, args.reports))
                twos.append(time_reports(model, small, work / "reports-2", 2, args.reports))
            one, two = min(ones), min(twos)
            print(
                f"reports, 1 worker:       {args.reports / one:6.2f} reports/s ({one:.1f} s for {args.reports})"
            )
            print(
                f"reports, 2 workers:      {args.reports / two:6.2f} reports/s ({two:.1f} s for {args.reports})"
            )
            print(f"speed-up with 2 workers: {one / two:6.2f}x")


if __name__ == "__main__":
    main()
