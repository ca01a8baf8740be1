"""The pipeline: decoded text -> a front-end's lines -> verdicts -> Result.

Text is segmented here; HTML goes through the front-end in `html.py` (visible text blocks,
<head> metadata, trafilatura's reading on demand) and comes back as lines for the same rules.
Data flows one way: html.py never imports this module."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING
from pathlib import Path

from .decoding import decode_bytes, resolve_ncrs
from .sniff import has_markup, looks_like_html
from .lines import Line, as_list_item, segment
from .metadata import extract
from .result import Decision, Metadata, Removal, Result
from .rulebook import RuleFiles, Rulebook, load_rulebook, rule_files
from .folding import headline_keys, is_headline
from .structure import Verdict, label

if TYPE_CHECKING:
    from .template import LearnedLine

INPUT_FORMATS = ("auto", "text", "html")
# How an HTML page is read before the rules: "tamiz", the page's whole visible text (fast: no
# trafilatura; trafilatura only when this finds no article), or "trafilatura", its article
# reading, checked against the visible text (the default of tamiz 0.1).
EXTRACTORS = ("tamiz", "trafilatura")
DEFAULT_EXTRACTOR = "tamiz"
# Fewer words than this from trafilatura means it missed the article.
MIN_EXTRACTED_WORDS = 25
# trafilatura's cleaned article must keep at least this share of the cleaned visible text's words.
FALLBACK_RATIO = 0.5


def _rulebook(files: tuple[str, ...], template: tuple = ()) -> Rulebook:
    """The rulebook of these rule files (and a site's learned template), built once per process.

    Always called through here with both arguments given: lru_cache keys `f(x)` and `f(x, ())`
    apart, and the CLI's up-front check and the cleaning then read the rules twice (17 ms).
    """
    return _cached_rulebook(tuple(files), tuple(template))


@lru_cache(maxsize=32)
def _cached_rulebook(files: tuple[str, ...], template: tuple) -> Rulebook:
    if not template:
        return load_rulebook(list(files))
    from .template import LearnedLine, learned_rules
    if not all(isinstance(line, LearnedLine) for line in template):
        bad = next(line for line in template if not isinstance(line, LearnedLine))
        raise TypeError(f"template takes one site's LearnedLines (profile[site] from "
                        f"tamiz.template.learn), not {type(bad).__name__}")
    return load_rulebook(list(files), learned_rules(template))


def clean(text: str, *, rules: RuleFiles = (), normalize: bool = False, input_format: str = "auto",
          template: Sequence[LearnedLine] = (), extractor: str = DEFAULT_EXTRACTOR) -> Result:
    """Clean one page given as text: keep headline, lead and body; say why every other line went.

    Arguments:
        text: the page, plain text or an HTML document, as `str` (for bytes use `clean_bytes`).
        rules: extra rules files (TOML, the format of README's "Rules"), tried before the
            built-in rules; one path (`str` or `Path`) or a sequence of paths.
        normalize: run hazm's Normalizer on the kept text (digits left as they are); hazm is
            imported only then.
        input_format: "auto" (default) sniffs an HTML page (a doctype, `<html>`, or enough tags
            near the start) and cleans it as HTML; "text" or "html" forces the kind.
        template: one site's learned template lines (`tamiz.template.learn(...)[site]`).
        extractor: how an HTML page is read before the rules: "tamiz" (default; its whole
            visible text, trafilatura only when that finds no article) or "trafilatura" (its
            article reading, checked against the visible text). See `tamiz.pipeline.clean_html`.

    Returns a `Result`: `text` (the kept lines joined with "\\n"), the headline block (`title`,
    `overline`, `lead`), `paragraphs`, `metadata`, and every removed line in `removed` with its
    1-based line number, rule and reason. `input_format` says which path ran; `encoding` is
    None (the text was not decoded here).

    Raises:
        TypeError: `text` is not a `str` (bytes: use `clean_bytes`).
        ValueError: `input_format` is not "auto", "text" or "html", or `extractor` is unknown.
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
    kind, misfit = _kind(input_format, text, extractor)
    if kind == "html":
        # As decode_bytes does for bytes: a reference such as &#8204; (ZWNJ) must be a
        # character before the HTML parser and trafilatura see it.
        result = _clean_html(resolve_ncrs(text), rules, normalize, template, extractor)
    else:
        result = clean_lines(segment(text), _rulebook(rule_files(rules), tuple(template)), normalize=normalize)
    if misfit:
        result.warnings.append(misfit)
    return result


def clean_bytes(data: bytes | bytearray | memoryview, *, rules: RuleFiles = (),
                normalize: bool = False, input_format: str = "auto",
                encoding: str | None = None, charset: str | None = None,
                template: Sequence[LearnedLine] = (), extractor: str = DEFAULT_EXTRACTOR) -> Result:
    """Decode bytes (UTF-8, UTF-8-BOM, UTF-16, windows-1256, or HTML's declared charset), then clean.

    Arguments:
        data: the page's bytes (`bytes`, `bytearray` or `memoryview`; for `str` use `clean`).
        rules, normalize, input_format, template, extractor: as for `clean`.
        encoding: a codec name that overrides detection (e.g. "windows-1256").
        charset: the charset the page was served with (HTTP `Content-Type`), weighed as the
            page's own `<meta charset>` is, before it; bytes that plainly read otherwise win.

    Returns a `Result` as `clean` does, with `encoding` set to the codec used and any decoding
    warning (bytes replaced) in `warnings`. Numeric character references (`&#1711;`) are
    resolved in text and HTML alike.

    Raises:
        TypeError: `data` is not bytes-like (a `str`: use `clean`).
        DecodeError: the input is not text (NUL bytes, binary), or `encoding` is unknown.
        ValueError: `input_format` is not "auto", "text" or "html", or `extractor` is unknown.
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
    kind, misfit = _kind(input_format, decoded.text, extractor)
    if kind == "html":
        result = _clean_html(decoded.text, rules, normalize, template, extractor)
    else:
        result = clean_lines(segment(decoded.text), _rulebook(rule_files(rules), tuple(template)),
                             normalize=normalize)
    result.encoding = decoded.encoding
    result.warnings.extend(decoded.warnings)
    if misfit:
        result.warnings.append(misfit)
    return result


def _kind(input_format: str, text: str, extractor: str = DEFAULT_EXTRACTOR) -> tuple[str, str | None]:
    """("text" or "html", a warning or None): the forced kind, or what the text looks like.

    A forced kind that plainly does not fit gets a warning, since its output is poor in a way
    that is easy to miss: an HTML page read as text keeps its markup as lines, and text with no
    markup read as HTML comes out as one run-together block."""
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {', '.join(INPUT_FORMATS)}, not {input_format!r}")
    if extractor not in EXTRACTORS:
        raise ValueError(f"extractor must be one of {', '.join(EXTRACTORS)}, not {extractor!r}")
    if input_format == "auto":
        return ("html" if looks_like_html(text) else "text"), None
    if input_format == "html" and not has_markup(text):
        return "html", MISFIT_HTML
    if input_format == "text" and looks_like_html(text):
        return "text", MISFIT_TEXT
    return input_format, None


MISFIT_HTML = "read as HTML as asked, but it has no HTML markup: its lines run together (auto would read it as text)"
MISFIT_TEXT = "read as text as asked, but it is an HTML page: its markup stays in the output (auto would read it as HTML)"


def _clean_html(text: str, rules: RuleFiles, normalize: bool, template: Sequence[LearnedLine] = (),
                extractor: str = DEFAULT_EXTRACTOR) -> Result:
    return clean_html(text, book=_rulebook(rule_files(rules), tuple(template)), normalize=normalize,
                      extractor=extractor)


def clean_html(text: str, *, book: Rulebook, normalize: bool = False,
               extractor: str = DEFAULT_EXTRACTOR) -> Result:
    """Clean one HTML page (`str`, character references resolved) with the rulebook `book`.

    extractor "tamiz": the rules read the page's whole visible text, menus and all, as they
    read a text-browser dump; the markup adds the headline (<h1>, og:title) and the site's
    name (og:site_name). Only when that finds no article is trafilatura asked for its reading.
    extractor "trafilatura": trafilatura's article (headline block put back) goes through the
    rules, and the visible text is the check: when trafilatura's cleaned article keeps under
    FALLBACK_RATIO of the visible text's cleaned words, it missed part of the article and the
    visible text's reading wins. `Result.extractor` says which reading gave the text.

    Metadata: what the rules find in the text read, then in the whole page's (news code, Jalali
    date, editor; not the agency, as a page's menus name other agencies), then <head>'s.
    Raises ValueError for an unknown `extractor`.
    """
    if extractor not in EXTRACTORS:
        raise ValueError(f"extractor must be one of {', '.join(EXTRACTORS)}, not {extractor!r}")
    from .html import Page  # lazily: the text path must not pay for lxml

    page = Page.parse(text)
    names = (page.metadata.sitename,) if page.metadata.sitename else ()
    headlines = page.headlines

    def run(lines: list[str], items: Sequence[bool] = (), furniture: Sequence[bool] = ()) -> Result:
        segmented = segment("\n".join(lines))
        for line in segmented:
            if line.no <= len(items) and items[line.no - 1]:
                as_list_item(line)     # an <li>, as a text-browser dump shows it: bulleted
        marked = [k for k, line in enumerate(segmented) if line.no <= len(furniture) and furniture[line.no - 1]]
        return clean_lines(segmented, book, normalize=normalize, site_names=names, headlines=headlines,
                           furniture=marked)

    visible = run(page.blocks, page.items, page.furniture)
    if visible.article_found and visible.title is None and (title := page.unshown_title()):
        # No <h1> and the headline nowhere in the text: <title> is the only place the page
        # states it, so it goes above the article's first line (the rules judge it there).
        first = next(d.line for d in visible.decisions if d.keep)
        visible = run(page.blocks[:first - 1] + [title] + page.blocks[first - 1:],
                      page.items[:first - 1] + [False] + page.items[first - 1:],
                      page.furniture[:first - 1] + [False] + page.furniture[first - 1:])
    result, used = visible, "tamiz"
    if extractor == "trafilatura" or (not visible.article_found and page.blocks):
        article = page.trafilatura_article(book)
        if article and _words(article) >= MIN_EXTRACTED_WORDS:
            theirs = run(article)
            if extractor == "trafilatura":
                better = _words(theirs.kept_lines) >= FALLBACK_RATIO * _words(visible.kept_lines)
            else:
                better = theirs.article_found
            if better:
                result, used = theirs, "trafilatura"
                _merge(result.metadata, visible.metadata, skip=("agency",))
    _merge(result.metadata, page.metadata)
    # The publisher is the site that states itself in <head> (og:site_name, its URL's host):
    # lines of the whole page name other agencies too (its menus link to ایرنا, مهر, ...).
    from .metadata import agency_of_site
    result.metadata.agency = agency_of_site(page.metadata.sitename, page.metadata.url) or result.metadata.agency
    result.input_format = "html"
    result.extractor = used
    return result


def _words(lines: Sequence[str]) -> int:
    return sum(len(line.split()) for line in lines)


def clean_lines(lines: list[Line], book: Rulebook, *, normalize: bool = False,
                site_names: Sequence[str] = (), headlines: Sequence[str] = (),
                furniture: Sequence[int] = ()) -> Result:
    """Label `lines` and build the Result; `site_names` are names the page gives itself
    elsewhere (HTML's og:site_name), recognised as the site's header lines; `headlines`, what
    its markup says the headline is (<h1>, og:title); `furniture`, the indices of lines its
    markup puts in <nav>, <aside> or <footer>."""
    verdicts = label(lines, book, site_names, headlines, furniture)
    meta = extract(lines, verdicts)
    pairs = list(zip(lines, verdicts))
    decisions = [Decision(line.no, line.text, v.keep, v.rule, v.reason, v.kept_text) for line, v in pairs]
    removed = [Removal(line.no, line.text, v.rule, v.reason) for line, v in pairs if not v.keep]
    kept = [(line, v, (v.kept_text if v.kept_text is not None else line.text).strip())
            for line, v in pairs if v.keep]
    out = [t for _, _, t in kept if t]
    if normalize:
        from .normalize import normalize_lines
        out = normalize_lines(out)
    title, overline, lead, paragraphs = _roles(kept, out, headlines)
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


def _roles(kept: list[tuple[Line, Verdict, str]], out: list[str],
           headlines: Sequence[str] = ()) -> tuple[str | None, str | None, str | None, list[str]]:
    """Name the headline block: overline, headline, lead; the rest are paragraphs. Where the
    markup names the headline (`headlines`, HTML's <h1>, og:title), the block's line that is it
    is the headline, what stands above it the overline and the line under it the lead."""
    heads = [i for i, (_, v, _) in enumerate(kept) if v.rule == "title"]
    n_head = len(heads)
    body = out[n_head:]
    overline = title = lead = None
    block = out[:n_head]
    keys = headline_keys(headlines)
    marked = next((k for k in range(n_head) if is_headline(kept[k][0].key, keys)), None) if keys else None
    if marked is not None:
        title = block[marked]
        overline = " ".join(block[:marked]) or None
        lead = block[marked + 1] if marked + 1 < n_head else None
        body = block[marked + 2:] + body      # more lines than a lead: the article has begun
    elif n_head == 1:
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


def _merge(meta: Metadata, other: Metadata, *, skip: Sequence[str] = ()) -> None:
    """Fill `meta`'s empty fields from `other`; a date and its ISO form travel as a pair."""
    for name in Metadata.__slots__:
        if name == "date_iso" or name in skip:
            continue
        if name == "date":
            if not meta.date and other.date:
                meta.date, meta.date_iso = other.date, other.date_iso
            continue
        if not getattr(meta, name) and (value := getattr(other, name)):
            setattr(meta, name, value)
