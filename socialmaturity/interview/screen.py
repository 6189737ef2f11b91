"""The interview's screens drawn with rich: for a projector on a terminal, plain text otherwise.

Only layout lives here; every word comes from the screen descriptions of `state.py`
(already in the interview's language) or from `messages.py`. Texts from files and
from people (questions, notes, names) can hold terminal control sequences, so they
are cleaned before they reach the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Final

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..i18n import colon
from ..safetext import stripped
from .messages import m
from .state import (
    Ballot,
    EndScreen,
    FullResultScreen,
    Key,
    ListEntry,
    ListLine,
    ListScreen,
    NoteScreen,
    OptionRow,
    PhaseProgress,
    QuestionScreen,
    ResultScreen,
    Screen,
    Seen,
)

ACCENT = "bold cyan"
_MARKS = {
    Seen.ANSWERED: ("✓", "green"),
    Seen.SKIPPED: ("↷", "yellow"),
    Seen.SEEN: ("○", "yellow"),
    Seen.UNSEEN: ("·", "dim"),
}


def render(screen: Screen, *, saved_to: str, report: str = "") -> RenderableType:
    """One screen as a rich renderable (a console without colour prints it as plain text)."""
    if isinstance(screen, QuestionScreen):
        return question(screen, saved_to)
    if isinstance(screen, NoteScreen):
        return note(screen)
    if isinstance(screen, ListScreen):
        return question_list(screen)
    if isinstance(screen, EndScreen):
        return end(screen)
    if isinstance(screen, ResultScreen):
        return result(screen, saved_to, report)
    if isinstance(screen, FullResultScreen):
        return full_result(screen, report)
    return Text("")


class KeyLine:
    """The keys of a screen, wrapped between keys, never inside one."""

    def __init__(self, shown: Sequence[Key]) -> None:
        self.shown = shown

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        line = Text()
        for key in self.shown:
            piece = Text.assemble((key.key, ACCENT), f" {key.label}")
            if line and line.cell_len + 3 + piece.cell_len > width:
                yield line
                line = Text()
            if line:
                line.append("   ")
            line.append_text(piece)
        yield line


def keys(shown: Sequence[Key]) -> KeyLine:
    return KeyLine(shown)


def hint(value: str | None) -> list[RenderableType]:
    return [Text(f"» {stripped(value)}", style="bold yellow")] if value else []


# -- a question -----------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How much room a question screen spends on air and extras; the first that fits is shown."""

    air: bool = True  # blank lines between the parts, and the rule under the header
    help_box: bool = True  # the help in a box with a title, or on lines of its own
    saved_line: bool = True  # where the answers are saved
    progress: bool = True  # each phase's count under the header
    voters: str = "wrap"  # who voted for each option: "wrap", one "line" (cut), or "none"
    note_lines: int | None = None  # the note cut to this many lines; None for all of it
    help_page: bool = False  # the help shown in place of the options


# Tried in order on a terminal: each one gives up a little more, so a tall question
# loses blank lines and borders before anything it says.
LAYOUTS: Final = (
    Layout(),
    Layout(air=False),
    Layout(air=False, help_box=False),
    Layout(air=False, help_box=False, voters="line", note_lines=2),
    Layout(air=False, help_box=False, voters="line", note_lines=1, saved_line=False),
    Layout(air=False, help_box=False, voters="none", note_lines=1, saved_line=False, progress=False),
)
# with the help open and too tall beside the options: the help on the page of its own
HELP_PAGE: Final = Layout(air=False, help_box=False, saved_line=False, progress=False, help_page=True)


def question(screen: QuestionScreen, saved_to: str) -> RenderableType:
    if screen.rows is None:  # a transcript: everything, in full
        return question_laid_out(screen, saved_to, Layout())
    return Fitted(screen, saved_to)


class Fitted:
    """A question screen in the first layout that fits the terminal's rows, prompt included.

    Measured as this console draws it, so the count is exact for its width. If even
    the most compact layout is too tall, the help goes to a page of its own; if the
    question alone is too tall, one line above the keys says so (the rest scrolls).
    """

    def __init__(self, screen: QuestionScreen, saved_to: str) -> None:
        self.screen = screen
        self.saved_to = saved_to

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = self.screen.rows or 0
        room = rows - 1  # the prompt's line
        shown: RenderableType | None = None
        for layout in LAYOUTS:
            shown = question_laid_out(self.screen, self.saved_to, layout)
            if len(console.render_lines(shown, options, pad=False)) <= room:
                yield shown
                return
        if self.screen.help:
            notice = m("question.help-page", self.screen.language)
            shown = question_laid_out(self.screen, self.saved_to, HELP_PAGE, notice=notice)
            needed = len(console.render_lines(shown, options, pad=False))
            if needed <= room:
                yield shown
                return
            # a help text too long for any page: cut to what fits, the rest behind the ellipsis
            drawn = len(console.render_lines(Padding(_help_text(self.screen.help, self.screen.language, None), (0, 2)), options))
            keep = max(drawn - (needed - room), 1)
            yield question_laid_out(
                self.screen, self.saved_to, replace(HELP_PAGE, note_lines=1), notice=notice, help_lines=keep
            )
            return
        assert shown is not None
        needed = len(console.render_lines(shown, options, pad=False)) + 1
        notice = m("question.too-tall", self.screen.language, lines=needed + 1, rows=rows)
        yield question_laid_out(self.screen, self.saved_to, LAYOUTS[-1], notice=notice)


def _help_text(value: str, language: str, lines: int | None) -> RenderableType:
    """The help without its box: "Help: ..." on lines of its own, cut to `lines` if given."""
    shown = Text.assemble((m("question.help", language) + colon(language) + " ", "bold blue"), stripped(value))
    return shown if lines is None else _Cut(shown, lines)


def question_laid_out(
    screen: QuestionScreen,
    saved_to: str,
    layout: Layout,
    *,
    notice: str | None = None,
    help_lines: int | None = None,
) -> RenderableType:
    """The question screen in one layout."""
    language = screen.language
    air = 1 if layout.air else 0
    header = Table.grid(expand=True)
    header.add_column(ratio=1)
    header.add_column(justify="right")
    header.add_row(
        Text.assemble((stripped(screen.phase), ACCENT), ("   " + stripped(screen.dimension), "cyan")),
        Text(m("question.of", language, number=screen.number, total=screen.total), style="bold"),
    )
    parts: list[RenderableType] = [header]
    if layout.progress:
        parts.append(progress(screen.phases))
    if layout.air:
        parts.append(Rule(style="cyan"))
    parts.append(Padding(Text(stripped(screen.text), style="bold"), (air, 2, air, 2), expand=False))
    if not layout.help_page:
        parts.append(
            options(screen.options, language, workshop=bool(screen.participants), voters=layout.voters, air=layout.air)
        )
    if screen.help:
        title = m("question.help", language)
        if layout.help_box:
            parts.append(
                Padding(
                    Panel(Text(stripped(screen.help)), title=title, title_align="left", border_style="blue"),
                    (air, 2, 0, 2),
                )
            )
        else:
            parts.append(Padding(_help_text(screen.help, language, help_lines), (air, 2, 0, 2), expand=False))
    if not layout.help_page:
        if screen.ballot is not None:
            parts.append(Padding(ballot(screen.ballot), (air, 2, 0, 2), expand=False))
        elif screen.vote_order:
            parts.append(Padding(Text(stripped(screen.vote_order), style="bold magenta"), (air, 2, 0, 2), expand=False))
    if screen.note:
        parts.append(Padding(_note_line(screen.note, language, layout.note_lines), (air, 2, 0, 2), expand=False))
    if layout.air:
        parts.append(Text(""))
    parts += hint(screen.hint)
    parts += hint(notice)
    parts.append(keys(screen.keys))
    if layout.saved_line:
        parts.append(Text(m("question.saved-to", language, file=stripped(saved_to)), style="dim"))
    return Group(*parts)


class _Cut:
    """Text cut to at most `lines` lines at the width it is drawn in, an ellipsis at the cut."""

    def __init__(self, text: Text, lines: int) -> None:
        self.text = text
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        wrapped = self.text.wrap(console, options.max_width)
        if len(wrapped) <= self.lines:
            yield wrapped
            return
        kept = list(wrapped)[: self.lines]
        last = kept[-1]
        last.truncate(max(options.max_width - 1, 1))
        last.rstrip()
        last.append("…")
        yield Group(*kept)


def _note_line(value: str, language: str, lines: int | None) -> RenderableType:
    note = Text.assemble((m("question.note", language) + colon(language) + " ", "bold"), (stripped(value), "italic"))
    return note if lines is None else _Cut(note, lines)


class Progress:
    """Each phase with how many of its questions have an answer; the current one stands out.

    On a screen too narrow for every phase's name (80 columns), the other phases show
    their number only, so the line never wraps and pushes the question down.
    """

    def __init__(self, phases: Iterable[PhaseProgress]) -> None:
        self.phases = tuple(phases)

    def line(self, *, named: bool) -> Text:
        line = Text()
        for i, phase in enumerate(self.phases):
            if i:
                line.append("  ")  # two spaces: five phases fit on a 100-column projector screen
            complete = phase.total > 0 and phase.answered == phase.total
            style = "bold" if phase.current else "green" if complete else "dim"
            mark = "▸ " if phase.current else "✓ " if complete else ""
            name = stripped(phase.name) if named or phase.current else str(i + 1)
            line.append(f"{mark}{name} {phase.answered}/{phase.total}", style=style)
        return line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        full = self.line(named=True)
        yield full if full.cell_len <= options.max_width else self.line(named=False)


def progress(phases: Iterable[PhaseProgress]) -> Progress:
    return Progress(phases)


def options(
    rows: Sequence[OptionRow], language: str, *, workshop: bool, voters: str = "wrap", air: bool = True
) -> RenderableType:
    """The options; in a workshop each with its votes as a bar and who cast them.

    `voters` "wrap" gives the names all the lines they need; "line" one line per
    option, cut, the labels keeping most of the width; "none" the bars alone.
    """
    names = workshop and voters != "none"
    compact = workshop and voters != "wrap"
    # expanded with ratios when compact: otherwise rich shares the width out by content
    table = Table.grid(padding=(0, 1), expand=compact)
    table.add_column(width=4, justify="right", no_wrap=True)  # indents, and marks the current answer
    table.add_column(justify="right", style=ACCENT, no_wrap=True)
    if compact:
        table.add_column(ratio=3)
    else:
        table.add_column(max_width=60 if workshop else None)
    if workshop:
        table.add_column(no_wrap=True)  # the votes as a bar
    if names:
        if compact:
            table.add_column(style="dim", ratio=1, no_wrap=True, overflow="ellipsis")
        else:
            table.add_column(style="dim")  # who voted so
    gap_done = False
    for row in rows:
        if not row.on_scale and not gap_done:
            gap_done = True
            caption = Text(m("question.outside-scale", language), style="dim italic")
            if air:
                table.add_row("", "", "")
            table.add_row("", "", caption)
        if row.chosen:
            mark = Text("▶", style="bold green")
        elif row.proposed:
            mark = Text("»", style="bold magenta")
        else:
            mark = Text("")
        style = "bold green" if row.chosen else "bold" if row.proposed else ""
        label = Text(stripped(row.label), style=style)
        if row.chosen:
            label.append(f"  ({m('question.current', language)})", style="green")
        cells: list[RenderableType] = [mark, str(row.number), label]
        if workshop:
            bar = Text("  ")  # keeps the votes clear of a long label
            if row.votes:
                bar.append(f"{row.votes} ", style="bold magenta")
                bar.append("■" * row.votes, style="magenta")
            cells.append(bar)
        if names:
            cells.append(Text(", ".join(stripped(v) for v in row.voters)))
        table.add_row(*cells)
    return table


def ballot(shown: Ballot) -> RenderableType:
    verdict_style = "bold red" if shown.disagreement else "green" if shown.spread == 0 else "yellow"
    lines: list[RenderableType] = [
        Text(("⚠ " if shown.disagreement else "") + shown.verdict, style=verdict_style),
        Text(shown.proposal, style="bold"),
    ]
    if shown.abstained:
        lines.append(Text(stripped(shown.abstained), style="dim"))
    return Group(*lines)


# -- a note ---------------------------------------------------------------------------


def note(screen: NoteScreen) -> RenderableType:
    language = screen.language
    current: RenderableType
    if screen.note:
        current = Group(
            Text(m("note.current", language), style="bold"),
            Padding(Text(stripped(screen.note), style="italic"), (0, 0, 0, 2), expand=False),
        )
    else:
        current = Text(m("note.none", language), style="dim")
    parts: list[RenderableType] = [
        Text(screen.title, style=ACCENT),
        Rule(style="cyan"),
        Padding(Text(stripped(screen.question), style="bold"), (1, 2, 1, 2), expand=False),
        current,
        Text(""),
        Text(screen.instructions),
        *hint(screen.hint),
        keys(screen.keys),
    ]
    return Group(*parts)


# -- the list of questions ------------------------------------------------------------


def question_list(screen: ListScreen) -> RenderableType:
    """One page of the list: the state machine has wrapped and cut it to fit the screen."""
    body = [_list_line(line, screen.number_width) for line in screen.lines]
    return Group(
        Text(screen.title, style=ACCENT, no_wrap=True, overflow="ellipsis"),
        Text(screen.legend, style="dim", no_wrap=True, overflow="ellipsis"),
        Rule(style="cyan"),
        *body,
        Text(""),
        *hint(screen.hint),
        keys(screen.keys),
    )


def _list_line(line: ListLine, number_width: int) -> Text:
    out = Text(no_wrap=True, overflow="crop")
    if line.heading:
        out.append(" " * (number_width + 3))
        out.append(line.text, style="bold underline")
        return out
    out.append(f"{line.number if line.number is not None else '':>{number_width}} ", style=ACCENT)
    if line.seen is not None:
        mark, style = ("▸", "bold") if line.current else _MARKS[line.seen]
        out.append(mark, style=style)
    else:
        out.append(" ")
    out.append(" ")
    out.append(line.text, style="bold" if line.current else "")
    if line.answer is not None:
        out.append("  → ", style="green")
        out.append(line.answer, style="green")
    return out


def _number_width(entries: Sequence[ListEntry]) -> int:
    return max((len(str(entry.number)) for entry in entries), default=1)


# -- the result -----------------------------------------------------------------------


def result(screen: ResultScreen, saved_to: str, report: str) -> RenderableType:
    """The result on one screen: it must fit a projector's 24 rows, the prompt included."""
    from ..terminal import bar

    phases = Table.grid(padding=(0, 1))
    phases.add_column(justify="right")
    phases.add_column(no_wrap=True, overflow="ellipsis", max_width=28)
    phases.add_column(no_wrap=True)
    phases.add_column(justify="right", no_wrap=True)
    phases.add_column(no_wrap=True)
    for phase in screen.phases:
        style = "green" if phase.reached else "yellow" if phase.passed else "red"
        mark = "✓" if phase.reached else "·"
        phases.add_row(
            Text(f"{mark} {phase.number}", style=style),
            Text(stripped(phase.name), style="bold" if phase.reached else ""),
            bar(phase.score, phase.threshold, width=20),
            phase.shown_score,
            Text(phase.status, style=style),
        )
    steps = Table.grid(padding=(0, 1))
    steps.add_column(justify="right", style="bold")
    steps.add_column(no_wrap=True, overflow="ellipsis")
    for i, title in enumerate(screen.steps, 1):
        steps.add_row(f"{i}.", Text(stripped(title)))
    saved = m("result.saved", screen.language, file=stripped(saved_to), command=stripped(report))
    return Group(
        Text(stripped(screen.title), style=ACCENT, no_wrap=True, overflow="ellipsis"),
        Rule(style="cyan"),
        Text(stripped(screen.verdict), style="bold"),
        Text(""),
        phases,
        Text(""),
        Text(stripped(screen.steps_title), style="bold green", no_wrap=True, overflow="ellipsis"),
        steps,
        Text(""),
        Text(stripped(screen.margin), style="yellow"),
        *hint(screen.hint),
        keys(screen.keys),
        Text(saved, style="dim"),
    )


def full_result(screen: FullResultScreen, report: str) -> RenderableType:
    """The whole scorecard, as `score` shows it: taller than a screen, asked for."""
    from ..terminal import scorecard

    sheet = screen.sheet
    # a resumed file's organisation name may hold escape sequences
    organisation = sheet.organisation.model_copy(update={"name": stripped(sheet.organisation.name)})
    sheet = sheet.model_copy(update={"organisation": organisation})
    return Group(
        scorecard(screen.view, screen.card, sheet, compact=True),
        Text(""),
        # the verdict again, at the foot: the top of the scorecard has scrolled away
        Text(stripped(screen.view.verdict(screen.card, sheet.organisation.name)), style="bold cyan"),
        Text(m("stop.report", screen.language, command=stripped(report)), style="bold"),
        *hint(screen.hint),
        keys(screen.keys),
    )


# -- the end --------------------------------------------------------------------------


def end(screen: EndScreen) -> RenderableType:
    # expanded, with a ratio: otherwise rich shrinks the numbers to fit the long texts
    listing = Table.grid(padding=(0, 1), expand=True)
    listing.add_column(justify="right", style=ACCENT, width=_number_width(screen.unanswered), no_wrap=True)
    listing.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    for entry in screen.unanswered:
        listing.add_row(str(entry.number), Text(stripped(entry.text)))
    parts: list[RenderableType] = [
        Text(screen.title, style=ACCENT),
        Rule(style="cyan"),
        Padding(Text(screen.status, style="bold"), (1, 0, 0, 0), expand=False),
    ]
    if screen.unanswered:
        parts.append(Padding(listing, (1, 0, 0, 2)))
    if screen.more:
        parts.append(Padding(Text(screen.more, style="dim"), (0, 0, 0, 2), expand=False))
    if screen.caution:
        parts.append(Padding(Text(screen.caution, style="yellow"), (1, 0, 0, 0), expand=False))
    parts += [Text(""), *hint(screen.hint), keys(screen.keys)]
    return Group(*parts)
