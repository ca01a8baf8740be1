"""Rules as data: the built-in file, users' `--rules FILE`, errors that name the line, `tamiz rules`."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tamiz import RuleFileError, clean, load_rulebook
from tamiz.rulebook import KINDS, builtin_rules, parse_rules

TAMIZ = Path(sys.executable).parent / "tamiz"
PAGE = "\n".join([
    "تیتر خبر درباره بارش باران در تهران",
    "به گزارش خبرنگار ما، بارش باران از صبح امروز در بیشتر مناطق تهران آغاز شد و تا فردا ادامه خواهد داشت.",
    "اپلیکیشن خبرگزاری ما را نصب کنید",
    "مدیرکل هواشناسی گفت: شهروندان از سفرهای غیرضروری پرهیز کنند و هشدارهای این سازمان را جدی بگیرند.",
])
USER_RULE = '''
[[rule]]
name = "our-app"
kind = "promo"
reason = "our agency's app banner"
exact = ["اپلیکیشن خبرگزاری ما را نصب کنید"]
'''


def test_builtin_rules_are_named_kinded_and_explained() -> None:
    rules = builtin_rules()
    names = [r.name for r in rules]
    assert len(names) == len(set(names)) >= 15
    assert all(r.kind in KINDS and r.reason for r in rules)
    assert {r.kind for r in rules} == set(KINDS) - {"template"}  # learned from a batch, never built in


def test_user_rule_file_adds_a_rule(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(USER_RULE, encoding="utf-8")
    assert "اپلیکیشن خبرگزاری" in clean(PAGE).text
    result = clean(PAGE, rules=[path])
    assert "اپلیکیشن خبرگزاری" not in result.text
    assert [(r.rule, r.reason) for r in result.removed] == [("our-app", "our agency's app banner")]


def test_user_rules_win_over_builtin_ones(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('[[rule]]\nname = "my-marker"\nkind = "end"\nreason = "our end marker"\nexact = ["انتهای پیام"]\n',
                    encoding="utf-8")
    book = load_rulebook([path])
    assert book.match("انتهای پیام", "انتهایپیام", 2).name == "my-marker"


@pytest.mark.parametrize("source, where, cause", [
    ('[[rule]]\nname = "x"\nkind = "promos"\nreason = "r"\nexact = ["a"]\n', ":1:", "unknown kind 'promos'"),
    ('[[rule]]\nname = "a"\nkind = "promo"\nreason = "r"\nexact = ["a"]\n\n[[rule]]\nname = "b"\nkind = "promo"\nreason = "r"\npattern = ["("]\n',
     ":7:", "bad pattern"),
    ('[[rule]]\nname = "x"\nkind = "promo"\nreason = "r"\n', ":1:", "matches nothing"),
    ('[[rule]]\nname = "x"\nkind = "promo"\nreason = "r"\nexact = ["a"]\ncolour = "red"\n', ":1:", "unknown field 'colour'"),
    ('[[rule]]\nname = "x"\nkind = "promo"\nexact = ["a"]\n', ":1:", "'reason'"),
    ('[[rule]]\nname = "x"\nkind = "promo"\nreason = "r"\nexact = ["a"]\nmax_words = 0\n', ":1:", "max_words"),
    ('[[rule]\nname = "x"\n', ":1:", "not valid TOML"),
])
def test_bad_rule_file_names_file_line_and_cause(source: str, where: str, cause: str) -> None:
    with pytest.raises(RuleFileError) as err:
        parse_rules(source, "mine.toml")
    message = str(err.value)
    assert message.startswith("mine.toml") and where in message and cause in message
    assert "\n" not in message


def test_missing_rule_file_is_a_clear_error() -> None:
    with pytest.raises(RuleFileError, match="no-such.toml: rules file not found"):
        load_rulebook(["no-such.toml"])


def test_vocabulary_rule_matches_lines_made_of_its_words() -> None:
    rules = parse_rules('[[rule]]\nname = "menu"\nkind = "nav"\nreason = "menu"\nvocabulary = "خانه ورزش سیاست"\n', "t")
    from tamiz.rulebook import Rulebook
    book = Rulebook(rules)
    assert book.match("خانه ورزش سیاست", "خانهورزشسیاست", 3) is not None
    assert book.match("خانه ورزش و سیاست خارجی ایران", "", 6) is None


def test_cli_bad_rules_file_exits_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[rule]]\nname = "x"\nkind = "nope"\nreason = "r"\nexact = ["a"]\n', encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    proc = subprocess.run([str(TAMIZ), "clean", "--rules", str(path), str(page)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{path}:1:" in lines[0] and "unknown kind" in lines[0]


def test_cli_rules_lists_every_rule_with_kind_and_reason(tmp_path: Path) -> None:
    proc = subprocess.run([str(TAMIZ), "rules"], capture_output=True, text=True)
    assert proc.returncode == 0
    out = proc.stdout
    for rule in builtin_rules():
        assert rule.name in out and rule.reason in out
    for name in ("before-article", "after-end-marker", "editor", "box-list", "duplicate-title"):
        assert name in out
    path = tmp_path / "mine.toml"
    path.write_text(USER_RULE, encoding="utf-8")
    assert "our-app" in subprocess.run([str(TAMIZ), "rules", "--rules", str(path)], capture_output=True, text=True).stdout


def test_a_users_pattern_rule_wins_over_a_built_in_prefix(tmp_path: Path) -> None:
    """The README's own example: «کد خبرنگار ۴۴۳» is named by the user's pattern, not by the
    built-in byline prefix (users' rules are tried first whatever their match type)."""
    rules = tmp_path / "mine.toml"
    rules.write_text("[[rule]]\nname = 'my-reporter-code'\nkind = 'meta'\nreason = 'ours'\n"
                     "pattern = ['^کد\\s*خبرنگار\\s*\\d+$']\n", encoding="utf-8")
    page = "عنوان خبر آزمایشی درباره بارش باران\nکد خبرنگار ۴۴۳\n" + \
           "این جمله‌ای کامل از متن خبر است که باید بماند و حذف نشود و ادامه دارد.\n"
    assert [r.rule for r in clean(page, rules=[rules]).removed] == ["my-reporter-code"]
    assert [r.rule for r in clean(page).removed] == ["byline"]
