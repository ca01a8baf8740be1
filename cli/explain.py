"""`--explain`: every non-blank input line, marked kept (+) or removed (-), with its rule.

Plain form, one line per input line (tab-free, aligned, easy to grep or cut):

    + 12   body               به گزارش خبرنگار ایلنا ...
    - 5    code               کد خبر : ۵۹۴۸۵۶

Coloured with rich when stdout is a terminal (NO_COLOR turns it off).
"""
from __future__ import annotations

from collections.abc import Sequence

from tamiz import Decision


def _row(d: Decision) -> tuple[str, str, str]:
    return ("+" if d.keep else "-", f"{d.line:<4} {d.rule:<18}", d.text)


def render_plain(decisions: Sequence[Decision]) -> str:
    return "".join(f"{mark} {meta} {text}\n" for mark, meta, text in map(_row, decisions))


def render_colour(decisions: Sequence[Decision]) -> str:
    """The same lines with ANSI colours: kept green, removed red with its text dimmed."""
    import io

    from rich.console import Console
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, color_system="standard", width=1 << 20,
                      highlight=False, soft_wrap=True, emoji=False, markup=False)
    for d in decisions:
        mark, meta, text = _row(d)
        if d.keep:
            console.print(Text.assemble((mark, "bold green"), " ", (meta, "green"), " ", text))
        else:
            console.print(Text.assemble((mark, "bold red"), " ", (meta, "yellow"), " ", (text, "dim")))
    return buf.getvalue()
