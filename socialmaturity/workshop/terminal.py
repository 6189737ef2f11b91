"""The facilitator's screen in the terminal, drawn with rich: the question, the counts,
after the reveal the spread, and the keys. On a terminal it is redrawn as votes come
in; otherwise (a script, a test) it is written as a transcript after every key."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..environment import Environment
from ..safetext import stripped, visible
from .core import Workshop
from .messages import m
from .qr import qr_lines

ACCENT = "bold cyan"


@dataclass(frozen=True)
class Facilitator:
    workshop: Workshop
    join_url: str
    projector_url: str
    address: str
    code: str
    saved_to: str
    show_join: bool
    note_next: bool
    hint: str | None
    problem: str | None


class Screen:
    def __init__(self, env: Environment, tty: bool) -> None:
        self.env = env
        self.tty = tty
        self.console = Console(
            file=env.stdout,
            force_terminal=tty,
            no_color=not tty or not env.colour,
            highlight=False,
            emoji=False,
            markup=False,
            width=None if tty else 100,
        )

    def show(self, shown: Facilitator) -> None:
        body = render(shown)
        joining = join_lines(shown, qr=self.tty) if shown.show_join else []
        if self.tty:
            self.console.clear()
            for line in joining:
                self.console.print(line, soft_wrap=True)
            self.console.print(body)
            return
        with self.console.capture() as captured:
            for line in joining:
                self.console.print(line, soft_wrap=True)
            self.console.print(body)
        lines = [line.rstrip() for line in captured.get().splitlines()]
        self.env.stdout.write("\n" + "\n".join(lines) + "\n")
        self.env.stdout.flush()

    def say(self, message: str) -> None:
        self.env.stderr.write(visible(message) + "\n")
        self.env.stderr.flush()


def join_lines(shown: Facilitator, *, qr: bool) -> list[Text]:
    """How to join, with the addresses whole: they are copied, clicked or scanned."""
    language = shown.workshop.language
    lines = [Text(m("terminal.title", language, organisation=stripped(shown.workshop.organisation)), style=ACCENT)]
    if qr:
        lines.append(Text("\n".join(qr_lines(shown.join_url))))
    lines += [
        Text(m("terminal.join", language, url=shown.join_url), style="bold"),
        Text(m("terminal.code", language, address=shown.address, code=f"{shown.code[:3]} {shown.code[3:]}")),
        Text(m("terminal.projector", language, url=shown.projector_url)),
    ]
    return lines


def render(shown: Facilitator) -> RenderableType:
    workshop = shown.workshop
    language = workshop.language

    def t(key: str, **values: object) -> str:
        return m(key, language, **values)

    parts: list[RenderableType] = []
    if shown.show_join:
        parts.append(Rule(style="cyan"))
    view = workshop.question_view(revealed_names=not workshop.room.anonymous)
    joined = len(workshop.room.tokens)
    if view is None:
        parts.append(
            Text(t("terminal.end", answered=len(workshop.answers), total=workshop.total), style="bold")
        )
        parts.append(Text(t("terminal.counts", joined=t("terminal.joined", count=joined), voted=t("terminal.voted", count=0)), style="dim"))
    else:
        header = Table.grid(expand=True)
        header.add_column(ratio=1)
        header.add_column(justify="right")
        where = t("question.of", number=view.number, total=view.total)
        if view.round > 1:
            where += " · " + t("question.round", round=view.round)
        header.add_row(Text(stripped(view.phase) + "  " + stripped(view.dimension), style="cyan"), Text(where, style="bold"))
        parts += [header, Padding(Text(stripped(view.text), style="bold"), (0, 0, 0, 1))]
        options = Table.grid(padding=(0, 1))
        options.add_column(justify="right", style=ACCENT)
        options.add_column(ratio=1)
        if view.revealed:
            options.add_column(no_wrap=True)
        apart = False
        for option in view.options:
            if not option.on_scale and not apart:
                apart = True
                options.add_row("", Text(t("question.outside-scale"), style="dim italic"), *([""] if view.revealed else []))
            style = "bold green" if option.agreed else "bold" if option.proposed else ""
            mark = "▶" if option.agreed else "»" if option.proposed else " "
            cells: list[RenderableType] = [f"{mark}{option.number}", Text(stripped(option.label), style=style)]
            if view.revealed:
                bar = Text(f"{option.votes:>2} ", style="bold magenta")
                bar.append("■" * option.votes, style="magenta")
                if option.voters:
                    bar.append("  " + stripped(", ".join(option.voters)), style="dim")
                cells.append(bar)
            options.add_row(*cells)
        parts.append(options)
        counts = t("terminal.counts", joined=t("terminal.joined", count=joined), voted=t("terminal.voted", count=view.voted))
        if view.revealed:
            style = "bold red" if view.disagreement else "green"
            parts.append(Text(("⚠ " if view.disagreement else "") + (view.verdict or ""), style=style))
            parts.append(Text(view.proposal or "", style="bold"))
            parts.append(Text(counts, style="dim"))
        else:
            parts.append(Text(counts + " · " + t("terminal.hidden"), style="bold magenta"))
        note = workshop.notes.get(view.question_id)
        if note:
            shown_note = note if len(note) <= 200 else note[:199] + "…"
            parts.append(Text(t("terminal.note", note=stripped(shown_note).replace("\n", " / ")), style="italic"))
    if workshop.room.paused:
        parts.append(Text(t("terminal.paused"), style="yellow"))
    if shown.problem:
        parts.append(Text("» " + stripped(shown.problem), style="bold red"))
    if shown.hint:
        parts.append(Text("» " + stripped(shown.hint), style="bold yellow"))
    if shown.note_next:
        parts.append(Text(t("terminal.note-prompt"), style="bold"))
    else:
        parts.append(keys(shown))
    if not shown.show_join:
        parts.append(
            Text(
                t("terminal.code", address=shown.address, code=f"{shown.code[:3]} {shown.code[3:]}")
                + " · j · "
                + t("terminal.saved-to", file=stripped(shown.saved_to)),
                style="dim",
            )
        )
    return Group(*parts)


def keys(shown: Facilitator) -> Text:
    workshop = shown.workshop
    language = workshop.language

    def t(key: str, **values: object) -> str:
        return m(key, language, **values)

    pairs: list[tuple[str, str]] = []
    view = workshop.question_view(revealed_names=False)
    if view is not None:
        if not view.revealed:
            pairs.append((t("key.enter") + "/r", t("key.reveal")))
        else:
            if view.proposed is not None:
                pairs.append((t("key.enter"), t("key.agree", number=view.proposed)))
            pairs.append((f"1–{len(view.options)}", t("key.agree-other")))
            pairs.append(("o", t("key.reopen")))
        pairs += [("n", t("key.note")), ("s", t("key.skip"))]
    pairs += [("b", t("key.back")), ("g N", t("key.go"))]
    pairs.append(("p", t("key.resume-joining") if workshop.room.paused else t("key.pause")))
    pairs += [("j", t("key.join-info")), ("q", t("key.quit"))]
    line = Text()
    for i, (key, label) in enumerate(pairs):
        if i:
            line.append("   ")
        line.append(key, style=ACCENT)
        line.append(" " + label)
    return line
