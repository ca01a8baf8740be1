"""The per-document work: read, clean, render. Runs in pool workers, or in-process for one job.

A worker never raises for a bad document: every outcome is an `Outcome` whose `error` names the
cause in one line, so one bad file cannot stop the batch.
"""
from __future__ import annotations

import json
import signal
from dataclasses import dataclass

from tamiz import DecodeError
from tamiz.corpus import PageTimeout

from .inputs import InputError, read_bytes, too_large
from .outputs import json_name
from .settings import Settings

# What the parent sends for one document: (kind, value, source name). kind is "path" (the
# worker reads the file; value is the path), "named" (a path given on the command line: pipes
# and devices allowed), "bytes" (stdin's content) or "text" (a JSON Lines record's field).
# An optional fourth item names the document's site (its learned template applies).
Payload = tuple


@dataclass(slots=True)
class Outcome:
    body: str = ""                   # rendered output (records: the cleaned text)
    data: dict | None = None         # records with --format json/jsonl or --explain: the Result JSON
    error: str | None = None         # the document failed: why
    skipped: str | None = None       # nothing to clean (empty input): why
    warnings: tuple[str, ...] = ()
    removed: int = 0                 # lines removed
    size: int = 0                    # input bytes


_settings = Settings()


def init(settings: Settings, *, in_pool: bool = True) -> None:
    """Per-process set-up: remember the settings and load the rulebook once."""
    global _settings
    _settings = settings
    if in_pool:
        # Ctrl-C reaches the whole process group; the parent alone handles it, so that workers
        # neither print tracebacks nor die mid-document before the parent cleans up.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler is for the parent
    from tamiz.pipeline import _rulebook
    _rulebook(settings.rules)


def work(chunk: list[Payload]) -> list[Outcome]:
    return [process(p) for p in chunk]


def process(payload: Payload) -> Outcome:
    kind, value, source, *rest = payload
    s = _settings
    template = s.template.get(rest[0], ()) if s.template and rest and rest[0] else ()
    try:
        data: bytes
        if kind == "warc":  # a WARC page: (bytes, "html" | "text", the HTTP charset)
            data, content, charset = value  # type: ignore[misc]
            return _clean(data, source, True, content, charset, template)
        if kind == "text":
            data = str(value).encode("utf-8", "surrogatepass")
            if s.max_bytes and len(data) > s.max_bytes:
                raise InputError(too_large(len(data), s.max_bytes))
        elif isinstance(value, bytes):  # "bytes": stdin, read by the parent
            data = value
        else:
            data = read_bytes(str(value), s.max_bytes, regular_only=(kind == "path"))
        if kind != "text" and not data.strip():
            return Outcome(skipped="empty input" if kind == "bytes" else "empty file", size=len(data))
        if kind != "text" and s.content_format == "auto":
            json_kind = _json_kind(data)
            if json_kind:
                return Outcome(error=json_kind, size=len(data))
        return _clean(data, source, kind == "text", template=template)
    except (InputError, DecodeError) as exc:
        return Outcome(error=str(exc))
    except PageTimeout:
        return Outcome(error=f"timed out after {s.timeout:g} s (see --timeout)")
    except Exception as exc:  # a library bug must not end the batch; the message names it
        return Outcome(error=f"internal error: {type(exc).__name__}: {exc}".split("\n", 1)[0])


def _json_kind(data: bytes) -> str | None:
    """Why a file found among pages is JSON, not a page; None for a page. (A page never parses
    as JSON; cleaning one as text would print its JSON back as the "article".)"""
    head = data.lstrip()[:1]
    if head not in (b"{", b"["):
        return None
    first = data.lstrip().split(b"\n", 1)[0]
    try:
        if isinstance(json.loads(first), dict) and b"\n" in data.strip():
            return "is JSON Lines, not a page: name it on its own, or use --input-format jsonl"
        json.loads(data)
    except ValueError:
        return None
    return "is a JSON document, not a page (tamiz reads JSON Lines: one JSON object per line)"


def _clean(data: bytes, source: str, record: bool, content: str | None = None,
           charset: str | None = None, template: tuple = ()) -> Outcome:
    from tamiz import clean_bytes
    from tamiz.corpus import time_limit

    s = _settings
    # A JSON Lines field is text already (UTF-8 here); a WARC page is bytes with its charset.
    encoding = "utf-8" if record and content is None else None
    with time_limit(s.timeout):
        result = clean_bytes(data, rules=s.rules, normalize=s.normalize,
                             input_format=content or s.content_format, encoding=encoding, charset=charset,
                             template=template, extractor=s.extractor)
    out = Outcome(warnings=tuple(result.warnings), removed=len(result.removed), size=len(data))
    if record and not s.explain_view:
        out.body = result.text
        if s.fmt != "text" or s.explain:
            out.data = result.to_dict(decisions=s.explain)
            # The record around it says where the page came from: "tamiz" has no "source".
            del out.data["source"]
    elif s.fmt != "text" and not record:
        # A file name that is not UTF-8 must not make the JSON invalid UTF-8: U+FFFD stands in.
        obj = result.to_dict(decisions=s.explain, source=json_name(source))
        out.body = json.dumps(obj, ensure_ascii=False, indent=2 if s.fmt == "json" else None)
    elif s.explain_view:
        from .explain import render_colour, render_plain
        out.body = (render_colour if s.colour else render_plain)(result.decisions)
    else:
        out.body = result.text + "\n" if result.text else ""
    return out


def learn_work(chunk: list[Payload]) -> list[tuple[str, tuple[list[str], list[int]]] | None]:
    """The learning pass: for each document, (its site, `tamiz.template.page_keys`), or None
    when it cannot be read (the cleaning pass reports why)."""
    return [_page_keys(p) for p in chunk]


def _page_keys(payload: Payload) -> tuple[str, tuple[list[str], list[int]]] | None:
    from tamiz.template import page_keys, page_lines, site_of

    kind, value, source, *rest = payload
    s = _settings
    hint = rest[0] if rest else None
    try:
        if kind == "warc":
            data, content, charset = value  # type: ignore[misc]
            lines, _ = page_lines(data, input_format=content, charset=charset)
        elif kind == "text":
            lines, _ = page_lines(str(value), input_format="auto")
        else:
            data = value if isinstance(value, bytes) else read_bytes(str(value), s.max_bytes,
                                                                       regular_only=(kind == "path"))
            lines, url = page_lines(data, input_format=s.content_format)
            hint = site_of(url, source, s.site_key)
    except Exception:  # unreadable, not text, or a library bug: the cleaning pass reports it
        return None
    return hint or site_of(None, source, s.site_key), page_keys(lines)
