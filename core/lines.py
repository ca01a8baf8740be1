"""Segmenting text into lines and measuring each one: the features every later step reads."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from .folding import line_keys

_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
_PERSIAN_LETTER = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_BULLET = re.compile(r"^\s*(?:[•□◦▪▫■●○◆◇►▶\-–—*·]|\d{1,2}[.)-])\s")
_SENTENCE_END = re.compile(r"[.!?؟…][\s\"'»)\]]*$")
_SENTENCE_MARK = re.compile(r"[.!?؟،,؛:]")

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


@dataclass(slots=True)
class Line:
    """One non-blank input line with what the rules and the structure pass need to know."""
    no: int            # 1-based line number in the input
    text: str          # original characters, line ending removed
    key: str           # folded key, edge symbols removed
    squashed: str      # key without spaces
    words: int
    letters: int
    persian: int       # Persian/Arabic letters
    stop_ratio: float  # share of words that are stopwords
    bullet: bool
    sentence_end: bool
    marks: int         # sentence punctuation inside the line

    @property
    def prose(self) -> bool:
        """Reads like a paragraph of running text rather than a label, menu item or headline."""
        if self.words >= 25:
            return True
        if self.words >= 10 and self.sentence_end and self.stop_ratio >= 0.12:
            return True
        return self.words >= 15 and self.stop_ratio >= 0.25 and self.marks >= 1 and not self.bullet


def measure(no: int, text: str, stop: frozenset[str]) -> Line:
    key, squashed = line_keys(text)
    tokens = _WORD.findall(key)
    words = len(tokens)
    stops = sum(1 for t in tokens if t in stop)
    return Line(
        no=no, text=text, key=key, squashed=squashed, words=words,
        letters=len(_LETTER.findall(text)), persian=len(_PERSIAN_LETTER.findall(text)),
        stop_ratio=stops / words if words else 0.0,
        bullet=bool(_BULLET.match(text)),
        sentence_end=bool(_SENTENCE_END.search(text)),
        marks=len(_SENTENCE_MARK.findall(text)),
    )


def split_lines(text: str) -> list[str]:
    """Physical lines; CRLF, CR and Unicode line/paragraph separators all end a line."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n").split("\n")


def segment(text: str) -> list[Line]:
    stop = stopwords()
    return [measure(i, raw, stop) for i, raw in enumerate(split_lines(text), start=1) if raw.strip()]
