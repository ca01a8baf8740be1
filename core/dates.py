"""Is this short line a date, a time, or a row of them? Dates in any written form a page shows.

Pages write their dateline in many forms: «۱۰ آذر ۱۴۰۳», «شنبه ۱۰ آذر ۱۴۰۳، Saturday 30 November
2024», «۲۸ ژوئن ۲۰۲۳», «Jul 28, 2023», «۱۰:۳۰ - ۲۸ ژوئیه ۲۰۲۳», «به روز شده: ۲ ساعت پیش», «السبت ۳۰
نوفمبر ۲۰۲۴». Rather than one more regular expression per form, the words come from two
well-kept libraries: jdatetime (Jalali month and weekday names, and whether a Jalali date
exists) and dateparser (month, weekday and relative-time words of Persian, English and Arabic,
and parsing the Gregorian forms). Both are imported only when a short line with a digit reaches
this module, so the text path's start-up does not pay for them.

A line is a *date line* when every segment (split at «|», «،», « - », «•») is a date, a time, a
weekday, a relative time or a label such as «به روز شده:»; a *dated fields* line has a date
segment beside short non-date fields (a byline, a source, a view count).
"""
from __future__ import annotations

import marshal
import os
import re
import sys
import zlib
from functools import lru_cache

from .cache import read_entry, write_entry
from .folding import fold, to_ascii_digits

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_SEGMENTS = re.compile(r"\s*(?:\||¦|•|،|,|؛|\s[-–—/]\s|^[-–—]\s|\s[-–—]$)\s*")
_LEADING_TIME = re.compile(r"^\s*\d{1,2}\s*:\s*\d{2}\s")
_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
_NUMERIC_DATE = re.compile(r"^\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}$")
# Words that label a date or go with one but name no date part themselves.
_LABEL_WORDS = {
    "به", "روز", "شده", "بروز", "بروزشده", "رسانی", "بروزرسانی", "اخرین", "تاریخ", "انتشار",
    "منتشر", "زمان", "ساعت", "ماه", "سال", "و", "در", "وقت", "تهران", "ایران", "gmt", "utc",
    "updated", "update", "published", "last", "on", "at", "am", "pm", "ق", "ظ", "ب", "صبح", "عصر",
    "شب", "ظهر", "بعدازظهر", "پیش", "قبل", "هجری", "شمسی", "قمری", "میلادی", "date", "time",
}
_UNITS = {"ثانیه", "دقیقه", "ساعت", "روز", "هفته", "ماه", "سال"}
_AGO = {"پیش", "قبل", "ago"}
MAX_WORDS = 16


# The solar months as Afghanistan names them (Dari sites), in the same order as the Iranian names.
AFGHAN_MONTHS = ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت")


@lru_cache(maxsize=1)
def _jalali_words() -> tuple[dict[str, int], frozenset[str]]:
    """(Jalali month name -> number, weekday and label words), folded; from jdatetime (fast import)."""
    import jdatetime

    months = {fold(m).replace(" ", ""): i for i, m in enumerate(jdatetime.date.j_months_fa, start=1)}
    # Afghanistan's names of the same solar months (Dari sites: «جدی ۰۳, ۱۴۰۳», «۱۲ حوت ۱۴۰۲»)
    months.update({fold(m): i for i, m in enumerate(AFGHAN_MONTHS, start=1)})
    words = {fold(w) for w in _LABEL_WORDS} | {"امروز", "دیروز", "پریروز"}
    for w in jdatetime.date.j_weekdays_fa:
        words.update(fold(w).split())
        words.add(fold(w).replace(" ", ""))
    return months, frozenset(words)


_DATEPARSER_LANGUAGES = ("fa", "en", "ar")
_DATEPARSER_KEYS = tuple((
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday year month week day hour minute "
    "second ago am pm").split())


@lru_cache(maxsize=1)
def _dateparser_words() -> frozenset[str]:
    """Month, weekday and relative-time words of Persian, English and Arabic, from dateparser's
    locale data, folded. Asked for only by a line with a word the Jalali vocabulary lacks."""
    words: set[str] = set()
    for phrase in _dateparser_phrases():
        words.update(fold(phrase).lower().split())
    return frozenset(w for w in words if len(w) > 1)


def _dateparser_stamp() -> int:
    """Names the installed dateparser and what is read from it, without importing it (importing
    importlib.metadata to ask its version costs more than the entry saves): where its package
    is, its size and time, as Python's own bytecode cache names a source."""
    from importlib.util import find_spec
    spec = find_spec("dateparser")
    origin = spec.origin if spec is not None and spec.origin else ""
    try:
        st = os.stat(origin)
        installed = (origin, st.st_size, st.st_mtime_ns)
    except OSError:
        installed = (origin, 0, 0)
    return zlib.crc32(repr((installed, _DATEPARSER_LANGUAGES, _DATEPARSER_KEYS)).encode())


def _dateparser_phrases() -> list[str]:
    """The raw phrases of `_dateparser_words`, as dateparser's locale data writes them.

    Reading them means importing dateparser and loading three locales: 0.12 s, most of a
    one-page run when a page's date line has, say, «دبیر» beside it (measured). They change
    only with dateparser, so they are kept in tamiz's cache (core/cache.py), named for the
    installed dateparser and what is read (`_dateparser_stamp`). Plain strings in marshal's format: loading them
    runs nothing, and they are folded here, on every load, so a change in tamiz's folding
    never meets a stale entry.
    """
    name = f"dateparser-phrases-{_dateparser_stamp():08x}-py{sys.version_info[0]}{sys.version_info[1]}.marshal"
    data = read_entry(name)
    if data:
        try:
            phrases = marshal.loads(data)
            if isinstance(phrases, list) and all(isinstance(p, str) for p in phrases):
                return phrases
        except (EOFError, ValueError, TypeError):
            pass                 # damaged: read dateparser again, below
    from dateparser.languages import default_loader

    phrases = []
    for lang in _DATEPARSER_LANGUAGES:
        info = default_loader.get_locale(lang).info
        for key in _DATEPARSER_KEYS:
            phrases.extend(w for w in info.get(key, []) if isinstance(w, str))
        for group in info.get("relative-type", {}).values():
            phrases.extend(p for p in group if isinstance(p, str))
    write_entry(name, marshal.dumps(phrases))
    return phrases


def _known(token: str) -> bool:
    months, words = _jalali_words()
    return token in months or token in words or token in _dateparser_words()


def _tokens(segment: str) -> list[str]:
    return _TOKEN.findall(fold(segment).lower())


def _is_date_segment(segment: str) -> bool:
    """One segment: a date, time, weekday, relative time, or a label of one."""
    seg = fold(segment).lower().strip(" :.()[]")
    if not seg:
        return True
    compact = re.sub(r"\s*([/:.\-])\s*", r"\1", seg)
    parts = [p for p in compact.split() if p.strip(":") not in _LABEL_WORDS]
    if parts and all(_TIME.match(p) or _NUMERIC_DATE.match(p) for p in parts):
        return _numeric_ok(parts)
    tokens = _TOKEN.findall(compact)
    if not tokens or len(tokens) > 8:
        return False
    numbers = [t for t in tokens if t.isdigit()]
    named = [t for t in tokens if not t.isdigit()]
    if not numbers and not all(t in _jalali_words()[1] for t in named):
        return False                    # «شنبه», «دیروز»: no other language's words needed
    if not all(map(_known, named)):
        return False
    jalali = _jalali_words()[0]
    months = [jalali[t] for t in named if t in jalali]
    if months:
        return _jalali_ok(numbers, months[0])
    if not numbers:
        return bool(named) and not all(t in _LABEL_WORDS for t in named)   # «شنبه», «دیروز»
    if not named:
        return False                    # bare numbers are counts, not dates
    if _AGO & set(named) and _UNITS & set(named):
        return True                     # «۲ ساعت پیش», «۳ روز و ۵ ساعت پیش»
    return _parses(segment.rsplit(":", 1)[-1] if re.search(r"[^\W\d_]\s*:", segment) else segment)


def _numeric_ok(parts: list[str]) -> bool:
    for p in parts:
        if _NUMERIC_DATE.match(p):
            a, b, c = (int(x) for x in re.split(r"[/.\-]", p))
            if not (1 <= b <= 12 and (1 <= c <= 31 or 1 <= a <= 31)):
                return False
    return True


def _jalali_ok(numbers: list[str], month: int) -> bool:
    """A Jalali month with a day (and maybe a year and a time): does that date exist?"""
    import jdatetime

    day = next((int(n) for n in numbers if 1 <= int(n) <= 31), None)
    year = next((int(n) for n in numbers if len(n) == 4 or (len(n) == 2 and int(n) > 31)), None)
    if day is None:
        return year is not None         # «آذر ۱۴۰۳»
    if year is None:
        year = 1400
    elif year < 100:
        year += 1300
    try:
        jdatetime.date(year, month, day)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=2048)
def _parses(segment: str) -> bool:
    import dateparser

    text = to_ascii_digits(segment)
    try:
        return dateparser.parse(text, languages=["fa", "en", "ar"],
                                settings={"PREFER_DATES_FROM": "past"}) is not None
    except (ValueError, OverflowError, TypeError):
        return False


def _candidate(text: str, words: int) -> bool:
    return 0 < words <= MAX_WORDS and len(text) <= 160


@lru_cache(maxsize=4096)
def is_date_line(text: str, words: int) -> bool:
    """True for a line made only of dates, times, weekdays, relative times and their labels.

    `words` is the line's word count (Line.words). Only short lines are looked at (≤ 16 words).
    """
    if not _candidate(text, words):
        return False
    folded = fold(text)                  # digits ASCII already
    if not any(map(str.isdigit, folded)) and words > 2:
        return False
    if _is_date_segment(text) and not all(t in _LABEL_WORDS for t in _tokens(text)):
        return True
    segments = [s for s in _SEGMENTS.split(text) if s and s.strip()]
    return len(segments) > 1 and all(_is_date_segment(s) for s in segments) \
        and any(not all(t in _LABEL_WORDS for t in _tokens(s)) for s in segments)


@lru_cache(maxsize=4096)
def is_dated_fields(text: str, words: int) -> bool:
    """True for a short line of fields at least one of which is a date and none a sentence:
    «نوشته شده توسط X | ۱۴ آبان ۱۴۰۱ | ۱۸:۳۰», «ایسنا - ۱۰ آذر ۱۴۰۳», «۰۹:۱۵ ۳ روز پیش مهر 1204»."""
    if not _candidate(text, words) or not any(map(str.isdigit, to_ascii_digits(text))):
        return False
    segments = [s for s in _SEGMENTS.split(text) if s and s.strip()]
    if len(segments) < 2:
        # «۰۹:۳۳ ۸۷ روز و ۸ ساعت پیش افکار نیوز 41 0»: a time, an age, a source and counts
        tokens = set(_tokens(to_ascii_digits(text)))
        return bool(_LEADING_TIME.match(to_ascii_digits(text))) and bool(tokens & _AGO) and bool(tokens & _UNITS)
    dated = sum(_is_date_segment(s) for s in segments)
    return dated >= 1 and all(len(_tokens(s)) <= 6 for s in segments)


def to_iso(text: str) -> str | None:
    """ISO date («2023-07-28», with «T10:30» when a time is given) of a date line that is not
    Jalali («Jul 28, 2023», «۲۸ ژوئن ۲۰۲۳», «السبت ۳۰ نوفمبر ۲۰۲۴»), by dateparser; None if it
    cannot tell, or for a relative time («۲ ساعت پیش»: the page's own date is not known)."""
    import dateparser

    if set(_tokens(text)) & _AGO:
        return None
    try:
        found = dateparser.parse(to_ascii_digits(text), languages=["fa", "en", "ar"],
                                 settings={"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]})
    except (ValueError, OverflowError, TypeError):
        return None
    if found is None:
        return None
    has_time = bool(re.search(r"\d{1,2}\s*:\s*\d{2}", to_ascii_digits(text)))
    return found.strftime("%Y-%m-%dT%H:%M" if has_time else "%Y-%m-%d")
