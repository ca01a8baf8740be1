"""tamiz as a datatrove step (issue 10): `TamizExtractor` after datatrove's own `WarcReader`,
run by `LocalPipelineExecutor` with 2 tasks over 2 WARC files built here, gives each page the
text `tamiz clean` prints for it, its metadata under `tamiz`, and counts in the stats."""
from __future__ import annotations

import gzip
import html
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("datatrove")
# What datatrove's WarcReader and JsonlWriter import (tamiz[datatrove] installs them);
# python-magic also needs the system's libmagic.
pytest.importorskip("cchardet")
pytest.importorskip("magic")
pytest.importorskip("orjson")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
HTML = sorted((DATA / "html").glob("*.html"))  # kayhan_cp1256.html is windows-1256
LIST_PAGE = DATA / "real" / "raw" / "iqna-001.txt"  # a list of headlines: no article
WET_PAGE = DATA / "agencies" / "bbc.txt"
TAMIZ = str(Path(sys.executable).parent / "tamiz")

# LocalPipelineExecutor starts its multiprocess Manager with fork from this (threaded) process:
# datatrove's doing, and harmless here.
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")


def _listing_html() -> bytes:
    lines = [ln for ln in LIST_PAGE.read_text(encoding="utf-8").splitlines() if ln.strip()]
    body = "".join(f"<p>{html.escape(ln)}</p>\n" for ln in lines)
    return f"<html><head><meta charset='utf-8'></head><body>\n{body}</body></html>".encode("utf-8")


def _write_warc(path: Path, records: list[tuple]) -> None:
    """records: ("response", url, payload type, body) | ("conversion", url, body) | ("request", url).
    Each record carries `WARC-Identified-Payload-Type`, as Common Crawl's do: WarcReader filters
    on it."""
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for kind, url, *rest in records:
            if kind == "response":
                ctype, body = rest
                http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
                rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                           warc_headers_dict={"WARC-Identified-Payload-Type": ctype})
            elif kind == "conversion":
                rec = w.create_warc_record(url, "conversion", payload=io.BytesIO(rest[0]),
                                           warc_content_type="text/plain",
                                           warc_headers_dict={"WARC-Identified-Payload-Type": "text/plain"})
            else:
                http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.ir")], is_http_request=True)
                rec = w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http)
            w.write_record(rec)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    from tamiz.datatrove import TamizExtractor

    tmp = tmp_path_factory.mktemp("datatrove")
    (tmp / "crawl").mkdir()
    pages = {f"https://example.ir/{p.stem}": p for p in HTML}
    urls = list(pages)
    first = [("request", u) for u in urls[:3]] + [("response", u, "text/html", pages[u].read_bytes()) for u in urls[:3]]
    first.append(("response", "https://example.ir/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)))
    second = [("response", u, "text/html", pages[u].read_bytes()) for u in urls[3:]]
    second.append(("response", "https://example.ir/list", "text/html", _listing_html()))
    second.append(("conversion", "https://example.ir/bbc", WET_PAGE.read_bytes()))
    _write_warc(tmp / "crawl" / "a.warc.gz", first)
    _write_warc(tmp / "crawl" / "b.warc.gz", second)

    LocalPipelineExecutor(
        pipeline=[WarcReader(str(tmp / "crawl"), glob_pattern="*.warc.gz"), TamizExtractor(),
                  JsonlWriter(str(tmp / "out"))],
        tasks=2, workers=2, logging_dir=str(tmp / "logs"),
    ).run()
    docs = [json.loads(line) for f in sorted((tmp / "out").glob("*.jsonl.gz"))
            for line in gzip.open(f, "rt", encoding="utf-8")]
    stats = json.loads((tmp / "logs" / "stats.json").read_text(encoding="utf-8"))
    return {"pages": pages, "docs": docs, "stats": stats, "logs": tmp / "logs"}


def _cli_text(path: Path) -> str:
    p = subprocess.run([TAMIZ, "clean", str(path)], capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return p.stdout.decode("utf-8").rstrip("\n")


def test_each_page_with_an_article_is_one_document_with_the_clis_text(run: dict) -> None:
    docs = {d["metadata"]["url"]: d for d in run["docs"]}
    pages = {**run["pages"], "https://example.ir/bbc": WET_PAGE}
    # The list page and the image are not there; every other page is, once.
    assert len(run["docs"]) == len(docs) == len(pages)
    assert set(docs) == set(pages)
    for url, path in pages.items():
        doc = docs[url]
        assert doc["id"].startswith("<urn:uuid:"), doc["id"]
        assert doc["text"] == _cli_text(path), url


def test_the_tamiz_metadata_holds_the_result_less_the_text_and_the_removal_counts(run: dict) -> None:
    docs = {d["metadata"]["url"]: d for d in run["docs"]}
    isna = docs["https://example.ir/isna_new"]["metadata"]["tamiz"]
    assert isna["input_format"] == "html" and isna["article_found"] is True
    assert isna["metadata"]["agency"] == "ISNA" and isna["metadata"]["news_code_ascii"] == "1402102516789"
    assert isna["title"] and isna["title"] in docs["https://example.ir/isna_new"]["text"]
    assert all(isinstance(n, int) and n > 0 for n in isna["removed"].values())
    assert not {"text", "source", "paragraphs", "encoding", "decisions"} & set(isna)
    assert docs["https://example.ir/bbc"]["metadata"]["tamiz"]["input_format"] == "text"  # WET text
    # The reader's own metadata stays beside it.
    assert docs["https://example.ir/isna_new"]["metadata"]["date"]


def test_the_counters_say_what_was_extracted_dropped_and_removed(run: dict) -> None:
    step = next(s for s in run["stats"] if "tamiz" in s["name"])
    counts = {k: v["total"] if isinstance(v, dict) else v for k, v in step["stats"].items()}
    n = len(run["pages"]) + 2  # the HTML pages, the list page, the WET page
    assert counts["total"] == n
    assert counts["extracted"] == counts["forwarded"] == n - 1
    assert counts["dropped_no_article"] == counts["dropped"] == 1
    assert not {"timeout", "clean_error", "broken_process"} & set(counts)
    removed = {k: v for k, v in counts.items() if k.startswith("removed_")}
    assert removed["removed_no-article"] > 0  # the list page's lines
    # Every page's removals, the dropped list page's too.
    import tamiz
    expected = tamiz.clean(_listing_html().decode("utf-8")).rule_counts()
    for d in run["docs"]:
        for rule, k in d["metadata"]["tamiz"]["removed"].items():
            expected[rule] = expected.get(rule, 0) + k
    assert removed == {f"removed_{rule}": k for rule, k in expected.items()}
    # One stats file per task, each reading one of the two WARC files.
    assert len(list((run["logs"] / "stats").glob("*.json"))) == 2


def test_importing_tamiz_does_not_import_datatrove() -> None:
    code = "import sys, tamiz, tamiz.corpus, tamiz.warc; assert 'datatrove' not in sys.modules; " \
           "import tamiz.datatrove; assert 'datatrove' in sys.modules"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr.decode()
