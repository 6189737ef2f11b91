"""Benchmark of start-up: `socialmaturity --help` and `score` against a bare Typer app.

    python benchmarks/bench_startup.py [--runs 15]

Each command runs in a new process, as a consultant types it. The floor is a bare
Typer app written to a temporary folder: the same Typer settings as the tool (no
completion, no Rich markup, no pretty exceptions) and a `score ANSWERS` command that
reads the file and prints its size, so that it pays for Python, Typer and reading
the answers, and nothing else. Both are started the same way (`python -m`).

The runs are interleaved (floor, tool, floor, tool, ...) so that another process
slowing the machine down slows both alike; the medians and their ratios are printed,
of the wall-clock time and of the CPU time (user + system) the process used, which
other processes on a shared machine disturb less.

Aims: `--help` within 1.15x of the bare app's `--help`, `score` within 1.4x of the
bare app's `score`.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "harbourlight-answers.yaml"

BARE_APP = '''
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="bare",
    help="A bare Typer app: the floor of a Typer command line.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@app.command()
def score(
    answers: Annotated[str, typer.Argument(help="The answers file.")],
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="Language.")] = None,
) -> None:
    """Read the answers file and print its size."""
    print(len(Path(answers).read_bytes()))


@app.command()
def other() -> None:
    """A second command, so that the app has a command list."""


app()
'''

AIMS = {"--help": 1.15, "score": 1.4}


def run_once(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of `command` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=environment, check=True, capture_output=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def show(name: str, runs: list[tuple[float, float]]) -> None:
    walls = [wall for wall, _ in runs]
    cpus = [cpu for _, cpu in runs]
    print(
        f"{name:<32} median {statistics.median(walls):6.3f} s"
        f"   (min {min(walls):.3f}, max {max(walls):.3f}, n={len(walls)})"
        f"   CPU {statistics.median(cpus):6.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        (Path(folder) / "bare_typer_app.py").write_text(BARE_APP, encoding="utf-8")
        # Bytecode is written (an installed tool has its own compiled): without it every
        # run would compile the tool's modules afresh and measure the compiler.
        environment = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPATH": os.pathsep.join([str(ROOT), folder, os.environ.get("PYTHONPATH", "")]),
        }
        python = [sys.executable, "-m"]
        pairs = {
            "--help": ([*python, "bare_typer_app", "--help"], [*python, "socialmaturity", "--help"]),
            "score": (
                [*python, "bare_typer_app", "score", str(EXAMPLE)],
                [*python, "socialmaturity", "score", str(EXAMPLE)],
            ),
        }
        times: dict[str, tuple[list[tuple[float, float]], list[tuple[float, float]]]] = {k: ([], []) for k in pairs}
        for command, _ in pairs.values():  # warm the file cache and the bytecode
            run_once(command, environment)
        for _, command in pairs.values():
            run_once(command, environment)
        for _ in range(options.runs):
            for name, (bare, tool) in pairs.items():
                times[name][0].append(run_once(bare, environment))
                times[name][1].append(run_once(tool, environment))

    for name, (bare, tool) in times.items():
        show(f"bare Typer app {name}", bare)
        show(f"socialmaturity {name}", tool)
        wall = statistics.median(w for w, _ in tool) / statistics.median(w for w, _ in bare)
        cpu = statistics.median(c for _, c in tool) / statistics.median(c for _, c in bare)
        verdict = "within" if wall <= AIMS[name] else "over"
        print(f"{'  ratio':<32} {wall:6.2f}x   ({verdict} the aim of {AIMS[name]}x)   CPU {cpu:.2f}x")


if __name__ == "__main__":
    main()
