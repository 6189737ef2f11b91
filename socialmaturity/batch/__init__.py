"""Batch scoring of survey exports: from a survey tool's CSV or XLSX to scores and reports.

- `matching`: which column answers which question, which cell means which option, and
  the mapping file that can say so explicitly (pure);
- `pipeline`: the streaming loop over the responses, per-respondent tallies and group
  aggregates (pure, takes callbacks);
- `outputs`: the CSV and JSON files, written atomically and safe to open in a spreadsheet;
- `reports`: one PDF per group or respondent, in a pool of worker processes;
- `draft`: the draft mapping file `mapping init` writes.
"""
