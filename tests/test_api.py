"""The Python API (issue 12, item 8): what `clean` and `clean_bytes` take, what they refuse and
how, one rules file as a plain path, `to_dict`'s `source`, and docstrings that say what fields mean."""
from __future__ import annotations

import dataclasses
import doctest
from pathlib import Path

import pytest

import tamiz
from tamiz import Metadata, Removal, Decision, Result, RuleFileError, clean, clean_bytes, load_rulebook
from tamiz import pipeline

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

EXAMPLE = Path(__file__).resolve().parents[1] / "samples" / "html-example.html"
HEADLINE = "افتتاح کتابخانه عمومی تازه در شیراز"
BODY = "مدیر کل کتابخانه‌های عمومی استان فارس در آیین گشایش گفت"

BANNER = "اپلیکیشن خبرگزاری ما را نصب کنید"
PAGE = "\n".join([
    "تیتر خبر درباره بارش باران در تهران",
    "به گزارش خبرنگار ما، بارش باران از صبح امروز در بیشتر مناطق تهران آغاز شد و تا فردا ادامه خواهد داشت.",
    BANNER,
    "مدیرکل هواشناسی گفت: شهروندان از سفرهای غیرضروری پرهیز کنند و هشدارهای این سازمان را جدی بگیرند.",
])
USER_RULE = f'''
[[rule]]
name = "our-app"
kind = "promo"
reason = "our agency's app banner"
exact = ["{BANNER}"]
'''


# ---------------------------------------------------------------- HTML given as a str

def test_clean_sniffs_an_html_string_and_cleans_it_as_html() -> None:
    html = EXAMPLE.read_text(encoding="utf-8")
    result = clean(html)
    assert result.input_format == "html"
    assert result.extractor == "tamiz"
    assert result.title == HEADLINE and BODY in result.text
    assert "<" not in result.text and "tracker" not in result.text
    assert result.encoding is None                     # nothing was decoded


def test_clean_of_an_html_string_matches_clean_bytes_of_its_utf8() -> None:
    html = EXAMPLE.read_text(encoding="utf-8")
    as_str, as_bytes = clean(html), clean_bytes(html.encode("utf-8"))
    assert as_str.to_dict() == {**as_bytes.to_dict(), "encoding": None}


def test_clean_resolves_character_references_in_an_html_string_as_clean_bytes_does() -> None:
    html = EXAMPLE.read_text(encoding="utf-8").replace("کتابخانه‌های", "کتابخانه&#8204;های")
    assert BODY in clean(html).text
    assert clean(html).text == clean_bytes(html.encode("utf-8")).text


def test_input_format_text_forces_the_text_path() -> None:
    html = EXAMPLE.read_text(encoding="utf-8")
    result = clean(html, input_format="text")
    assert result.input_format == "text" and result.extractor is None
    forced = clean(PAGE, input_format="html")
    assert forced.input_format == "html"


def test_input_format_must_be_auto_text_or_html() -> None:
    with pytest.raises(ValueError, match="input_format"):
        clean(PAGE, input_format="HTML")
    with pytest.raises(ValueError, match="input_format"):
        clean_bytes(PAGE.encode(), input_format="jsonl")


# ---------------------------------------------------------------- wrong types

@pytest.mark.parametrize("data", [b"<html></html>", bytearray(b"text"), memoryview(b"text")])
def test_clean_of_bytes_says_to_use_clean_bytes(data: object) -> None:
    with pytest.raises(TypeError) as exc:
        clean(data)  # type: ignore[arg-type]
    assert str(exc.value) == "clean() takes str; for bytes use clean_bytes()"


@pytest.mark.parametrize("value, name", [(None, "NoneType"), (3, "int"), (["a"], "list")])
def test_clean_of_a_non_str_names_its_type(value: object, name: str) -> None:
    with pytest.raises(TypeError) as exc:
        clean(value)  # type: ignore[arg-type]
    assert str(exc.value) == f"clean() takes str, not {name}"


def test_clean_bytes_of_a_str_says_to_use_clean() -> None:
    with pytest.raises(TypeError) as exc:
        clean_bytes(PAGE)  # type: ignore[arg-type]
    assert "use clean()" in str(exc.value) and "str" in str(exc.value)
    with pytest.raises(TypeError, match="NoneType"):
        clean_bytes(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview])
def test_clean_bytes_takes_any_bytes_like(wrap: type) -> None:
    assert clean_bytes(wrap(PAGE.encode("utf-8"))).text == clean(PAGE).text


# ---------------------------------------------------------------- one rules file as a path

@pytest.fixture()
def rules_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(USER_RULE, encoding="utf-8")
    return path


@pytest.mark.parametrize("as_", [str, Path])
def test_one_rules_file_as_str_or_path(rules_file: Path, as_: type) -> None:
    assert BANNER in clean(PAGE).text
    result = clean(PAGE, rules=as_(rules_file))
    assert BANNER not in result.text
    assert ("our-app", 3) in [(r.rule, r.line) for r in result.removed]
    assert BANNER not in clean_bytes(PAGE.encode("utf-8"), rules=as_(rules_file)).text
    assert load_rulebook(as_(rules_file)).by_name("our-app") is not None


def test_a_list_of_rules_files_still_works(rules_file: Path) -> None:
    assert BANNER not in clean(PAGE, rules=[str(rules_file)]).text
    assert BANNER not in clean(PAGE, rules=(rules_file,)).text


@pytest.mark.parametrize("as_", [str, Path])
def test_a_missing_rules_file_is_named(tmp_path: Path, as_: type) -> None:
    missing = tmp_path / "no-such.toml"
    for call in (lambda: clean(PAGE, rules=as_(missing)),
                 lambda: clean_bytes(PAGE.encode(), rules=as_(missing)),
                 lambda: load_rulebook(as_(missing))):
        with pytest.raises(RuleFileError, match="no-such.toml: rules file not found"):
            call()


# ---------------------------------------------------------------- to_dict's source

def test_to_dict_takes_the_source() -> None:
    result = clean(PAGE)
    assert result.to_dict(source="x")["source"] == "x"
    assert "source" in result.to_dict() and result.to_dict()["source"] is None
    # the CLI's key order: source, then schema
    assert list(result.to_dict(source="x"))[:2] == ["source", "schema"]
    assert list(result.to_dict(decisions=True))[-1] == "decisions"


# ---------------------------------------------------------------- docstrings

@pytest.mark.parametrize("cls", [Result, Metadata, Removal, Decision])
def test_every_field_is_named_in_its_class_docstring(cls: type) -> None:
    doc = cls.__doc__ or ""
    missing = [f.name for f in dataclasses.fields(cls) if f"{f.name} (" not in doc]
    assert not missing, f"{cls.__name__}'s docstring does not explain {missing}"


@pytest.mark.parametrize("func", [clean, clean_bytes])
def test_entry_docstrings_give_arguments_errors_and_an_example(func: object) -> None:
    doc = func.__doc__ or ""  # type: ignore[attr-defined]
    for word in ("rules", "normalize", "input_format", "Returns", "TypeError", "RuleFileError", ">>> "):
        assert word in doc, word
    if func is clean_bytes:
        assert "DecodeError" in doc and "encoding" in doc


@pytest.mark.parametrize("module", [tamiz, tamiz.pipeline])
def test_docstring_examples_run(module: object) -> None:
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert attempted > 0 and failed == 0


def test_a_forced_input_format_that_does_not_fit_is_warned() -> None:
    page = (SAMPLES / "ilna-001.txt").read_text("utf-8")
    html = (SAMPLES / "html-example.html").read_text("utf-8")
    as_html = clean(page, input_format="html")
    assert as_html.warnings == [pipeline.MISFIT_HTML]
    as_text = clean_bytes(html.encode("utf-8"), input_format="text")
    assert as_text.warnings.count(pipeline.MISFIT_TEXT) == 1
    # What fits, or what auto chose, says nothing; a fragment with a few tags is HTML enough.
    assert clean(page).warnings == [] and clean(html, input_format="html").warnings == []
    fragment = "<p>یک بند خبر که به صورت تکه ای از صفحه آمده است.</p>"
    assert pipeline.MISFIT_HTML not in clean(fragment, input_format="html").warnings


def test_a_wrong_rules_type_is_named() -> None:
    with pytest.raises(TypeError, match="^rules takes a path or a list of paths, not int$"):
        clean("متن", rules=5)
    with pytest.raises(TypeError, match="not list of int"):
        clean("متن", rules=[5])


def test_help_text_of_result_has_no_broken_lines() -> None:
    doc = Result.__doc__ or ""
    assert all(line.count('"') % 2 == 0 for line in doc.splitlines()), "a quote split across lines"
