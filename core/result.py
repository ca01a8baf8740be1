"""The result model: what `clean` returns, and its JSON form."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1


# Removal and Decision are plain records (not frozen): a frozen dataclass's __init__ costs
# 1.5 µs against 0.4 µs, and a page makes one or two of them per line.
@dataclass(slots=True)
class Removal:
    """One removed input line and why it went.

    Fields:
        line (int): 1-based line number in the input text; for HTML input, in the text
            extracted from the page (trafilatura's article or the visible text), not the HTML
            source.
        text (str): the line as it was in the input, line ending removed.
        rule (str): the name of the rule that removed it: a phrase rule of `rules.toml` or a
            user's rules file (e.g. "share-links"), or a structural rule (e.g. "before-article").
        reason (str): that rule's one-line reason, in English.
    """
    line: int
    text: str
    rule: str
    reason: str


@dataclass(slots=True)
class Decision:
    """The verdict on one non-blank input line, as `--explain` shows it.

    Fields:
        line (int): 1-based line number, counted as in `Removal.line`.
        text (str): the line as it was in the input.
        keep (bool): True if the line (or part of it, see `kept_text`) is in `Result.text`.
        rule (str): the rule that decided: "title" or "body" for a kept line, otherwise the
            removing rule's name.
        reason (str): that rule's one-line reason, in English.
        kept_text (str | None): for a kept line cut by an inline end marker, the part kept;
            None otherwise.
    """
    line: int
    text: str
    keep: bool
    rule: str
    reason: str
    kept_text: str | None = None  # for a kept line cut by an inline marker: the part kept


@dataclass(slots=True)
class Metadata:
    """What the page says about the article; each field is None (`tags`: empty) when not found.

    Values are as found on the page unless said otherwise; for HTML input, fields the lines do
    not give are filled from the page's own metadata (<title>, og: tags, trafilatura's).

    Fields:
        agency (str | None): the publishing news agency or site, by a fixed English name
            (e.g. "IRNA", "ISNA", "Tasnim"), from the site's header, a URL's domain, the
            copyright line or «به گزارش ...».
        news_code (str | None): the page's news code (کد خبر) as found, digits as written,
            e.g. "۵۹۴۸۵۶".
        news_code_ascii (str | None): the same code with ASCII digits, e.g. "594856".
        date (str | None): the publication date as found, e.g. "۹ خرداد ۱۳۹۸ - ۰۶:۵۸".
        date_iso (str | None): that date in ISO 8601, Gregorian (a Jalali date is converted),
            local time as the page gives it, no time zone: "2019-05-30", or "2019-05-30T06:58"
            when the page gives a time.
        editor (str | None): the editor's name or code, as found (a دبیر or تنظیم byline, or
            the name or code after the end marker).
        author (str | None): the reporter or author named in a byline.
        source (str | None): the source the article credits (منبع), a name or a URL.
        tags (list[str]): the page's tags or keywords, in page order.
        url (str | None): the article's URL: the page's canonical/og:url, or one in a removed line.
        title (str | None): the title from the HTML page's metadata (og:title, <title>);
            HTML input only. The cleaned headline is `Result.title`.
        description (str | None): the HTML page's description (meta description, og:description).
        sitename (str | None): the site's name as the HTML page gives it (og:site_name).
    """
    agency: str | None = None
    news_code: str | None = None          # as found, e.g. "۵۹۴۸۵۶"
    news_code_ascii: str | None = None    # "594856"
    date: str | None = None               # as found
    date_iso: str | None = None           # "2019-05-30" or "2019-05-30T06:58"
    editor: str | None = None
    author: str | None = None
    source: str | None = None
    tags: list[str] = field(default_factory=list)
    url: str | None = None
    title: str | None = None              # from HTML metadata, when any
    description: str | None = None
    sitename: str | None = None


@dataclass(slots=True)
class Result:
    """A cleaned page: the article's text, its parts, its metadata, and why each line went.

    Fields:
        text (str): the article: the kept lines, stripped, joined with newlines (no blank lines);
            "" when no article was found.
        title (str | None): the headline, when recognised.
        overline (str | None): the short line above the headline (روتیتر), when there is one.
        lead (str | None): the lead (لید): the summary under the headline, when recognised.
        paragraphs (list[str]): the body paragraphs after the headline block, in order.
        metadata (Metadata): news code, dates, agency, people, tags, ... (see `Metadata`).
        removed (list[Removal]): every removed line, in input order, with its rule and reason.
            Every non-blank input line is either in `text` or here.
        decisions (list[Decision]): the verdict on every non-blank input line, kept or not.
        input_format (str): the path that ran: "text" or "html".
        encoding (str | None): the codec the bytes were decoded with (e.g. "utf-8",
            "windows-1256"); set by `clean_bytes`, None from `clean`.
        extractor (str | None): HTML only, which reading of the page gave `text`: "tamiz"
            (the page's whole visible text) or "trafilatura" (its article reading); None for text.
        warnings (list[str]): notes on the input, e.g. undecodable bytes replaced, or why no
            article was found.
        article_found (bool): False when the page holds no article (a list of headlines, or
            page chrome only); `text` is then "" and a warning says why.

    `to_dict()` gives the JSON form (README, "JSON schema"); `kept_lines` the lines of `text`;
    `rule_counts()` the number of removed lines per rule.
    """
    text: str
    title: str | None
    overline: str | None
    lead: str | None
    paragraphs: list[str]
    metadata: Metadata
    removed: list[Removal]
    decisions: list[Decision]
    input_format: str = "text"            # "text" | "html"
    encoding: str | None = None           # set by the bytes entry
    extractor: str | None = None          # HTML only: "tamiz" | "trafilatura"
    warnings: list[str] = field(default_factory=list)
    article_found: bool = True            # False: a list page or chrome only; `text` is empty

    @property
    def kept_lines(self) -> list[str]:
        return self.text.split("\n") if self.text else []

    def rule_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in self.removed:
            counts[r.rule] = counts.get(r.rule, 0) + 1
        return counts

    def to_dict(self, *, decisions: bool = False, source: str | None = None) -> dict[str, Any]:
        """The documented JSON form (README, "JSON schema"), as `tamiz clean --format json`
        prints it: a dict of JSON types (str, int, bool, None, lists, dicts) whose keys start
        with `source` (the input's name; None unless given) and `schema` (the layout's version).
        `decisions=True` adds `decisions` (every line's verdict), as `--explain` does.
        """
        out: dict[str, Any] = {
            "source": source,
            "schema": SCHEMA_VERSION,
            "text": self.text,
            "title": self.title,
            "overline": self.overline,
            "lead": self.lead,
            "paragraphs": list(self.paragraphs),
            "metadata": asdict(self.metadata),
            "removed": [asdict(r) for r in self.removed],
            "input_format": self.input_format,
            "encoding": self.encoding,
            "extractor": self.extractor,
            "warnings": list(self.warnings),
            "article_found": self.article_found,
        }
        if decisions:
            out["decisions"] = [asdict(d) for d in self.decisions]
        return out
