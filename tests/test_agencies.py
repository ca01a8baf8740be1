"""Page layouts of sites outside the shared corpus (Mehr, BBC Persian, Tasnim, Hamshahri, Fars,
Entekhab, Euronews, Eghtesadnews, IMNA, Jamaran, Radio Farda, ...), written for these tests from
the sites' usual chrome, as browser copies and lynx/w3m dumps: the rules must generalise."""
from __future__ import annotations

from pathlib import Path

import pytest

from tamiz import clean

PAGES = Path(__file__).resolve().parent / "data" / "agencies"


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.txt")))
def test_page_comes_out_as_its_article(name: str) -> None:
    result = clean((PAGES / name).read_text(encoding="utf-8"))
    assert result.text == (PAGES / f"{name}.expected").read_text(encoding="utf-8").rstrip("\n")


def test_related_link_before_the_end_marker_goes() -> None:
    result = clean((PAGES / "tasnim.txt").read_text(encoding="utf-8"))
    assert {r.text: r.rule for r in result.removed}["پرسپولیس در یک قدمی صدر جدول"] == "after-article"


def test_body_resumes_after_an_in_article_box() -> None:
    result = clean((PAGES / "bbc.txt").read_text(encoding="utf-8"))
    assert result.text.splitlines()[-1].startswith("سخنگوی دبیرکل سازمان ملل")
    rules = {r.text: r.rule for r in result.removed}
    assert rules["مطالب پیشنهادی"] == "related-box"
    assert rules["ماجرای نشست پنهانی در ژنو"] == "box-list"


def test_metadata_of_other_agencies() -> None:
    mehr = clean((PAGES / "mehr.txt").read_text(encoding="utf-8")).metadata
    assert (mehr.agency, mehr.news_code_ascii, mehr.date_iso) == ("Mehr", "5893209", "2023-11-20T10:30")
    assert mehr.url == "https://mehrnews.com/x33BcZ"
    tasnim = clean((PAGES / "tasnim.txt").read_text(encoding="utf-8")).metadata
    assert (tasnim.agency, tasnim.date_iso) == ("Tasnim", "2023-11-26T18:45")
    hamshahri = clean((PAGES / "hamshahri.txt").read_text(encoding="utf-8")).metadata
    assert (hamshahri.agency, hamshahri.news_code_ascii, hamshahri.source) == ("Hamshahri", "810898", "همشهری آنلاین")
