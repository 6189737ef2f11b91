"""The join address as a QR code: an SVG for the projector, block characters for a terminal."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str) -> str:
    """A QR code of `url` as SVG, dark on white, scaled by the page."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=8, border=2, dark="#1f2933", light="#ffffff", xmldecl=False)
    return out.getvalue().decode("utf-8")


def qr_lines(url: str) -> list[str]:
    """A QR code of `url` in half blocks: two rows of modules per line of text.

    Drawn light on dark as a terminal shows it: a module that is dark in the code is
    a space, so that phone cameras read the terminal's dark background as the code.
    """
    code = segno.make(url, error="m", micro=False)
    rows = [list(row) for row in code.matrix_iter(border=2)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
        line = []
        for upper, lower in zip(top, bottom, strict=True):
            # light modules are drawn (as the paper of a printed code), dark ones left empty
            line.append({(0, 0): "█", (0, 1): "▀", (1, 0): "▄", (1, 1): " "}[(bool(upper), bool(lower))])
        lines.append("".join(line))
    return lines
