"""`tamiz` command: clean pages, list rules. Messages go to stderr, results to stdout."""
from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Strip boilerplate from Persian news pages (text or HTML).")


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class InputFormat(str, Enum):
    auto = "auto"
    text = "text"
    html = "html"


def _fail(message: str, code: int = 2) -> None:
    sys.stderr.write(f"tamiz: {message}\n")
    raise typer.Exit(code)


def _inputs(paths: list[str]) -> list[str]:
    out: list[str] = []
    for p in paths:
        if p == "-" or not os.path.isdir(p):
            out.append(p)
            continue
        found = []
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found += [os.path.join(root, f) for f in files
                      if not f.startswith(".") and f.lower().endswith((".txt", ".html", ".htm"))]
        out += sorted(found)
    return out


@app.command()
def clean(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files, directories, or - for stdin (default: stdin).")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output: text, json, or jsonl (one object per document).")] = Format.text,
    input_format: Annotated[InputFormat, typer.Option("--input-format", help="Input kind; auto sniffs HTML.")] = InputFormat.auto,
    explain: Annotated[bool, typer.Option("--explain", help="Show every input line as kept or removed, with its rule.")] = False,
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", help="Extra rules file (TOML); may be repeated.")] = None,
    normalize: Annotated[bool, typer.Option("--normalize", help="Apply hazm's Normalizer to the output (digits unchanged).")] = False,
) -> None:
    """Print the article of each page: headline, lead and body, without boilerplate."""
    from tamiz import DecodeError, RuleFileError, clean_bytes
    from tamiz.pipeline import _rulebook

    rule_files = tuple(str(r) for r in rules or [])
    try:
        _rulebook(rule_files)
    except RuleFileError as exc:
        _fail(str(exc))
    sources = _inputs(paths or ["-"])
    if not sources:
        _fail("no input files found")
    failed = 0
    for src in sources:
        try:
            data = sys.stdin.buffer.read() if src == "-" else Path(src).read_bytes()
            result = clean_bytes(data, rules=rule_files, normalize=normalize, input_format=input_format.value)
        except (OSError, DecodeError) as exc:
            failed += 1
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            sys.stderr.write(f"tamiz: {src}: {reason}\n")
            continue
        if fmt is Format.text:
            if explain:
                for d in result.decisions:
                    mark = "+" if d.keep else "-"
                    sys.stdout.write(f"{mark} {d.line:>4} {d.rule:<18} {d.text}\n")
            else:
                if len(sources) > 1:
                    sys.stdout.write(f"==> {src} <==\n")
                sys.stdout.write(result.text + "\n")
        else:
            obj = {"source": src, **result.to_dict(decisions=explain)}
            indent = 2 if fmt is Format.json else None
            sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=indent) + "\n")
    raise typer.Exit(1 if failed else 0)


@app.command("rules")
def list_rules(
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", help="Extra rules file (TOML).")] = None,
) -> None:
    """List every rule with its kind and reason."""
    from tamiz import RuleFileError, load_rulebook
    from tamiz.structure import STRUCTURE_RULES

    try:
        book = load_rulebook([str(r) for r in rules or []])
    except RuleFileError as exc:
        _fail(str(exc))
    for r in book.rules:
        sys.stdout.write(f"{r.name:<18} {r.kind:<11} {r.reason}\n")
    for name, (kind, reason) in STRUCTURE_RULES.items():
        sys.stdout.write(f"{name:<18} {kind:<11} {reason}\n")


from .eval_cmd import eval_command; app.command("eval")(eval_command)  # noqa: E402,E702 - tamiz eval


def run() -> None:
    app()


if __name__ == "__main__":
    run()
