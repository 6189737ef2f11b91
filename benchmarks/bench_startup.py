"""Benchmark of start-up: `socialmaturity --help` and `score` against a bare Typer app.

    python benchmarks/bench_startup.py [--runs 15]

Each command runs in a new process, as a consultant types it. The floor is a bare
Typer app written to a temporary folder: the same Typer settings as the tool (no
completion, no Rich markup, no pretty exceptions) and a `score ANSWERS` command that
reads the file and prints its size, so that it pays for Python, Typer and reading
the answers, and nothing else. Both are started the same way (`python -m`).

The runs are interleaved (floor, tool, floor, tool, ...) so that another process
slowing the machine down slows both alike; the medians and their ratios are printed.

Aims: `--help` within 1.15x of the bare app's `--help`, `score` within 1.4x of the
bare app's `score`.
"""

from __future__ import annotations

import argparse
import os
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


def run_once(command: list[str], environment: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=environment, check=True, capture_output=True)
    return time.perf_counter() - began


def show(name: str, times: list[float]) -> None:
    print(
        f"{name:<32} median {statistics.median(times):6.3f} s"
        f"   (min {min(times):.3f}, max {max(times):.3f}, n={len(times)})"
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
        times: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in pairs}
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
        ratio = statistics.median(tool) / statistics.median(bare)
        verdict = "within" if ratio <= AIMS[name] else "over"
        print(f"{'  ratio':<32} {ratio:6.2f}x   ({verdict} the aim of {AIMS[name]}x)")


if __name__ == "__main__":
    main()
