"""Benchmark of the PDF report: how long one report of the bundled example takes.

    python benchmarks/bench_report.py [--runs 5] [--lang en]

Measures, and prints the median and the range of:

- the whole process: `python -m socialmaturity report EXAMPLE -o report.pdf` in a
  new process, as a consultant runs it (start-up, imports, loading, scoring,
  rendering, writing);
- building the HTML alone, in-process (Jinja2 templates and SVG charts);
- rendering alone, in-process after a warm-up render: HTML to PDF bytes with
  WeasyPrint, the part a batch worker repeats for every report.
"""

from __future__ import annotations

import argparse
import os
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
from socialmaturity.report.render import build_html, render_pdf  # noqa: E402
from socialmaturity.resources import bundled  # noqa: E402
from socialmaturity.scoring import score  # noqa: E402

EXAMPLE = bundled("examples") / "harbourlight-answers.yaml"


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return times


def page_count(pdf: bytes) -> str:
    try:
        import io

        import pypdf
    except ImportError:  # pypdf comes with the test extras
        return "?"
    return str(len(pypdf.PdfReader(io.BytesIO(pdf)).pages))


def show(name: str, times: list[float]) -> None:
    print(
        f"{name:<34} median {statistics.median(times):6.3f} s"
        f"   (min {min(times):.3f}, max {max(times):.3f}, n={len(times)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="en")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.pdf"
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        command = [
            sys.executable,
            "-m",
            "socialmaturity",
            "report",
            str(EXAMPLE),
            "-o",
            str(output),
            "--lang",
            options.lang,
        ]

        def whole_process() -> None:
            subprocess.run(command, cwd=ROOT, env=environment, check=True, capture_output=True)

        process_times = timed(whole_process, options.runs)
        pages = page_count(output.read_bytes())

    sheet, model = load_answers(str(EXAMPLE))
    card = score(model, sheet)

    def html() -> str:
        return build_html(model, sheet, card, language=options.lang)

    document = html()
    render_pdf(document)  # warm-up: imports WeasyPrint, loads fonts
    html_times = timed(html, options.runs)
    render_times = timed(lambda: render_pdf(document), options.runs)

    print(
        f"report of {EXAMPLE.name} ({options.lang}), {len(model.questionnaire.questions)} questions, {pages} pages"
    )
    show("whole process (new python)", process_times)
    show("build HTML alone (in-process)", html_times)
    show("render alone (in-process, warm)", render_times)


if __name__ == "__main__":
    main()
