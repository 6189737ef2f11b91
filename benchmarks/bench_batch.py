"""Benchmark of batch scoring: how fast a big survey export becomes scores and reports.

    python benchmarks/bench_batch.py [--rows 100000,1000000] [--questions 40] [--reports 8]
                                     [--reference] [--repeat 1]

Generates, in a temporary folder, two exports of the bundled questionnaire per row count
(8 organisations, each answering around its own level):

- labels: a Google-Forms-like export, the answers as option labels (English, 30 % Dutch),
  every cell quoted, CRLF line ends;
- numeric: question ids as headings and each answer as its option's score, as survey
  tools write numeric recodes.

For each it measures, each in a process of its own (so that the peak memory is the
run's own):

- bare `polars.read_csv` of the file (every column as text): the floor the vectorised
  path stands on;
- the whole batch run without reports (`run_batch`, in-process: reading, matching,
  scoring every response, grouping, writing the outputs), on the vectorised path, and
  with --reference on the row loop (`vectorised=False`) too;

and prints seconds, responses per second, the ratio to `polars.read_csv` and the peak
resident memory. Then reports per second for 8 group reports with 1 and with 2 worker
processes (the time includes starting the pool and importing WeasyPrint in each worker).

Aims (2 cores): labels >= 100,000 responses/s at 1M rows and <= 1.5x polars.read_csv;
numeric >= 500,000 responses/s; peak memory < 500 MB at 1M rows; >= 1.7x report speed
with 2 workers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

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


def _picks(rng: np.random.Generator, levels: np.ndarray, count: int) -> np.ndarray:
    """Option positions around each respondent's organisation level."""
    return np.clip((rng.normal(levels * count, 1.0)).astype(int), 0, count - 1)


def write_export(
    model: MaturityModel, path: Path, responses: int, questions: int, seed: int = 7
) -> None:
    """A Google Forms export: Timestamp, Email address, Organisation, one column per question."""
    rng = np.random.default_rng(seed)
    chosen = model.questionnaire.questions[:questions]
    levels = rng.random(len(ORGANISATIONS))
    start = dt.datetime(2026, 3, 2, 9, 0, 0)

    def quoted(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write(",".join(quoted(h) for h in ["Timestamp", "Email address", "Organisation", *(q.text["en"] for q in chosen)]) + "\r\n")
        for first in range(0, responses, 50_000):
            n = np.arange(first, min(responses, first + 50_000))
            org = n % len(ORGANISATIONS)
            dutch = rng.random(len(n)) < 0.3
            columns = []
            for q in chosen:
                english = np.array([quoted(o.label["en"]) for o in q.options], dtype=object)
                nl = np.array([quoted(o.label.get("nl", o.label["en"])) for o in q.options], dtype=object)
                pick = _picks(rng, levels[org], len(q.options))
                columns.append(np.where(dutch, nl[pick], english[pick]))
            lead = [
                f'"{(start + dt.timedelta(seconds=17 * int(i))).strftime("%-m/%-d/%Y %H:%M:%S")}",'
                f'"respondent{i}@example.org","{ORGANISATIONS[o]}"'
                for i, o in zip(n.tolist(), org.tolist(), strict=True)
            ]
            stream.write("".join(",".join((head, *cells)) + "\r\n" for head, cells in zip(lead, zip(*columns, strict=True), strict=True)))


def write_coded_export(
    model: MaturityModel, path: Path, responses: int, questions: int, seed: int = 7
) -> None:
    """A compact export: question ids as headings and each answer as its option's score,
    as survey tools write numeric recodes (Qualtrics' "use numeric values")."""
    rng = np.random.default_rng(seed)
    chosen = model.questionnaire.questions[:questions]
    levels = rng.random(len(ORGANISATIONS))
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write(",".join(["respondent_id", "Organisation", *(q.id for q in chosen)]) + "\n")
        for first in range(0, responses, 50_000):
            n = np.arange(first, min(responses, first + 50_000))
            org = n % len(ORGANISATIONS)
            columns = []
            for q in chosen:
                scores = np.array([f"{o.score:g}" for o in q.scored_options()], dtype=object)
                columns.append(scores[_picks(rng, levels[org], len(scores))])
            lead = [f"r{i},{ORGANISATIONS[o]}" for i, o in zip(n.tolist(), org.tolist(), strict=True)]
            stream.write("".join(",".join((head, *cells)) + "\n" for head, cells in zip(lead, zip(*columns, strict=True), strict=True)))


# -- one measurement, in a process of its own ----------------------------------------


def measure(what: str, export: Path, out_dir: Path) -> dict[str, float]:
    """Run `what` ('read_csv', 'vector' or 'reference') in a new process: seconds and peak MB."""
    found = subprocess.run(
        [sys.executable, __file__, "--measure", what, str(export), str(out_dir)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(found.stdout.strip().splitlines()[-1])


def _measure_here(what: str, export: Path, out_dir: Path) -> None:
    if what == "read_csv":
        import polars as pl

        began = time.perf_counter()
        pl.read_csv(export, infer_schema=False)
    else:
        from socialmaturity.batch import BatchOptions, run_batch

        options = BatchOptions(export=export, group_by="Organisation", out_dir=out_dir)
        began = time.perf_counter()
        run_batch(options, vectorised=what == "vector")
    seconds = time.perf_counter() - began
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb()}))


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: a process started by
    fork and exec inherits its parent's ru_maxrss (which holds the generated export)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def time_reports(
    model: MaturityModel, path: Path, out_dir: Path, workers: int, count: int
) -> float:
    """Seconds to render `count` group reports with `workers` processes."""
    from socialmaturity.batch.matching import compile_columns, match_columns
    from socialmaturity.batch.pipeline import BatchScorer, BatchSettings, ErrorLine
    from socialmaturity.batch.reports import group_jobs, render_reports
    from socialmaturity.scoring import Tally
    from socialmaturity.survey import open_export

    class Discard:
        def respondent(
            self, row: int, rid: str | None, group: str, complete: bool, result: Tally
        ) -> None:
            pass

        def error(self, line: ErrorLine) -> None:
            pass

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
    parser.add_argument("--rows", default="100000,1000000", help="row counts, comma-separated")
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--reports", type=int, default=8, help="group reports (0: skip)")
    parser.add_argument("--reference", action="store_true", help="time the row loop too")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each measurement; the fastest counts"
    )
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        what, export, out_dir = args.measure
        _measure_here(what, Path(export), Path(out_dir))
        return
    repeat = max(1, args.repeat)

    model = load_model("social-business")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        work = Path(folder)
        for rows in (int(r) for r in args.rows.split(",")):
            for kind, writer in (("labels", write_export), ("numeric", write_coded_export)):
                export = work / f"{kind}-{rows}.csv"
                writer(model, export, rows, args.questions)
                size = export.stat().st_size / 1e6
                print(f"{kind}: {rows:,} responses x {args.questions} questions, {size:,.0f} MB")
                kinds = ["read_csv", "vector", *(["reference"] if args.reference else [])]
                # Alternated and repeated, the fastest of each counting: other processes on
                # the machine slow a run down, never speed it up.
                runs: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
                for _ in range(repeat):
                    for k in kinds:
                        runs[k].append(measure(k, export, work / "out"))
                best = {k: min(v, key=lambda r: r["seconds"]) for k, v in runs.items()}
                floor = best["read_csv"]["seconds"]
                for k in kinds:
                    seconds, peak = best[k]["seconds"], best[k]["peak_mb"]
                    name = {"read_csv": "polars.read_csv", "vector": "batch, vectorised", "reference": "batch, row loop"}[k]
                    print(
                        f"  {name:<18} {seconds:7.2f} s  {rows / seconds:>11,.0f} responses/s"
                        f"  {seconds / floor:5.2f}x read_csv  peak {peak:6,.0f} MB"
                    )
                export.unlink()

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
