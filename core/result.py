"""The result model: what `clean` returns, and its JSON form."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Removal:
    """One removed input line (1-based line number) and why it went."""
    line: int
    text: str
    rule: str
    reason: str


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on one non-blank input line, as `--explain` shows it."""
    line: int
    text: str
    keep: bool
    rule: str
    reason: str
    kept_text: str | None = None  # for a kept line cut by an inline marker: the part kept


@dataclass(slots=True)
class Metadata:
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
    extractor: str | None = None          # HTML only: "trafilatura" | "fallback"
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

    def to_dict(self, *, decisions: bool = False) -> dict[str, Any]:
        """The documented JSON form (see README, "JSON schema")."""
        out: dict[str, Any] = {
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
