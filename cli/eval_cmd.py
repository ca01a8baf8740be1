"""`tamiz eval CORPUS`: score tamiz against a gold corpus (raw/ + gold/).

Only Typer is imported at start-up (the CLI imports this module for every command); the
scorer and rich load when the command runs.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from tamiz.evaluate import Report


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


class EvalExtractor(str, Enum):
    tamiz = "tamiz"
    trafilatura = "trafilatura"


class EvalInput(str, Enum):
    auto = "auto"
    text = "text"
    html = "html"


def _non_negative(value: int) -> int:
    if value < 0:
        raise typer.BadParameter("must be 0 or more")
    return value


EPILOG = """\b
Examples:
  tamiz eval ../shared/corpus/dev/text           a table: P, R, F1, leaks, worst pages
  tamiz eval corpus/ --worst 20                  the 20 worst pages
  tamiz eval corpus/ -f json > report.json       the same as JSON
  tamiz eval html/ --extractor trafilatura       HTML read by trafilatura instead"""


def eval_command(
    corpus: Annotated[Path, typer.Argument(
        metavar="CORPUS", help="Folder with raw/<id>.txt|.html and gold/<id>.txt.", show_default=False)],
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="Output: a table, or json.")] = EvalFormat.table,
    worst: Annotated[int, typer.Option("--worst", metavar="N", callback=_non_negative,
                                       help="How many of the worst documents to show.")] = 5,
    rules: Annotated[Optional[list[Path]], typer.Option(
        "--rules", metavar="FILE", help="Extra rules file (TOML); may be repeated.", show_default=False)] = None,
    input_format: Annotated[EvalInput, typer.Option("--input-format", help="Input kind; auto sniffs HTML.")] = EvalInput.auto,
    extractor: Annotated[EvalExtractor, typer.Option(
        "--extractor", help="How HTML is read before the rules (see clean -h): tamiz or trafilatura.")] = EvalExtractor.tamiz,
) -> None:
    """Token precision, recall and F1 against gold, leaks, exact documents, and the worst ones."""
    from tamiz import RuleFileError
    from tamiz.evaluate import CorpusError, evaluate

    try:
        report = evaluate(corpus, rules=[str(r) for r in rules or []], input_format=input_format.value,
                          extractor=extractor.value)
    except (CorpusError, RuleFileError) as exc:
        sys.stderr.write(f"tamiz: {exc}\n")
        raise typer.Exit(2)
    if fmt is EvalFormat.json:
        import json
        sys.stdout.write(json.dumps(report.to_dict(worst=worst), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_table(report, worst)
    if report.errors:
        sys.stderr.write(f"tamiz: {report.errors} page(s) could not be cleaned; they count as empty output\n")


def _print_table(report: Report, worst: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = max(console.width, 110)   # piped: room for the worst-documents table
    summary = Table(title=f"tamiz eval: {report.corpus}", title_justify="left")
    summary.add_column("metric")
    summary.add_column("micro", justify="right")
    summary.add_column("macro (per doc)", justify="right")
    for name, micro, macro in (("precision", report.precision, report.macro_precision),
                               ("recall", report.recall, report.macro_recall),
                               ("F1", report.f1, report.macro_f1)):
        summary.add_row(name, f"{micro:.4f}", f"{macro:.4f}")
    summary.add_row("documents", str(len(report.docs)), "")
    summary.add_row("exact documents", f"{report.exact_docs} ({report.exact:.1%})", "")
    summary.add_row("leak documents", str(len(report.leak_docs)), "")
    if report.errors:
        summary.add_row("errors", str(report.errors), "")
    summary.add_row("seconds", f"{report.seconds:.2f}", "")
    console.print(summary)
    if report.leak_docs:
        leaks = Table(title="leak documents (boilerplate kept that the gold lacks)", title_justify="left")
        leaks.add_column("doc")
        leaks.add_column("markers kept")
        for d in report.leak_docs:
            leaks.add_row(d.id, ", ".join(d.leaked))
        console.print(leaks)
    docs = report.worst(worst)
    if not docs:
        return
    table = Table(title=f"worst {len(docs)} documents", title_justify="left", show_lines=True)
    for col, just in (("doc", "left"), ("F1", "right"), ("P", "right"), ("R", "right"),
                      ("wrongly kept", "left"), ("wrongly dropped", "left")):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for d in docs:
        table.add_row(d.id + (f"\n{d.error}" if d.error else ""), f"{d.f1:.3f}", f"{d.precision:.3f}",
                      f"{d.recall:.3f}", _lines(d.kept_wrong, d.fp), _lines(d.dropped_wrong, d.fn))
    console.print(table)


def _lines(lines: list[str], tokens: int, show: int = 4, width: int = 70) -> str:
    """The first few lines, shortened, with the token count they cost."""
    if not lines:
        return "-"
    out = [f"{len(lines)} line(s), {tokens} token(s)"]
    for line in lines[:show]:
        out.append("• " + (line if len(line) <= width else line[:width - 1] + "…"))
    if len(lines) > show:
        out.append(f"… {len(lines) - show} more")
    return "\n".join(out)
