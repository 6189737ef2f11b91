"""Benchmark of the PDF report: one report of the bundled example against WeasyPrint's floor.

    python benchmarks/bench_report.py [--runs 7] [--lang en] [--reports 8]

Measures, and prints the median and the range of:

- the floor: a new Python process that imports WeasyPrint and writes the report's own
  HTML (the page `report --html` saves) to PDF, its stylesheets, fonts and images read
  from the template folder by file URL: what WeasyPrint itself needs for this page,
  with nothing of the tool around it;
- the whole process: `python -m socialmaturity report EXAMPLE -o report.pdf` in a
  new process, as a consultant runs it (start-up, imports, loading, scoring,
  building the HTML, rendering, writing), and its ratio to the floor;
- building the HTML alone, in-process (Jinja2 templates and SVG charts);
- rendering alone, in-process after a warm-up render: HTML to PDF bytes with
  WeasyPrint, the part a batch worker repeats for every report;
- with --reports N (0 to skip): N group reports of a small survey export rendered by
  `batch`'s pool with 1 and with 2 worker processes (starting the pool and its workers
  included; the fork server is started beforehand, as `batch` starts it while it
  scores the export), and the speed-up.

The floor and the whole process, and the 1- and 2-worker runs, are interleaved, so
that another process slowing the machine down slows both alike; for the floor and the
whole process the CPU time (user + system) is shown too, which a busy machine
disturbs less than the wall-clock time.

Aims: the whole process within 1.2x of the floor; >= 1.9x speed-up with 2 workers.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from socialmaturity.loader import load_answers  # noqa: E402
from socialmaturity.report import render  # noqa: E402
from socialmaturity.resources import bundled  # noqa: E402
from socialmaturity.scoring import score  # noqa: E402

EXAMPLE = bundled("examples") / "harbourlight-answers.yaml"

FLOOR = """
import sys
import weasyprint
weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])
"""


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return times


def interleaved(first: Callable[[], object], second: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    ones: list[float] = []
    twos: list[float] = []
    for _ in range(runs):
        ones += timed(first, 1)
        twos += timed(second, 1)
    return ones, twos


def page_count(pdf: bytes) -> str:
    try:
        import io

        import pypdf
    except ImportError:  # pypdf comes with the test extras
        return "?"
    return str(len(pypdf.PdfReader(io.BytesIO(pdf)).pages))


def show(name: str, times: list[float]) -> None:
    print(
        f"{name:<36} median {statistics.median(times):6.3f} s"
        f"   (min {min(times):.3f}, max {max(times):.3f}, n={len(times)})"
    )


def ratio(name: str, numerator: list[float], denominator: list[float], aim: float, at_least: bool = False) -> None:
    value = statistics.median(numerator) / statistics.median(denominator)
    met = value >= aim if at_least else value <= aim
    print(f"{name:<36} {value:6.2f}x   ({'meets' if met else 'misses'} the aim of {'>= ' if at_least else ''}{aim}x)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--reports", type=int, default=8, help="group reports for the pool (0: skip)")
    options = parser.parse_args()

    sheet, model = load_answers(str(EXAMPLE))
    card = score(model, sheet)

    def html() -> str:
        return render.build_html(model, sheet, card, language=options.lang)

    document = html()

    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        work = Path(folder)
        output = work / "report.pdf"
        # The same page for the floor, its template folder named by file URL
        floor_html = work / "floor.html"
        floor_html.write_text(
            document.replace(render.TEMPLATES_URL, render.builtin_templates().as_uri() + "/"), encoding="utf-8"
        )
        # Bytecode is written, as an installed tool has its own compiled.
        environment = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        tool = [sys.executable, "-m", "socialmaturity", "report", str(EXAMPLE), "-o", str(output), "--lang", options.lang]
        floor = [sys.executable, "-c", FLOOR, str(floor_html), str(work / "floor.pdf")]

        cpu: dict[str, list[float]] = {"floor": [], "tool": []}

        def run(command: list[str], name: str) -> Callable[[], object]:
            def once() -> None:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                subprocess.run(command, cwd=ROOT, env=environment, check=True, capture_output=True)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)

            return once

        run(floor, "floor")()  # warm the file cache and the bytecode
        run(tool, "tool")()
        cpu = {"floor": [], "tool": []}
        floor_times, process_times = interleaved(run(floor, "floor"), run(tool, "tool"), options.runs)
        pages = page_count(output.read_bytes())

    render.render_pdf(document)  # warm-up: imports WeasyPrint, loads fonts
    html_times = timed(html, options.runs)
    render_times = timed(lambda: render.render_pdf(document), options.runs)

    print(
        f"report of {EXAMPLE.name} ({options.lang}), {len(model.questionnaire.questions)} questions, {pages} pages"
    )
    show("floor: WeasyPrint alone (new python)", floor_times)
    show("whole process (new python)", process_times)
    ratio("  whole process / floor", process_times, floor_times, 1.2)
    print(
        f"{'  in CPU time (user + system)':<36} {statistics.median(cpu['tool']):6.3f} s"
        f" / {statistics.median(cpu['floor']):.3f} s = {statistics.median(cpu['tool']) / statistics.median(cpu['floor']):.2f}x"
    )
    show("build HTML alone (in-process)", html_times)
    show("render alone (in-process, warm)", render_times)

    if options.reports:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from bench_batch import time_reports, write_export

        with tempfile.TemporaryDirectory(prefix="bench-report-pool-") as folder:
            work = Path(folder)
            export = work / "small.csv"
            write_export(model, export, 400, 40, seed=11)
            # a first run starts the fork server, which `batch` starts while it scores
            # the export: the runs measured find it ready, as `batch` does
            time_reports(model, export, work / "reports-0", 1, 1)
            ones: list[float] = []
            twos: list[float] = []
            for _ in range(max(1, options.runs // 2)):  # the pool's own time, not matching the export
                ones.append(time_reports(model, export, work / "reports-1", 1, options.reports))
                twos.append(time_reports(model, export, work / "reports-2", 2, options.reports))
        show(f"{options.reports} group reports, 1 worker", ones)
        show(f"{options.reports} group reports, 2 workers", twos)
        ratio("  speed-up with 2 workers", ones, twos, 1.9, at_least=True)


if __name__ == "__main__":
    main()
