"""Labelling lines keep/remove: phrase rules first, then the page's structure.

In the spirit of jusText's classify-then-revise: every line is first classified on its own
(a phrase rule names it, or its content score says how much it reads like prose); then the
page's structure revises that: the article is the run of lines around the densest stretch of
prose, it starts at its headline and stops at its last paragraph (and never runs past an end
marker, a comment section, tags or a copyright line); what lies outside goes, a box heading
takes its list with it, a repeated headline goes once.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .lines import Line
from .rulebook import Rule, Rulebook


@dataclass(frozen=True, slots=True)
class Verdict:
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
    "inline-end-marker": ("end", "paragraph kept up to its inline end marker"),
}
KEEP_REASONS = {
    "title": "headline block (overline, headline, lead) before the body",
    "body": "article body",
}

# Kinds whose lines may sit between a headline and the body without ending the headline block.
_TRANSPARENT = {"meta", "junk", "control"}

_Y = "[یيى]"
# "... آخرین جمله. انتهای پیام/", "... / انتهای پیام", "... پایان خبر"
INLINE_END = re.compile(
    rf"\s*[/\\|-]?\s*(?:انتها{_Y}|پا{_Y}ان)[\u200c ]*(?:پ{_Y}ام|خبر|متن|گزارش|مطلب)"
    # the editor's code may follow the slash: "انتهای پیام/ ح", "انتهای پیام/ 4005/"
    rf"\s*(?:[/\\]\s*[\w.]{{0,8}}\s*){{0,3}}\.?\s*$")


def _inline_end(text: str) -> int | None:
    """Where an end marker closing the line starts, if one does (only the tail is searched)."""
    tail = len(text) - 48 if len(text) > 48 else 0
    m = INLINE_END.search(text, tail)
    return m.start() if m else None


def _title_like(line: Line) -> bool:
    return 2 <= line.words <= 40 and line.letters >= 6 and not line.bullet


_BARRIER = -1000.0


def _score(line: Line, rule: Rule | None, repeated: bool = False) -> float:
    """How much a line adds to the case that the article is here (Kadane's input)."""
    if rule is not None:
        if rule.kind in _FOOTER:
            return _BARRIER     # comments, tags, copyright: no article runs across them
        return -1.5 if rule.kind in _TRANSPARENT else -4.0
    if line.prose and line.sentence_end:
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


def _full_stop(line: Line) -> bool:
    """A short sentence ending in a full stop (headlines end in ! or ? but not a full stop)."""
    return line.words >= 3 and line.text.rstrip().endswith(".")


_CELLS = re.compile(r"\S\s*(?:\||\t)\s*\S")


def _table_row(line: Line) -> bool:
    """A row of a data table (cells split by | or tabs, with a figure): content, however short."""
    text = line.text
    return ("|" in text or "\t" in text) and bool(_CELLS.search(text)) and any(ch.isdigit() for ch in text)


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


def label(lines: list[Line], book: Rulebook) -> list[Verdict]:
    """One verdict per line, in order."""
    n = len(lines)
    rules: list[Rule | None] = [book.match(l.key, l.squashed, l.words) for l in lines]
    verdicts: list[Verdict | None] = [None] * n

    # The article's end: the first end marker (own line or inline) after some prose.
    seen_prose = False
    end_at, inline_end = n, False
    for i, (line, rule) in enumerate(zip(lines, rules)):
        if rule is not None and rule.kind == "end" and seen_prose:
            end_at = i
            break
        if rule is None and (line.prose or _full_stop(line)):
            seen_prose = True   # a sentence: a marker from here on closes an article
            if line.words >= 6 and _inline_end(line.text) is not None:
                end_at, inline_end = i, True
                break

    # The body: the densest run of prose before the end.
    # A line shown twice on a page is a link (a headline list, a ticker), not a paragraph.
    counts = Counter(l.squashed for l in lines)
    scores = [_score(l, r, counts[l.squashed] > 1) for l, r in zip(lines[:end_at + inline_end], rules)]
    if inline_end:
        scores[end_at] = max(scores[end_at], 1.0)   # a paragraph closed by its end marker
    span = _densest_run(scores)
    if span is None:
        # No sentence at all (a caption-only item, a list): keep the unnamed, unbulleted lines
        # up to the footer; there is no body to anchor anything else on.
        footer = next((i for i, r in enumerate(rules) if r is not None and r.kind in _FOOTER), n)
        return [_phrase_verdict(r) if r else _KEEP["body"] if i < footer and not lines[i].bullet
                else _structural("after-article") for i, r in enumerate(rules)]
    first, last = span
    last = _extend_over_boxes(lines, rules, last, end_at)
    skipped: list[int] = []   # the metadata block the walk stepped over: chrome, wherever it ends up
    start = _headline_start(lines, rules, first, skipped)
    # Text-browser dumps often show the headline block, then the metadata block, then the
    # headline again: the first copy (with its lead) is the article's, the rest is chrome.
    copy = _earlier_headline(lines, rules, start, first)
    chrome: dict[int, str] = {i: "before-article" for i in skipped}
    if copy is not None:
        copy_start, copy_end = copy
        for i in range(copy_end + 1, start):
            chrome[i] = "before-article"
        for i in range(start, first):
            if lines[i].key == lines[copy_start].key or _same_text(lines, i, copy_start, copy_end):
                chrome[i] = "duplicate-title"
        start = copy_start
    # The article ends with its last paragraph, marker or not: what stands between that and
    # an end marker (a related headline, a credit) goes, as it would on a page without a marker.
    if inline_end:
        last = max(last, end_at)
    stop = last + 1

    for i in range(n):
        rule = rules[i]
        if i < start:
            verdicts[i] = _phrase_verdict(rule) if rule else _structural("before-article")
        elif i >= stop:
            if end_at < n and i > end_at:
                if rule is None and i == end_at + 1 and _editor_like(lines[i]):
                    verdicts[i] = _structural("editor")
                else:
                    verdicts[i] = _phrase_verdict(rule) if rule else _structural("after-end-marker")
            elif i == end_at and not inline_end:
                verdicts[i] = _phrase_verdict(rule) if rule else _structural("after-end-marker")
            else:
                verdicts[i] = _phrase_verdict(rule) if rule else _structural("after-article")
        elif rule is not None:
            verdicts[i] = _phrase_verdict(rule)
        elif i in chrome:
            verdicts[i] = _structural(chrome[i])
        else:
            verdicts[i] = _KEEP["title" if i < first else "body"]
    if inline_end:
        text = lines[end_at].text
        cut = _inline_end(text)
        kept = text[:cut].rstrip() if cut is not None else text
        name, (_, reason) = "inline-end-marker", STRUCTURE_RULES["inline-end-marker"]
        verdicts[end_at] = Verdict(True, name, reason, kept_text=kept)

    _take_box_lists(lines, rules, verdicts, start, stop)
    _drop_repeated_titles(lines, verdicts, first)
    return [v for v in verdicts if v is not None]


# Kinds after which the article does not resume: the page's footer has begun.
_FOOTER = {"end", "tags", "comments", "disclaimer"}


def _extend_over_boxes(lines: list[Line], rules: list[Rule | None], last: int, end_at: int,
                       reach: int = 8) -> int:
    """Carry the body past an in-article box (suggested reading, a share bar) to the paragraphs
    that follow it; stop at the footer (tags, comments, copyright) or after `reach` lines."""
    i = last + 1
    while i < end_at and i - last <= reach:
        line, rule = lines[i], rules[i]
        if rule is not None and rule.kind in _FOOTER:
            break
        if rule is None and ((line.sentence_end and (line.prose or _full_stop(line))) or _table_row(line)):
            last = i
        i += 1
    return last


def _headline_start(lines: list[Line], rules: list[Rule | None], first: int, skipped: list[int]) -> int:
    """Walk back from the body's first line over the headline block (overline, headline, lead).

    Metadata, junk and controls may stand between the block and the body. Where the headline
    stands above a whole metadata block (code, date, section, comment count, often bulleted in
    text-browser dumps), the walk steps over that block. Anything else a rule names, a bullet,
    or a metadata line above an already found headline ends the walk.
    """
    start, titles, i = first, 0, first - 1
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
            break
        lead_ok = titles == 0 and line.prose and line.words <= 80
        if not lead_ok and (not _title_like(line) or line.prose):
            break
        start, titles = i, titles + 1
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
            and (_title_like(lines[end + 1]) or lines[end + 1].prose):
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


def _editor_like(line: Line) -> bool:
    """A name or code right after an end marker: a few words, no sentence."""
    return line.words <= 4 and not line.sentence_end


def _take_box_lists(lines: list[Line], rules: list[Rule | None], verdicts: list[Verdict | None],
                    start: int, stop: int) -> None:
    """Inside the article, a box heading takes the short non-prose lines right under it."""
    i = start
    while i < stop:
        rule = rules[i]
        if rule is not None and rule.box:
            j, one_liners = i + 1, 0
            while j < stop and j - i <= 12 and rules[j] is None:
                if _listed(lines[j]):
                    pass
                elif _one_liner(lines[j]) and (one_liners or (j + 1 < stop and rules[j + 1] is None
                                                              and _one_liner(lines[j + 1]))):
                    one_liners += 1   # headlines written as sentences: two or more in a row
                else:
                    break
                verdicts[j] = _structural("box-list")
                j += 1
            i = j
        else:
            i += 1


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


def _drop_repeated_titles(lines: list[Line], verdicts: list[Verdict | None], first: int) -> None:
    """A headline-like line (no sentence end) shown twice is kept once, wherever the copies stand:
    the page title above the article title, a caption or self-link repeating it lower down.
    Paragraphs that end a sentence may repeat in a real article and are left alone."""
    seen: set[str] = set()
    for i, (line, v) in enumerate(zip(lines, verdicts)):
        if v is None or not v.keep or v.rule not in ("title", "body"):
            continue
        if line.sentence_end and (v.rule == "body" or line.prose):
            continue
        key = line.key
        if key in seen:
            verdicts[i] = _structural("duplicate-title")
        seen.add(key)


# Verdicts are immutable: one per rule serves every line it names.
def _phrase_verdict(rule: Rule) -> Verdict:
    return _removed(rule.name, rule.reason)


def _structural(name: str) -> Verdict:
    return _removed(name, STRUCTURE_RULES[name][1])


@lru_cache(maxsize=1024)
def _removed(name: str, reason: str) -> Verdict:
    return Verdict(False, name, reason)


_KEEP = {name: Verdict(True, name, reason) for name, reason in KEEP_REASONS.items()}
