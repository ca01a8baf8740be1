"""The library's behaviour on real and constructed Persian news pages (issue 1)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tamiz import clean, clean_bytes
from tamiz.folding import fold, line_keys
from tamiz.metadata import parse_date

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TAMIZ = Path(sys.executable).parent / "tamiz"
ILNA = SAMPLES / "ilna-001.txt"


def run_tamiz(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(TAMIZ), *args], input=stdin, capture_output=True, timeout=120)


# ---------------------------------------------------------------- the reference example

def test_ilna_end_to_end_through_the_installed_command() -> None:
    proc = run_tamiz("clean", str(ILNA))
    assert proc.returncode == 0, proc.stderr
    expected = (SAMPLES / "ilna-001.txt.expected").read_text(encoding="utf-8")
    assert proc.stdout.decode("utf-8") == expected.rstrip("\n") + "\n"
    assert len(proc.stdout.decode().splitlines()) == 12
    assert proc.stderr == b""


def test_ilna_json_fields() -> None:
    proc = run_tamiz("clean", "--format", "json", str(ILNA))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    meta = doc["metadata"]
    assert meta["news_code_ascii"] == "594856"
    assert meta["news_code"] == "۵۹۴۸۵۶"
    assert meta["agency"] == "ILNA"
    assert meta["editor"] == "بیژن بهوندی"
    assert doc["title"].startswith("برگزاری جلسه هماهنگی مدیران روابط عمومی")
    assert doc["lead"].startswith("جلسه مدیران روابط عمومی")
    assert len(doc["paragraphs"]) == 10
    removed = {r["line"]: r for r in doc["removed"]}
    raw = ILNA.read_text(encoding="utf-8").splitlines()
    by_text = {r["text"].strip(): r["rule"] for r in doc["removed"]}
    assert by_text["خبرگزاری کار ایران"] == "site-header"
    assert by_text["asdasd"] == "junk"
    assert by_text["کد خبر : ۵۹۴۸۵۶"] == "news-code"
    assert by_text["انتهای پیام/"] == "end-marker"
    assert by_text["بیژن بهوندی"] == "editor"
    end = raw.index("انتهای پیام/") + 1
    after = [n for n in range(end + 1, len(raw) + 1) if raw[n - 1].strip()]
    assert after and all(n in removed for n in after), "every line after the end marker is removed"
    assert all(r["rule"] and r["reason"] for r in doc["removed"])


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_samples_match_their_expected_output(name: str) -> None:
    result = clean_bytes((SAMPLES / name).read_bytes())
    expected = (SAMPLES / f"{name}.expected").read_text(encoding="utf-8").rstrip("\n")
    assert result.text == expected


def test_article_without_boilerplate_comes_out_unchanged() -> None:
    text = (SAMPLES / "clean-article.txt").read_text(encoding="utf-8")
    result = clean(text)
    assert result.text == text.rstrip("\n")
    assert result.removed == []


def test_every_non_blank_line_is_kept_or_removed() -> None:
    text = ILNA.read_text(encoding="utf-8")
    result = clean(text)
    numbers = [d.line for d in result.decisions]
    non_blank = [i for i, line in enumerate(text.splitlines(), 1) if line.strip()]
    assert numbers == non_blank
    assert {r.line for r in result.removed} | {d.line for d in result.decisions if d.keep} == set(non_blank)


# ---------------------------------------------------------------- folded matching

@pytest.mark.parametrize("a, b", [
    ("نرم افزار موبایل ایلنا", "نرم‌افزار موبایل ایلنا"),
    ("نرم افزار موبایل ایلنا", "نرمافزار موبایل ایلنا"),
    ("كد خبر : ۵۹۴۸۵۶", "کد خبر : 594856"),
    ("انتهاي پيام", "انتهای پیام"),
    ("كليه حقوق محفوظ است", "کلیه حقوق محفوظ است"),
    ("تـــاریخ", "تاریخ"),
    ("ﻛﺪ ﺧﺒﺮ", "کد خبر"),                # Arabic presentation forms
    ("خبرِ مهم", "خبر مهم"),            # diacritics
    ("هفته‌نامۀ", "هفته نامه"),
])
def test_folded_keys_match(a: str, b: str) -> None:
    assert line_keys(a)[1] == line_keys(b)[1]


@pytest.mark.parametrize("variant", ["نرم افزار موبایل ایلنا", "نرم‌افزار موبایل ایلنا", "نرمافزار موبایل ايلنا"])
def test_rule_matches_every_spelling(variant: str) -> None:
    page = "تیتر خبر آزمایشی درباره بارش باران\n" + "این جمله‌ای کامل از متن خبر است که باید بماند و حذف نشود.\n" * 2 + variant
    result = clean(page)
    assert [r.rule for r in result.removed] == ["promo"]


def test_output_keeps_original_characters() -> None:
    page = "افزايش صادرات خرما\nصادرات خرماي استان بوشهر در هفت ماه نخست امسال ۱۸ درصد افزايش يافت و اين رقم بي سابقه است.\n"
    assert clean(page).text == page.strip()


# ---------------------------------------------------------------- each rule kind on real lines

BODY = ("به گزارش خبرنگار ما، جلسه شورای هماهنگی مدیران روابط عمومی استان روز شنبه "
        "به منظور هماهنگی بیشتر و بررسی نقاط ضعف این حوزه در سالن جلسات استانداری تشکیل شد.")


@pytest.mark.parametrize("line, rule", [
    ("خبرگزاری کار ایران", "site-header"),
    ("صفحه اصلی > سیاسی > مجلس", "navigation"),
    ("صفحه اصلی سیاسی اقتصادی اجتماعی ورزشی", "menu-line"),
    ("کد خبر : ۵۹۴۸۵۶", "news-code"),
    ("شناسه خبر: 954407", "news-code"),
    ("تاریخ انتشار: ۱۲ اردیبهشت ۱۳۹۸ - ۱۶:۱۲", "publish-date"),
    ("پنجشنبه ۹ خرداد ۱۳۹۸ - ۰۶:۵۸", "date-line"),
    ("بازدید: 1419", "view-count"),
    ("زمان مطالعه: ۵ دقیقه", "reading-time"),
    ("منبع: مهر", "source-line"),
    ("اشتراک گذاری", "page-control"),
    ("لینک کوتاه کپی شد", "page-control"),
    ("اندازه فونت نسخه چاپی", "control-line"),
    ("برچسب ها: خرما، صادرات", "tags"),
    ("اخبار مرتبط", "related-box"),
    ("پربازدیدترین", "related-box"),
    ("بیشتر بخوانید: واکنش نماینده تهران به استعفای شهردار", "read-more"),
    ("تمامی اخبار این باکس توسط پلتفرم پلیکان به صورت خودکار در این سایت قرار گرفته و سایت هیچگونه مسئولیتی در خصوص محتوای آن به عهده ندارد", "disclaimer"),
    ("کلیه حقوق این سایت متعلق به خبرگزاری است.", "disclaimer"),
    ("استفاده از مطالب با ذکر منبع بلامانع است.", "disclaimer"),
    ("نرم افزار موبایل ایلنا", "promo"),
    ("ما را در تلگرام دنبال کنید", "promo"),
    ("ارسال نظر", "comments"),
    ("نظرات حاوی توهین و هرگونه نسبت ناروا به اشخاص حقیقی و حقوقی منتشر نمی‌شود.", "comments"),
    ("asdasd", "junk"),
    ("[                    ]", "junk"),
    ("۳۰۵۴ / ۲۰۳۹", "junk"),
])
def test_rule_kinds_on_real_lines(line: str, rule: str) -> None:
    # The line stands inside an article, between two body paragraphs: only its rule can remove it.
    page = "\n".join(["تیتر آزمایشی خبر درباره جلسه روابط عمومی", BODY, line, BODY.replace("شنبه", "یکشنبه")])
    result = clean(page)
    removed = {r.text: r.rule for r in result.removed}
    assert removed.get(line) == rule, result.decisions


def test_end_marker_removes_everything_after_it() -> None:
    page = "\n".join(["تیتر خبر", BODY, "انتهای پیام/", "بیژن بهوندی", "عنوان یک خبر دیگر از همین سایت", BODY])
    result = clean(page)
    assert result.text == "تیتر خبر\n" + BODY
    assert [r.rule for r in result.removed] == ["end-marker", "editor", "after-end-marker", "after-end-marker"]
    assert result.metadata.editor == "بیژن بهوندی"


@pytest.mark.parametrize("marker", ["انتهای پیام", "/ انتهای پیام", "انتهاي پيام/", "پایان پیام", "انتهای خبر"])
def test_inline_end_marker_keeps_the_paragraph_before_it(marker: str) -> None:
    page = "\n".join(["تیتر خبر", BODY + " " + marker, "اخبار مرتبط", "یک خبر دیگر"])
    result = clean(page)
    assert result.text == "تیتر خبر\n" + BODY
    decision = next(d for d in result.decisions if d.rule == "inline-end-marker")
    assert decision.keep and decision.kept_text == BODY


@pytest.mark.parametrize("sentence", [
    "وی در ادامه گفت: شهروندان می‌توانند با ارسال نظر خود در سامانه، در تصمیم‌گیری‌های شهری مشارکت کنند و پاسخ بگیرند.",
    "نماینده مجلس افزود: کلیه حقوق معوق کارگران این کارخانه تا پایان ماه جاری پرداخت خواهد شد و جای نگرانی نیست.",
    "مدیرکل راهداری گفت: برچسب ها و علائم جدید در همه محورهای مواصلاتی استان نصب شده است تا رانندگان راه را گم نکنند.",
])
def test_a_body_sentence_mentioning_a_phrase_stays(sentence: str) -> None:
    page = "\n".join(["تیتر خبر درباره مشارکت شهروندان", BODY, sentence, BODY])
    assert sentence in clean(page).text.splitlines()


def test_box_heading_takes_its_headline_list() -> None:
    page = "\n".join(["تیتر خبر", BODY, "پیشنهاد امروز", "  • عنوان خبر اول از فهرست", "  • عنوان خبر دوم از فهرست", BODY])
    result = clean(page)
    assert [r.rule for r in result.removed] == ["related-box", "box-list", "box-list"]


def test_chrome_before_the_headline_goes() -> None:
    page = "\n".join(["  • صفحه اصلی", "  • سیاسی", "  • اقتصادی", "بی واسطه با مسئولین", "صفحه اصلی > اقتصادی",
                      "تیتر خبر اقتصادی امروز", BODY, BODY])
    result = clean(page)
    assert result.text.splitlines()[0] == "تیتر خبر اقتصادی امروز"
    assert result.title == "تیتر خبر اقتصادی امروز"


# ---------------------------------------------------------------- metadata

@pytest.mark.parametrize("text, iso", [
    ("۱۲ اردیبهشت ۱۳۹۸ - ۱۶:۱۲", "2019-05-02T16:12"),
    ("پنجشنبه ۹ خرداد ۱۳۹۸ - ۰۶:۵۸", "2019-05-30T06:58"),
    ("1398/02/11", "2019-05-01"),
    ("۱۴۰۳/۰۱/۰۱", "2024-03-20"),
    ("30 اسفند 1399", "2021-03-20"),
    ("2024-03-20 10:00", "2024-03-20T10:00"),
    ("5 دسامبر 2023", "2023-12-05"),
    ("بدون تاریخ", None),
    ("جدی ۰۳, ۱۴۰۳", "2024-12-23"),          # Dari month names, month first (VOA Dari)
    ("۱۲ حوت ۱۴۰۲", "2024-03-02"),
    ("میزان ۱۰ درصد", None),                 # «میزان» is also a word: no day, no year, no date
])
def test_dates_jalali_and_gregorian(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


# ---------------------------------------------------------------- input and options

def test_bytes_entry_reports_the_encoding() -> None:
    text = (SAMPLES / "arabic-letters.txt").read_text(encoding="utf-8")
    assert clean_bytes(text.encode("utf-8")).encoding == "utf-8"
    assert clean_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")).encoding == "utf-8-sig"
    assert clean_bytes(text.encode("utf-16")).encoding.startswith("utf-16")
    r = clean_bytes(text.encode("cp1256", errors="replace"))
    assert r.encoding in ("windows-1256", "cp1256")
    assert "صادرات" in fold(r.text)


def test_text_path_imports_neither_trafilatura_nor_hazm() -> None:
    code = ("import sys, tamiz; tamiz.clean_bytes(open(sys.argv[1], 'rb').read()); "
            "print(sorted(m for m in ('trafilatura', 'hazm', 'lxml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(ILNA)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_normalize_applies_hazm_and_keeps_digits() -> None:
    page = "تیتر خبر\nاين جمله با حروف عربي نوشته شده است و ۱۲ عدد دارد که نبايد تغيير کند، می شود.\n"
    out = clean(page, normalize=True).text
    assert "این" in out and "۱۲" in out and "عربی" in out


def test_stdin_and_dash() -> None:
    data = ILNA.read_bytes()
    expected = (SAMPLES / "ilna-001.txt.expected").read_text(encoding="utf-8").rstrip("\n") + "\n"
    assert run_tamiz("clean", "-", stdin=data).stdout.decode() == expected
    assert run_tamiz("clean", stdin=data).stdout.decode() == expected


def test_missing_file_is_one_clear_line() -> None:
    proc = run_tamiz("clean", "no-such-file.txt")
    assert proc.returncode != 0
    err = proc.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "no-such-file.txt" in err and "Traceback" not in err


def test_a_section_label_between_dashes_hides_no_headline() -> None:
    # khabaronline prints «- اخبار سیاست -» over the body, under the headline, its metadata and a
    # comments link; no rule names «کوهنوردی»: the label's shape must be enough
    headline = ("رئیس فدراسیون: صعود تیم ملی به قله دماوند در زمستان انجام می شود / برنامه سال آینده "
                "اعلام شد / بودجه فدراسیون کوهنوردی دو برابر شد و سهم استان ها هم بیشتر می شود")
    page = "\n".join(["  • صفحه اصلی", headline, "  • کد خبر: ۴۱۳۸۷۴", "  • نظرات", "  • ",
                      "- اخبار کوهنوردی -", BODY, BODY])
    result = clean(page)
    assert result.title == headline
    assert result.text.splitlines() == [headline, BODY, BODY]
    assert ("dashed-label", "- اخبار کوهنوردی -") in [(r.rule, r.text) for r in result.removed]


def test_readers_comments_headed_by_name_and_date_rows_end_the_article() -> None:
    page = "\n".join(["تیتر خبر", BODY, BODY,
                      "علی ۱۲ آبان ۱۴۰۲ - ۱۰:۲۰", "این طرح سال‌هاست وعده داده می‌شود و هنوز اجرا نشده است.",
                      "مریم ۱۲ آبان ۱۴۰۲ - ۱۱:۰۵", "انتقال آب از خزر هزینه زیادی دارد و بهتر است آب را مدیریت کنیم."])
    result = clean(page)
    assert result.text.splitlines() == ["تیتر خبر", BODY, BODY]
    assert [r.rule for r in result.removed][0] == "comment-block"
