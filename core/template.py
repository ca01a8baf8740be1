"""A site's template, learned from a batch: the lines a site repeats on its pages are its chrome.

Rules name the phrases tamiz knows; a site it has never seen brings its own menu items,
taglines, tickers and footers. But a site repeats its chrome line for line on every page while
each article is new, so over a batch of one site's pages its template shows itself. Pages are
grouped by site (`site_of`); a line is template when it is on at least `MIN_PAGES` pages and
`MIN_SHARE` of its site's pages. A line that reads as prose (`PROSE_WORDS` words or more: a
republished lead, a wire service's standard closing sentence) must be on `PROSE_MIN_SHARE` of
at least `PROSE_MIN_PAGES` pages; a page with exactly the lines of a page seen before is a
copy, and so is one with most of its paragraphs on one page seen before; neither is counted
(a batch with an article twice must not learn its headline); lines
the built-in rules already name are left to them, so that their explanations stay specific.

Learned lines become rules (`learned_rules`): exact phrases of kind "template", tried after
every built-in rule, each with its reason «on 37 of 40 pages of example.ir»; `to_toml` writes
them as a rules file that `--rules` reads back. Counting keeps no article text: per site, a
count of pages per short line (`MAX_WORDS` words at most), bounded by `MAX_KEYS` lines, and
hashes of the long ones.

Thresholds, measured on the dev corpus with the site-specific rules withheld (README,
"Learning each site's template"): K = 3 pages and P = 50 % recover what the withheld phrases
removed without costing a gold line.
"""
from __future__ import annotations

import os
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .folding import line_keys
from .rulebook import Rule, Rulebook

MIN_PAGES = 3            # K: a line on fewer pages than this is never template
MIN_SHARE = 0.5          # P: ... nor one on less than this share of its site's pages
# Pages grouped by folder (no URL says their site) may be of many sites: a team's name or a
# city on half of six pages of three sites is a coincidence, not a template. So a folder needs
# a line on more of its pages (measured on the shared real/text folder: 3 of 6 pages of three
# sites share a football club's name, gold in two of them).
FOLDER_MIN_PAGES = 5
FOLDER_MIN_SHARE = 0.8
PROSE_MIN_PAGES = 10     # a sentence needs far stronger evidence: a republished lead or a
PROSE_MIN_SHARE = 0.9    #   standard closing sentence is article text on the pages it is on
PROSE_WORDS = 12         # a line of this many words reads as prose (chrome lines are shorter)
COPY_SHARE = 0.6         # a page with this share of its prose lines on one earlier page is a copy
MAX_WORDS = 40           # longer lines are paragraphs, never learned
MAX_KEYS = 50_000        # distinct line keys counted per site (memory bound); later keys are not
RULE_NAME = "site-template"
KIND = "template"
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class LearnedLine:
    """A line of a site's template: its text `key` (spaces collapsed), on `pages` of the site's
    `of` pages."""
    key: str
    pages: int
    of: int
    site: str

    @property
    def reason(self) -> str:
        where = f"in {self.site}" if self.site.endswith("/") else f"of {self.site}"
        return f"on {self.pages} of {self.of} pages {where}"

    @property
    def words(self) -> int:
        """The line's words as the rules count them (on the folded key, where a ZWNJ parts
        words): a rule's `max_words` must be at least this."""
        return len(line_keys(self.key)[0].split())


@dataclass(slots=True)
class _Site:
    pages: int = 0
    copies: int = 0                                         # pages skipped as copies of others
    lines: dict[str, list] = field(default_factory=dict)   # line -> [pages, line]
    seen: set[int] = field(default_factory=set)            # signatures of the pages counted
    first: dict[int, int] = field(default_factory=dict)    # a long line's hash -> first page


class TemplateLearner:
    """Counts, per site, on how many pages each line is. Feed it pages with `add`, in any
    order (the result does not depend on it), then read `profile()`."""

    def __init__(self) -> None:
        self._sites: dict[str, _Site] = {}

    def add(self, site: str, page: PageKeys) -> None:
        """One page of `site`, as `page_keys` gives it."""
        entry = self._sites.setdefault(site, _Site())
        short, long_hashes = page
        # A page with exactly the lines of a page seen before is a copy (the same article under
        # another URL: tracking parameters, AMP, a print version): counted once, or its
        # headline and captions would look like the site's own lines. Order-free: whichever
        # copy comes first, the counts are the same.
        signature = zlib.crc32("\n".join(sorted(set(short))).encode("utf-8", "surrogatepass")) \
            ^ hash_ints(sorted(set(long_hashes)))
        if signature in entry.seen or self._near_copy(entry, set(long_hashes)):
            entry.copies += 1
            return
        if len(entry.seen) < MAX_KEYS:
            entry.seen.add(signature)
            for h in long_hashes:
                entry.first.setdefault(h, entry.pages)
        entry.pages += 1
        lines = entry.lines
        for key in set(short):
            slot = lines.get(key)
            if slot is not None:
                slot[0] += 1
            elif len(lines) < MAX_KEYS:
                lines[key] = [1, key]

    @staticmethod
    def _near_copy(entry: _Site, long: set[int]) -> bool:
        """Most of the page's paragraphs stand on one page counted before: the same article
        with a line changed (a note added, a figure updated). Erring this way only counts
        fewer pages; erring the other way would learn an article's headline as chrome."""
        if len(long) < 2:
            return False
        owners = Counter(entry.first[h] for h in long if h in entry.first)
        return bool(owners) and max(owners.values()) >= COPY_SHARE * len(long)

    @property
    def sites(self) -> dict[str, int]:
        """Pages seen per site."""
        return {site: s.pages for site, s in self._sites.items()}

    def profile(self, book: Rulebook | None = None) -> dict[str, tuple[LearnedLine, ...]]:
        """Each site's template lines, most frequent first (then by key): lines that pass the
        thresholds and that no rule of `book` names already."""
        out: dict[str, tuple[LearnedLine, ...]] = {}
        for site in sorted(self._sites):
            entry = self._sites[site]
            found = []
            folder = site.endswith("/")
            for n, key in entry.lines.values():
                if _is_template(key, n, entry.pages, folder) and not _named(book, key):
                    found.append(LearnedLine(key, n, entry.pages, site))
            if found:
                out[site] = tuple(sorted(found, key=lambda l: (-l.pages, l.key)))
        return out


def _is_template(key: str, pages: int, of: int, folder: bool = False) -> bool:
    words = words_of(key)
    least, share = (FOLDER_MIN_PAGES, FOLDER_MIN_SHARE) if folder else (MIN_PAGES, MIN_SHARE)
    if pages < least or pages < share * of or words > MAX_WORDS or not _LETTER.search(key):
        return False
    if words >= PROSE_WORDS:
        return pages >= PROSE_MIN_PAGES and pages >= PROSE_MIN_SHARE * of
    return True


def hash_ints(values: Sequence[int]) -> int:
    """A stable 32-bit hash of integers (Python's hash() differs between processes)."""
    return zlib.crc32(b"".join(v.to_bytes(4, "little") for v in values))


def words_of(text: str) -> int:
    """Words as a reader counts them: a token with a letter or digit («|», «-» are not)."""
    return len(_WORD.findall(text))


def _named(book: Rulebook | None, text: str) -> bool:
    if book is None:
        return False
    key, squashed = line_keys(text)
    return book.match(key, squashed, len(key.split())) is not None


# A page as learning counts it: its lines of at most MAX_WORDS words (spaces collapsed), and
# stable hashes of its lines of PROSE_WORDS words or more (to tell copies of an article).
PageKeys = tuple[list[str], list[int]]


def page_keys(lines: Iterable[str]) -> PageKeys:
    """What learning keeps of a page (`PageKeys`). Cheap on purpose: the first pass reads every
    page of a batch. Lines are compared as written (spaces collapsed), not folded: a site writes
    its chrome the same way on every page, and the rules fold a learned phrase when they match
    it, so «ي» and «ی» variants of one line are still matched as one."""
    short: list[str] = []
    prose: list[int] = []
    for text in lines:
        words = text.split()
        if not words:
            continue
        line = " ".join(words)
        n = words_of(line)
        if n <= MAX_WORDS:
            short.append(line)
        if n >= PROSE_WORDS:
            prose.append(zlib.crc32(line.encode("utf-8", "surrogatepass")))
    return short, prose


def page_lines(data: bytes | str, *, input_format: str = "auto", charset: str | None = None,
               encoding: str | None = None) -> tuple[list[str], str | None]:
    """A page's lines as learning sees them, and the URL it gives itself (HTML's canonical or
    og:url), from its bytes (decoded as `clean_bytes` decodes) or text. For HTML, every visible
    block: the whole page, chrome included, whichever part the cleaning then reads.

    Raises DecodeError for bytes that are not text."""
    from .decoding import decode_bytes
    from .sniff import looks_like_html

    text = data if isinstance(data, str) else decode_bytes(data, encoding, declared=charset).text
    kind = input_format if input_format != "auto" else ("html" if looks_like_html(text) else "text")
    if kind != "html":
        return text.splitlines(), None
    from .html import Page

    page = Page.parse(text)
    return page.blocks, page.metadata.url


def learn(pages: Iterable[tuple[str | None, bytes | str]], *, book: Rulebook | None = None,
          site_key: str = "auto") -> dict[str, tuple[LearnedLine, ...]]:
    """Learn the template of each site from `pages`: (url or None, the page's bytes or text).
    Returns {site: its template lines}; clean a page of `site` with
    `clean(text, template=profile.get(site, ()))`.

        >>> from tamiz import clean
        >>> from tamiz.template import learn, site_of
        >>> profile = learn((url, html) for url, html in pages)          # doctest: +SKIP
        >>> clean(html, template=profile.get(site_of(url, None), ()))    # doctest: +SKIP

    `book`: lines its rules name are left to them (default: the built-in rules). Pages that
    are not text are skipped."""
    from .decoding import DecodeError
    from .rulebook import load_rulebook

    learner = TemplateLearner()
    for url, data in pages:
        try:
            lines, own_url = page_lines(data)
        except DecodeError:
            continue
        learner.add(site_of(url or own_url, None, site_key), page_keys(lines))
    return learner.profile(book if book is not None else load_rulebook())


def site_of(url: str | None, path: str | None, mode: str = "auto") -> str:
    """The site a page belongs to. `mode`: "host" (the URL's host, without `www.`; else the
    folder), "folder" (the input file's folder, as "path/"), "none" (one site for the whole
    batch, "*"), or "auto" (= "host")."""
    if mode == "none":
        return "*"
    if mode in ("auto", "host") and url:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
        host = host.removeprefix("www.")
        if host:
            return host
    # A folder's key ends in "/": its pages may be of several sites (see FOLDER_MIN_PAGES).
    return (os.path.dirname(path or "") or ".").rstrip("/") + "/"


def learned_rules(lines: Sequence[LearnedLine]) -> list[Rule]:
    """The learned lines as rules: exact phrases of kind "template", one per line."""
    return [Rule(name=RULE_NAME, kind=KIND, reason=l.reason, exact=(l.key,),
                 max_words=max(1, l.words), origin="learned") for l in lines]


def to_toml(profile: dict[str, tuple[LearnedLine, ...]], *, sources: str = "") -> str:
    """A rules file of the learned lines, one [[rule]] per line with its counts as a comment,
    grouped by site; `--rules` reads it back."""
    out = [f"# Site templates learned by `tamiz learn`{' from ' + sources if sources else ''}.",
           f"# A line is template when it is on at least {MIN_PAGES} pages and {MIN_SHARE:.0%} of its "
           f"site's pages ({PROSE_MIN_SHARE:.0%} of at least {PROSE_MIN_PAGES} for a sentence).",
           "# Review it: delete a rule to keep its line, or edit a phrase; then use it with --rules.", ""]
    for site, lines in profile.items():
        out.append(f"# ---- {site}: {len(lines)} lines from {lines[0].of} pages")
        for l in lines:
            out += [f"# {l.pages}/{l.of} pages", "[[rule]]", f'name = "{RULE_NAME}"', f'kind = "{KIND}"',
                    f"reason = {_toml_str(l.reason)}", f"exact = [{_toml_str(l.key)}]",
                    f"max_words = {max(1, l.words)}", ""]
    return "\n".join(out)


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
