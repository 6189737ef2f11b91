"""Click's usage errors in the reader's language.

Click (and the copy of it that Typer carries) words its usage errors in English. In
English they are shown as Click shows them; in another language the common ones (a
missing argument, an unknown option, an option without its value, a bad value, an extra
argument) are worded from the tool's catalogue, the rest keep Click's English.
"""

from __future__ import annotations

import re
from typing import IO, Any

from ..i18n import N_, nN_, said
from ..safetext import visible

_EXTRA = re.compile(r"^Got unexpected extra (?:arguments?|argument\(s\)) \((?P<arguments>.*)\)$", re.S)
_NEEDS_VALUE = re.compile(r"^Option '(?P<option>[^']+)' requires an argument\.?$")
_NEEDS_VALUES = re.compile(r"^Option '(?P<option>[^']+)' requires (?P<count>\d+) arguments\.?$")


def _hint(error: Any) -> str:
    hint = getattr(error, "param_hint", None)
    param = getattr(error, "param", None)
    if hint is None and param is not None:
        try:
            hint = param.get_error_hint(error.ctx)
        except TypeError:  # a Click without the context argument
            hint = param.get_error_hint()
    if isinstance(hint, (list, tuple)):
        return " / ".join(f"'{part}'" for part in hint)
    return str(hint) if hint else ""


def usage_message(error: Any) -> str:
    """The error's own line, as a message of the tool's where it is a common one."""
    kind = type(error).__name__
    text = str(getattr(error, "message", "") or "")
    if kind == "MissingParameter":
        param = getattr(error, "param", None)
        what = getattr(error, "param_type", None) or (param.param_type_name if param is not None else "")
        hint = _hint(error)
        if what == "argument":
            return said(N_("Missing argument {name}."), name=hint)
        if what == "option":
            return said(N_("Missing option {name}."), name=hint)
        return said(N_("Missing parameter {name}."), name=hint)
    if kind == "NoSuchOption":
        possibilities = getattr(error, "possibilities", None)
        name = getattr(error, "option_name", "")
        if possibilities:
            return said(N_("No such option: {name} (possible options: {options})"), name=name, options=", ".join(sorted(possibilities)))
        return said(N_("No such option: {name}"), name=name)
    if kind == "BadParameter":
        return said(N_("Invalid value for {name}: {problem}"), name=_hint(error), problem=text)
    found = _NEEDS_VALUE.match(text)
    if found:
        return said(N_("Option '{option}' needs a value."), option=found["option"])
    found = _NEEDS_VALUES.match(text)
    if found:
        return said(nN_("Option '{option}' needs {count} value.", "Option '{option}' needs {count} values."), option=found["option"], count=int(found["count"]))
    found = _EXTRA.match(text)
    if found:
        return said(N_("Unexpected extra argument ({arguments})."), arguments=found["arguments"])
    return str(error.format_message())


def show_usage_error(error: Any, language: str, stream: IO[str]) -> None:
    """Show a usage error as Click does, worded in `language`."""
    if language == "en" or type(error).__name__ == "NoArgsIsHelpError":
        error.show(file=stream)
        return
    lines: list[str] = []
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        usage = str(ctx.get_usage())
        lines.append(usage.replace("Usage:", said(N_("Usage:")).in_(language), 1))
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(
                said(N_("Try '{command}' for help."), command=f"{ctx.command_path} {ctx.help_option_names[0]}").in_(language)
            )
        lines.append("")
    lines.append(said(N_("Error: {problem}"), problem=usage_message(error)).in_(language))
    # an unknown option or an extra argument is the user's text: shown, never sent to the terminal
    stream.write(visible("\n".join(lines)) + "\n")
    stream.flush()
