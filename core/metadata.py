"""Metadata from the lines the rules named: news code, dates (Jalali or Gregorian), people, source, tags."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .folding import fold, to_ascii_digits
from .jalali import jalali_to_gregorian
from .lines import Line
from .result import Metadata
from .structure import Verdict

# Agencies by the names a page uses for itself, folded; the first match wins. Ambiguous short
# names (مهر is a month, فارس a province) only count as a site name or after "به گزارش".
AGENCIES: list[tuple[str, tuple[str, ...]]] = [
    ("ILNA", ("خبرگزاری کار ایران", "ایلنا")),
    ("IRNA", ("خبرگزاری جمهوری اسلامی", "ایرنا")),
    ("ISNA", ("خبرگزاری دانشجویان ایران", "ایسنا")),
    ("Mehr", ("خبرگزاری مهر", "مهر")),
    ("Tasnim", ("خبرگزاری تسنیم", "تسنیم")),
    ("Fars", ("خبرگزاری فارس", "فارس")),
    ("YJC", ("باشگاه خبرنگاران جوان", "باشگاه خبرنگاران")),
    ("Khabaronline", ("خبرآنلاین", "خبر آنلاین")),
    ("Hamshahri", ("همشهری آنلاین", "همشهری")),
    ("Tabnak", ("تابناک",)),
    ("Asriran", ("عصر ایران", "عصرایران")),
    ("Entekhab", ("انتخاب",)),
    ("Donya-e-Eqtesad", ("دنیای اقتصاد",)),
    ("Varzesh3", ("ورزش سه", "ورزش3")),
    ("BBC Persian", ("بی بی سی فارسی", "bbc فارسی")),
    ("Radio Farda", ("رادیو فردا",)),
    ("ANA", ("خبرگزاری آنا",)),
    ("IQNA", ("ایکنا",)),
    ("Mizan", ("خبرگزاری میزان",)),
]
_AGENCY_KEYS = [(name, fold(v)) for name, variants in AGENCIES for v in variants]
_REPORTED_BY = re.compile(r"^به ?گزارش\s+(?:خبرنگار\s+)?(?:[^،,:]{0,30}?\s)?(?:خبرگزاری\s+|پایگاه خبری\s+|سایت\s+)?")

_MONTHS_JALALI = {fold(m): i for i, m in enumerate(
    "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند".split(), start=1)}
_MONTHS_GREG = {fold(m): i for i, m in enumerate(
    "ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر".split(), start=1)}
_MONTHS_GREG[fold("ژوییه")] = 7
_TEXT_DATE = re.compile(r"(\d{1,2})\s*(" + "|".join(sorted({*_MONTHS_JALALI, *_MONTHS_GREG}, key=len, reverse=True)) + r")\s*(?:ماه\s*)?(\d{2,4})")
_NUM_DATE = re.compile(r"(\d{2,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,4})")
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*:\s*(\d{2})(?!\d)")
_DIGITS = re.compile(r"[0-9۰-۹٠-٩]+")
_AFTER_LABEL = re.compile(r"^[^:：]{1,30}[:：]\s*")


def parse_date(text: str) -> str | None:
    """ISO date (and time when given) of a Persian date string, Jalali or Gregorian; None if unsure."""
    key = to_ascii_digits(fold(text))
    y = mo = d = None
    if m := _TEXT_DATE.search(key):
        d, month, y = int(m.group(1)), m.group(2), int(m.group(3))
        if month in _MONTHS_JALALI and not (month in _MONTHS_GREG and y > 1700):
            mo = _MONTHS_JALALI[month]
            if y < 100:
                y += 1300
            if not 1200 < y < 1600:
                return None
            y, mo, d = _safe_jalali(y, mo, d)
        else:
            mo = _MONTHS_GREG[month]
    elif m := _NUM_DATE.search(key):
        a, b, c = (int(g) for g in m.groups())
        if len(m.group(1)) == 2 and a > 31:       # 98/02/11: a two-digit Jalali year
            a += 1300
        if 1200 < a < 1600:
            y, mo, d = _safe_jalali(a, b, c)
        elif 1900 < a < 2200:
            y, mo, d = a, b, c
        elif 1900 < c < 2200:
            y, mo, d = c, b, a
        else:
            return None
    if y is None or mo is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    iso = f"{y:04d}-{mo:02d}-{d:02d}"
    if t := _TIME.search(key[m.end():] if m else key):
        h, mi = int(t.group(1)), int(t.group(2))
        if h < 24 and mi < 60:
            iso += f"T{h:02d}:{mi:02d}"
    return iso


def _safe_jalali(y: int, m: int, d: int) -> tuple[int | None, int | None, int]:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None, None, d
    return jalali_to_gregorian(y, m, d)


def _value_after_label(text: str) -> str:
    return _AFTER_LABEL.sub("", text.strip(" \t•-")).strip()


def find_agency(texts: Sequence[str], *, loose: bool) -> str | None:
    for text in texts:
        key = fold(text)
        for name, variant in _AGENCY_KEYS:
            if key == variant or (loose and variant in key and len(variant) > 4):
                return name
    return None


def extract(lines: Sequence[Line], verdicts: Sequence[Verdict]) -> Metadata:
    meta = Metadata()
    header_texts: list[str] = []
    for line, v in zip(lines, verdicts):
        rule, text = v.rule, line.text.strip()
        if rule == "news-code" and meta.news_code is None:
            after = text.split(":", 1)[-1] if ":" in text else text
            if m := _DIGITS.search(after):
                meta.news_code, meta.news_code_ascii = m.group(), to_ascii_digits(m.group())
        elif rule in ("publish-date", "date-line") and meta.date_iso is None:
            iso = parse_date(text)
            if iso:
                meta.date, meta.date_iso = _value_after_label(text) if rule == "publish-date" else text.strip(" •"), iso
            elif meta.date is None and rule == "publish-date":
                meta.date = _value_after_label(text)
        elif rule == "editor" and meta.editor is None:
            meta.editor = text.strip(" /")
        elif rule == "byline":
            label_key = fold(text.split(":", 1)[0])
            value = _value_after_label(text)
            if any(w in label_key for w in ("دبیر", "ویراستار", "تنظیم")):
                meta.editor = meta.editor or value
            else:
                meta.author = meta.author or value
        elif rule == "source-line" and meta.source is None:
            meta.source = _value_after_label(text) if ":" in text else text.split(None, 1)[-1]
        elif rule == "tags" and not meta.tags:
            rest = text.split(":", 1)[1] if ":" in text else ""
            meta.tags = [t.strip(" #") for t in re.split(r"[،,|#\-•]+|\s{2,}", rest) if t.strip(" #")]
        elif rule in ("site-header", "before-article") and len(header_texts) < 40:
            header_texts.append(text)
        if meta.url is None and not v.keep and (m := re.search(r"https?://\S+", text)):
            meta.url = m.group().rstrip("]).,")
        # a news code as a second field on a metadata line: "کد خبر: 1608590/13 زمان: 19:04 1398/02/11"
        if rule == "news-code" and meta.date_iso is None:
            iso = parse_date(text)
            if iso:
                meta.date, meta.date_iso = text, iso
    meta.agency = find_agency(header_texts, loose=False)
    if meta.agency is None:
        for line, v in zip(lines, verdicts):
            if v.keep and (m := _REPORTED_BY.match(fold(line.text))):
                meta.agency = find_agency([fold(line.text)[m.end():][:40]], loose=True) or _first_word_agency(fold(line.text)[m.end():])
                break
    if meta.agency is None and meta.source:
        meta.agency = find_agency([meta.source], loose=True)
    return meta


def _first_word_agency(rest: str) -> str | None:
    for name, variant in _AGENCY_KEYS:
        if rest.startswith(variant):
            return name
    return None
