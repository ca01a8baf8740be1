"""Real HTML pages of sites tamiz's rules were not written from (tests/data/real_html: saved
article pages found in public test sets, gold written by hand), read both ways: tamiz's own
reading of the visible text (the default) and trafilatura's (issue: speed, HTML front-end)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tamiz.evaluate import evaluate

DATA = Path(__file__).parent / "data"
REAL_HTML = DATA / "real_html"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def test_real_html_corpus_is_as_documented() -> None:
    rows = [l.split("\t") for l in (REAL_HTML / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:] if l]
    ids = {r[0] for r in rows}
    assert ids == {p.stem for p in (REAL_HTML / "raw").glob("*.html")} == {p.stem for p in (REAL_HTML / "gold").glob("*.txt")}
    assert len(ids) >= 7 and len({r[1] for r in rows}) >= 4
    assert all("github:" in r[2] and "@" in r[2] for r in rows)      # where each page came from


@pytest.mark.parametrize("extractor", ["tamiz", "trafilatura"])
def test_real_html_pages_either_reading(extractor: str) -> None:
    report = evaluate(REAL_HTML, extractor=extractor)
    assert report.f1 >= 0.995, [(d.id, round(d.f1, 3)) for d in report.worst(7)]
    assert not report.leak_docs, {d.id: d.leaked for d in report.leak_docs}


def _html_corpora() -> list[Path]:
    shared = [SHARED / c for c in ("real/html", "dev/html") if (SHARED / c / "raw").is_dir()]
    return [REAL_HTML, *shared]


@pytest.mark.parametrize("corpus", _html_corpora(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_default_reading_scores_at_least_trafilaturas(corpus: Path) -> None:
    # Why "tamiz" is the default: on every HTML corpus its F1 is at least trafilatura's reading's.
    mine, theirs = evaluate(corpus), evaluate(corpus, extractor="trafilatura")
    assert mine.f1 >= theirs.f1 - 1e-9, (mine.f1, theirs.f1)
    assert not mine.leak_docs


def test_a_dari_page_gives_its_headline_lead_author_and_date() -> None:
    from tamiz import clean_bytes
    result = clean_bytes((REAL_HTML / "raw" / "voadari-001.html").read_bytes())
    assert result.title == "آغاز کمپاین فرعی واکسین پولیو در افغانستان؛ ۴.۸ میلیون کودک واکسین می‌شوند"
    assert result.lead.startswith("طالبان از عالمان دینی")
    assert result.metadata.author == "عماد روستایی"           # the name under the date: a byline
    assert result.metadata.date_iso == "2024-12-23"           # «جدی ۰۳, ۱۴۰۳»
    assert "جدی ۰۳" not in result.text and "عماد روستایی" not in result.text


@pytest.mark.skipif(not (SHARED / "real/html/raw/varzesh3-002.html").is_file(), reason="shared corpus not present")
def test_the_markup_headline_is_the_title_and_the_line_above_it_the_overline() -> None:
    from tamiz import clean_bytes
    result = clean_bytes((SHARED / "real/html/raw/varzesh3-002.html").read_bytes())
    assert result.title == "کاری که پروین و راجرز و... نکردند؛"          # its <h1> and og:title
    assert result.overline == "برانکو و شکستن طلسم هت تریک قهرمانی"
    assert result.lead == "تیم پرسپولیس برای نخستین بار توانست سه قهرمانی متوالی را در لیگ کسب کند."
