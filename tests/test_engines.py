"""The corpus engines' examples (issue 10): samples/engines/dask_warc.py on a Dask LocalCluster of
two processes, and samples/engines/spark_warc.py on Spark local[2], give the same records as
`tamiz.corpus.process_warcs` run here on the same WARC files, in the order of the files.

Dask is in the dev extra, so CI runs its tests; Spark's runs where pyspark and `java` are."""
from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from tamiz.corpus import process_warcs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ROOT / "samples" / "engines"
HTML = sorted((ROOT / "tests" / "data" / "html").glob("*.html"))


def write_warc(path: Path, pages: list[Path], first: int) -> Path:
    """A gzipped WARC as a crawler writes it: a request and a response per page, and an image."""
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i, page in enumerate(pages, first):
            url = f"https://example.ir/news/{i}"
            req = StatusAndHeaders("GET /news HTTP/1.1", [("Host", "example.ir")], is_http_request=True)
            w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(page.read_bytes()),
                                                http_headers=http))
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://example.ir/logo.png", "response",
                                            payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)), http_headers=png))
    return path


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[dict]]:
    """Two WARC files of three pages each, and their records cleaned in this process."""
    d = tmp_path_factory.mktemp("warcs")
    half = len(HTML) // 2
    paths = [str(write_warc(d / "a.warc.gz", HTML[:half], 0)),
             str(write_warc(d / "b.warc.gz", HTML[half:], half))]
    expected = [json.loads(json.dumps(r)) for r in process_warcs(paths)]
    assert len(expected) == len(HTML) and all(r["error"] is None and r["text"] for r in expected)
    return paths, expected


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ENGINES / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_parts(out: Path, pattern: str) -> list[dict]:
    return [json.loads(line) for part in sorted(out.glob(pattern))
            for line in part.read_text("utf-8").splitlines()]


def same_records(got: list[dict], expected: list[dict]) -> None:
    assert [r["url"] for r in got] == [f"https://example.ir/news/{i}" for i in range(len(HTML))]
    assert [r["text"] for r in got] == [r["text"] for r in expected]
    assert got == expected


def test_dask_example_on_a_local_cluster_of_two_processes(crawl, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    paths, expected = crawl
    n = load("dask_warc").run(paths, tmp_path / "out", workers=2)
    assert n == len(expected)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["part-00000.jsonl", "part-00001.jsonl"]
    same_records(read_parts(tmp_path / "out", "part-*.jsonl"), expected)


def test_dask_example_script_finishes_and_reports_pages_per_second(crawl, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    paths, expected = crawl
    p = subprocess.run([sys.executable, str(ENGINES / "dask_warc.py"), str(tmp_path / "out"), *paths],
                       capture_output=True, timeout=180, cwd=tmp_path)
    assert p.returncode == 0, p.stderr.decode()
    assert f"{len(expected)} pages in " in p.stderr.decode() and " pages/s" in p.stderr.decode()
    same_records(read_parts(tmp_path / "out", "part-*.jsonl"), expected)


def test_spark_example_in_the_cc_pyspark_style_on_local_2(crawl, tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java: no `java` on PATH")
    paths, expected = crawl
    # In its own process: the JVM and Spark's state stay out of the test process, and a hang
    # ends at the timeout.
    p = subprocess.run([sys.executable, str(ENGINES / "spark_warc.py"), str(tmp_path / "out"), *paths,
                        "--master", "local[2]"],
                       capture_output=True, timeout=300, cwd=tmp_path,
                       env={**os.environ, "PYSPARK_PYTHON": sys.executable})
    assert p.returncode == 0, p.stderr.decode()[-3000:]
    assert f"{len(expected)} pages in " in p.stderr.decode()
    same_records(read_parts(tmp_path / "out", "part-*"), expected)
