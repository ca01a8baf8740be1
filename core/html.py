"""The HTML front-end: parse a page, prune what no reader sees, and hand the pipeline lines.

`Page.parse(text)` gives the page's visible text blocks in reading order (`blocks`: one line per
block element or <br>), what its markup says of itself (`metadata` from <head>, `headings` from
<h1>), and on demand trafilatura's reading of the article (`trafilatura_article`). Nothing here
labels lines or builds a Result: `pipeline.clean_html` runs the rules on these lines.

lxml and trafilatura are imported inside the functions: the text path must not pay for them,
and a page read by tamiz's own path never imports trafilatura.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .folding import fold, is_headline
from .result import Metadata, Result
from .sniff import looks_like_html  # noqa: F401 - part of this module's API

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from .rulebook import Rulebook

# trafilatura drops U+200C (ZWNJ) as "non-printable", which splits Persian words; a printable
# stand-in that pages never hold carries it through (a Cyrillic letter, so words stay words).
_ZWNJ_STANDIN = "\ua66e"
# trafilatura turns <br> into a space; Persian sites often break paragraphs with <br>, so a
# stand-in carries the break through and the lines are split on it afterwards.
_BR_STANDIN = "\ua66d"

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
              "input", "button", "select", "textarea", "option", "map", "audio", "video")
_HIDDEN_CLASSES = frozenset({"hidden", "hide", "d-none", "sr-only", "visually-hidden", "invisible",
                             "screen-reader-text", "display-none"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section "
    "summary table tbody thead tfoot tr td th caption ul br title".split())

# How far above the extracted body the headline may stand, in visible blocks.
_HEAD_WINDOW = 12


class Block(NamedTuple):
    text: str
    linked: bool      # all (or nearly all) of its text is link text: a menu item, a headline list
    item: bool = False  # inside a list item (<li>): a text browser shows it with a bullet
    furniture: bool = False  # inside <nav>, <aside> or <footer>: the page says it is not the article


class Page:
    """A parsed, pruned page and its visible text blocks (one per block element)."""

    def __init__(self, tree: HtmlElement | None, source: str | None = None) -> None:
        self.tree = tree
        self.source = source      # the document, parsed again for trafilatura when it is asked
        # What <head> states (title with the site name stripped, og:site_name, URL, date...).
        self.metadata = head_metadata(tree) if tree is not None else Metadata()
        found = visible_blocks(tree) if tree is not None else []
        self.blocks = [_restore(b.text) for b in found]
        self.linked = [b.linked for b in found]
        self.items = [b.item for b in found]
        self.furniture = [b.furniture for b in found]
        # The page's <h1> texts: headline candidates besides the metadata title.
        self.headings = [" ".join(_restore(_text_of(h)).replace(_BR_STANDIN, " ").split())
                         for h in tree.iter("h1")][:3] if tree is not None else []

    @classmethod
    def parse(cls, text: str) -> Page:
        """Parse an HTML document (`str`, references already resolved); a page that does not
        parse gives no blocks and empty metadata."""
        return cls(parse(text), text)

    @property
    def headlines(self) -> list[str]:
        """What the markup says the headline is: <head>'s title (og:title or <title>, the site's
        name stripped), then the <h1> texts."""
        return [t for t in (self.metadata.title, *self.headings) if t]

    def unshown_title(self) -> str | None:
        """<head>'s title (site name stripped) when the page has no <h1> and no block shows it:
        a headline of 3+ words the page states nowhere else; None otherwise."""
        title = self.metadata.title
        if not title or self.headings or len(title.split()) < 3:
            return None
        key = fold(title)
        return None if any(fold(b) == key for b in self.blocks) else title

    def extract(self) -> list[str] | None:
        """trafilatura's reading of the page as lines (it takes an lxml.html tree of its own)."""
        if self.tree is None or self.source is None:
            return None
        tree = parse(self.source, for_trafilatura=True)
        found = extract(tree) if tree is not None else None
        return self.unglue(found) if found is not None else None

    def trafilatura_article(self, book: Rulebook | None = None) -> list[str] | None:
        """trafilatura's article as lines, with the headline block it leaves out put back
        above it (`with_headline`); None when trafilatura finds nothing. `book` moves the
        metadata lines inside the headline block first (see `with_headline`)."""
        found = self.extract()
        if found is None:
            return None
        return self.with_headline(found, self.metadata.title, book)

    def unglue(self, lines: list[str]) -> list[str]:
        """Split a line trafilatura glued together from several blocks (a photo report whose
        article holds no <p>: captions, counters and tags in one line) back at the page's own
        block boundaries, when those blocks make up the whole line."""
        blocks = [(_plain(b), b) for b in self.blocks if b.strip()]
        out: list[str] = []
        for line in lines:
            flat = _plain(line)
            parts = _blocks_in(flat, blocks) if len(flat) > 300 else None
            out.extend(parts or [line])
        return out

    def with_headline(self, body: list[str], title: str | None, book: Rulebook | None = None) -> list[str]:
        """Prepend the headline block (overline, headline, lead) that trafilatura left out.

        The blocks between the visible headline and the body's first paragraph are taken as
        the page shows them; the Persian rules then drop the metadata lines among them. Those
        go first: a date line between headline and lead must not cut the lead off the headline
        (in HTML the headline is known, so the order of the lines around it carries nothing).
        """
        if not body or not (title or self.headings):
            return body
        found = self._anchor(body)
        if found is None:
            return body
        anchor, first = found
        titles = {fold(t) for t in [title, *self.headings] if t and len(t.split()) >= 2}
        title_at = next((i for i in range(first - 1, max(-1, first - 1 - _HEAD_WINDOW), -1)
                         if is_headline(fold(self.blocks[i]), titles)), None)
        if title_at is None:
            if not title:
                return body
            # A headline far above the body (a long metadata block between): take it alone.
            tkey = fold(title)
            far = next((i for i in range(first - 1, -1, -1) if fold(self.blocks[i]) == tkey), None)
            if any(fold(l) == tkey for l in body[:anchor]):
                return body
            if far is None:
                # No <h1> and the headline nowhere on the page: the <title> (site name
                # stripped) is the only place the page states it.
                return [title] + body if not self.headings and len(title.split()) >= 3 else body
            return [self.blocks[far]] + body
        start = title_at
        if title_at > 0 and not self.linked[title_at - 1] and _overline_like(self.blocks[title_at - 1]):
            start -= 1
        head = self.blocks[start:first]
        if book is not None:
            head = _metadata_first(head, book)
        return head + body[anchor:]

    def _anchor(self, body: list[str]) -> tuple[int, int] | None:
        """(line in `body`, visible block) of the body's first paragraph found on the page.

        Anchored on prose: a short first line (a date, a label) may also stand in the page
        header and would be found there. Both texts come from the same DOM, so spacing and
        Unicode form are all that may differ.
        """
        keys = [_plain(b) for b in self.blocks]
        for anchor in _prose_lines(body)[:3]:
            first = _find_block(keys, _plain(body[anchor]))
            if first is not None:
                return anchor, first
        return None


def parse(text: str, *, for_trafilatura: bool = False) -> HtmlElement | None:
    """libxml2's lenient HTML parse, pruned (see `_prune`); None when nothing parses.

    tamiz's own reading takes a plain lxml.etree tree: lxml.html's trees look up a Python
    element class on every element access, which cost as much as the parse. trafilatura
    accepts only lxml.html trees, so `for_trafilatura` gives one of those (same parser, same
    tree)."""
    from lxml import etree

    text = _protect(_XML_DECLARATION.sub("", text))
    try:
        if for_trafilatura:
            import lxml.html
            tree = lxml.html.document_fromstring(text, parser=_html_parser())
        else:
            tree = etree.fromstring(text, _fast_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if tree is None:
        return None
    _prune(tree)
    return tree


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@lru_cache(maxsize=1)
def _fast_parser():
    from lxml import etree
    # Comments and processing instructions are dropped by the parser (kept tails included).
    # huge_tree: without it libxml2 stops at 256 nested elements and the rest of the page is lost.
    return etree.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=True)


@lru_cache(maxsize=1)
def _html_parser():
    import lxml.html
    return lxml.html.HTMLParser(huge_tree=True)


def _protect(text: str) -> str:
    return text.replace("&zwnj;", "\u200c").replace("\u200c", _ZWNJ_STANDIN)


def _restore(text: str) -> str:
    return text.replace(_ZWNJ_STANDIN, "\u200c")


def _prune(tree: HtmlElement) -> None:
    """Drop what no reader sees: scripts, styles, comments, form controls, hidden elements;
    and turn each <br> into a stand-in that survives trafilatura (see _BR_STANDIN). Each
    dropped element's tail text stays. Tags are dropped by libxml2 (strip_elements); hidden
    elements are found in one pass over the tree (an XPath for them was slower)."""
    from lxml import etree

    etree.strip_elements(tree, etree.Comment, etree.ProcessingInstruction, *_DROP_TAGS, with_tail=False)
    for el in [el for el in tree.iter() if _hidden(el)]:
        if el.getparent() is not None:
            _drop(el)
    brs = list(tree.iter("br"))
    for br in brs:
        br.tail = _BR_STANDIN + (br.tail or "")
    if brs:
        etree.strip_elements(tree, "br", with_tail=False)


def _drop(el: HtmlElement) -> None:
    """Remove `el` and its subtree, keeping its tail text (lxml.html's drop_tree, for any tree)."""
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _text_of(el: HtmlElement) -> str:
    """All text inside `el` (lxml.html's text_content, for any tree)."""
    return "".join(el.itertext())


def _hidden(el: HtmlElement) -> bool:
    attrib = el.attrib
    if not attrib or el.tag in ("html", "body", "head"):
        return False
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    if (style := attrib.get("style")) and _HIDDEN_STYLE.search(style):
        return True
    cls = attrib.get("class")
    return bool(cls) and not _HIDDEN_CLASSES.isdisjoint(cls.lower().split())


def visible_blocks(tree: HtmlElement) -> list[Block]:
    """The page's text as a reader sees it: one line per block element or <br>, inline text joined."""
    out: list[Block] = []
    buf: list[tuple[str, bool]] = []      # (text, inside a link)
    in_item = [False]                     # the block being filled is inside an <li>
    in_furniture = [False]                # ... inside <nav>, <aside> or <footer>

    def flush() -> None:
        if not buf:
            return
        if len(buf) == 1 and _BR_STANDIN not in buf[0][0]:
            text, link = buf.pop()
            line = " ".join(text.split())
            if line:
                out.append(Block(line, link, in_item[0], in_furniture[0]))   # one piece: linked when a link
            return
        parts: list[list[tuple[str, bool]]] = [[]]
        for text, link in buf:
            pieces = text.split(_BR_STANDIN)
            parts[-1].append((pieces[0], link))
            parts.extend([(p, link)] for p in pieces[1:])
        for part in parts:
            line = " ".join("".join(t for t, _ in part).split())
            if line:
                linked = sum(len(t.strip()) for t, link in part if link)
                out.append(Block(line, linked >= len(line.replace(" ", "")) * 0.9, in_item[0], in_furniture[0]))
        buf.clear()

    # An explicit stack, not recursion: a page may nest elements thousands deep.
    body = tree.find("body")
    stack: list[tuple] = [(_ENTER, body if body is not None else tree, False, False, False)]
    while stack:
        event = stack.pop()
        if event[0] is _TAIL:
            buf.append((event[1], event[2]))
            continue
        if event[0] is _EXIT:
            flush()
            in_item[0], in_furniture[0] = event[1], event[2]   # text after the block: the block around it
            continue
        _, el, link, item, furniture = event
        if el.tag == "head":
            continue                     # a page without <body>: its <title> is not text on the page
        block = el.tag in _BLOCK_TAGS
        link = link or el.tag == "a"
        mine = item or el.tag == "li"
        aside = furniture or el.tag in _FURNITURE_TAGS
        if block:
            flush()
            in_item[0], in_furniture[0] = mine, aside
        if el.tag == "tr" and (row := _data_row(el)) is not None:
            if row:
                out.append(Block(row, False, False, aside))
            continue
        if el.text:
            buf.append((el.text, link))
        if block:
            stack.append((_EXIT, item, furniture))
        for child in reversed(el):
            if child.tail:
                stack.append((_TAIL, child.tail, link))
            if isinstance(child.tag, str):
                stack.append((_ENTER, child, link, mine, aside))
    flush()
    return out


_ENTER, _EXIT, _TAIL = object(), object(), object()
# HTML5's own words for what is not the article: site navigation, a sidebar, a footer.
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer"})


_CELL_TAGS = frozenset({"td", "th"})


def _data_row(tr: HtmlElement) -> str | None:
    """A data table's row as one line, its cells joined by " | " (as trafilatura's rows come
    out); None for a layout table's row (a cell holding blocks or a paragraph), walked as blocks."""
    cells: list[str] = []
    for cell in tr:
        if not isinstance(cell.tag, str):
            continue
        if cell.tag not in _CELL_TAGS:
            return None
        if any(isinstance(el.tag, str) and el.tag in _BLOCK_TAGS for el in cell.iterdescendants()):
            return None
        text = " ".join(_restore(_text_of(cell)).replace(_BR_STANDIN, " ").split())
        if len(text.split()) >= 20:
            return None
        if text:
            cells.append(text)
    return " | ".join(cells)


def _blocks_in(flat: str, blocks: list[tuple[str, str]]) -> list[str] | None:
    """The page blocks that, in page order and back to back, make up `flat`; None if they don't."""
    parts: list[str] = []
    pos = 0
    for key, text in blocks:
        if len(key) < 2:
            continue
        at = flat.find(key, pos)
        if at < 0 or at - pos > 2:
            continue
        parts.append(text)
        pos = at + len(key)
        if pos >= len(flat) - 2:
            break
    if len(parts) >= 3 and pos >= len(flat) - 2:
        return parts
    return None


def extract(tree: HtmlElement) -> list[str] | None:
    """trafilatura's article text, tuned towards recall (the Persian rules take the noise out).

    Its fast path (no readability/jusText comparison) and no metadata pass: trafilatura's
    metadata search (authors, htmldate) took half its time, and a news page states what we
    need in its <head>, which `head_metadata` reads directly; dates come from the text's
    Jalali date, which tamiz's own rules read.
    """
    import copy

    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            copy.deepcopy(tree), fast=True, favor_recall=True, include_comments=False,
            include_tables=True, include_images=False, include_links=False, with_metadata=False,
            deduplicate=False)
    except Exception:  # trafilatura raises assorted errors on odd trees; the fallback covers it
        return None
    if doc is None:
        return None
    rows = _untable([l.strip() for l in _restore(doc.text or "").split("\n") if l.strip()])
    lines = [part.strip() for row in rows for part in row.split(_BR_STANDIN) if part.strip()]
    return _with_captions(tree, lines)


# A bare credit ("عکس: ایرنا", "منبع تصویر: رویترز"), not a caption that starts with عکس/تصویر.
_CREDIT = re.compile(r"^\W*(?:عکس|تصویر|منبع|اعتبار|photo|credit|getty)[^:：]{0,20}[:：]", re.I)
_CONTENT = "self::p or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or self::li or self::blockquote"


def _with_captions(tree: HtmlElement, lines: list[str]) -> list[str]:
    """Put back the photo captions trafilatura drops with the images: a <figcaption> that says
    something in a sentence (not a bare credit) goes before the paragraph that follows its
    figure. The rules still judge it like any other line."""
    keys = [_plain(line)[:40] for line in lines]
    present = {_plain(line) for line in lines}
    before: dict[int, list[str]] = {}
    after: dict[int, list[str]] = {}

    def index_of(elements: list[HtmlElement]) -> int | None:
        for el in elements:
            key = _plain(" ".join(_restore(el.text_content()).split()))[:40]
            at = next((i for i, k in enumerate(keys) if k and k == key), None)
            if at is not None:
                return at
        return None

    for cap in tree.iter("figcaption"):
        text = " ".join(_restore(cap.text_content()).split())
        if len(text.split()) < 5 or _CREDIT.match(text) or _plain(text) in present:
            continue
        # before the next paragraph or subheading of the article; a figure closing the
        # article goes after the paragraph before it
        at = index_of(cap.xpath(f"following::*[{_CONTENT}][normalize-space()][position() <= 3]"))
        if at is not None:
            before.setdefault(at, []).append(text)
        elif (at := index_of(cap.xpath(f"preceding::*[{_CONTENT}][normalize-space()][position() <= 3]"))) is not None:
            after.setdefault(at, []).append(text)
        else:
            continue
        present.add(_plain(text))
    if not before and not after:
        return lines
    return [x for i, line in enumerate(lines) for x in (*before.get(i, ()), line, *after.get(i, ()))]


# <meta> names and properties, in order of trust, for each field.
_HEAD_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "dc.title"),
    "sitename": ("og:site_name", "application-name", "twitter:site"),
    "url": ("og:url", "twitter:url"),
    "description": ("og:description", "description", "twitter:description", "dc.description"),
    "author": ("author", "article:author", "dc.creator", "byl"),
    "date": ("article:published_time", "og:published_time", "datepublished", "pubdate", "date",
             "dc.date", "dc.date.issued", "publish-date", "sailthru.date"),
}


def head_metadata(tree: HtmlElement) -> Metadata:
    """Title, site name, URL, description, author and date as the page's <head> states them."""
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        content = (el.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                metas.setdefault(key, content)
    def first(name: str) -> str | None:
        value = next((metas[k] for k in _HEAD_FIELDS[name] if k in metas), None)
        return _restore(value).strip() or None if value else None
    title = first("title")
    if title is None:
        el = next(tree.iter("title"), None)
        title = " ".join(_restore(_text_of(el)).split()) or None if el is not None else None
    url = first("url")
    if url is None:
        link = next((l for l in tree.iter("link") if (l.get("rel") or "").lower() == "canonical"), None)
        url = (link.get("href") or "").strip() or None if link is not None else None
    sitename, date = first("sitename"), first("date")
    date_iso = date[:10] if date and re.match(r"\d{4}-\d{2}-\d{2}", date) else None
    return Metadata(title=strip_site_name(title, sitename) if title else None,
                    description=first("description"), sitename=sitename, url=url,
                    author=first("author"), date=date if date_iso else None, date_iso=date_iso)


_TABLE_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*$")


def _untable(lines: list[str]) -> list[str]:
    """trafilatura writes tables as Markdown: drop the rule rows, and write a row as its cells
    joined by " | "; a row holding a paragraph (a layout table) gives one line per cell."""
    out: list[str] = []
    for line in lines:
        if not line.startswith("|"):
            out.append(line)
            continue
        if _TABLE_RULE.match(line):
            continue
        cells = [c.strip() for c in line.strip("| ").split(" | ") if c.strip()]
        if any(len(c.split()) >= 20 for c in cells):
            out.extend(cells)
        elif cells:
            out.append(" | ".join(cells))
    return out


_TITLE_SEP = re.compile(r"\s+(?:[-|–—:»«]|::)\s+")


_SITE_WORDS = re.compile(r"خبرگزاری|پایگاه|سایت|روزنامه|آنلاین|news|\.(?:ir|com|net|org)\b", re.I)


def strip_site_name(title: str, sitename: str | None) -> str:
    """'Headline - ایسنا' -> 'Headline': drop a trailing or leading part that names the site.

    Only a part that matches the site name, or (trailing, short) reads as one, goes: headlines
    hold separators of their own ("تراکتور 1 - پرسپولیس 1").
    """
    from .metadata import find_agency

    parts = _TITLE_SEP.split(title)
    if len(parts) < 2:
        return title
    site = fold(sitename) if sitename else ""
    for idx in (-1, 0):
        part = fold(parts[idx])
        named = bool(site) and (part in site or site in part)
        site_like = idx == -1 and len(part.split()) <= 3 and (
            bool(_SITE_WORDS.search(part)) or find_agency([part], loose=True) is not None)
        if named or site_like:   # "Headline - اخبار تسنیم - Tasnim": strip again
            return strip_site_name(_sep_join(title, parts[:-1] if idx == -1 else parts[1:]), sitename)
    return title


def _sep_join(title: str, parts: list[str]) -> str:
    """Cut `title` back to the span covering `parts` (keeping its own separators)."""
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip()


def _plain(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _find_block(keys: list[str], key: str) -> int | None:
    """Index of the visible block holding `key` (trafilatura may merge or trim blocks)."""
    if not key:
        return None
    probe = key[:60]
    for i, k in enumerate(keys):
        if k == key or (probe and probe in k):
            return i
    return None


def _prose_lines(body: list[str]) -> list[int]:
    """Indices of the lines that read as running text (just [0] when none does)."""
    from .lines import segment

    return [l.no - 1 for l in segment("\n".join(body)) if l.prose] or [0]


_MOVABLE = frozenset({"meta", "junk", "control"})


def _metadata_first(head: list[str], book: Rulebook) -> list[str]:
    """The headline block's lines, with the metadata/control/junk lines that stand between
    headline lines (headline, date, lead) moved first; a trailing run of them stays put."""
    from .lines import segment

    lines = segment("\n".join(head))
    rules = {l.no - 1: book.match(l.key, l.squashed, l.words) for l in lines}
    # a section label («- اخبار سیاست -») under the block is no headline line: nothing stands
    # "between" headline lines because of it
    labels = {l.no - 1 for l in lines if l.section_label}
    free = [i for i in range(len(head)) if rules.get(i) is None and i not in labels]
    if not free:
        return head
    last_free = free[-1]
    moved = {i for i, r in rules.items() if r is not None and r.kind in _MOVABLE and i < last_free}
    return [h for i, h in enumerate(head) if i in moved] + [h for i, h in enumerate(head) if i not in moved]


def _overline_like(text: str) -> bool:
    """A short line just above the headline that could be its overline (روتیتر)."""
    n = len(text.split())
    return 2 <= n <= 15 and not re.search(r"\d{1,2}:\d{2}|\d{2,4}/\d{1,2}/\d{1,2}", text)
