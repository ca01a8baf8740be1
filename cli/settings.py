"""What one `tamiz clean` run was asked to do: resolved once in main.py, shipped to workers."""
from __future__ import annotations

from dataclasses import dataclass

TEXT_GLOBS = ("*.txt", "*.html", "*.htm")
JSONL_GLOBS = ("*.jsonl",)
WARC_GLOBS = ("*.warc", "*.warc.gz", "*.wet", "*.wet.gz")


@dataclass(frozen=True, slots=True)
class Settings:
    fmt: str = "text"                   # text | json | jsonl
    input_format: str = "auto"          # auto | text | html | jsonl | warc (the last two: records)
    field: str = "text"                 # jsonl input: the field holding each page
    output_field: str = "clean_text"    # jsonl input: the field the cleaned text goes to
    explain: bool = False
    colour: bool = False                # explain output coloured (stdout is a terminal)
    rules: tuple[str, ...] = ()
    normalize: bool = False
    extractor: str = "tamiz"            # HTML: tamiz | trafilatura (tamiz.pipeline.EXTRACTORS)
    globs: tuple[str, ...] = TEXT_GLOBS
    max_bytes: int = 0                  # 0: no limit
    out_dir: str | None = None
    skip_existing: bool = False
    jobs: int = 1
    progress: bool = False
    quiet: bool = False
    timeout: float = 0.0                # seconds per document; 0: none
    learn: bool = False                 # learn each site's template from the batch first
    site_key: str = "auto"              # auto | host | folder | none (tamiz.template.site_of)
    template: dict | None = None        # learned: {site: (LearnedLine, ...)}, set between passes

    @property
    def records(self) -> bool:
        """JSON Lines or WARC input: one document per record, one output record for each."""
        return self.input_format in ("jsonl", "warc")

    @property
    def explain_view(self) -> bool:
        """--explain as lines for a reader (kept +, removed -) rather than decisions in JSON: in
        text format, for pages (to stdout or --out) and JSON Lines records (to stdout; under
        --out a records file stays a records file, with the decisions in each record)."""
        return self.explain and self.fmt == "text" and not (self.records and self.out_dir)

    @property
    def content_format(self) -> str:
        """How each document's content is read: a record's field is sniffed like a file."""
        return "auto" if self.records else self.input_format
