"""HTML input (issue 3): decoding, sniffing, trafilatura with the Persian rules, fallback, metadata."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tamiz import DecodeError, clean_bytes
from tamiz.decoding import decode_bytes, resolve_ncrs
from tamiz.html import looks_like_html, strip_site_name

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TAMIZ = Path(sys.executable).parent / "tamiz"
EXAMPLE = SAMPLES / "html-example.html"

HEADLINE = "بارش شدید باران در شمال کشور معابر را آبگرفته کرد"
LEAD = "هواشناسی برای سه استان شمالی هشدار سطح نارنجی صادر کرد."
PARAS = [
    "به گزارش خبرنگار ما از رشت، بارش شدید باران از بامداد امروز سبب آبگرفتگی معابر در بیشتر شهرهای "
    "گیلان و مازندران شد و مدارس برخی شهرها تعطیل شدند تا دانش‌آموزان در خانه بمانند.",
    "مدیر کل مدیریت بحران استان گیلان گفت: گروه‌های امدادی از ساعت شش صبح در محله‌های کم‌ارتفاع مستقر "
    "شده‌اند و تا این ساعت گزارشی از آسیب جانی به ما نرسیده است، اما مردم باید احتیاط کنند.",
    "به گفته کارشناسان هواشناسی این سامانه بارشی تا پایان هفته در منطقه می‌ماند و از روز جمعه "
    "از شدت آن کاسته می‌شود، بنابراین سفرهای غیرضروری به این استان‌ها توصیه نمی‌شود.",
]


def page(*, charset: str = "utf-8", body_extra: str = "", article_class: str = "news-body") -> str:
    """A small news page: menu, metadata line, headline, lead, body, end marker, related box, footer."""
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return f"""<!DOCTYPE html>
<html lang="fa" dir="rtl"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{HEADLINE} - خبرگزاری آزمون</title>
<meta property="og:site_name" content="خبرگزاری آزمون">
</head><body>
<nav><ul><li><a href="/">صفحه اصلی</a></li><li><a href="/s">اجتماعی</a></li><li><a href="/e">اقتصادی</a></li>
<li><a href="/w">جهان</a></li><li><a href="/c">تماس با ما</a></li></ul></nav>
<div class="{article_class}">
<div class="info">کد خبر: ۷۷۸۸۹۹</div>
<h1>{HEADLINE}</h1>
<p class="lead">{LEAD}</p>
{paras}
{body_extra}
<p>انتهای پیام</p>
</div>
<div class="related"><h4>اخبار مرتبط</h4><ul><li><a href="/1">هشدار هواشناسی برای سفرهای آخر هفته</a></li>
<li><a href="/2">آبگرفتگی معابر در پایتخت پس از باران</a></li></ul></div>
<footer>کلیه حقوق این سایت محفوظ است.</footer>
</body></html>"""


def assert_article(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == HEADLINE
    for p in PARAS:
        assert p in lines
    assert "انتهای پیام" not in text and "اخبار مرتبط" not in text and "صفحه اصلی" not in text


def legacy(html: str) -> bytes:
    """The page as a windows-1256 site wrote it: Arabic ي for ی (which that code page lacks), ASCII digits."""
    html = html.replace("ی", "ي").translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    return html.encode("cp1256")


def run_tamiz(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(TAMIZ), *args], input=stdin, capture_output=True, timeout=120)


@pytest.fixture
def shared_html() -> Path:
    """The shared corpus's real HTML pages; the test skips when the shared folder is absent."""
    root = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "html"
    if not root.is_dir():
        pytest.skip("shared corpus not present")
    return root


# ---------------------------------------------------------------- encodings

def test_windows_1256_page_comes_out_as_persian() -> None:
    result = clean_bytes(legacy(page(charset="windows-1256")))
    assert result.encoding == "windows-1256"
    assert result.input_format == "html"
    assert_article(result.text.replace("ي", "ی"))
    assert not result.warnings


@pytest.mark.parametrize("declared", ["utf-8", "iso-8859-1", ""])
def test_windows_1256_bytes_are_found_whatever_the_page_declares(declared: str) -> None:
    result = clean_bytes(legacy(page(charset=declared)))
    assert result.encoding == "windows-1256"
    assert_article(result.text.replace("ي", "ی"))


def test_entity_encoded_page_decodes_like_any_other() -> None:
    encoded = "".join(f"&#x{ord(ch):X};" if ord(ch) > 0x7F else ch for ch in page())
    assert "&#x6AF;" in encoded
    result = clean_bytes(encoded.encode("ascii"))
    assert_article(result.text)


def test_numeric_references_resolve_but_markup_ones_stay() -> None:
    assert resolve_ncrs("&#x6AF;&#1604;") == "گل"
    assert resolve_ncrs("a &#60;b&#62; &amp;") == "a &#60;b&#62; &amp;"   # never creates markup
    assert resolve_ncrs("&#150;") == "–"                                 # C1 as windows-1252


def test_undecodable_bytes_are_replaced_and_reported() -> None:
    data = page().encode("utf-8")
    cut = data.index("بارش".encode()) + 1                                # inside a two-byte letter
    result = clean_bytes(data[:cut] + b"\xff" + data[cut:])
    assert result.encoding == "utf-8"
    assert any("undecodable" in w for w in result.warnings)
    assert PARAS[1] in result.text


def test_binary_input_still_raises_decode_error() -> None:
    with pytest.raises(DecodeError):
        decode_bytes(b"PK\x03\x04\x00\x00binary")


# ---------------------------------------------------------------- sniffing

def test_sniffing() -> None:
    assert looks_like_html(page())
    assert looks_like_html("<div><p>یک</p><p>دو</p><a href=x>سه</a><br><span>چهار</span></div>")
    assert not looks_like_html("تیتر خبر\nبه گزارش ایلنا، <مهم> است.\nانتهای پیام")


def test_txt_file_holding_html_is_html_and_input_format_overrides(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(page(), encoding="utf-8")
    doc = json.loads(run_tamiz("clean", "--format", "json", str(path)).stdout)
    assert doc["input_format"] == "html"
    assert_article(doc["text"])
    forced = json.loads(run_tamiz("clean", "--format", "json", "--input-format", "text", str(path)).stdout)
    assert forced["input_format"] == "text"


# ---------------------------------------------------------------- extraction

@pytest.mark.parametrize("extractor", ["tamiz", "trafilatura"])
def test_html_article_through_either_reading_and_the_rules(extractor: str) -> None:
    result = clean_bytes(page().encode(), extractor=extractor)
    assert result.extractor == extractor
    assert_article(result.text)
    assert result.title == HEADLINE and result.lead == LEAD
    assert result.metadata.news_code_ascii == "778899"          # tamiz's own, from the page's text
    assert result.metadata.sitename == "خبرگزاری آزمون"          # <head>'s og:site_name
    assert result.metadata.title == HEADLINE                    # site-name suffix stripped


def test_default_reading_never_imports_trafilatura() -> None:
    code = ("import sys, tamiz, tests.test_html as t; r = tamiz.clean_bytes(t.page().encode()); "
            "print(r.extractor, 'trafilatura' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.split() == ["tamiz", "False"]


def test_unknown_extractor_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="extractor must be one of tamiz, trafilatura"):
        clean_bytes(page().encode(), extractor="readability")


def test_date_line_between_headline_and_lead_keeps_both() -> None:
    html = page().replace(f'<p class="lead">{LEAD}</p>',
                          f'<div class="date">تاریخ انتشار: ۱۲ مهر ۱۴۰۲ - ۱۰:۲۰</div><p class="lead">{LEAD}</p>')
    result = clean_bytes(html.encode())
    assert result.title == HEADLINE and result.lead == LEAD
    assert result.metadata.date_iso and result.metadata.date_iso.startswith("2023-10-04")


def test_hidden_elements_and_image_alt_text_are_not_content() -> None:
    extra = ('<p style="display: none">این بند پنهان است و هیچ خواننده‌ای آن را نمی‌بیند.</p>'
             '<div hidden>متن پنهان دیگر</div><div class="sr-only">متن ویژه صفحه‌خوان</div>'
             '<figure><img src="a.jpg" alt="نمای شهر زیر باران"></figure>'
             '<script>document.write("اسکریپت")</script>')
    result = clean_bytes(page(body_extra=extra).encode())
    for hidden in ("پنهان", "صفحه‌خوان", "نمای شهر", "اسکریپت"):
        assert hidden not in result.text
    assert_article(result.text)


@pytest.mark.parametrize("extractor", ["tamiz", "trafilatura"])
def test_zwnj_survives_either_reading(extractor: str) -> None:
    result = clean_bytes(page().encode(), extractor=extractor)
    assert result.extractor == extractor
    assert "دانش‌آموزان" in result.text and "کم‌ارتفاع" in result.text


def test_br_separated_paragraphs_stay_lines() -> None:
    html = page().replace("</p><p>", "<br><br>")
    result = clean_bytes(html.encode())
    assert_article(result.text)


def test_page_where_trafilatura_finds_nothing_falls_back_to_visible_text(tmp_path: Path) -> None:
    # trafilatura discards containers classed as comments; the article is still the page's text.
    path = tmp_path / "odd.html"
    path.write_bytes(page(article_class="comments").encode())
    proc = run_tamiz("clean", "--format", "json", "--extractor", "trafilatura", str(path))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["extractor"] == "tamiz"
    assert doc["input_format"] == "html"
    assert_article(doc["text"])


@pytest.mark.parametrize("extractor", ["tamiz", "trafilatura"])
def test_short_item_is_read_from_the_visible_text(extractor: str) -> None:
    html = "<html><body><h1>تعطیلی مدارس تهران</h1><p>مدارس تهران فردا به دلیل آلودگی هوا تعطیل است.</p></body></html>"
    result = clean_bytes(html.encode(), extractor=extractor)
    assert result.extractor == "tamiz"
    assert result.text == "تعطیلی مدارس تهران\nمدارس تهران فردا به دلیل آلودگی هوا تعطیل است."


@pytest.mark.parametrize("html", ["", "<html></html>", "<!doctype html>", "<html><body><p>سلام", "<?xml version='1.0' encoding='utf-8'?><html><body><p>سلام دنیا</p></body></html>"])
def test_degenerate_pages_never_crash(html: str) -> None:
    result = clean_bytes(html.encode(), input_format="html")
    assert result.input_format == "html"


def test_tables_are_kept() -> None:
    table = ("<table><tr><th>استان</th><th>بارش (میلی‌متر)</th></tr><tr><td>گیلان</td><td>۱۲۰</td></tr>"
             "<tr><td>مازندران</td><td>۹۵</td></tr></table>")
    extra = f"<p>{PARAS[0]}</p>{table}"
    result = clean_bytes(page(body_extra=extra).encode())
    assert "گیلان | ۱۲۰" in result.text.splitlines()


def test_strip_site_name() -> None:
    assert strip_site_name("کارشناسی داوری دیدار سپاهان و پرسپولیس از زبان عسگری - ایسنا", "ایسنا") == \
        "کارشناسی داوری دیدار سپاهان و پرسپولیس از زبان عسگری"
    assert strip_site_name("خبرگزاری آزمون | بارش شدید باران در شمال", "خبرگزاری آزمون") == "بارش شدید باران در شمال"
    assert strip_site_name("تراکتور 1 - پرسپولیس 1؛ دانیال علیه جشن قهرمانی!", None) == \
        "تراکتور 1 - پرسپولیس 1؛ دانیال علیه جشن قهرمانی!"
    assert strip_site_name("بارش شدید باران در شمال :: ورزش سه", None) == "بارش شدید باران در شمال"
    assert strip_site_name("برتری پرسپولیس در شب خداحافظی ژاوی - اخبار تسنیم - Tasnim", "خبرگزاری تسنیم - Tasnim") == \
        "برتری پرسپولیس در شب خداحافظی ژاوی"
    assert strip_site_name("نتانیاهو: به زودی دره اردن را ضمیمه می کنیم", None) == \
        "نتانیاهو: به زودی دره اردن را ضمیمه می کنیم"


def test_sample_html_matches_its_expected_output() -> None:
    expected = (SAMPLES / "html-example.html.expected").read_text(encoding="utf-8").rstrip("\n")
    assert clean_bytes(EXAMPLE.read_bytes()).text == expected


# ---------------------------------------------------------------- CLI

def test_explain_on_html_through_the_installed_command() -> None:
    proc = run_tamiz("clean", "--explain", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8").splitlines()
    kept = [l for l in out if l.startswith("+")]
    removed = [l for l in out if l.startswith("-")]
    assert kept and removed
    assert any("افتتاح کتابخانه عمومی تازه در شیراز" in l and " title " in l for l in kept)
    assert any("انتهای پیام" in l and "end-marker" in l for l in removed)
    assert not any("این بند پنهان است" in l for l in out)


def test_html_json_fields_through_the_installed_command() -> None:
    doc = json.loads(run_tamiz("clean", "--format", "json", str(EXAMPLE)).stdout)
    assert doc["input_format"] == "html" and doc["extractor"] == "tamiz" and doc["encoding"] == "utf-8"
    meta = doc["metadata"]
    assert meta["news_code_ascii"] == "123456"
    assert meta["date_iso"].startswith("2023-05-14")
    assert meta["url"] == "https://news.example.ir/fa/news/123456/"
    assert meta["sitename"] == "خبرگزاری نمونه"


def test_text_path_does_not_import_trafilatura() -> None:
    code = ("import sys, tamiz; tamiz.clean_bytes('تیتر\\nبه گزارش ایلنا، متن خبر.'.encode()); "
            "print('trafilatura' in sys.modules, 'lxml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


# ---------------------------------------------------------------- real pages

def test_metadata_fields_from_a_real_page(shared_html: Path) -> None:
    result = clean_bytes((shared_html / "raw" / "isna-001.html").read_bytes())
    meta = result.metadata
    assert result.extractor == "tamiz"
    assert meta.title == "کارشناسی داوری دیدار سپاهان و پرسپولیس از زبان عسگری"
    assert meta.url and meta.url.startswith("https://www.isna.ir/news/98030903723/")
    assert meta.date_iso and meta.date_iso.startswith("2019-05-30")
    assert meta.sitename and "ایسنا" in meta.sitename
    assert meta.description and meta.description.startswith("کارشناس داوری فوتبال ایران")
    assert meta.agency == "ISNA"
    assert result.text.splitlines()[0] == meta.title


def test_real_pages_leak_no_boilerplate(shared_html: Path) -> None:
    markers = ("انتهای پیام", "کد خبر", "اخبار مرتبط", "برچسب ها", "ارسال نظر")
    for raw in sorted((shared_html / "raw").glob("*.html")):
        gold = (shared_html / "gold" / f"{raw.stem}.txt").read_text(encoding="utf-8")
        text = clean_bytes(raw.read_bytes()).text
        for m in markers:
            assert m in gold or m not in text, (raw.name, m)


def test_photo_caption_in_a_sentence_is_kept_and_a_bare_credit_is_not() -> None:
    caption = "نقشه پهنه‌بندی خشکسالی کشور که وضعیت بیست و چهار استان را نشان می‌دهد."
    figure = (f"<figure><img src='/a.jpg' alt='نقشه'><figcaption>{caption}</figcaption></figure>"
              "<figure><img src='/b.jpg'><figcaption>عکس: ایرنا</figcaption></figure>")
    result = clean_bytes(page(body_extra=figure + f"<p>{PARAS[0]} این بند پس از تصویر آمده است.</p>").encode())
    lines = result.text.splitlines()
    assert caption in lines
    assert lines.index(caption) < next(i for i, l in enumerate(lines) if l.endswith("این بند پس از تصویر آمده است."))
    assert "عکس: ایرنا" not in result.text


@pytest.mark.parametrize("name", sorted(p.name for p in (Path(__file__).resolve().parent / "data" / "html").glob("*.html")))
def test_pages_of_other_sites(name: str) -> None:
    """Held-out layouts: a photo report whose article holds no <p> (trafilatura glues it into
    one line), a windows-1256 table layout, boxes and a figure inside the body."""
    data = Path(__file__).resolve().parent / "data" / "html"
    result = clean_bytes((data / name).read_bytes())
    assert result.text == (data / f"{name}.expected").read_text(encoding="utf-8").rstrip("\n")


def test_a_section_label_between_dashes_keeps_the_headline_block() -> None:
    # the label under the metadata is not a headline line: the date stays out of the headline block
    label = '<div class="info">کد خبر: ۷۷۸۸۹۹</div><div>نظرات</div><div class="section">- اخبار کوهنوردی -</div>'
    html = page().replace('<div class="info">کد خبر: ۷۷۸۸۹۹</div>\n<h1>', '<h1>') \
                 .replace(f'<p class="lead">{LEAD}</p>', f'{label}<p class="lead">{LEAD}</p>')
    result = clean_bytes(html.encode())
    assert result.title == HEADLINE and result.lead == LEAD
    assert "- اخبار کوهنوردی -" not in result.text
    assert_article(result.text)


def test_trafilatura_reads_the_page_when_the_visible_text_gives_no_article(monkeypatch: pytest.MonkeyPatch) -> None:
    # the visible text's reading is stood in for by one that misses the article (menus only)
    import tamiz.html as front

    def menus_only(tree):
        return [front.Block(t, True) for t in ("صفحه اصلی", "اجتماعی", "تماس با ما")]

    monkeypatch.setattr(front, "visible_blocks", menus_only)
    result = clean_bytes(page().encode())
    assert result.extractor == "trafilatura" and result.article_found
    assert result.text.splitlines()[-3:] == PARAS     # (the headline is found in the visible text)


def test_a_long_headline_in_h1_is_the_headline() -> None:
    # 27 words with slashes: read alone, it could be a paragraph; <h1> says it is the headline
    long = ("روحانی: دولت هیچگاه با ضعف پای میز مذاکره نخواهد رفت / پروژه فشار حداکثری آمریکا به نتیجه "
            "نرسید / در سال ۹۷ و ۹۸ اقتصاد بدون نفت را تجربه کردیم")
    html = page().replace(f"<h1>{HEADLINE}</h1>", f"<h1>{long}</h1>").replace(
        f"<title>{HEADLINE} - خبرگزاری آزمون</title>", f"<title>{long} - خبرگزاری آزمون</title>")
    result = clean_bytes(html.encode())
    assert result.title == long and result.lead == LEAD
    assert result.text.splitlines()[:2] == [long, LEAD]


def test_a_headline_of_another_story_above_the_h1_is_not_the_headline() -> None:
    box = ('<div class="top"><a href="/9">وزیر خارجه امارات: ایران، ترکیه و اسراییل سه چالش منطقه هستند</a></div>'
           '<div class="info">کد خبر: ۷۷۸۸۹۹</div><div>بازدید: ۱۸۰۴۷</div><div>نسخه چاپی ارسال به دوستان</div>')
    html = page().replace('<div class="info">کد خبر: ۷۷۸۸۹۹</div>\n<h1>', box + "<h1>")
    result = clean_bytes(html.encode())
    assert result.title == HEADLINE
    assert_article(result.text)
    assert "وزیر خارجه امارات" not in result.text


@pytest.mark.parametrize("depth", [300, 1500])
def test_an_article_nested_deep_is_read(depth: int) -> None:
    # libxml2 stops at 256 levels unless asked, and a recursive walk stops at Python's limit
    html = page().replace('<div class="news-body">', "<div>" * depth + '<div class="news-body">')
    html = html.replace("<footer>", "</div>" * depth + "<footer>")
    for extractor in ("tamiz", "trafilatura"):
        result = clean_bytes(html.encode(), extractor=extractor)
        assert_article(result.text)


def test_teasers_of_other_stories_above_the_h1_are_not_the_article() -> None:
    # two stories' headlines and teasers (sentences, like paragraphs) above this page's <h1>
    box = "".join(f'<div class="item"><h3><a href="/{n}">{h}</a></h3><p>{t}</p></div>' for n, (h, t) in enumerate([
        ("قیمت مرغ در بازار تهران کاهش یافت و به کیلویی ۸۵ هزار تومان رسید",
         "رئیس اتحادیه مرغداران گفت که با افزایش عرضه در هفته‌های اخیر، قیمت مرغ در میادین میوه و تره‌بار "
         "تهران کاهش یافته است و انتظار می‌رود این روند ادامه داشته باشد."),
        ("تیم ملی فوتبال ایران برای دیدار با ژاپن وارد دوحه شد",
         "اعضای تیم ملی فوتبال کشورمان بامداد امروز با پروازی از تهران وارد دوحه شدند تا خود را برای دیدار "
         "حساس با ژاپن در مرحله یک‌چهارم نهایی آماده کنند.")]))
    html = page().replace('<div class="info">کد خبر: ۷۷۸۸۹۹</div>\n<h1>', f"<div>{box}</div><h1>")
    result = clean_bytes(html.encode())
    assert result.title == HEADLINE
    assert_article(result.text)
    assert "قیمت مرغ" not in result.text and "دوحه" not in result.text


def test_an_aside_of_teasers_after_the_body_is_not_the_article() -> None:
    aside = ("<aside><div><h3><a href='/9'>قیمت مرغ در بازار تهران کاهش یافت و به کیلویی ۸۵ هزار تومان رسید</a></h3>"
             "<p>رئیس اتحادیه مرغداران گفت که با افزایش عرضه در هفته‌های اخیر، قیمت مرغ در میادین میوه و تره‌بار "
             "تهران کاهش یافته است و انتظار می‌رود این روند ادامه داشته باشد.</p></div></aside>")
    html = page().replace("<p>انتهای پیام</p>", "").replace('<div class="related">', aside + '<div class="related">')
    result = clean_bytes(html.encode())
    assert_article(result.text)
    assert "قیمت مرغ" not in result.text and "مرغداران" not in result.text
    assert {r.rule for r in result.removed if "مرغ" in r.text} == {"sidebar"}


def test_an_h1_holding_a_name_above_the_headline_title_gives_is_not_an_overline() -> None:
    # no og:site_name: <title> names the headline (an <h2> here); the <h1> above it is the paper's name
    html = page().replace(f"<h1>{HEADLINE}</h1>", f"<h1>روزنامه صبح امروز</h1><h2>{HEADLINE}</h2>") \
                 .replace('<meta property="og:site_name" content="خبرگزاری آزمون">', "") \
                 .replace(f"<title>{HEADLINE} - خبرگزاری آزمون</title>", f"<title>{HEADLINE}</title>")
    result = clean_bytes(html.encode())
    assert result.title == HEADLINE and result.overline is None
    assert "روزنامه صبح امروز" not in result.text
