"""The text pipeline: text -> lines -> verdicts -> Result. HTML input joins it in `html.py`."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING
from pathlib import Path

from .decoding import decode_bytes, resolve_ncrs
from .sniff import has_markup, looks_like_html
from .lines import Line, segment
from .metadata import extract
from .result import Decision, Metadata, Removal, Result
from .rulebook import RuleFiles, Rulebook, load_rulebook, rule_files
from .structure import Verdict, label

if TYPE_CHECKING:
    from .template import LearnedLine

INPUT_FORMATS = ("auto", "text", "html")


@lru_cache(maxsize=32)
def _rulebook(files: tuple[str, ...], template: tuple = ()) -> Rulebook:
    if not template:
        return load_rulebook(list(files))
    from .template import LearnedLine, learned_rules
    if not all(isinstance(line, LearnedLine) for line in template):
        bad = next(line for line in template if not isinstance(line, LearnedLine))
        raise TypeError(f"template takes one site's LearnedLines (profile[site] from "
                        f"tamiz.template.learn), not {type(bad).__name__}")
    return load_rulebook(list(files), learned_rules(template))


def clean(text: str, *, rules: RuleFiles = (), normalize: bool = False, input_format: str = "auto",
          template: Sequence[LearnedLine] = ()) -> Result:
    """Clean one page given as text: keep headline, lead and body; say why every other line went.

    Arguments:
        text: the page, plain text or an HTML document, as `str` (for bytes use `clean_bytes`).
        rules: extra rules files (TOML, the format of README's "Rules"), tried before the
            built-in rules; one path (`str` or `Path`) or a sequence of paths.
        normalize: run hazm's Normalizer on the kept text (digits left as they are); hazm is
            imported only then.
        input_format: "auto" (default) sniffs an HTML page (a doctype, `<html>`, or enough tags
            near the start) and cleans it as HTML; "text" or "html" forces the kind.

    Returns a `Result`: `text` (the kept lines joined with "\\n"), the headline block (`title`,
    `overline`, `lead`), `paragraphs`, `metadata`, and every removed line in `removed` with its
    1-based line number, rule and reason. `input_format` says which path ran; `encoding` is
    None (the text was not decoded here).

    Raises:
        TypeError: `text` is not a `str` (bytes: use `clean_bytes`).
        ValueError: `input_format` is not "auto", "text" or "html".
        RuleFileError: a rules file is missing, unreadable or invalid; the message names it.

    >>> from tamiz import clean
    >>> page = ("<html><body><nav>صفحه اصلی</nav><h1>بارش باران در تهران</h1>"
    ...         "<p>به گزارش خبرنگار ما، بارش باران از صبح امروز در بیشتر مناطق تهران آغاز شد "
    ...         "و تا فردا ادامه دارد.</p></body></html>")
    >>> result = clean(page)
    >>> result.input_format, result.title
    ('html', 'بارش باران در تهران')
    >>> [(r.line, r.rule, r.text) for r in result.removed]
    [(1, 'navigation', 'صفحه اصلی')]
    """
    if not isinstance(text, str):
        if isinstance(text, (bytes, bytearray, memoryview)):
            raise TypeError("clean() takes str; for bytes use clean_bytes()")
        raise TypeError(f"clean() takes str, not {type(text).__name__}")
    if isinstance(template, dict):
        raise TypeError("template takes one site's LearnedLines: profile[site], not the whole profile")
    kind, misfit = _kind(input_format, text)
    if kind == "html":
        # As decode_bytes does for bytes: a reference such as &#8204; (ZWNJ) must be a
        # character before the HTML parser and trafilatura see it.
        result = _clean_html(resolve_ncrs(text), rules, normalize, template)
    else:
        result = clean_lines(segment(text), _rulebook(rule_files(rules), tuple(template)), normalize=normalize)
    if misfit:
        result.warnings.append(misfit)
    return result


def clean_bytes(data: bytes | bytearray | memoryview, *, rules: RuleFiles = (),
                normalize: bool = False, input_format: str = "auto",
                encoding: str | None = None, charset: str | None = None,
                template: Sequence[LearnedLine] = ()) -> Result:
    """Decode bytes (UTF-8, UTF-8-BOM, UTF-16, windows-1256, or HTML's declared charset), then clean.

    Arguments:
        data: the page's bytes (`bytes`, `bytearray` or `memoryview`; for `str` use `clean`).
        rules, normalize, input_format: as for `clean`.
        encoding: a codec name that overrides detection (e.g. "windows-1256").
        charset: the charset the page was served with (HTTP `Content-Type`), weighed as the
            page's own `<meta charset>` is, before it; bytes that plainly read otherwise win.

    Returns a `Result` as `clean` does, with `encoding` set to the codec used and any decoding
    warning (bytes replaced) in `warnings`. Numeric character references (`&#1711;`) are
    resolved in text and HTML alike.

    Raises:
        TypeError: `data` is not bytes-like (a `str`: use `clean`).
        DecodeError: the input is not text (NUL bytes, binary), or `encoding` is unknown.
        ValueError: `input_format` is not "auto", "text" or "html".
        RuleFileError: a rules file is missing, unreadable or invalid; the message names it.

    >>> from tamiz import clean_bytes
    >>> page = "\\n".join(["کد خبر: ۱۲۳", "بارش باران در تهران",
    ...     "به گزارش خبرنگار ما، بارش باران از صبح امروز در تهران آغاز شد و تا فردا ادامه دارد."])
    >>> result = clean_bytes(page.encode("utf-16"))
    >>> result.encoding, result.input_format, result.title, result.metadata.news_code_ascii
    ('utf-16', 'text', 'بارش باران در تهران', '123')
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        if isinstance(data, str):
            raise TypeError("clean_bytes() takes bytes; for str use clean()")
        raise TypeError(f"clean_bytes() takes bytes, not {type(data).__name__}")
    decoded = decode_bytes(bytes(data), encoding, declared=charset)
    kind, misfit = _kind(input_format, decoded.text)
    if kind == "html":
        result = _clean_html(decoded.text, rules, normalize, template)
    else:
        result = clean_lines(segment(decoded.text), _rulebook(rule_files(rules), tuple(template)),
                             normalize=normalize)
    result.encoding = decoded.encoding
    result.warnings.extend(decoded.warnings)
    if misfit:
        result.warnings.append(misfit)
    return result


def _kind(input_format: str, text: str) -> tuple[str, str | None]:
    """("text" or "html", a warning or None): the forced kind, or what the text looks like.

    A forced kind that plainly does not fit gets a warning, since its output is poor in a way
    that is easy to miss: an HTML page read as text keeps its markup as lines, and text with no
    markup read as HTML comes out as one run-together block."""
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {', '.join(INPUT_FORMATS)}, not {input_format!r}")
    if input_format == "auto":
        return ("html" if looks_like_html(text) else "text"), None
    if input_format == "html" and not has_markup(text):
        return "html", MISFIT_HTML
    if input_format == "text" and looks_like_html(text):
        return "text", MISFIT_TEXT
    return input_format, None


MISFIT_HTML = "read as HTML as asked, but it has no HTML markup: its lines run together (auto would read it as text)"
MISFIT_TEXT = "read as text as asked, but it is an HTML page: its markup stays in the output (auto would read it as HTML)"


def _clean_html(text: str, rules: RuleFiles, normalize: bool, template: Sequence[LearnedLine] = ()) -> Result:
    from .html import clean_html  # lazily: the text path must not pay for lxml and trafilatura
    return clean_html(text, book=_rulebook(rule_files(rules), tuple(template)), normalize=normalize)


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
