"""Write tests/data/seed-runs.txt: a fingerprint of every run of eight words in the source
texts the model is drawn from, so that tests/test_model.py can check, on any machine, that
no model text copies one. Only hashes are kept, never the texts.

    python tests/data/make_seed_runs.py [SOURCES_FOLDER]     # default: ../shared/seeds
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from test_model import run_hashes  # noqa: E402


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent.parent / "shared" / "seeds"
    found: set[str] = set()
    for path in sorted(folder.glob("*.txt")):
        found |= run_hashes(path.read_text(encoding="utf-8", errors="replace"))
    (HERE / "seed-runs.txt").write_text("\n".join(sorted(found)) + "\n", encoding="utf-8")
    print(f"{len(found)} fingerprints from {folder}")


if __name__ == "__main__":
    main()
