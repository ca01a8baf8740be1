"""The folded matching key of a line.

Rules match on this key, never on the raw text, so that letter variants (ي/ى→ی, ك→ک, ة/ۀ→ه),
ZWNJ / space / no-space spellings ("نرم افزار", "نرم‌افزار", "نرمافزار"), Persian/Arabic/Latin
digits, tatweel, diacritics and Arabic presentation forms all match alike. Output always keeps
the original characters.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_DIGITS = {ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")})

_LETTERS = {
    ord("ي"): "ی", ord("ى"): "ی", ord("ئ"): "ی", ord("ك"): "ک", ord("ة"): "ه", ord("ۀ"): "ه",
    ord("ؤ"): "و", ord("أ"): "ا", ord("إ"): "ا", ord("ٱ"): "ا", ord("آ"): "ا",
    ord("ـ"): None,  # tatweel
    ord("\u200d"): None, ord("\u200e"): None, ord("\u200f"): None, ord("\ufeff"): None,
    ord("\u202a"): None, ord("\u202b"): None, ord("\u202c"): None, ord("\u202d"): None,
    ord("\u202e"): None, ord("\u2066"): None, ord("\u2067"): None, ord("\u2068"): None,
    ord("\u2069"): None,
    ord("\u200c"): " ", ord("\u00a0"): " ", ord("\u202f"): " ", ord("\u2009"): " ",
    ord("\u200b"): None,
}
# Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef) carry no letters.
_LETTERS.update({cp: None for cp in range(0x064B, 0x0660)})
_LETTERS[0x0670] = None
_TABLE = {**_LETTERS, **_DIGITS}

_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")

# str.translate looks every character up in a dict, which is slow on non-ASCII text (the text
# path's top hot spot). No replacement is itself a key, so replacing entry by entry gives the
# same result, each step one fast C scan.
_CHAIN = tuple((chr(k), v or "") for k, v in _TABLE.items())
assert not any(ord(c) in _TABLE for v in _TABLE.values() if v for c in v)
_REPLACE = dict(_CHAIN)
# Which of those characters a line holds: one regex scan, which skips the characters it does not
# want in C (a set intersection with the line makes a string object of every character: 5x slower).
_FOLDED_CHAR = re.compile("[" + "".join(map(re.escape, sorted(_REPLACE))) + "]")


def fold_chars(text: str) -> str:
    """`fold`'s character mapping alone (presentation forms, letters, digits, invisibles).

    Maps character by character and never touches line breaks, so a whole page can be mapped
    at once and then split into lines.
    """
    if _PRESENTATION.search(text):
        text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    # only the characters the text holds: one C pass to find them, then one replace each
    if _FOLDED_CHAR.search(text) is None:
        return text
    for old in set(_FOLDED_CHAR.findall(text)):
        text = text.replace(old, _REPLACE[old])
    return text


def fold(text: str) -> str:
    """Fold `text` to its matching key: letters unified, digits ASCII, spaces single, lower case."""
    return fold_mapped(fold_chars(text))


def fold_mapped(mapped: str) -> str:
    """The rest of `fold` for text already through `fold_chars`: spaces single, stripped, lower.

    str.split() splits on exactly what the regex \\s matches, and is several times faster.
    """
    return " ".join(mapped.split()).lower()


def squash(key: str) -> str:
    """A folded key without spaces: makes "نرم افزار" and "نرمافزار" one key."""
    return key.replace(" ", "")


# Bullets, list markers, punctuation and stray symbols at either end of a line say nothing
# about what the line is: "• چاپ", "انتهای پیام/", "بیشتر »»" are "چاپ", "انتهای پیام", "بیشتر".
_NOT_WORD_RUN = re.compile(r"[\W_]*")


def strip_edges(key: str) -> str:
    """`key` without the runs of non-word characters at its ends (same as ^[\\W_]+|[\\W_]+$ → "").

    Matching the run at the start of the string and of its reverse avoids a search that
    tries every position of the line.
    """
    lead = _NOT_WORD_RUN.match(key).end()  # type: ignore[union-attr]  # [..]* always matches
    if lead == len(key):
        return ""
    trail = _NOT_WORD_RUN.match(key[::-1]).end()  # type: ignore[union-attr]
    return key[lead:len(key) - trail]


def line_keys(text: str, mapped: str | None = None) -> tuple[str, str]:
    """(key, squashed) of a line: the folded key without edge symbols, and that key without spaces.

    `mapped` is the line already through `fold_chars` (segment maps a whole page at once).
    """
    key = strip_edges(fold_mapped(fold_chars(text) if mapped is None else mapped))
    return key, key.replace(" ", "")


@lru_cache(maxsize=8192)
def fold_phrase(phrase: str, mode: str = "exact") -> str:
    """The key of a rule phrase as matched against a line's squashed key.

    An exact phrase loses its edge symbols like a line does; a prefix keeps its trailing
    symbols ("منبع:" must not match "منبعی"); a contained phrase keeps both.
    """
    key = fold(phrase)
    if mode == "exact":
        key = strip_edges(key) or key
    elif mode == "prefix":
        key = re.sub(r"^[\W_]+", "", key) or key
    return squash(key)


_NATIVE_DIGIT = re.compile("[۰-۹٠-٩]")
_ASCII_OF = {chr(k): v for k, v in _DIGITS.items()}


def to_ascii_digits(text: str) -> str:
    """`text` with Persian and Arabic-Indic digits as ASCII ones, everything else unchanged.

    As in `fold_chars`: a regex finds the digits present, one replace each (str.translate with
    a dict costs ~10 µs on a short Persian line, most of it for characters it leaves alone).
    """
    if _NATIVE_DIGIT.search(text) is None:
        return text
    for digit in set(_NATIVE_DIGIT.findall(text)):
        text = text.replace(digit, _ASCII_OF[digit])
    return text


def headline_keys(headlines: Iterable[str | None]) -> list[str]:
    """The keys (`line_keys`) of the headlines a page's markup states (<h1>, og:title) that can
    name a line: two words or more (a one-word <h1> is a logo or a section)."""
    return [k for k in (line_keys(h)[0] for h in headlines if h) if len(k.split()) >= 2]


def is_headline(key: str, headlines: Iterable[str]) -> bool:
    """A line's key that is a headline's: equal to one, or nearly all of one, or one of it
    nearly all of the line (a site's name or an overline glued to one side in the markup)."""
    for h in headlines:
        if key == h or (len(h) > 10 and h in key and len(key) < len(h) * 1.5) \
                or (len(key) > 10 and key in h and len(key) >= len(h) * 0.6):
            return True
    return False
