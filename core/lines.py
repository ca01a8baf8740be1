"""Segmenting text into lines and measuring each one: the features every later step reads."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from .folding import line_keys

_WORD = re.compile(r"\w+")
# Letters are counted as runs (sum of run lengths): far fewer match objects than one a letter.
_LETTERS = re.compile(r"[^\W\d_]+")
_PERSIAN_LETTERS = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]+")
_BULLET = re.compile(r"^\s*(?:[•□◦▪▫■●○◆◇►▶\-–—*·]|\d{1,2}[.)-])\s")
# A sentence ends the line: [.!?؟…][\s"'»)\]*]*$ (a closing quote, bracket or asterisk may follow), read from the end (the closing run on the
# reversed line) instead of a search that tries every position of the line.
_SENTENCE_END_CHARS = frozenset(".!?؟…")
_CLOSING_RUN = re.compile(r"[\s\"'»)\]*]*")
_SENTENCE_MARKS = ".!?؟،,؛:"


def _sentence_end(text: str) -> bool:
    last = len(text) - _CLOSING_RUN.match(text[::-1]).end() - 1  # type: ignore[union-attr]
    return last >= 0 and text[last] in _SENTENCE_END_CHARS


# A small fallback for when hazm's data file cannot be found (e.g. a stripped install).
_FALLBACK_STOPWORDS = frozenset(
    "و در به از که این را با است برای آن یک خود تا کرد بر هم نیز گفت شد می ها های او ما اما یا شده "
    "باید هر دو پس کند بود بین دارد شود کرده داد اند ای وی همه چه نه دیگر آنها".split())


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """hazm's Persian stopword list, read from its data file without importing hazm (fast start)."""
    spec = find_spec("hazm")
    if spec and spec.submodule_search_locations:
        for root in spec.submodule_search_locations:
            path = Path(root) / "data" / "stopwords.dat"
            if path.is_file():
                from .folding import fold
                words = {fold(w) for w in path.read_text(encoding="utf-8").split("\n") if w.strip()}
                return frozenset(words | _FALLBACK_STOPWORDS)
    return _FALLBACK_STOPWORDS


_DASHED_LABEL = re.compile(r"^[-–—]\s*[^-–—\d.!?؟:،]+?\s*[-–—]$")


@dataclass(slots=True)
class Line:
    """One non-blank input line with what the rules and the structure pass need to know."""
    no: int            # 1-based line number in the input
    text: str          # original characters, line ending removed
    key: str           # folded key, edge symbols removed
    squashed: str      # key without spaces
    words: int
    stop_ratio: float  # share of words that are stopwords
    bullet: bool
    sentence_end: bool
    prose: bool        # reads like a paragraph of running text (see `_prose`), not a label or headline

    # Read only for a few lines (headline candidates, mid-length prose): counted on demand.
    @property
    def letters(self) -> int:
        return sum(map(len, _LETTERS.findall(self.text)))

    @property
    def persian(self) -> int:
        """Persian/Arabic letters."""
        return sum(map(len, _PERSIAN_LETTERS.findall(self.text)))

    @property
    def marks(self) -> int:
        """Sentence punctuation inside the line."""
        return sum(map(self.text.count, _SENTENCE_MARKS))

    @property
    def section_label(self) -> bool:
        """A section label set between dashes («- اخبار سیاست -»), as sites print one over the
        body: at most four words, no digits, no sentence mark. Its shape names it, whatever the
        site, so it holds on a site the rules have never seen."""
        return 1 <= self.words <= 4 and _DASHED_LABEL.match(self.text.strip()) is not None \
            and self.persian * 2 >= self.letters


def _prose(text: str, words: int, stop_ratio: float, bullet: bool, sentence_end: bool) -> bool:
    """Reads like a paragraph of running text rather than a label, menu item or headline."""
    if words >= 25:
        return True
    if words >= 10 and sentence_end and stop_ratio >= 0.12:
        return True
    return (words >= 15 and stop_ratio >= 0.25 and not bullet
            and sum(map(text.count, _SENTENCE_MARKS)) >= 1)


def as_list_item(line: Line) -> None:
    """Mark `line` as a list item, as a text browser shows an HTML <li> (with a bullet)."""
    line.bullet = True
    line.prose = _prose(line.text, line.words, line.stop_ratio, True, line.sentence_end)


def measure(no: int, text: str, stop: frozenset[str]) -> Line:
    """Measure one line of a page."""
    return Line(no, text, *_features(text, stop))


# Pages of one site share their chrome line for line (menus, footers, boxes), so a batch
# measures the same lines again and again: remember the measures of recent lines.
@lru_cache(maxsize=1 << 14)
def _features(text: str, stop: frozenset[str]) -> tuple[str, str, int, float, bool, bool, bool]:
    key, squashed = line_keys(text)
    tokens = _WORD.findall(key)
    words = len(tokens)
    stop_ratio = sum(map(stop.__contains__, tokens)) / words if words else 0.0
    bullet, sentence_end = bool(_BULLET.match(text)), _sentence_end(text)
    return (key, squashed, words, stop_ratio, bullet, sentence_end,
            _prose(text, words, stop_ratio, bullet, sentence_end))


def split_lines(text: str) -> list[str]:
    """Physical lines; CRLF, CR and Unicode line/paragraph separators all end a line."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n").split("\n")


def segment(text: str) -> list[Line]:
    stop = stopwords()
    return [Line(i, r, *_features(r, stop)) for i, r in enumerate(split_lines(text), start=1)
            if r and not r.isspace()]
