"""Labelling lines keep/remove: phrase rules first, then the page's structure.

In the spirit of jusText's classify-then-revise, `label` runs a row of named stages, each a
screen of code with its own reason names:

1. `classify`         each line alone: the phrase rule that names it, if any.
2. `find_end_marker`  the first end marker (its own line, or closing a paragraph) after prose.
3. `find_core`        the densest run of prose before the end (Kadane's maximum-sum run).
4. `revise_context`   short unknown lines around the core, by what they are: a date in any
                      written form, a row of dated fields, the site's own name, a line without
                      Persian letters, readers' comments without a heading; then `is_listing`:
                      a page of items (each with its date, code or label) has no article.
5. `find_last`        the article's last line: on past an in-article box, then to its last line
                      of text, stopping at a boundary (end marker, footer, box, a link list).
6. `find_start`       its first line: back over the headline block (overline, headline, lead),
                      past a teaser box or ticker above it, to the first copy of a headline that
                      a dump repeats.
7. `assign`           verdicts: inside kept, outside removed with the reason for where it is.
8. `take_box_lists`, `drop_repeated_titles`: a box heading takes its list (and its items'
                      teasers); a headline goes once; an automatic excerpt of the body goes.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .dates import is_date_line, is_dated_fields
from .folding import fold, headline_keys, is_headline, line_keys
from .lines import Line, measure, stopwords
from .rulebook import Rule, Rulebook


@dataclass(frozen=True, slots=True)
class Verdict:
    """What happened to one line: kept or not, the rule that decided and its one-line reason.
    `kept_text` is set when only part of a kept line stays (before an inline end marker)."""
    keep: bool
    rule: str
    reason: str
    kept_text: str | None = None


# Structural (context) rules: named like phrase rules so that --explain and JSON read alike.
STRUCTURE_RULES: dict[str, tuple[str, str]] = {
    "before-article": ("structure", "page chrome before the headline (menus, site name, links)"),
    "after-end-marker": ("structure", "after the end marker: editor code, boxes, footer"),
    "editor": ("structure", "the editor's or reporter's name or code after the end marker"),
    "after-article": ("structure", "after the article's last paragraph: boxes, lists, footer"),
    "box-list": ("structure", "headline list under a related/comments box heading"),
    "duplicate-title": ("structure", "the headline repeated"),
    "excerpt": ("structure", "an automatic excerpt («... […]») of the paragraphs that follow it"),
    "inline-end-marker": ("end", "paragraph kept up to its inline end marker"),
    "dated-line": ("meta", "a date or time in a written form (recognised by jdatetime/dateparser)"),
    "dated-fields": ("meta", "a row of short fields with a date: byline, source, time, counts"),
    "site-name": ("header", "the site's own name, as its dateline «به گزارش ...» gives it"),
    "no-article": ("structure", "no article on this page: a list of headlines, teasers and times"),
    "foreign-label": ("junk", "a line without Persian letters: an image keyword, a widget label, spam"),
    "name-line": ("meta", "a stray word between the headline and the body (an ad slot, a widget)"),
    "dashed-label": ("nav", "a section label set between dashes above the body («- اخبار سیاست -»)"),
    "byline-name": ("meta", "the author's name alone next to the date, under the headline"),
    "comment-block": ("comments", "readers' comments without a heading: a name, a date, the comment"),
}
KEEP_REASONS = {
    "title": "headline block (overline, headline, lead) before the body",
    "body": "article body",
}

# A line the page's markup puts in <nav>, <aside> or <footer>, that no phrase rule names.
SIDEBAR = Rule(name="sidebar", kind="nav", origin="markup",
               reason="in the page's <nav>, <aside> or <footer>: a menu, sidebar or footer, not the article")

# Kinds whose lines may sit between a headline and the body without ending the headline block.
_TRANSPARENT = {"meta", "junk", "control", "template"}
# Kinds after which the article does not resume: the page's footer has begun.
_FOOTER = {"end", "tags", "comments", "disclaimer"}

_Y = "[یيى]"
# "... آخرین جمله. انتهای پیام/", "... / انتهای پیام", "... پایان خبر"
INLINE_END = re.compile(
    rf"\s*[/\\|-]?\s*(?:انتها{_Y}|پا{_Y}ان)[\u200c ]*(?:پ{_Y}ام|خبر|متن|گزارش|مطلب)"
    # the editor's code may follow the slash: "انتهای پیام/ ح", "انتهای پیام/ 4005/"
    rf"\s*(?:[/\\]\s*[\w.]{{0,8}}\s*){{0,3}}\.?\s*$")


@dataclass(slots=True)
class Page:
    """The lines of one page with what the stages have found so far."""
    lines: list[Line]
    rules: list[Rule | None]
    n: int = 0
    end_at: int = 0               # index of the end marker (n: none)
    inline_end: bool = False      # the end marker closes the paragraph at end_at
    first: int = 0                # first and last line of the body (the core, then revised)
    last: int = 0
    start: int = 0                # first line of the headline block
    chrome: dict[int, str] = field(default_factory=dict)   # lines inside the bounds that go
    site_names: set[str] = field(default_factory=set)      # squashed keys of the site's own names
    headlines: list[str] = field(default_factory=list)     # keys of the headline the markup names
    counts: Counter[str] = field(default_factory=Counter)  # how often each squashed line is on the page

    def __post_init__(self) -> None:
        self.n = self.end_at = len(self.lines)


def label(lines: list[Line], book: Rulebook, site_names: Sequence[str] = (),
          headlines: Sequence[str] = (), furniture: Collection[int] = ()) -> list[Verdict]:
    """One verdict per line, in order: the stages above, run on one page's lines.

    `site_names`: names the page gives itself outside its text (HTML's og:site_name); lines
    holding one near the article are the site's header, as with the dateline's «به گزارش X».
    `headlines`: what the page's markup says its headline is (HTML's <h1>, og:title); a line
    above the body that is one starts the article (`start_at_headline`).
    `furniture`: indices of lines the markup puts in <nav>, <aside> or <footer>; one no phrase
    rule names gets the rule `sidebar` (kind nav): menus, sidebars and footers by the page's word.
    """
    rules = classify(lines, book)
    for i in furniture:
        if rules[i] is None:
            rules[i] = SIDEBAR
    page = Page(lines, rules)
    page.site_names = {line_keys(n)[1] for n in site_names if n and n.strip()}
    page.headlines = headline_keys(headlines)
    find_end_marker(page)
    span = find_core(page)
    if span is None:
        return no_body(page)
    page.first, page.last = span
    revise_context(page)
    if is_listing(page):
        return [_phrase_verdict(r) if r else _structural("no-article") for r in page.rules]
    find_last(page)
    find_start(page)
    start_at_headline(page)
    verdicts = assign(page)
    take_box_lists(page, verdicts)
    drop_repeated_titles(page, verdicts)
    return verdicts


# ---------------------------------------------------------------- 1. classify
# Crawlers and archives put the capture date before the page's first line: " date 2025-08-09 پخش زنده".
_CRAWL_DATE = re.compile(r"^\s*date\s+\d{4}-\d{2}(?:-\d{2})?\b\s*")


def classify(lines: list[Line], book: Rulebook) -> list[Rule | None]:
    """The phrase rule naming each line, or None: each line judged alone. A line behind a
    crawler's date prefix is judged by what follows the prefix; a metadata rule never names a
    paragraph that ends a sentence (the rules see keys without their final full stop)."""
    rules = [book.match(l.key, l.squashed, l.words) for l in lines]
    for i, (line, rule) in enumerate(zip(lines, rules)):
        if rule is not None and rule.kind == "meta" and line.prose and line.sentence_end:
            rules[i] = None     # a sentence of the article that mentions a date and «بازدید»
    for i, line in enumerate(lines[:3]):
        if rules[i] is None and (m := _CRAWL_DATE.match(line.text)):
            rest = line.text[m.end():]
            if not rest.strip() or len(rest.split()) <= 1:
                rules[i] = book.by_name("date-line")     # the date and a section word
            else:
                r = measure(line.no, rest, stopwords())
                rules[i] = book.match(r.key, r.squashed, r.words)
    return rules


# ---------------------------------------------------------------- 2. the end marker
def find_end_marker(page: Page) -> None:
    """The first end marker after some prose: its own line, or closing a paragraph inline."""
    seen_prose = False
    for i, (line, rule) in enumerate(zip(page.lines, page.rules)):
        if rule is not None and rule.kind == "end" and seen_prose:
            page.end_at = i
            return
        if rule is None and (line.prose or _full_stop(line)):
            seen_prose = True   # a sentence: a marker from here on closes an article
            if line.words >= 6 and _inline_end(line.text) is not None:
                page.end_at, page.inline_end = i, True
                return
        elif rule is None and seen_prose and line.words >= 4 and _inline_end(line.text) is not None:
            page.end_at, page.inline_end = i, True   # «... خواهد بود؟ انتهای پیام/»
            return


def _inline_end(text: str) -> int | None:
    """Where an end marker closing the line starts, if one does (only the tail is searched)."""
    tail = len(text) - 48 if len(text) > 48 else 0
    if "انتها" not in text and "پا" not in text:
        return None             # every marker holds one of these: skip the regex for most lines
    m = INLINE_END.search(text, tail)
    return m.start() if m else None


# ---------------------------------------------------------------- 3. the core
_BARRIER = -1000.0


def find_core(page: Page) -> tuple[int, int] | None:
    """(first, last) of the densest run of prose before the end marker, None without prose."""
    lines, rules = page.lines, page.rules
    # A line shown twice on a page is a link (a headline list, a ticker), not a paragraph.
    counts = page.counts = Counter(l.squashed for l in lines)
    upto = page.end_at + page.inline_end
    scores = [_score(l, r, counts[l.squashed] > 1) for l, r in zip(lines[:upto], rules)]
    if page.inline_end:
        scores[page.end_at] = max(scores[page.end_at], 1.0)   # a paragraph closed by its end marker
    return _densest_run(scores)


def _score(line: Line, rule: Rule | None, repeated: bool = False) -> float:
    """How much a line adds to the case that the article is here (Kadane's input)."""
    if rule is not None:
        if rule.kind in _FOOTER:
            return _BARRIER     # comments, tags, copyright: no article runs across them
        if rule.kind == "template":
            return 0.0          # a line the site repeats (learned): no evidence where the article is
        return -1.5 if rule.kind in _TRANSPARENT else -4.0
    if line.prose and (line.sentence_end or (line.words >= 25 and line.marks >= 2)):
        # a long line with sentences inside is a paragraph even when cut before its full stop
        return min(line.words, 80) / 6 + 2
    if line.prose and not repeated:
        return 0.5              # long but no sentence end: a headline in a list, more likely
    if _full_stop(line) or _table_row(line):
        return 0.5          # a short sentence (headlines end in ! or ? but not a full stop)
    if line.bullet:
        return -0.75
    if line.words <= 3:
        return -1.0
    return -0.5


def _densest_run(scores: list[float]) -> tuple[int, int] | None:
    """Indices (first, last) of the contiguous run with the largest sum, None if all ≤ 0."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = s, i
        else:
            total += s
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def no_body(page: Page) -> list[Verdict]:
    """No sentence at all (a caption-only item, a list): keep the unnamed, unbulleted lines up
    to the footer; there is no body to anchor anything else on."""
    rules, lines = page.rules, page.lines
    footer = next((i for i, r in enumerate(rules) if r is not None and r.kind in _FOOTER), page.n)
    return [_phrase_verdict(r) if r else _KEEP["body"] if i < footer and not lines[i].bullet
            else _structural("after-article") for i, r in enumerate(rules)]


# ---------------------------------------------------------------- 4. revise by context
_CONTEXT = 24     # lines looked at above the body and below it
_DATELINE = re.compile(r"^به ?گزارش\s+(.{2,60}?)(?:\s*[،,:]|\s+از\s|\s+و\s|\s+به نقل\s|$)")
_ROLE_WORDS = {"خبرنگار", "خبرنگاران", "گروه", "سرویس", "پایگاه", "خبری", "اقتصادی", "سیاسی",
               "اجتماعی", "فرهنگی", "ورزشی", "بین", "الملل", "استان", "حوزه", "دفتر", "مرکز"}


def revise_context(page: Page) -> None:
    """Name the short unknown lines near the body that a phrase list cannot know: dates in any
    written form (jdatetime, dateparser), rows of short fields with a date, the site's own name
    (from the body's dateline «به گزارش X»). Only short lines with a digit (or of two words, a
    weekday) are tried as dates, so the date libraries stay off the hot path."""
    lines, rules = page.lines, page.rules
    names = _site_names(lines, rules, page.first, page.last) | page.site_names
    lo, hi = max(0, page.first - _CONTEXT), min(page.n, page.last + _CONTEXT)
    for i in range(lo, hi):
        if rules[i] is not None:
            continue
        line = lines[i]
        outside = not page.first <= i <= page.last
        if outside and names and line.words <= 6 and (line.squashed in names or _named_header(line, names)):
            rules[i] = _CONTEXT_RULES["site-name"]
        elif line.words <= 16 and not line.prose and (
                rule := _date_rule(line, _has_digit(line.squashed))) is not None:
            rules[i] = rule
        elif _PERSIAN_LETTER.search(line.text) is None and line.letters >= 3 and not _table_row(line):
            rules[i] = _CONTEXT_RULES["foreign-label"]
    _cut_comments(page)


def _date_rule(line: Line, digit: bool) -> Rule | None:
    """dated-line or dated-fields for a short line that is (or holds) a date, else None."""
    if (digit or line.words <= 2) and is_date_line(line.text, line.words):
        return _CONTEXT_RULES["dated-line"]
    if digit and _FIELD_SEPARATOR.search(line.text) and is_dated_fields(line.text, line.words):
        return _CONTEXT_RULES["dated-fields"]
    return None


_DATE_NAMES = frozenset({"dated-line", "date-line", "dated-fields", "publish-date", "meta-fields"})


def _cut_comments(page: Page) -> None:
    """Readers' comments with no heading: a name alone, a date, then the comment. Their first
    name line ends the article (a footer boundary) and the body stops before it."""
    lines, rules = page.lines, page.rules
    for i in range(page.first + 1, min(page.last + _CONTEXT, page.n - 2)):
        line, below = lines[i], rules[i + 1]
        if (rules[i] is None and _name_like(line) and below is not None and below.name in _DATE_NAMES
                and rules[i + 2] is None and lines[i + 2].words >= 3 and not lines[i + 2].bullet) \
                or (_named_date(lines, rules, i) and rules[i + 1] is None and lines[i + 1].words >= 3
                    and any(_named_date(lines, rules, k) for k in range(i + 2, min(i + 6, page.n)))):
            # a name then a date, then the comment; or «علی ۱۲ آبان ۱۴۰۲ - ۱۰:۲۰» over the
            # comment, two such in a row
            rules[i] = _CONTEXT_RULES["comment-block"]     # a footer kind: no extension crosses it
            if i <= page.last:
                last = i - 1
                while last > page.first and rules[last] is not None:
                    last -= 1
                page.last = last
            return


def _named_date(lines: list[Line], rules: list[Rule | None], i: int) -> bool:
    """A row of fields that is a name and a date («علی ۱۲ آبان ۱۴۰۲ - ۱۰:۲۰»): a comment's head."""
    rule = rules[i]
    if rule is None or rule.name != "dated-fields":
        return False
    name = _DIGIT.split(lines[i].text, 1)[0].strip(" -–|•:،,")
    return bool(name) and _name_like(measure(lines[i].no, name, stopwords()))


def _byline_name(lines: list[Line], rules: list[Rule | None], i: int) -> bool:
    """A name alone right above a metadata line (a date, a code): the author's byline."""
    nxt = rules[i + 1] if i + 1 < len(rules) else None
    return _name_like(lines[i]) and nxt is not None and nxt.kind == "meta"


def _name_like(line: Line) -> bool:
    """A person's name alone on a line: one to three words, no stopword, no punctuation."""
    return 1 <= line.words <= 3 and line.stop_ratio == 0 and line.marks == 0 and _persian(line) \
        and line.letters >= 3


_DIGIT = re.compile(r"\d")
_PERSIAN_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]")
# a dated row's fields are split by one of these (or it starts with a time: «۰۹:۱۵ ۳ روز پیش»)
_FIELD_SEPARATOR = re.compile(r"[|•،,؛\-–—/:¦]")


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def _site_names(lines: list[Line], rules: list[Rule | None], first: int, last: int) -> set[str]:
    """Squashed keys the body's dateline gives for the site: «به گزارش خبرگزاری مهر از تبریز،»
    -> {"خبرگزاریمهر", "مهر"}; role words («خبرنگار اقتصادی») are not names."""
    names: set[str] = set()
    for line in lines[first:min(last + 1, first + 6)]:
        m = _DATELINE.match(line.key)
        if not m:
            continue
        words = [w for w in m.group(1).split() if w not in _ROLE_WORDS]
        for k in range(1, min(4, len(words)) + 1):
            names.add("".join(words[-k:]))
        break
    return {n for n in names if len(n) >= 3}


_SEPARATED = re.compile(r"\s*[|:\-–—]\s*")


def _named_header(line: Line, names: set[str]) -> bool:
    """«خبرگزاری مهر | اخبار ایران و جهان»: the name, a separator, a tagline."""
    parts = _SEPARATED.split(line.key, maxsplit=1)
    return len(parts) == 2 and parts[0].replace(" ", "") in names


_ITEM_META = {"dated-line", "dated-fields", "date-line", "meta-fields", "news-code", "publish-date"}


def is_listing(page: Page) -> bool:
    """A section or list page, not one article: the 'body' is items (headline, teaser) each
    closed by the same kind of separator: its own date, or the same section label; three or
    more of one kind, at most five lines apart; or two news codes (an article has one)."""
    lines, rules, counts = page.lines, page.rules, page.counts
    kinds: Counter[str] = Counter()
    # the line before the first item and after the last may be separators too
    for i in range(max(0, page.first - 1), min(page.n, page.last + 2)):
        rule, line = rules[i], lines[i]
        if rule is not None and rule.name in _ITEM_META:
            kinds["code" if rule.name == "news-code" else "date"] += 1
        elif rule is None and line.words <= 3 and counts[line.squashed] >= 3 and _persian(line):
            kinds[line.squashed] += 1     # the same section label over every item
    span = page.last - page.first + 3
    most = max(kinds.values(), default=0)
    return (kinds["code"] >= 2 or (most >= 3 and most * 5 >= span) or _archive_page(lines[:page.first])
            or _many_datelines(page))


# A story's dateline: «به گزارش ...» or a city and a dash («شاهرود- »، «آبادان – »)
_STORY_DATELINE = re.compile(r"^(?:به ?گزارش\s|[^\s\d\-–—:،,.]{2,15}(?:\s[^\s\d\-–—:،,.]{2,15})?\s*[-–—]\s)")


def _many_datelines(page: Page) -> bool:
    """Three paragraphs or more, at least half of them, open with their own dateline: the
    leads of as many stories (an article has one dateline, at its start)."""
    prose = {l.key for l, r in zip(page.lines[page.first:page.last + 1], page.rules[page.first:page.last + 1])
             if r is None and l.prose}      # a paragraph shown twice is one story
    opened = sum(1 for key in prose if _STORY_DATELINE.match(key))
    return opened >= 3 and opened * 2 >= len(prose)


# «آرشیو برچسب: ...», «بایگانی‌های سرمقاله - روزنامه ...»: the page says it is an archive
_ARCHIVE_PREFIXES = tuple(fold(p) for p in (
    "آرشیو برچسب", "آرشیو دسته", "آرشیو موضوع", "آرشیو نویسنده",
    "بایگانی برچسب", "بایگانی ها", "بایگانیها", "بایگانی های", "نوشته های برچسب", "مطالب برچسب"))


def _archive_page(lines: list[Line]) -> bool:
    """The page names itself an archive or a tag page in `lines`, its first lines above the
    text (not in a menu item): a list page."""
    return any(line.key.startswith(_ARCHIVE_PREFIXES) and line.words <= 12 and not line.bullet
               for line in lines)


# ---------------------------------------------------------------- 5. the article's last line
def find_last(page: Page) -> None:
    """Carry the body past an in-article box, then on to its last line of article text."""
    page.last = _extend_over_boxes(page)
    page.last = _extend_tail(page)
    if page.inline_end:
        page.last = max(page.last, page.end_at)


def _extend_over_boxes(page: Page, reach: int = 8) -> int:
    """Carry the body past an in-article box (suggested reading, a share bar) to the paragraphs
    that follow it; stop at the footer (tags, comments, copyright) or after `reach` lines."""
    lines, rules, last = page.lines, page.rules, page.last
    body = {line.squashed for line in lines[page.first:last + 1]}
    i = last + 1
    while i < page.end_at and i - last <= reach:
        line, rule = lines[i], rules[i]
        if rule is not None and rule.kind in _FOOTER:
            break
        if line.squashed in body:
            i += 1              # a paragraph of the body shown again: the box's teaser of it
            continue
        if rule is None and ((line.sentence_end and (line.prose or _full_stop(line))) or _table_row(line)):
            last = i
        i += 1
    return last


def _extend_tail(page: Page) -> int:
    """After the last full-stop paragraph the article may still go on: a closing question or
    exclamation, a paragraph without a full stop, a list or table with its intro line, a
    page's cut last line. It ends at a boundary: a line a rule names (end marker, box,
    footer, metadata), or a short line that does not continue the text (a link, a name)."""
    lines, rules = page.lines, page.rules
    last, i, in_list = page.last, page.last + 1, _intro(lines[page.last])
    above = {l.key for l in lines[max(0, page.first - 4):page.last + 1]}   # the headline block, the body
    while i < page.end_at:
        line, rule = lines[i], rules[i]
        if rule is not None:
            if rule.kind == "junk":
                i += 1
                continue
            break
        if line.key in above and _title_like(line) and not line.prose:
            i += 1                   # the headline again (an image's title): stepped over
            continue
        if in_list and (line.bullet or _table_row(line) or line.words <= 20) and not line.prose:
            last = i                 # an item of the list the article introduced with «:»
        elif line.prose or _table_row(line) or _intro(line):
            last = i
            in_list = _intro(line)
        elif (poem_end := _poem_run(page, i)) is not None:
            last, i = poem_end, poem_end + 1   # a poem, its poet's name above it
            continue
        elif line.sentence_end and line.words <= 3 and lines[last].prose and not lines[last].sentence_end:
            last = i                 # the paragraph's last word wrapped onto a line of its own
        elif line.sentence_end and line.words >= 4 and _continues(page, i):
            last = i                 # «... کافی است؟» before the end
        elif _title_like(line) and _paragraph_follows(page, i):
            last = i                 # a subheading: the paragraph under it follows
        elif _cut_last_line(page, i) or _last_before_boundary(page, i):
            last = i
        else:
            break
        i += 1
    return last


def _poem_run(page: Page, i: int, min_verses: int = 4) -> int | None:
    """The last index of a poem starting at `i` (after at most a short poet's name): a run of
    short unpunctuated lines where two verses end in the same word (the radif), other than the
    verbs that end many headlines — a list of related headlines has no radif. None if no poem starts here."""
    lines, rules = page.lines, page.rules
    j = i + 1 if lines[i].words <= 3 else i
    verses: list[str] = []
    keys: set[str] = set()
    while j < page.end_at and rules[j] is None and 2 <= lines[j].words <= 12 \
            and not lines[j].prose and not lines[j].bullet and lines[j].key not in keys:
        keys.add(lines[j].key)          # a line shown again is a repeat, not a verse
        verses.append(lines[j].key.rsplit(" ", 1)[-1])
        j += 1
    if len(verses) < min_verses:
        return None
    rhymes = [w for w in verses if verses.count(w) > 1 and w not in _COMMON_ENDINGS]
    return j - 1 if rhymes else None


# Verbs that end many headlines: a list of them repeats these without being a poem.
_COMMON_ENDINGS = frozenset("شد است کرد شود میشود داد گفت دارد کند شدند کردند دارند نیست بود".split())


def _intro(line: Line) -> bool:
    """A line that introduces a list, a table or a verse: «... به شرح زیر است:», «به قول مولوی؛»."""
    return line.words >= 3 and line.text.rstrip().endswith((":", "؛")) and not line.bullet


def _continues(page: Page, i: int) -> bool:
    """A short sentence belongs to the article when nothing link-like follows it: the page ends,
    a boundary line comes, or more text does."""
    j = i + 1
    while j < page.n and page.rules[j] is not None and page.rules[j].kind == "junk":
        j += 1
    if j >= page.end_at or page.rules[j] is not None:
        return True
    nxt = page.lines[j]
    return nxt.prose or (nxt.sentence_end and nxt.words >= 4)


def _paragraph_follows(page: Page, i: int) -> bool:
    """The next line is a paragraph of the article (or the page's cut last line)."""
    j = i + 1
    if j >= page.end_at or page.rules[j] is not None:
        return False
    nxt = page.lines[j]
    return (nxt.prose and (nxt.sentence_end or nxt.marks >= 1)) or _cut_last_line(page, j)


def _last_before_boundary(page: Page, i: int) -> bool:
    """A last paragraph without a full stop, right before the footer or metadata (a news code,
    tags, comments): running text of some length, alone (a related list comes in runs)."""
    line, j = page.lines[i], i + 1
    if line.words < 8 or line.bullet or line.stop_ratio < 0.1 or not _persian(line):
        return False
    # not before an end marker: a related headline often stands between the text and its marker
    nxt = page.rules[j] if j < page.n else None
    return j < page.end_at and nxt is not None and nxt.kind in ("meta", "tags", "comments", "disclaimer")


def _cut_last_line(page: Page, i: int) -> bool:
    """The page's last line, cut off mid-sentence (stored pages stop at a length): running text
    with a stopword or a comma and no sentence end, not a bullet, a link, a name or the
    headline again."""
    line = page.lines[i]
    return (i == page.n - 1 and line.words >= 2 and not line.bullet and not line.sentence_end
            and (line.stop_ratio > 0 or "،" in line.text or line.words >= 5)
            and all(l.key != line.key for l in page.lines[max(0, page.first - 4):page.last + 1]))


# ---------------------------------------------------------------- 6. the article's first line
def find_start(page: Page) -> None:
    """Walk back over the headline block; take the first copy of a headline a dump repeats."""
    _skip_box_at_top(page)
    lines, rules, first = page.lines, page.rules, page.first
    skipped: list[int] = []   # the metadata block the walk stepped over: chrome, wherever it ends up
    names: list[int] = []     # stray words and section labels between headline and body
    start = _headline_start(lines, rules, first, skipped, names)
    page.chrome.update((i, "dashed-label" if lines[i].section_label else "name-line")
                       for i in names if i >= start)
    # Text-browser dumps often show the headline block, then the metadata block, then the
    # headline again: the first copy (with its lead) is the article's, the rest is chrome.
    copy = _earlier_headline(lines, rules, start, first)
    page.chrome.update((i, "dashed-label" if lines[i].section_label else "before-article") for i in skipped)
    if copy is not None:
        copy_start, copy_end = copy
        for i in range(copy_end + 1, start):
            page.chrome[i] = "before-article"
        for i in range(start, first):
            if lines[i].key == lines[copy_start].key or _same_text(lines, i, copy_start, copy_end):
                page.chrome[i] = "duplicate-title"
        start = copy_start
    page.start = start


_HEADLINE_WINDOW = 12     # lines above the body's first line where a marked-up headline counts


def start_at_headline(page: Page) -> None:
    """Where the markup names the headline (HTML's <h1> or og:title) and a line just above the
    body is it, the article starts there: a headline list's item above it is not the headline
    (it goes), and a long headline the walk took for a paragraph is one (it stays). The
    closest such line to the body wins; one a rule names (a site name in <h1>) does not count.
    An overline right above the headline, which the walk took with it, stays."""
    if not page.headlines:
        return
    lines, rules = page.lines, page.rules

    def is_it(j: int) -> bool:
        return rules[j] is None and j not in page.chrome and is_headline(lines[j].key, page.headlines)

    # above the body's first line, closest first
    i = next((j for j in range(page.first, max(-1, page.first - 1 - _HEADLINE_WINDOW), -1) if is_it(j)), None)
    if i is None and not any(is_it(j) for j in range(page.first)):
        # the headline stands nowhere above: a little way into what was taken for the body
        # (teasers of other stories above the headline read like paragraphs)
        i = next((j for j in range(page.first + 1, min(page.last, page.first + _HEADLINE_WINDOW) + 1)
                  if is_it(j)), None)
    if i is None:
        return
    start = i
    if page.start < i and rules[i - 1] is None and i - 1 not in page.chrome and _title_like(lines[i - 1]) \
            and not lines[i - 1].prose and not is_headline(lines[i - 1].key, page.headlines):
        # (an <h1> standing above the line <title> names is the site's or a section's name)
        start = i - 1       # the walk took the headline's overline (روتیتر) right above it: it stays
    for j in range(page.start, start):
        page.chrome.setdefault(j, "before-article")
    page.start = start
    if i >= page.first:     # the headline was read as (or below) the body's first paragraph
        page.first = next((k for k in range(i + 1, page.last + 1) if rules[k] is None), page.first)
    for j in range(page.start + 1, page.first):
        if rules[j] is None and j not in page.chrome and _name_like(lines[j]) \
                and any(rules[k] is not None and rules[k].kind == "meta" for k in (j - 1, j + 1)):
            page.chrome[j] = "byline-name"     # «عماد روستایی» under the date: the author, not a lead


def _skip_box_at_top(page: Page) -> None:
    """A teaser box right above the article («پیشنهاد سردبیر», then headline and teaser items):
    the densest run starts at its first teaser. When whole items (headline and teaser) are
    followed by a headline, the article starts there, not at the box."""
    lines, rules, first = page.lines, page.rules, page.first
    box = next((k for k in (first - 1, first - 2) if k >= 0 and rules[k] is not None and rules[k].box), None)
    if box is None:
        return
    i, items = box + 1, 0
    while i + 1 <= page.last and rules[i] is None and _listed(lines[i]) and rules[i + 1] is None \
            and lines[i + 1].prose and _teaser(page, i + 1):
        i, items = i + 2, items + 1
    if items and i <= page.last and _title_like(lines[i]) and not lines[i].prose:
        page.first = next((k for k in range(i + 1, page.last + 1) if lines[k].prose), page.first)


def _title_like(line: Line) -> bool:
    return 2 <= line.words <= 40 and line.letters >= 6 and not line.bullet and _persian(line)


def _persian(line: Line) -> bool:
    """Mostly Persian letters: a Persian page's headline, not an English label or analytics line."""
    return line.persian * 2 >= line.letters


def _speaker(line: Line) -> bool:
    """An overline naming who speaks: «روحانی:», «وزیر کشور:»."""
    return 1 <= line.words <= 4 and line.text.rstrip().endswith(":") and _persian(line) and line.letters >= 3


def _dash_overline(lines: list[Line], i: int) -> bool:
    """An overline written with a leading dash, alone (a menu's items come in a run)."""
    line = lines[i]
    return (line.bullet and line.text.lstrip()[:1] in "-–—" and 2 <= line.words <= 20
            and _persian(line) and not line.sentence_end
            and not (i > 0 and lines[i - 1].bullet) and not (i + 1 < len(lines) and lines[i + 1].bullet))


def _headline_above(lines: list[Line], rules: list[Rule | None], i: int) -> bool:
    """The first title-like line above `i`, past at most three header, promo, meta or junk lines
    and stray words, could be the headline: unknown to the rules, not a paragraph."""
    for j in range(i - 1, max(-1, i - 5), -1):
        rule, line = rules[j], lines[j]
        if rule is None:
            if _title_like(line) and not line.prose:
                return True
            if line.words > 2 or line.prose:
                return False
            continue                           # a stray word between them
        if rule.kind not in ("header", "promo", "meta", "junk"):
            return False
    return False


def _headline_start(lines: list[Line], rules: list[Rule | None], first: int, skipped: list[int],
                    names: list[int] | None = None) -> int:
    """Walk back from the body's first line over the headline block (overline, headline, lead).

    Metadata, junk and controls may stand between the block and the body. Where the headline
    stands above a whole metadata block (code, date, section, comment count, often bulleted in
    text-browser dumps), the walk steps over that block. Anything else a rule names, a bullet,
    or a metadata line above an already found headline ends the walk; so does a one-word label
    above a headline, which is a section name, not an overline (a two-word name is one).
    """
    names = [] if names is None else names
    start, titles, i = first, 0, first - 1
    headline: int | None = None        # the title-like line closest to the body
    block_end = _metadata_block(lines, rules, first)
    skipped.extend(range(block_end, first))
    while i >= 0:
        line, rule = lines[i], rules[i]
        if titles == 0 and i >= block_end:
            i -= 1
            continue
        if rule is not None:
            # a section label right above the body ("- اخبار ورزشی -") hides no headline
            short_label = rule.kind == "nav" and line.words <= 4
            if rule.kind == "junk" or ((rule.kind in _TRANSPARENT or short_label) and titles == 0):
                i -= 1
                continue
            if titles == 0 and rule.kind in ("header", "promo") and _headline_above(lines, rules, i):
                i -= 1                         # the site's name or an ad slot under the headline
                continue
            if rule.box and headline is not None:
                start = headline               # a ticker or box heading: the lines under it
            break                              # above the headline are its items
        if titles == 0 and line.section_label:
            names.append(i)                    # «- اخبار سیاست -»: the section's label, by its shape
            i -= 1
            continue
        if titles == 0 and not _title_like(line) and not line.prose and line.words <= 2 \
                and _headline_above(lines, rules, i):
            names.append(i)                    # a stray word (an ad slot) under the headline
            i -= 1
            continue
        if titles and _speaker(line):
            start, titles = i, titles + 1      # the speaker's name above a quoted headline
            break
        if titles and _dash_overline(lines, i):
            start, titles = i, titles + 1      # «- گزارش ویژه از ...»: an overline with a dash
            break
        if titles and line.words <= 1:
            break                              # a one-word section label, not an overline
        lead_ok = titles == 0 and line.prose and line.words <= 80
        if not lead_ok and (not _title_like(line) or line.prose):
            break
        start, titles = i, titles + 1
        if headline is None and not line.prose:
            headline = i
        if titles >= 4:
            break
        i -= 1
    return start


def _earlier_headline(lines: list[Line], rules: list[Rule | None], start: int, first: int,
                      window: int = 40) -> tuple[int, int] | None:
    """(first, last) index of an earlier copy of the headline block above `start`, if any."""
    if start >= first:
        return None
    key = lines[start].key
    for j in range(start - 1, max(-1, start - window), -1):
        if rules[j] is None and lines[j].key == key and not lines[j].bullet:   # not a menu item
            break
    else:
        return None
    top = _headline_start(lines, rules, j + 1, []) if j + 1 < len(lines) else j
    top = min(top, j)
    end = j
    while end + 1 < start and rules[end + 1] is None and not lines[end + 1].bullet \
            and (_title_like(lines[end + 1]) or lines[end + 1].prose) and not _byline_name(lines, rules, end + 1):
        end += 1
    return top, end


def _same_text(lines: list[Line], i: int, lo: int, hi: int) -> bool:
    key = lines[i].key
    return any(lines[k].key == key for k in range(lo, hi + 1))


def _metadata_block(lines: list[Line], rules: list[Rule | None], first: int, limit: int = 16) -> int:
    """Index of the first line of the metadata block right above `first`, or `first` if none.

    The block is a run of rule-named lines, bullets and very short lines holding at least one
    metadata line (news code, date, reading time...).
    """
    i, has_meta = first - 1, False
    while i >= 0 and first - i <= limit:
        line, rule = lines[i], rules[i]
        if rule is not None:
            has_meta = has_meta or rule.kind == "meta"
        elif not (line.bullet or line.words <= 3):
            break
        i -= 1
    return i + 1 if has_meta else first


# ---------------------------------------------------------------- 7. verdicts
def assign(page: Page) -> list[Verdict]:
    """Inside the bounds: kept (title before the body, body after) unless a rule or the chrome
    found on the way names it; outside: removed with the reason for where it stands."""
    lines, rules, end_at = page.lines, page.rules, page.end_at
    stop = page.last + 1
    verdicts: list[Verdict] = []
    for i, rule in enumerate(rules):
        if i < page.start:
            v = _phrase_verdict(rule) if rule else _structural("before-article")
        elif i >= stop:
            if end_at < page.n and i > end_at:
                if rule is None and i == end_at + 1 and _editor_like(lines[i]):
                    v = _structural("editor")
                else:
                    v = _phrase_verdict(rule) if rule else _structural("after-end-marker")
            elif i == end_at and not page.inline_end:
                v = _phrase_verdict(rule) if rule else _structural("after-end-marker")
            else:
                v = _phrase_verdict(rule) if rule else _structural("after-article")
        elif rule is not None:
            v = _phrase_verdict(rule)
        elif i in page.chrome:
            v = _structural(page.chrome[i])
        else:
            v = _KEEP["title" if i < page.first else "body"]
        verdicts.append(v)
    if page.inline_end:
        text = lines[end_at].text
        cut = _inline_end(text)
        kept = text[:cut].rstrip() if cut is not None else text
        name, (_, reason) = "inline-end-marker", STRUCTURE_RULES["inline-end-marker"]
        verdicts[end_at] = Verdict(True, name, reason, kept_text=kept)
    return verdicts


def _editor_like(line: Line) -> bool:
    """A name or code right after an end marker: a few words, no sentence."""
    return line.words <= 4 and not line.sentence_end


# ---------------------------------------------------------------- 8. boxes and repeats
def take_box_lists(page: Page, verdicts: list[Verdict]) -> None:
    """Inside the article, a box heading takes the list under it: short non-prose lines
    (headlines), a headline's one-sentence teaser when another item, a boundary or the page's
    end follows it (not when the article's paragraphs resume), and separators between items."""
    lines, rules = page.lines, page.rules
    i, stop = page.start, page.last + 1
    while i < stop:
        rule = rules[i]
        if rule is not None and rule.box:
            j, one_liners, headline = i + 1, 0, False
            while j < stop and j - i <= 14 and (rules[j] is None or rules[j].kind in ("junk", "template")):
                line = lines[j]
                if rules[j] is not None:
                    # A separator («-», «•») between items; or an item the site shows on many
                    # pages (learned as its template), which keeps its own reason.
                    headline = headline or rules[j].kind == "template"
                    j += 1
                    continue
                if _listed(line):
                    headline = True
                elif _one_liner(line) and (one_liners or (j + 1 < stop and rules[j + 1] is None
                                                          and _one_liner(lines[j + 1]))):
                    one_liners += 1   # headlines written as sentences: two or more in a row
                elif headline and _teaser(page, j):
                    headline = False  # the teaser under the item's headline
                else:
                    break
                if verdicts[j].rule != "dashed-label":    # keeps the reason its shape gave
                    verdicts[j] = _structural("box-list")
                j += 1
            if j > page.last:
                _cut_before_closing_box(page, verdicts, i)
            i = j
        else:
            i += 1


def _cut_before_closing_box(page: Page, verdicts: list[Verdict], box: int) -> None:
    """A box that takes the rest of the article's span closes the article: stray short lines
    right above its heading (a label, a stray key; no sentence) are not article text, as they
    would not be at the page's end (`_extend_tail`)."""
    lines, rules = page.lines, page.rules
    k = box - 1
    while k > page.first and verdicts[k].keep and rules[k] is None and lines[k].words <= 3 \
            and not lines[k].prose and not lines[k].sentence_end:
        verdicts[k] = _structural("after-article")
        k -= 1


def _teaser(page: Page, j: int) -> bool:
    """A one-paragraph teaser under a box item's headline: what follows is another item or the
    page's end, not more of the article (nor its footer, which may follow its last paragraph)."""
    line = page.lines[j]
    if line.words > 70 or (page.inline_end and j == page.end_at):
        return False            # a paragraph closed by the end marker is the article's
    k = j + 1
    while k < page.n and page.rules[k] is not None and page.rules[k].kind == "junk":
        k += 1
    if j == page.n - 1:
        return not line.sentence_end      # cut off with the page: the box ran to the page's end
    if k >= page.n:
        return False
    nxt = page.lines[k]     # another item's headline, not an editor's code («ک.ش»)
    return page.rules[k] is None and _listed(nxt) and _title_like(nxt) and nxt.words >= 3


def _one_liner(line: Line) -> bool:
    """A headline written as one short sentence ("مترو پرند رایگان شد."): under a box heading,
    a run of these is the box's list; article paragraphs rarely come like that."""
    return 2 <= line.words <= 15 and line.text.count(".") <= 1 and "،" not in line.text


def _listed(line: Line) -> bool:
    """A headline-like item of a box list: a bulleted item, or a short line not ending a sentence."""
    if (line.prose and _full_stop(line)) or _inline_end(line.text) is not None:
        return False        # a paragraph: the article resumes (a headline may end in ? or !)
    if line.bullet:
        return line.words <= 40
    return line.words <= 30 and not line.text.rstrip().endswith((".", "؛", ":"))


def drop_repeated_titles(page: Page, verdicts: list[Verdict]) -> None:
    """A headline-like line (no sentence end) shown twice is kept once, wherever the copies stand:
    the page title above the article title, a caption or self-link repeating it lower down.
    A copy that carries the page title's suffix («headline - site name», «headline | site») or a
    timestamp goes and the plain copy stays. Paragraphs that end a sentence may repeat in a real article (a lead
    repeated at the top of the body) and are left alone."""
    kept = {line.squashed for line, v in zip(page.lines, verdicts) if v.keep}
    seen: set[str] = set()
    for i, (line, v) in enumerate(zip(page.lines, verdicts)):
        if not v.keep or v.rule not in ("title", "body"):
            continue
        if _excerpt(page, verdicts, i):
            verdicts[i] = _structural("excerpt")
            continue
        if line.sentence_end and (v.rule == "body" or line.prose):
            continue
        key = line.key
        base = _title_base(line)
        if key in seen or (base is not None and base in kept):
            verdicts[i] = _structural("duplicate-title")
        seen.add(key)


_ELLIPSIS = re.compile(r"(?:\[\s*(?:…|\.{2,})\s*\]|…|\.{3,})\s*$")


def _excerpt(page: Page, verdicts: list[Verdict], i: int, window: int = 4) -> bool:
    """A teaser cut with «…» or «[…]» (WordPress's automatic excerpt) whose text the kept
    paragraphs right after it hold whole: the same words shown twice, the cut copy goes."""
    line = page.lines[i]
    if line.words < 8 or ("…" not in line.text and ".." not in line.text) or not _ELLIPSIS.search(line.text):
        return False
    following = _NON_WORD.sub("", "".join(page.lines[j].squashed for j in range(i + 1, min(page.n, i + 1 + window))
                                          if verdicts[j].keep))
    head = _NON_WORD.sub("", line.squashed)      # punctuation between paragraphs differs
    return len(following) > len(head) and following.startswith(head)


_NON_WORD = re.compile(r"\W+")


_TITLE_SUFFIX = re.compile(r"\s+(?:[-–—|]\s+[^-–—|]{2,40}|\d{4}-\d{2}-\d{2}t[\d:+\-.]+)$")


def _title_base(line: Line) -> str | None:
    """The squashed key of a headline without its page-title suffix or timestamp, if it has one."""
    if line.words > 30:
        return None
    m = _TITLE_SUFFIX.search(line.key)
    if m is None or len(line.key[:m.start()].split()) < 3:
        return None
    return line.key[:m.start()].replace(" ", "").strip("-–—|")


# ---------------------------------------------------------------- line tests shared by stages
def _full_stop(line: Line) -> bool:
    """A short sentence ending in a full stop (headlines end in ! or ? but not a full stop)."""
    return line.words >= 3 and line.text.rstrip().endswith(".")


_CELLS = re.compile(r"\S\s*(?:\||\t)\s*\S")


def _table_row(line: Line) -> bool:
    """A row of a data table (cells split by | or tabs, with a figure): content, however short."""
    text = line.text
    return ("|" in text or "\t" in text) and bool(_CELLS.search(text)) and any(ch.isdigit() for ch in text)


# Verdicts are immutable: one per rule serves every line it names.
def _phrase_verdict(rule: Rule) -> Verdict:
    return _removed(rule.name, rule.reason)


def _structural(name: str) -> Verdict:
    return _removed(name, STRUCTURE_RULES[name][1])


@lru_cache(maxsize=1024)
def _removed(name: str, reason: str) -> Verdict:
    return Verdict(False, name, reason)


_KEEP = {name: Verdict(True, name, reason) for name, reason in KEEP_REASONS.items()}
# Lines named by context, not by a phrase: rules like the phrase rules, so every stage reads them alike.
_CONTEXT_RULES = {name: Rule(name=name, kind=kind, reason=reason, origin="structure")
                  for name, (kind, reason) in STRUCTURE_RULES.items()
                  if name in ("dated-line", "dated-fields", "site-name", "foreign-label", "comment-block")}
