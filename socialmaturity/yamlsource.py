"""Read YAML (and JSON) into plain Python values, remembering where every value stood.

PyYAML's own loaders recurse (deep nesting overflows the stack) and expand aliases
without limit (a "billion laughs" file eats the memory). So we walk the parser's
event stream ourselves: no tag beyond the plain YAML types is accepted, nothing is
ever constructed from a tag, nesting and the expanded size are bounded, and every
mapping key and value gets its line and column so that errors can point at them.
The limits are ours: where libyaml stops at a nesting limit of its own, the file is
still reported as nested too deep, where our limit is crossed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events
from yaml.resolver import Resolver

from .i18n import N_, Whole, said

Path_ = tuple[str | int, ...]

MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_BYTES = 16 * 1024 * 1024

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",  # a quoted scalar's non-specific tag
}

PURE_PYTHON: Any = yaml.SafeLoader
"""PyYAML's own parser: slower, and without a nesting limit of its own."""

LIBYAML: Any = getattr(yaml, "CSafeLoader", None)
"""The C parser (libyaml), None when PyYAML was built without it."""

# The C parser is about ten times faster on the bundled files.
DEFAULT_PARSER: Any = LIBYAML or PURE_PYTHON


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


class SourceError(Exception):
    """The text is not YAML we accept; carries where the problem is."""

    def __init__(self, message: str, position: Position | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass
class Document:
    """A parsed file: its value plus the position of every key and value in it."""

    value: Any
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """The best position for `path`: the exact one, else its nearest ancestor."""
        table = self.keys if key else self.values
        while True:
            if path in table:
                return table[path]
            if key and path in self.values:
                return self.values[path]
            if not path:
                return Position(1, 1)
            path = path[:-1]


def _mark(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class _Resolver(Resolver):
    pass


_RESOLVER = _Resolver()


def _scalar(event: events.ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    elif tag not in _PLAIN_TAGS:
        raise SourceError(said(N_("the tag {tag} is not allowed"), tag=tag), _mark(event.start_mark))
    text = event.value
    if tag == "tag:yaml.org,2002:str":
        return text
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        # YAML 1.2 semantics: an option called `no` or `on` stays a word.
        lowered = text.lower()
        return lowered == "true" if lowered in ("true", "false") else text
    if tag == "tag:yaml.org,2002:int":
        try:
            cleaned = text.replace("_", "")
            if ":" in cleaned:  # YAML 1.1 base-60 numbers are a trap; keep them as text
                return text
            return int(cleaned, 0) if cleaned.lower().startswith(("0x", "0o", "0b")) else int(cleaned)
        except ValueError:
            return text
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(text.replace("_", ""))
        except ValueError:
            lowered = text.lower()
            if lowered in (".inf", "+.inf"):
                return float("inf")
            if lowered == "-.inf":
                return float("-inf")
            if lowered == ".nan":
                return float("nan")
            return text
    if tag == "tag:yaml.org,2002:timestamp":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    raise SourceError(said(N_("the tag {tag} is not allowed"), tag=tag), _mark(event.start_mark))


class _Frame:
    __slots__ = ("anchor", "container", "key", "path", "size", "start")

    def __init__(self, container: Any, path: Path_, anchor: str | None, start: Position) -> None:
        self.container = container
        self.path = path
        self.anchor = anchor
        self.start = start
        self.key: Any = _NO_KEY
        self.size = 1


_NO_KEY = object()


class _ParserLimit(Exception):
    """libyaml stopped at its own nesting limit; `index` is where, in characters."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


# libyaml 0.2.6 says the first when its scanner passes its limit, later versions the second.
_LIBYAML_LIMITS = ("exceeded maximum nesting depth", "maximum nesting level reached")


def parse(text: str, parser: Any = None) -> Document:
    """Parse one YAML or JSON document into plain values with positions.

    `parser` is the PyYAML loader class that reads the text (DEFAULT_PARSER if None).
    Either gives the same values and positions, and the same message at the same place
    for what we refuse (nesting, size, tags, duplicate keys); only a YAML syntax error
    is in the parser's own words.
    """
    parser = parser or DEFAULT_PARSER
    try:
        return _parse(text, parser)
    except _ParserLimit as limit:
        cut = limit.index
    # libyaml has a nesting limit of its own (1000 levels), and its scanner can pass it
    # while it looks ahead along a line for a mapping key, before its parser has handed
    # us the event where our limit is crossed. Ours is lower, so it is crossed in the
    # text before the point where libyaml stopped: read that part again and our check
    # fires there, at its own position. What the cut changes lies deeper than our limit,
    # except when it cuts off the ':' of a key still being looked for: that ends in an
    # error at the cut, and then the pure-Python parser, which has no limit, reads it all.
    try:
        _parse(text[:cut], parser)
    except SourceError as error:
        if error.message == _TOO_DEEP:
            raise
    except _ParserLimit:
        pass
    return _parse(text, PURE_PYTHON)


_TOO_DEEP = said(N_("the file is nested deeper than {depth} levels"), depth=MAX_DEPTH)


def _parse(text: str, parser: Any) -> Document:
    if len(text) > MAX_BYTES:
        raise SourceError(said(N_("the file is larger than {size} MiB"), size=MAX_BYTES // (1024 * 1024)))
    doc = Document(value=None)
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    total = 0
    done = False
    loader = parser(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (events.StreamStartEvent, events.StreamEndEvent)):
                continue
            if isinstance(event, events.DocumentStartEvent):
                if done:
                    raise SourceError(said(N_("the file holds more than one YAML document")), _mark(event.start_mark))
                continue
            if isinstance(event, events.DocumentEndEvent):
                done = True
                continue
            if isinstance(event, (events.MappingEndEvent, events.SequenceEndEvent)):
                frame = stack.pop()
                if frame.anchor:
                    anchors[frame.anchor] = (frame.container, frame.size)
                _attach(doc, stack, frame.container, frame.size, frame.start, event)
                continue

            position = _mark(event.start_mark)
            if isinstance(event, events.AliasEvent):
                if event.anchor not in anchors:
                    raise SourceError(said(N_("unknown alias *{anchor}"), anchor=event.anchor), position)
                value, size = anchors[event.anchor]
                total += size
                if total > MAX_NODES:
                    raise SourceError(
                        said(N_("the file expands to more than {count} values (aliases repeated too often)"), count=Whole(MAX_NODES)),
                        position,
                    )
                _attach(doc, stack, value, size, position, event)
                continue

            total += 1
            if total > MAX_NODES:
                raise SourceError(said(N_("the file holds more than {count} values"), count=Whole(MAX_NODES)), position)
            if isinstance(event, events.ScalarEvent):
                value = _scalar(event)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                _attach(doc, stack, value, 1, position, event)
                continue
            if isinstance(event, (events.MappingStartEvent, events.SequenceStartEvent)):
                tag = event.tag
                if tag is not None and tag not in _PLAIN_TAGS:
                    raise SourceError(said(N_("the tag {tag} is not allowed"), tag=tag), position)
                if len(stack) >= MAX_DEPTH:
                    raise SourceError(_TOO_DEEP, position)
                parent_path = _child_path(stack)
                container: Any = {} if isinstance(event, events.MappingStartEvent) else []
                stack.append(_Frame(container, parent_path, event.anchor, position))
                continue
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        mark = exc.problem_mark or exc.context_mark
        if parser is not PURE_PYTHON and mark is not None and problem.lower().startswith(_LIBYAML_LIMITS):
            raise _ParserLimit(mark.index) from None
        raise _syntax_error(exc, text, parser) from None
    except yaml.YAMLError as exc:
        raise SourceError(_yaml_problem(str(exc))) from None
    finally:
        loader.dispose()
    return doc


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, parser: Any) -> SourceError:
    """The parser's complaint, placed where the mistake is rather than where it noticed.

    A quote that is not closed takes the following lines into the quoted text, up to
    the next quote mark, and the parser complains only there, or at the end of the file.
    The mistake is the opening quote, so that is where the problem is reported.
    """
    english = exc.problem or exc.context or "invalid YAML"
    problem = _yaml_problem(english)
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return SourceError(problem)
    # Both parsers say "while scanning a quoted scalar" when the quoted text runs into
    # the end of the file or a document marker (--- or ...), with the quote as context.
    start = exc.context_mark if exc.context == "while scanning a quoted scalar" else None
    if start is not None and "end of stream" in english:
        return SourceError(
            said(N_("unclosed quote: the quoted text that starts here runs on to the end of the file")), _mark(start)
        )
    if start is not None and "document" in english:
        runaway: Position | None = _mark(start)
    else:
        runaway = _runaway_quote(text, parser, mark)
    if runaway is not None:
        return SourceError(
            said(
                N_("unclosed quote: the quoted text that starts here runs on to line {line} ({problem})"),
                line=mark.line + 1,
                problem=problem,
            ),
            runaway,
        )
    return SourceError(problem, _mark(mark))


_YAML_PROBLEMS: dict[str, str] = {
    # the parsers' complaints a hand-edited file most often gets, in the reader's words
    "mapping values are not allowed here": N_("a colon (:) here starts a value where none is allowed; quote the text if the colon belongs to it"),
    "mapping values are not allowed in this context": N_("a colon (:) here starts a value where none is allowed; quote the text if the colon belongs to it"),
    "could not find expected ':'": N_("a colon (:) is missing after a key"),
    "did not find expected key": N_("a key is expected here: check the indentation"),
    "did not find expected ',' or ']'": N_("a comma (,) or the closing bracket (]) of a list is missing"),
    "did not find expected ',' or '}'": N_("a comma (,) or the closing curly bracket of a mapping is missing"),
    "expected ',' or ']'": N_("a comma (,) or the closing bracket (]) of a list is missing"),
    "expected ',' or '}'": N_("a comma (,) or the closing curly bracket of a mapping is missing"),
    "did not find expected '-' indicator": N_("a list item (-) is expected here: check the indentation"),
    "did not find expected node content": N_("a value is expected here"),
    "found a tab character that violates indentation": N_("a tab is used for indentation; indent with spaces"),
    "found a tab character where an indentation space is expected": N_("a tab is used for indentation; indent with spaces"),
    "found unexpected end of stream": N_("the file ends where more was expected"),
    "found unknown escape character": N_("an unknown escape (\\) in a double-quoted text"),
    "found undefined alias": N_("an alias (*) names no anchor"),
    "found duplicate anchor": N_("an anchor (&) is defined twice"),
    "expected alphabetic or numeric character, but found": N_("an anchor or alias name is not valid"),
    "block sequence entries are not allowed in this context": N_("a list item (-) is not allowed here: check the indentation"),
    "found unexpected ':'": N_("an unexpected colon (:); quote the text if the colon belongs to it"),
    "found incompatible YAML document": N_("the file declares a YAML version this tool does not read"),
    "invalid YAML": N_("this is not valid YAML"),
}


_NO_TOKEN = re.compile(r"found character (.* )?that cannot start any token")


def _yaml_problem(english: str) -> str:
    """A parser's complaint in the reader's language where it is a common one; the
    parser's own English otherwise."""
    if _NO_TOKEN.match(english):
        return said(N_("this character cannot start a value; quote the text"))
    for start, entry in _YAML_PROBLEMS.items():
        if english.startswith(start):
            return said(entry)
    return english


def _runaway_quote(text: str, parser: Any, mark: Any) -> Position | None:
    """Where a quoted text spanning lines starts, if it ends right where the parser failed."""
    scanner = parser(text)
    found: Position | None = None
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if token.start_mark.index >= mark.index:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < token.end_mark.line == mark.line
            ):
                found = _mark(token.start_mark)
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return found


def _child_path(stack: list[_Frame]) -> Path_:
    if not stack:
        return ()
    top = stack[-1]
    if isinstance(top.container, list):
        return (*top.path, len(top.container))
    return (*top.path, top.key)


def _attach(
    doc: Document, stack: list[_Frame], value: Any, size: int, position: Position, event: Any
) -> None:
    if not stack:
        doc.value = value
        doc.values[()] = position
        return
    top = stack[-1]
    top.size += size
    if isinstance(top.container, list):
        path = (*top.path, len(top.container))
        top.container.append(value)
        doc.values.setdefault(path, position)
        return
    if top.key is _NO_KEY:
        if isinstance(value, (dict, list)):
            raise SourceError(said(N_("a mapping key must be a plain value")), position)
        key = value if isinstance(value, str) else str(value)
        if key in top.container:
            raise SourceError(said(N_("duplicate key '{key}'"), key=key), position)
        top.key = key
        key_path: Path_ = (*top.path, key)
        doc.keys[key_path] = position
        return
    path = (*top.path, top.key)
    top.container[top.key] = value
    doc.values[path] = position
    top.key = _NO_KEY
