"""Batch scoring of survey exports: from a survey tool's CSV or XLSX to scores and reports.

- `run`: the use case, `run_batch(BatchOptions(...))`, and its `BatchError`;
- `sources`: what a run reads first: options, mapping file, model, export, named columns;
- `matching`: which column answers which question, which cell means which option, and
  the mapping file that can say so explicitly (pure);
- `pipeline`: the streaming loop over the responses, per-respondent tallies and group
  aggregates (pure, takes callbacks);
- `outputs`: the CSV and JSON files, written together and safe to open in a spreadsheet;
- `reports`: one PDF per group or respondent, in a pool of worker processes;
- `draft`: the draft mapping file, and the `mapping init` use case `init_mapping`.

Importing this package is light: the names below load their modules when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .draft import DraftedMapping, DraftOptions, init_mapping
    from .run import BatchError, BatchOptions, BatchResult, Listener, run_batch

__all__ = [
    "BatchError",
    "BatchOptions",
    "BatchResult",
    "DraftOptions",
    "DraftedMapping",
    "Listener",
    "init_mapping",
    "run_batch",
]

_HOMES = {
    "BatchError": "run",
    "BatchOptions": "run",
    "BatchResult": "run",
    "Listener": "run",
    "run_batch": "run",
    "DraftOptions": "draft",
    "DraftedMapping": "draft",
    "init_mapping": "draft",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{home}"), name)
