"""WeasyPrint imported with its system libraries found in one read of the linker cache.

WeasyPrint opens GObject, Pango, HarfBuzz, Fontconfig and PangoFT2 through cffi,
trying several names for each, one per platform. A name that the dynamic linker
cannot open as it stands goes to `ctypes.util.find_library`, which on Linux runs
`ldconfig -p`, then gcc and ld, for every such name: some seventy processes and
most of the time WeasyPrint takes to import.

`import_weasyprint` reads `ldconfig -p` once and answers those look-ups from it, the
way find_library's own first step does. Where that is not possible (not Linux, no
ldconfig, or a library WeasyPrint cannot do without missing from the cache),
WeasyPrint is imported as usual, and finds or misses its libraries as usual.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType, SimpleNamespace
from typing import Any

LDCONFIG = "/sbin/ldconfig"  # where ctypes.util looks for it too

REQUIRED = ("gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "pangoft2-1.0")
"""The libraries WeasyPrint cannot import without (HarfBuzz-Subset is optional)."""

# ldconfig marks each library with its ABI; find_library keeps the running
# interpreter's own (a 32-bit copy beside a 64-bit one cannot be loaded).
_ABI_TYPES = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


def abi_type() -> str:
    """How `ldconfig -p` marks libraries of this interpreter's kind ('libc6,x86-64')."""
    bits = "-32" if struct.calcsize("l") == 4 else "-64"
    return _ABI_TYPES.get(os.uname().machine + bits, "libc6")


def lookup_in(listing: str, abi: str) -> Callable[[str], str | None]:
    """find_library's answer from the linker cache: 'pango-1.0' -> 'libpango-1.0.so.0'.

    `listing` is the output of `ldconfig -p`; the file name of the first library
    `lib<name>.` of the given ABI is the answer, as ctypes.util finds it.
    """

    def find(name: str) -> str | None:
        found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({re.escape(abi)}", listing)
        return found.group(1) if found else None

    return find


def linker_cache() -> str | None:
    """The output of `ldconfig -p`, or None when it cannot be had."""
    if not sys.platform.startswith("linux") or not os.access(LDCONFIG, os.X_OK):
        return None
    try:
        done = subprocess.run(
            [LDCONFIG, "-p"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={"LC_ALL": "C", "LANG": "C"},
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return os.fsdecode(done.stdout)


@contextmanager
def _find_library(find: Callable[[str], str | None]) -> Iterator[None]:
    # cffi calls ctypes.util.find_library by the module's attribute, at the time of
    # the call: replaced only while WeasyPrint opens its libraries.
    original = ctypes.util.find_library
    ctypes.util.find_library = find  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = original


def import_weasyprint() -> ModuleType:
    """The weasyprint module, imported once per process, its libraries found quickly."""
    loaded = sys.modules.get("weasyprint")
    if loaded is None:
        loaded = _imported()
        from weasyprint.pdf import fonts

        _layout_tables_dropped_first(fonts)
    return loaded


def cached_finder() -> Callable[[str], str | None] | None:
    """find_library's answers from one read of the linker cache; None where that cache
    cannot be read or lacks a library WeasyPrint needs."""
    listing = linker_cache()
    if listing is None:
        return None
    find = lookup_in(listing, abi_type())
    return find if all(find(name) is not None for name in REQUIRED) else None


def _imported() -> ModuleType:
    find = cached_finder()
    if find is not None:
        try:
            with _find_library(find):
                import weasyprint

                return sys.modules["weasyprint"]
        except OSError:
            # a library in the cache that does not load after all: start again the
            # usual way, which says what is wrong
            for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
                del sys.modules[name]
    import weasyprint  # noqa: F401

    return sys.modules["weasyprint"]


def _layout_tables_dropped_first(fonts: Any) -> None:
    """Font subsetting with fontTools (WeasyPrint's way without HarfBuzz-Subset), faster.

    WeasyPrint asks fontTools to drop the GSUB and GPOS tables from every font it
    embeds; fontTools (4.60 and later) still reads both whole before dropping them,
    a fifth of a report's rendering. Removed from the font before the subsetter
    sees them, they are never read, and the subset is the same: the subsetter would
    delete them first thing, and with them a legacy `kern` table, which it keeps
    only where the font has no GPOS.
    """
    library = getattr(fonts, "subset", None)
    subsetter = getattr(library, "Subsetter", None)
    if not isinstance(subsetter, type) or getattr(subsetter, "layout_tables_dropped_first", False):
        return

    class Subsetter(subsetter):  # type: ignore[misc,valid-type]
        layout_tables_dropped_first = True

        def subset(self, font: Any) -> Any:
            dropped = [tag for tag in ("GSUB", "GPOS") if tag in font and tag in self.options.drop_tables]
            if "GPOS" in dropped and "kern" in font and not self.options.legacy_kern:
                del font["kern"]
            for tag in dropped:
                del font[tag]
            return super().subset(font)

    fonts.subset = SimpleNamespace(**{**vars(library), "Subsetter": Subsetter})
