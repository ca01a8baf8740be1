"""The text pipeline: text -> lines -> verdicts -> Result. HTML input joins it in `html.py`."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .decoding import decode_bytes
from .sniff import looks_like_html
from .lines import Line, segment
from .metadata import extract
from .result import Decision, Metadata, Removal, Result
from .rulebook import Rulebook, load_rulebook
from .structure import Verdict, label


@lru_cache(maxsize=8)
def _rulebook(files: tuple[str, ...]) -> Rulebook:
    return load_rulebook(list(files))


def clean(text: str, *, rules: Sequence[str | Path] = (), normalize: bool = False) -> Result:
    """Clean one page's text: keep headline, lead and body; say why every other line went."""
    book = _rulebook(tuple(str(p) for p in rules))
    return clean_lines(segment(text), book, normalize=normalize)


def clean_bytes(data: bytes, *, rules: Sequence[str | Path] = (), normalize: bool = False,
                input_format: str = "auto", encoding: str | None = None) -> Result:
    """Decode bytes (UTF-8, UTF-8-BOM, UTF-16, windows-1256, or HTML's declared charset), then clean.

    Raises DecodeError for input that is not text.
    """
    decoded = decode_bytes(data, encoding)
    kind = input_format
    if kind == "auto":
        kind = "html" if looks_like_html(decoded.text) else "text"
    if kind == "html":
        from .html import clean_html
        result = clean_html(data, decoded, rules=rules, normalize=normalize)
    else:
        result = clean(decoded.text, rules=rules, normalize=normalize)
    result.encoding = decoded.encoding
    result.warnings.extend(decoded.warnings)
    return result


def clean_lines(lines: list[Line], book: Rulebook, *, normalize: bool = False,
                metadata: Metadata | None = None, site_names: Sequence[str] = ()) -> Result:
    """Label `lines` and build the Result; `site_names` are names the page gives itself
    elsewhere (HTML's og:site_name), recognised as the site's header lines."""
    verdicts = label(lines, book, site_names)
    meta = extract(lines, verdicts)
    if metadata is not None:
        _merge(meta, metadata)
    kept: list[tuple[Line, Verdict, str]] = []
    removed: list[Removal] = []
    decisions: list[Decision] = []
    for line, v in zip(lines, verdicts):
        decisions.append(Decision(line.no, line.text, v.keep, v.rule, v.reason, v.kept_text))
        if v.keep:
            kept.append((line, v, (v.kept_text if v.kept_text is not None else line.text).strip()))
        else:
            removed.append(Removal(line.no, line.text, v.rule, v.reason))
    out = [t for _, _, t in kept if t]
    if normalize:
        from .normalize import normalize_lines
        out = normalize_lines(out)
    title, overline, lead, paragraphs = _roles(kept, out)
    result = Result(text="\n".join(out), title=title, overline=overline, lead=lead,
                    paragraphs=paragraphs, metadata=meta, removed=removed, decisions=decisions)
    if not out:
        result.article_found = False
        listing = any(v.rule == "no-article" for v in verdicts)
        result.warnings.append(NO_ARTICLE_LISTING if listing else NO_ARTICLE if lines else NO_TEXT)
    return result


NO_ARTICLE_LISTING = "no article found: the page is a list of headlines, teasers and dates"
NO_ARTICLE = "no article found: every line is page chrome"
NO_TEXT = "no article found: the page has no text"


def _roles(kept: list[tuple[Line, Verdict, str]], out: list[str]) -> tuple[str | None, str | None, str | None, list[str]]:
    """Name the headline block: overline, headline, lead; the rest are paragraphs."""
    heads = [i for i, (_, v, _) in enumerate(kept) if v.rule == "title"]
    n_head = len(heads)
    body = out[n_head:]
    overline = title = lead = None
    block = out[:n_head]
    if n_head == 1:
        title = block[0]
    elif n_head == 2:
        if len(block[0]) < len(block[1]) * 0.8 and not kept[1][0].prose:
            overline, title = block
        else:
            title, lead = block
    elif n_head >= 3:
        overline, title, lead = block[0], block[1], " ".join(block[2:])
    if lead is None and body and kept[n_head:] and kept[n_head][0].words <= 60 and len(body) > 1:
        first_line = kept[n_head][0]
        # A one-sentence paragraph before the "به گزارش ..." paragraph is the lead.
        nxt = body[1]
        if nxt.startswith(("به گزارش", "به‌گزارش")) and not first_line.text.lstrip().startswith("به گزارش"):
            lead, body = body[0], body[1:]
    return title, overline, lead, body


def _merge(meta: Metadata, extra: Metadata) -> None:
    for name in Metadata.__slots__:
        mine, theirs = getattr(meta, name), getattr(extra, name)
        if not mine and theirs:
            setattr(meta, name, theirs)
