"""WARC input (issue 10): the pages of WARC and WET files, read with warcio, cleaned as the
same pages are as files; damaged records reported with their offset, never stopping the file.

The WARC files are built in the tests with warcio's WARCWriter from pages of the test corpus."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

import tamiz  # noqa: E402
from tamiz.corpus import PageTimeout, clean_records, process_warcs, time_limit  # noqa: E402
from tamiz.warc import iter_warc_pages, looks_like_warc  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
HTML = sorted((DATA / "html").glob("*.html"))[:4]
TEXT = DATA / "agencies" / "bbc.txt"
TAMIZ = str(Path(sys.executable).parent / "tamiz")


def write_warc(path: Path, records: list[tuple]) -> Path:
    """records: ("response", url, content-type, body) | ("conversion", url, body) | ("request", url)."""
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for kind, url, *rest in records:
            if kind == "response":
                ctype, body = rest
                http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
                rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            elif kind == "conversion":
                rec = w.create_warc_record(url, "conversion", payload=io.BytesIO(rest[0]),
                                           warc_content_type="text/plain")
            else:
                http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.ir")], is_http_request=True)
                rec = w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http)
            w.write_record(rec)
    return path


def crawl(tmp_path: Path, name: str = "crawl.warc.gz") -> Path:
    records: list[tuple] = []
    for i, page in enumerate(HTML):
        records.append(("request", f"https://example.ir/{i}"))
        records.append(("response", f"https://example.ir/{i}", "text/html", page.read_bytes()))
    records.append(("response", "https://example.ir/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)))
    return write_warc(tmp_path / name, records)


def run(*args: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([TAMIZ, *map(str, args)], input=stdin, capture_output=True, timeout=120)


def records(p: subprocess.CompletedProcess[bytes]) -> list[dict]:
    return [json.loads(line) for line in p.stdout.decode("utf-8").splitlines()]


def test_a_warc_gives_one_record_per_html_page_with_the_same_text_as_the_file(tmp_path: Path) -> None:
    warc = crawl(tmp_path)
    p = run("clean", warc)  # no --input-format: the name says WARC
    assert p.returncode == 0, p.stderr
    out = records(p)
    assert [r["url"] for r in out] == [f"https://example.ir/{i}" for i in range(len(HTML))]
    for r, page in zip(out, HTML):
        assert r["warc_record_id"].startswith("<urn:uuid:") and re.match(r"\d{4}-\d\d-\d\dT", r["warc_date"])
        same = run("clean", page)
        assert r["clean_text"] == same.stdout.decode("utf-8").rstrip("\n")
    err = p.stderr.decode("utf-8")
    assert f"tamiz: {warc}: skipped 5 WARC records that are not pages (4 request, 1 image/png)" in err
    assert re.search(rf"^tamiz: {len(HTML)} documents: {len(HTML)} cleaned, 0 failed", err, re.M)


def test_warc_is_sniffed_by_content_and_read_from_stdin(tmp_path: Path) -> None:
    warc = crawl(tmp_path)
    renamed = tmp_path / "crawl.bin"
    renamed.write_bytes(warc.read_bytes())
    assert looks_like_warc(warc.read_bytes()[:512])
    by_name = run("clean", warc).stdout
    assert run("clean", renamed).stdout == by_name
    assert run("clean", stdin=warc.read_bytes()).stdout == by_name


def test_json_formats_carry_the_whole_result_and_out_names_a_jsonl(tmp_path: Path) -> None:
    warc = crawl(tmp_path)
    doc = json.loads(run("clean", warc, "-f", "json").stdout)
    assert len(doc) == len(HTML) and doc[0]["tamiz"]["input_format"] == "html"
    assert doc[0]["clean_text"] == doc[0]["tamiz"]["text"]
    o = run("clean", warc, "-o", tmp_path / "out")
    assert o.returncode == 0 and (tmp_path / "out" / "crawl.jsonl").read_bytes() == run("clean", warc).stdout


def cp1256_page(meta: bool) -> bytes:
    """A page as an old Persian site served it: windows-1256, Arabic ي and ك."""
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">' if meta else ""
    body = "".join(f"<p>{line}</p>" for line in [
        "افزايش بيست درصدي فروش نمايشگاه كتاب تهران",
        "به گزارش خبرنگار ما، فروش كتاب در نمايشگاه امسال نسبت به سال گذشته بيست درصد افزايش يافت و بيش از صد هزار نفر بازديد كردند.",
        "مدير نمايشگاه در اين باره گفت: استقبال مردم از كتاب هاي كودك و نوجوان بيش از همه بخش ها بود."])
    return f"<html><head>{head}<title>نمايشگاه كتاب</title></head><body>{body}</body></html>".encode("cp1256")


def test_the_http_charset_decodes_the_page(tmp_path: Path) -> None:
    page = cp1256_page(meta=False)
    warc = write_warc(tmp_path / "legacy.warc", [
        ("response", "http://old.example.ir/1", "text/html; charset=windows-1256", page)])
    out = records(run("clean", warc, "-f", "jsonl"))
    assert out[0]["tamiz"]["encoding"] == "windows-1256"
    assert "نمايشگاه كتاب" in out[0]["clean_text"]
    # Where the bytes alone mislead (ISO-8859-6 reads as windows-1256 garbage), the header wins.
    arabic = "مدير المعرض قال ان الاقبال على الكتب كان كبيرا في هذا العام والناشرون راضون عن ذلك."
    iso = f"<html><body><h1>معرض الكتاب</h1><p>{arabic}</p><p>{arabic}</p></body></html>".encode("iso-8859-6")
    with pytest.raises(tamiz.DecodeError, match="not text in a known encoding"):
        tamiz.clean_bytes(iso)  # the bytes alone read as windows-1256, and as garbage there
    assert arabic in tamiz.clean_bytes(iso, charset="iso-8859-6").text
    warc = write_warc(tmp_path / "iso.warc", [("response", "http://x/", "text/html; charset=ISO-8859-6", iso)])
    assert arabic in records(run("clean", warc))[0]["clean_text"]


def test_wet_conversion_records_go_through_the_text_path(tmp_path: Path) -> None:
    text = TEXT.read_bytes()
    wet = write_warc(tmp_path / "crawl.warc.wet.gz", [("conversion", "https://www.bbc.com/persian/1", text)])
    out = records(run("clean", wet))
    assert out[0]["url"] == "https://www.bbc.com/persian/1"
    assert out[0]["clean_text"] == tamiz.clean(text.decode("utf-8")).text


def test_damaged_records_are_reported_with_their_offset_and_the_file_goes_on(tmp_path: Path) -> None:
    good = crawl(tmp_path, "crawl.warc")
    raw = good.read_bytes()
    # A broken HTTP status line in the first response, the same length, so the framing holds.
    broken = write_bytes(tmp_path / "broken.warc", raw.replace(b"HTTP/1.1 200 OK", b"XXXXXXXXXXXXXXX", 1))
    p = run("clean", broken)
    out = records(p)
    assert p.returncode == 1 and len(out) == len(HTML)
    assert out[0]["clean_text"] is None and out[0]["tamiz"]["error"] == "broken HTTP header"
    assert isinstance(out[0]["tamiz"]["offset"], int) and all(r["clean_text"] for r in out[1:])
    assert re.search(rf"^tamiz: {re.escape(str(broken))}@\d+: broken HTTP header$", p.stderr.decode(), re.M)
    # A gzip file cut short: the pages before the cut are there, the last one is an error.
    gz = crawl(tmp_path).read_bytes()
    cut = write_bytes(tmp_path / "cut.warc.gz", gz[: len(gz) - 400])
    p = run("clean", cut)
    out = records(p)
    assert p.returncode == 1 and out[0]["clean_text"]
    assert any(r["clean_text"] is None and "cut short" in r["tamiz"]["error"] for r in out)
    # Garbage in the middle of an uncompressed WARC: reading resumes at the next record.
    i = raw.index(b"WARC/1.", 10)
    j = raw.index(b"WARC/1.", i + 10)
    mangled = write_bytes(tmp_path / "mangled.warc", raw[:i] + b"garbage\r\n" * 3 + raw[j:])
    pages = list(iter_warc_pages(mangled))
    assert any(pg.error and pg.error.startswith("unreadable WARC record") for pg in pages)
    assert sum(1 for pg in pages if pg.error is None) >= len(HTML) - 1


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_an_oversized_record_is_refused_not_read(tmp_path: Path) -> None:
    warc = crawl(tmp_path)
    pages = list(iter_warc_pages(warc, max_bytes=1000))
    assert pages and all(pg.error and pg.error.startswith("too large") for pg in pages)
    skipped: Counter[str] = Counter()
    list(iter_warc_pages(warc, skipped=skipped))
    assert skipped == Counter({"request": 4, "image/png": 1})


def test_library_functions_never_raise_for_a_page(tmp_path: Path) -> None:
    warc = crawl(tmp_path)
    recs = list(process_warcs([warc, tmp_path / "missing.warc.gz"]))
    assert [r["url"] for r in recs[:-1]] == [f"https://example.ir/{i}" for i in range(len(HTML))]
    assert all(r["error"] is None and r["text"] and r["source"] == str(warc) for r in recs[:-1])
    assert recs[-1]["error"].startswith("cannot read") and recs[-1]["text"] is None
    # A page over its time limit is an error record; the next page is cleaned.
    pages = list(iter_warc_pages(warc))
    timed = list(clean_records(pages, timeout=1e-6))
    assert all(r["error"] == "timed out after 1e-06 s" for r in timed)
    assert all(r["error"] is None for r in clean_records(pages[:1], timeout=30))


def test_time_limit_interrupts_a_slow_block() -> None:
    with pytest.raises(PageTimeout):
        with time_limit(0.05):
            while True:
                pass
    with time_limit(None):
        pass


def test_cli_timeout_fails_the_page_and_goes_on(tmp_path: Path) -> None:
    page = HTML[0]
    p = run("clean", page, HTML[1], "--timeout", "0.000001")
    assert p.returncode == 1
    assert f"tamiz: {page}: timed out after 1e-06 s (see --timeout)" in p.stderr.decode()


def test_damage_is_said_in_one_printable_line_and_nothing_leaks(tmp_path: Path) -> None:
    gz = crawl(tmp_path).read_bytes()
    # Garbage in the middle of a gzipped WARC: warcio's own multi-line warnings and the
    # binary bytes it quotes must not reach the user.
    start = gz.index(b"\x1f\x8b\x08", 10)
    mangled = write_bytes(tmp_path / "mid.warc.gz", gz[:start] + bytes(range(1, 40)) * 3 + gz[start:])
    p = run("clean", "-q", mangled)
    err = p.stderr.decode("utf-8")
    assert "WARNING" not in err and "Remainder" not in err
    assert all(line.startswith("tamiz: ") and line.isprintable() for line in err.splitlines())
    empty = write_bytes(tmp_path / "empty.warc.gz", b"")
    e = run("clean", empty)
    assert e.returncode == 0 and f"tamiz: {empty}: no WARC records: an empty file?" in e.stderr.decode()
