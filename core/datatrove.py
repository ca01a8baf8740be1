"""tamiz as a datatrove pipeline step (extra `tamiz[datatrove]`): `TamizExtractor`.

Importing `tamiz` never imports datatrove; importing this module does.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from tamiz.datatrove import TamizExtractor

    if __name__ == "__main__":   # LocalPipelineExecutor starts its workers with forkserver
        LocalPipelineExecutor(
            pipeline=[
                WarcReader("crawl/", glob_pattern="*.warc.gz"),
                TamizExtractor(),               # doc.text: the article; the rest in metadata["tamiz"]
                JsonlWriter("out/"),
            ],
            tasks=8, workers=4, logging_dir="logs/",  # counters: logs/stats.json
        ).run()

Never install `datatrove[processing]` beside tamiz: it pins trafilatura below 1.12, which tamiz
needs. `tamiz[datatrove]` installs plain datatrove and what its `WarcReader` (faust-cchardet,
python-magic, which needs the system's libmagic) and `JsonlWriter` (orjson) import.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.extractors.base import BaseExtractor, ExtractorSandbox
from datatrove.utils.logging import logger
from datatrove.utils.typeshelper import StatHints

from .corpus import DEFAULT_TIMEOUT
from .pipeline import DEFAULT_EXTRACTOR, EXTRACTORS, clean

__all__ = ["TamizExtractor"]

_WARMUP = ("<html><head><title>گرم</title></head><body><h1>آزمایش</h1>"
           "<p>این متن کوتاه فقط برای بارگذاری ماژول‌ها پیش از نخستین سند است.</p></body></html>")


class TamizExtractor(BaseExtractor):
    """Clean each document's page with tamiz: `doc.text` becomes the article.

    Input: datatrove `Document`s whose `text` is a page as `str`, HTML or plain text; as
    datatrove's `WarcReader` gives them (an HTML `response` record, or a WET `conversion`
    record's text). The page is cleaned with `tamiz.clean(text, input_format=...)`, "auto" by
    default: HTML pages take the HTML path, WET text the text path.

    Charset: the extractor gets `str`, not bytes. `WarcReader` decodes each record itself, as
    UTF-8, or else with the encoding cchardet guesses (windows-1256 for a Persian page in that
    code page); the HTTP charset and the page's `<meta charset>` are not consulted, so tamiz's
    own decoding (`clean_bytes`, as `tamiz clean crawl.warc.gz` uses it) is not in play here.
    A page whose bytes read as neither is skipped by the reader, before this step.

    Output: every document that has an article, with
        doc.text: `Result.text` (headline, lead and body, one paragraph a line), as
            `tamiz clean` prints it for the same page;
        doc.metadata["tamiz"]: a dict of JSON types, `Result.to_dict()` less `text`, `source`, `encoding`,
            `paragraphs` and `decisions`, and with `removed` as counts:
            `schema`, `title`, `overline`, `lead`, `metadata` (agency, news_code,
            news_code_ascii, date, date_iso, editor, author, source, tags, url, title,
            description, sitename), `removed` ({rule: number of lines removed}),
            `input_format` ("html" | "text"), `extractor` ("tamiz" | "trafilatura" | None),
            `warnings`, `article_found` (always True here).
    A document with no article (`Result.article_found` False: a list of headlines, or page
    chrome only; its text is then "") is dropped.

    Counters (`stat_update`, in the logging folder's stats JSON under this step):
        total: documents in; extracted: documents out, with an article;
        dropped_no_article: dropped, no article (also counted in datatrove's `dropped`);
        timeout: over the time limit, dropped; clean_error: tamiz raised, dropped;
        broken_process: the sandbox process died (e.g. out of memory), dropped;
        removed_<rule>: lines removed by that rule, over all pages, dropped ones too
            (`removed_navigation`, `removed_no-article`, ...);
        forwarded, dropped, doc_len: as every datatrove extractor counts them.
    total = extracted + dropped_no_article + timeout + clean_error + broken_process.

    Time limit: datatrove's own. As for its other extractors, each document is cleaned in
    datatrove's `ExtractorSandbox`, a child process that is killed and replaced when a document
    takes longer than `timeout` seconds; tamiz adds no timer of its own here.

    Args:
        timeout: seconds per document (default 30, as `tamiz clean --timeout`; datatrove's
            extractors default to 1 s, which tamiz's HTML path can exceed on a large page).
        input_format: "auto" (default), "html" or "text", as for `tamiz.clean`.
        rules: extra rules files (TOML), as for `tamiz.clean`.
        normalize: run hazm's Normalizer on the kept text.
        extractor: how HTML pages are read, "tamiz" (default) or "trafilatura" (`tamiz.clean`).
    """

    name = "🧹 tamiz"

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, *, input_format: str = "auto",
                 rules: str | Iterable[str] = (), normalize: bool = False,
                 extractor: str = DEFAULT_EXTRACTOR) -> None:
        super().__init__(timeout)
        if input_format not in ("auto", "html", "text"):
            raise ValueError(f"input_format must be one of auto, text, html, not {input_format!r}")
        self.input_format = input_format
        self.rules = (str(rules),) if isinstance(rules, str) else tuple(str(r) for r in rules)
        self.normalize = normalize
        if extractor not in EXTRACTORS:
            raise ValueError(f"extractor must be one of {', '.join(EXTRACTORS)}, not {extractor!r}")
        self.extractor = extractor

    def extract(self, text: str) -> str:
        """datatrove's extractor contract: the page in, the article out ("" when none)."""
        return clean(text, rules=self.rules, normalize=self.normalize, input_format=self.input_format,
                     extractor=self.extractor).text

    def clean_page(self, text: str) -> tuple[str, dict[str, Any]] | Exception:
        """The article and the dict for `doc.metadata["tamiz"]`. Runs in the sandbox process:
        an exception is returned, not raised (the sandbox raises it again in the pipeline's
        process, where it is counted as `clean_error`; raised in the child, it would kill it)."""
        try:
            result = clean(text, rules=self.rules, normalize=self.normalize, input_format=self.input_format,
                     extractor=self.extractor)
        except Exception as exc:
            return RuntimeError(f"{type(exc).__name__}: {exc}".split("\n", 1)[0])
        info = result.to_dict()
        for key in ("source", "text", "paragraphs", "encoding"):
            del info[key]
        info["removed"] = result.rule_counts()
        return result.text, info

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """BaseExtractor's loop (sandbox, time limit, error counters) with tamiz's Result kept."""
        # A small page cleaned here loads the HTML path's modules (lxml, the rulebook; trafilatura
        # with extractor="trafilatura"), so that the sandbox process forked below has them and
        # its first document does not pay for them within its time limit.
        self.clean_page(_WARMUP)
        with ExtractorSandbox(timeout=self.timeout) as sandbox:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    try:
                        text, info = sandbox.process_document(doc.text, self.clean_page)
                    except TimeoutError:
                        self.stat_update("timeout")
                        logger.warning(f"tamiz: {doc.id}: timed out after {self.timeout:g} s, dropped")
                        continue
                    except EOFError:
                        self.stat_update("broken_process")
                        logger.warning(f"tamiz: {doc.id}: the sandbox process died, dropped")
                        continue
                    except Exception as exc:
                        self.stat_update("clean_error")
                        logger.warning(f"tamiz: {doc.id}: {exc}, dropped")
                        continue
                for rule, n in info["removed"].items():
                    self.stat_update(f"removed_{rule}", value=n)
                if not info["article_found"] or not text:
                    self.stat_update("dropped_no_article", StatHints.dropped)
                    continue
                doc.text = text
                doc.metadata["tamiz"] = info
                self.stat_update("extracted", StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc
