"""The translation catalogues: extract, add a language, update, compile, check.

    python tools/catalogues.py extract          # socialmaturity/locale/socialmaturity.pot
    python tools/catalogues.py init fr          # a new language's .po from the template
    python tools/catalogues.py update           # every .po gains the new strings
    python tools/catalogues.py compile          # every .po -> .mo (committed, shipped)
    python tools/catalogues.py check            # untranslated, fuzzy, placeholders, .mo stale

Each step runs Babel's own `pybabel` with this project's keywords, so a translator
can run the same commands by hand (the README lists them).
"""

from __future__ import annotations

import io
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "socialmaturity" / "locale"
TEMPLATE = LOCALE / "socialmaturity.pot"
DOMAIN = "socialmaturity"
KEYWORDS = ("N_", "said", "nN_:1,2", "pN_:1c,2", "translate:2", "translate_plural:2,3", "_", "ngettext:1,2")


def pybabel(*arguments: str) -> None:
    command = [sys.executable, "-m", "babel.messages.frontend", *arguments]
    subprocess.run(command, cwd=ROOT, check=True)


def extract() -> None:
    keywords = [f"--keyword={k}" for k in KEYWORDS]
    pybabel(
        "extract", "--mapping-file=babel.cfg", "--no-default-keywords", *keywords,
        "--sort-by-file", "--no-wrap", "--project=socialmaturity", "--copyright-holder=socialmaturity developers",
        "--msgid-bugs-address=", f"--output-file={TEMPLATE.relative_to(ROOT)}", ".",
    )
    _only_brace_format(TEMPLATE)


def _only_brace_format(path: Path) -> None:
    """The tool fills its messages with str.format, never with %: Babel's guess that
    "{share}% of" is a %-format would make msgfmt refuse a translation that moves the %."""
    from babel.messages.pofile import read_po, write_po

    with path.open("rb") as handle:
        catalogue = read_po(handle)
    for entry in catalogue:
        entry.flags.discard("python-format")
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=0)


def init(language: str) -> None:
    pybabel("init", f"--input-file={TEMPLATE}", f"--output-dir={LOCALE}", f"--domain={DOMAIN}", f"--locale={language}", "--no-wrap")


def update() -> None:
    pybabel("update", f"--input-file={TEMPLATE}", f"--output-dir={LOCALE}", f"--domain={DOMAIN}", "--no-wrap", "--ignore-obsolete", "--no-fuzzy-matching")
    for path in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        _only_brace_format(path)


def compile_() -> None:
    """Every catalogue to its .mo, fuzzy entries left out. Babel's own `compile` takes
    "{share}% of" for a %-format; `msgfmt --check` (run in CI) checks the placeholders."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for path in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with path.open("rb") as handle:
            catalogue = read_po(handle)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalogue, use_fuzzy=False)
        done = sum(1 for entry in catalogue if entry.id and _translated(entry) and not entry.fuzzy)
        print(f"{path.relative_to(ROOT)}: {done} of {len(catalogue)} translated")


def _messages(mo: bytes) -> dict[Any, str]:
    """A compiled catalogue's translations, without its header (which names the time)."""
    import gettext

    messages = dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)  # type: ignore[attr-defined]
    messages.pop("", None)
    return messages


def _translated(entry: Any) -> bool:
    strings = entry.string if isinstance(entry.string, (list, tuple)) else [entry.string]
    return all(strings)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def problems(locale: Path = LOCALE) -> list[str]:
    """What keeps the catalogues from being complete: a string of the template missing,
    untranslated or fuzzy in a language, a placeholder lost or added, a plural form
    missing, a .mo that is not the compiled .po."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with (locale / f"{DOMAIN}.pot").open("rb") as handle:
        template = read_po(handle)
    found: list[str] = []
    for path in sorted(locale.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        language = path.parent.parent.name
        with path.open("rb") as handle:
            catalogue = read_po(handle)
        for wanted in template:
            if not wanted.id:
                continue
            entry = catalogue.get(wanted.id, context=wanted.context)
            where = f"{path.relative_to(locale)}: {wanted.id if isinstance(wanted.id, str) else wanted.id[0]!r}"
            if entry is None:
                found.append(f"{where}: missing (run `python tools/catalogues.py update`)")
                continue
            if entry.fuzzy:
                found.append(f"{where}: fuzzy")
            if not _translated(entry):
                found.append(f"{where}: not translated")
                continue
            sources = [wanted.id] if isinstance(wanted.id, str) else list(wanted.id)
            strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
            if len(strings) != catalogue.num_plurals and not isinstance(wanted.id, str):
                found.append(f"{where}: {len(strings)} plural forms, {language} has {catalogue.num_plurals}")
            expected = set().union(*(_fields(source) for source in sources))
            for shown in strings:
                try:
                    fields = _fields(shown)
                except ValueError as error:
                    found.append(f"{where}: broken placeholder ({error})")
                    continue
                # a singular may leave out the number ("one cell") but adds nothing
                if not fields <= expected or (isinstance(wanted.id, str) and fields != expected):
                    found.append(f"{where}: placeholders {sorted(fields)} instead of {sorted(expected)}")
        compiled = io.BytesIO()
        write_mo(compiled, catalogue, use_fuzzy=False)
        mo = path.with_suffix(".mo")
        # compared by what gettext reads from them: Babel versions lay out the bytes differently
        if not mo.is_file() or _messages(mo.read_bytes()) != _messages(compiled.getvalue()):
            found.append(f"{mo.relative_to(locale)}: not the compiled .po (run `python tools/catalogues.py compile`)")
    return found


def check() -> int:
    found = problems(LOCALE)
    for line in found:
        print(line)
    return 1 if found else 0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    step, *rest = argv
    if step == "extract":
        extract()
    elif step == "init" and len(rest) == 1:
        init(rest[0])
    elif step == "update":
        update()
    elif step == "compile":
        compile_()
    elif step == "check":
        return check()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
