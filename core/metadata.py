"""Metadata from the lines the rules named: news code, dates (Jalali or Gregorian), people, source, tags."""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .dates import AFGHAN_MONTHS, to_iso
from .folding import fold, to_ascii_digits
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
# built from the end, so that where two names share a variant the first listed wins, as in a scan
_AGENCY_BY_KEY = {variant: name for name, variant in reversed(_AGENCY_KEYS)}
_REPORTED_BY = re.compile(r"^به ?گزارش\s+(?:خبرنگار\s+)?(?:[^،,:]{0,30}?\s)?(?:خبرگزاری\s+|پایگاه خبری\s+|سایت\s+)?")

_MONTHS_JALALI = {fold(m): i for i, m in enumerate(
    "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند".split(), start=1)}
_MONTHS_JALALI.update({fold(m): i for i, m in enumerate(AFGHAN_MONTHS, start=1)})
_MONTHS_GREG = {fold(m): i for i, m in enumerate(
    "ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر".split(), start=1)}
_MONTHS_GREG[fold("ژوییه")] = 7
_TEXT_DATE = re.compile(r"(\d{1,2})\s*(" + "|".join(sorted({*_MONTHS_JALALI, *_MONTHS_GREG}, key=len, reverse=True)) + r")\s*(?:ماه\s*)?(\d{2,4})")
# «جدی ۰۳, ۱۴۰۳»: month, day, year, as Dari sites write it
_TEXT_DATE_MDY = re.compile(r"(" + "|".join(sorted(_MONTHS_JALALI, key=len, reverse=True)) + r")\s*(\d{1,2})\s*[,،]?\s*(\d{4})")
_NUM_DATE = re.compile(r"(\d{2,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,4})")
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*:\s*(\d{2})(?!\d)")
_DIGITS = re.compile(r"[0-9۰-۹٠-٩]+")
_AFTER_LABEL = re.compile(r"^[^:：]{1,30}[:：]\s*")


@lru_cache(maxsize=4096)
def parse_date(text: str) -> str | None:
    """ISO date (and time when given) of a Persian date string, Jalali or Gregorian; None if unsure."""
    key = to_ascii_digits(fold(text))
    y = mo = d = None
    if (m := _TEXT_DATE.search(key)) or (m := _TEXT_DATE_MDY.search(key)):
        if m.re is _TEXT_DATE:
            d, month, y = int(m.group(1)), m.group(2), int(m.group(3))
        else:
            month, d, y = m.group(1), int(m.group(2)), int(m.group(3))
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
    """The Gregorian (year, month, day) of a Jalali date (jdatetime's calendar), or (None, None,
    d) for a date that does not exist."""
    import jdatetime

    try:
        g = jdatetime.date(y, m, d).togregorian()
    except ValueError:
        return None, None, d
    return g.year, g.month, g.day


def _value_after_label(text: str) -> str:
    return _AFTER_LABEL.sub("", text.strip(" \t•-")).strip()


def find_agency(texts: Sequence[str], *, loose: bool) -> str | None:
    """The agency the first of `texts` that names one names: the whole text is a variant of its
    name, or, `loose`, holds one (of over four letters)."""
    for text in texts:
        key = fold(text)
        if key.startswith("لوگو"):           # "لوگو ورزش سهورزش سه": logo alt text glued to the name
            key, loose = key[4:].strip(), True
        if not loose:
            # a page's header lines are tried one by one: one dict lookup each, not a scan
            if (found := _AGENCY_BY_KEY.get(key)) is not None:
                return found
            continue
        for name, variant in _AGENCY_KEYS:
            if key == variant or (loose and variant in key and len(variant) > 4):
                return name
    return None


# Site domains, for pages that name themselves only by address ("isna header", a short link).
DOMAINS: dict[str, str] = {
    "ilna": "ILNA", "irna": "IRNA", "isna": "ISNA", "mehrnews": "Mehr", "tasnimnews": "Tasnim",
    "tn.ai": "Tasnim", "farsnews": "Fars", "yjc": "YJC", "khabaronline": "Khabaronline",
    "hamshahrionline": "Hamshahri", "tabnak": "Tabnak", "asriran": "Asriran", "entekhab": "Entekhab",
    "donya-e-eqtesad": "Donya-e-Eqtesad", "varzesh3": "Varzesh3", "bbc": "BBC Persian",
    "radiofarda": "Radio Farda", "ana.press": "ANA", "iqna": "IQNA", "mizanonline": "Mizan",
}
_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?([a-z0-9.\-]+)\.(?:ir|com|net|org|ai|press|news)\b")
_CODE_TOKEN = re.compile(r"[\w/\-]*\d[\w/\-]*")
_URL = re.compile(r"https?://[^\s\]\[)(<>\"']+")
_DATE_RULES = ("publish-date", "date-line", "news-code", "dated-line")


def extract(lines: Sequence[Line], verdicts: Sequence[Verdict]) -> Metadata:
    """Metadata from the named lines; values nearest the article win where a page repeats them."""
    meta = Metadata()
    body_at = next((i for i, v in enumerate(verdicts) if v.keep), len(verdicts))
    dates: list[tuple[int, str, str]] = []          # (distance from the article, as found, iso)
    header_texts: list[str] = []
    owner_texts: list[str] = []
    for i, (line, v) in enumerate(zip(lines, verdicts)):
        if v.keep:
            continue            # the article's own lines: metadata is in the lines that went
        rule, text = v.rule, line.text.strip(" \t•")
        if rule == "news-code" and meta.news_code is None:
            after = text.split(":", 1)[1] if ":" in text else text
            if m := _CODE_TOKEN.search(after):
                meta.news_code = m.group()
                meta.news_code_ascii = to_ascii_digits(meta.news_code)
        if rule in _DATE_RULES and (iso := parse_date(text) or (to_iso(text) if rule == "dated-line" else None)):
            found = _value_after_label(text) if rule == "publish-date" else text
            # a publish-date label outranks a bare date (the page header shows today's date)
            rank = (0 if rule == "publish-date" else 1, abs(i - body_at))
            dates.append((rank, found, iso))
        elif rule == "publish-date" and meta.date is None:
            meta.date = _value_after_label(text)
        if rule == "editor" and meta.editor is None:
            meta.editor = text.strip(" /")
        elif rule == "byline":
            label_key = fold(text.split(":", 1)[0])
            value = _value_after_label(text)
            if any(w in label_key for w in ("دبیر", "ویراستار", "تنظیم")):
                meta.editor = meta.editor or value
            elif "عکس" not in label_key and "تصویر" not in label_key:
                meta.author = meta.author or value
        elif rule == "byline-name" and meta.author is None:
            meta.author = text
        elif rule in ("source-line", "source-url") and meta.source is None:
            meta.source = _value_after_label(text) if ":" in text else text.split(None, 1)[-1]
        elif rule == "tags" and not meta.tags:
            rest = text.split(":", 1)[1] if ":" in text else ""
            meta.tags = [t.strip(" #") for t in re.split(r"[،,|#\-•]+|\s{2,}", rest) if t.strip(" #")]
        elif i < body_at and len(header_texts) < 60 and not line.bullet:
            header_texts.append(text)     # bulleted menus list other agencies too
        elif rule in ("disclaimer", "site-notice"):
            owner_texts.append(text)      # "کلیه حقوق این سایت متعلق به ورزش سه است"
        if meta.url is None and not v.keep and "http" in text and (m := _URL.search(text)):
            meta.url = m.group().rstrip("]).,")
    if dates:
        _, meta.date, meta.date_iso = min(dates)
    meta.agency = (next((a for t in header_texts if (a := find_agency([t], loose=False) or _agency_by_domain([t]))), None)
                   or _agency_by_domain([meta.url or ""])
                   or next((a for t in owner_texts if (a := _owner_agency(t))), None)
                   or _reported_by(lines, verdicts)
                   or (find_agency([meta.source], loose=True) if meta.source else None))
    return meta


def _owner_agency(text: str) -> str | None:
    key = fold(text)
    at = key.find("متعلق به")
    return find_agency([key[at:]], loose=True) if at >= 0 else None


def agency_of_site(sitename: str | None, url: str | None) -> str | None:
    """The agency a page's own name (og:site_name) or URL host is, by its fixed English name."""
    return (find_agency([sitename], loose=True) if sitename else None) or (
        _agency_by_domain([url]) if url else None)


def _agency_by_domain(texts: Sequence[str]) -> str | None:
    for text in texts:
        if "." not in text:
            continue                # no host without a dot before its top-level domain
        for m in _DOMAIN.finditer(text.lower()):
            host = m.group(1)
            for key, name in DOMAINS.items():
                if key in host.split(".") or host.endswith(key) or key == host:
                    return name
    return None


def _reported_by(lines: Sequence[Line], verdicts: Sequence[Verdict]) -> str | None:
    """The agency a body names in its dateline: "به گزارش خبرنگار ایلنا از اهواز، ..."."""
    for line, v in zip(lines, verdicts):
        if v.keep and (m := _REPORTED_BY.match(key := line.key)):
            rest = key[m.end():]
            return find_agency([rest[:40]], loose=True) or _first_word_agency(rest)
    return None


def _first_word_agency(rest: str) -> str | None:
    for name, variant in _AGENCY_KEYS:
        if rest.startswith(variant):
            return name
    return None
