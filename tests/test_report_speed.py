"""What makes reports fast, checked without a clock: WeasyPrint's libraries found from one
read of the linker cache, font subsets made without reading the layout tables, and a
command line that starts without the report's libraries."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from socialmaturity.report import libraries

ROOT = Path(__file__).resolve().parent.parent

LISTING = """\
1234 libs found in cache `/etc/ld.so.cache'
\tlibpangoft2-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpangoft2-1.0.so.0
\tlibpango-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpango-1.0.so.0
\tlibharfbuzz.so.0 (libc6) => /lib/i386-linux-gnu/libharfbuzz.so.0
\tlibgobject-2.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libgobject-2.0.so.0
\tlibfontconfig.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libfontconfig.so.1
\tlibfontconfig.so (libc6,x86-64) => /lib/x86_64-linux-gnu/libfontconfig.so
"""


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("pango-1.0", "libpango-1.0.so.0"),
        ("pangoft2-1.0", "libpangoft2-1.0.so.0"),
        ("gobject-2.0", "libgobject-2.0.so.0"),
        ("fontconfig", "libfontconfig.so.1"),  # the first listed, as find_library answers
        ("harfbuzz", None),  # only a 32-bit copy, which a 64-bit interpreter cannot load
        ("harfbuzz-subset", None),
        ("libgobject-2.0-0", None),  # the Windows name WeasyPrint tries first
        ("pango", None),  # not libpango-1.0: the name ends at a dot
    ],
)
def test_a_library_is_found_in_the_linker_cache_as_find_library_finds_it(name: str, found: str | None) -> None:
    assert libraries.lookup_in(LISTING, "libc6,x86-64")(name) == found


def test_the_abi_of_a_32_bit_library_is_its_own() -> None:
    assert libraries.lookup_in(LISTING, "libc6")("harfbuzz") == "libharfbuzz.so.0"


LIBRARIES_LOADED = """
import json, sys
if sys.argv[1] == "cache":
    from socialmaturity.report.libraries import import_weasyprint
    module = import_weasyprint()
else:
    import weasyprint as module
from weasyprint.text import ffi
names = ("gobject", "pango", "harfbuzz", "harfbuzz_subset", "harfbuzz_vector", "fontconfig", "pangoft2")
with open("/proc/self/maps") as maps:
    files = sorted({line.split()[-1] for line in maps if ".so" in line
                    and any(k in line for k in ("gobject", "pango", "harfbuzz", "fontconfig"))})
print(json.dumps({
    "module": module.__file__,
    "opened": {name: getattr(ffi, name) is not None for name in names},
    "files": files,
}))
"""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the linker cache is Linux's")
def test_weasyprint_through_the_cache_is_weasyprint_with_the_same_libraries() -> None:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}

    def loaded(how: str) -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-c", LIBRARIES_LOADED, how],
            capture_output=True, text=True, env=environment, check=True,
        )
        result: dict[str, object] = json.loads(done.stdout)
        return result

    usual, cached = loaded("usual"), loaded("cache")
    assert cached == usual
    assert usual["opened"] == {**usual["opened"], "gobject": True, "pango": True, "pangoft2": True}  # type: ignore[dict-item]


def test_the_cache_answers_when_it_has_every_library_weasyprint_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(libraries, "linker_cache", lambda: LISTING.replace("(libc6) => /lib/i386", "(libc6,x86-64) => /lib/x86"))
    monkeypatch.setattr(libraries, "abi_type", lambda: "libc6,x86-64")
    find = libraries.cached_finder()
    assert find is not None and find("harfbuzz") == "libharfbuzz.so.0"


def test_without_a_linker_cache_weasyprint_finds_its_libraries_as_usual(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(libraries, "linker_cache", lambda: None)
    assert libraries.cached_finder() is None


def test_a_cache_without_pango_leaves_the_look_up_to_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    without_pango = "\n".join(line for line in LISTING.splitlines() if "pango" not in line)
    monkeypatch.setattr(libraries, "linker_cache", lambda: without_pango)
    monkeypatch.setattr(libraries, "abi_type", lambda: "libc6,x86-64")
    assert libraries.cached_finder() is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the linker cache is Linux's")
def test_this_machine_s_cache_has_weasyprint_s_libraries() -> None:
    # where WeasyPrint works, its libraries are in the cache, so the quick way is taken
    assert libraries.cached_finder() is not None


def test_find_library_is_given_back_after_the_import() -> None:
    import ctypes.util

    original = ctypes.util.find_library
    with libraries._find_library(lambda name: None):
        assert ctypes.util.find_library is not original
    assert ctypes.util.find_library is original


# -- font subsets with fontTools ---------------------------------------------------------------


def dejavu() -> Path:
    for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"):
        path = Path(folder) / "DejaVuSans.ttf"
        if path.exists():
            return path
    pytest.skip("DejaVu Sans is not installed")


def subset_as_weasyprint_does(subsetter_class: type, font_file: Path, text: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(font_file, recalcTimestamp=False)
    gids = {font.getBestCmap()[ord(c)] for c in text}
    gid_numbers = {font.getGlyphID(name) for name in gids}
    options = subset.Options(
        retain_gids=True, passthrough_tables=True, ignore_missing_glyphs=True,
        hinting=False, desubroutinize=True, notdef_outline=False,
    )
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subsetter_class(options)
    subsetter.populate(gids=gid_numbers)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def test_a_subset_without_the_layout_tables_read_is_the_same_subset() -> None:
    from fontTools import subset

    libraries.import_weasyprint()
    from weasyprint.pdf import fonts

    quick = fonts.subset.Subsetter
    assert quick is not subset.Subsetter and issubclass(quick, subset.Subsetter)
    text = "Présence → Social business: 75,5 % ✓ fi ffl"
    font = dejavu()
    assert subset_as_weasyprint_does(quick, font, text) == subset_as_weasyprint_does(subset.Subsetter, font, text)


def test_the_quick_subset_still_embeds_every_glyph_it_was_asked_for() -> None:
    from fontTools.ttLib import TTFont

    libraries.import_weasyprint()
    from weasyprint.pdf import fonts

    text = "Dialogue Intégration ✓"
    font = dejavu()
    subset_font = TTFont(io.BytesIO(subset_as_weasyprint_does(fonts.subset.Subsetter, font, text)))
    original = TTFont(font)
    glyf = subset_font["glyf"]
    for character in set(text) - {" "}:
        name = original.getBestCmap()[ord(character)]
        assert glyf[name].numberOfContours != 0, character  # the outline is there
    assert "GSUB" not in subset_font and "GPOS" not in subset_font


def test_the_subsetter_is_replaced_once() -> None:
    libraries.import_weasyprint()
    from weasyprint.pdf import fonts

    before = fonts.subset
    libraries._layout_tables_dropped_first(fonts)
    assert fonts.subset is before


# -- the batch pool ----------------------------------------------------------------------------

POOL = """
import sys
from concurrent.futures import ProcessPoolExecutor
from socialmaturity.batch.reports import pool_context, prepare_pool

if __name__ == "__main__":
    if sys.argv[1] == "prepared":
        prepare_pool()
    with ProcessPoolExecutor(1, mp_context=pool_context()) as pool:
        # no initializer: what the worker has before it is given any work
        print(pool.submit(eval, "sorted({'weasyprint', 'socialmaturity.report.render'} & set(__import__('sys').modules))").result())
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="no fork server on Windows")
@pytest.mark.parametrize(("how", "loaded"), [("prepared", "['socialmaturity.report.render', 'weasyprint']"), ("as-is", "[]")])
def test_a_prepared_pool_s_workers_start_with_the_renderer_loaded(tmp_path: Path, how: str, loaded: str) -> None:
    script = tmp_path / "pool.py"
    script.write_text(POOL, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), how],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True, timeout=120,
    )
    assert done.stdout.strip() == loaded
