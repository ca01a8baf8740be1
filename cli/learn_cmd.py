"""`tamiz learn PATH... -o site-rules.toml`: each site's template, learned from a batch, as a
rules file to review, edit, version and apply to single pages later with `--rules`."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

EPILOG = """\b
Examples:
  tamiz learn pages/ -o site-rules.toml              learn from a folder of one site's pages
  tamiz learn crawl.warc.gz -o site-rules.toml       from a crawl, each host on its own
  tamiz clean --rules site-rules.toml one-page.html  apply it to a single page"""


def learn_command(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH", help="Files, folders, JSON Lines or WARC files of many pages.", show_default=False)],
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE", help="The rules file to write (TOML); - for stdout.", show_default=False)],
    site_key: Annotated[str, typer.Option(
        "--site-key", metavar="auto|host|folder|none",
        help="How pages are grouped into sites (as for clean --learn).")] = "auto",
    globs: Annotated[Optional[list[str]], typer.Option(
        "--glob", metavar="PATTERN", help="File names to take from folders; may be repeated.",
        show_default=False)] = None,
    field: Annotated[Optional[str], typer.Option(
        "--field", metavar="NAME", help="JSON Lines input: the field holding each page.", show_default=False)] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", metavar="N", help="Worker processes; 0: one per core.")] = 0,
) -> None:
    """Learn each site's template (the lines it repeats on its pages) and write it as rules."""
    from .batch import NoInput, learn_profile
    from .main import InputFormat, _cores, _fail, _sniff_records
    from .settings import JSONL_GLOBS, TEXT_GLOBS, WARC_GLOBS, Settings

    if str(output) != "-" and output.is_dir():
        _fail(f"-o {output}: is a folder; name the rules file to write")
    missing = [p for p in paths if p != "-" and not os.path.exists(p)]
    for p in missing:
        sys.stderr.write(f"tamiz: {p}: no such file or directory\n")
    paths = [p for p in paths if p not in missing]
    if not paths:
        raise typer.Exit(1)
    if site_key not in ("auto", "host", "folder", "none"):
        _fail(f"--site-key must be auto, host, folder or none, not {site_key!r}")
    if jobs < 0:
        _fail("--jobs must be 0 or more")
    fmt = _sniff_records(paths, field is not None, tuple(globs or ()))
    glob_default = {InputFormat.jsonl: JSONL_GLOBS, InputFormat.warc: WARC_GLOBS}.get(fmt, TEXT_GLOBS)
    s = Settings(input_format=fmt.value, field=field or "text", globs=tuple(globs) if globs else glob_default,
                 jobs=jobs or _cores(), learn=True, site_key=site_key)
    try:
        profile, pages = learn_profile(paths, s)
    except NoInput as exc:
        _fail(str(exc))
    from tamiz.template import to_toml

    text = to_toml(profile, sources=" ".join(paths))
    lines = sum(len(v) for v in profile.values())
    said = (f"{lines} template line{'s' if lines != 1 else ''} of {len(profile)} "
            f"site{'s' if len(profile) != 1 else ''}, from {pages} page{'s' if pages != 1 else ''}")
    if not lines:
        said += (" (a site needs a line on 3 pages and half of them; pages grouped by folder, "
                 "5 pages and 80 %)")
    if str(output) == "-":
        sys.stdout.write(text)
        sys.stderr.write(f"tamiz: {said}\n")
        raise typer.Exit(1 if missing else 0)
    tmp = output.with_name(f".{output.name}.tamiz-{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _fail(f"{output}: cannot write: {exc.strerror or exc}", 1)
    sys.stderr.write(f"tamiz: {output}: {said}\n")
    if missing:
        raise typer.Exit(1)
