"""Moved to `socialmaturity.files`; kept while the report and interview move over."""

from .files import OutputError, atomic_writer, mode_for, write_bytes, write_text

__all__ = ["OutputError", "atomic_writer", "mode_for", "write_bytes", "write_text"]
