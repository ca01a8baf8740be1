"""End-to-end tests of `tamiz clean` through the installed command (subprocess), over real files
and folders built in tmp_path: inputs, formats, --out, JSON Lines, workers, bad input, exit codes.
"""
from __future__ import annotations

import json
import os
import pty
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tamiz

TAMIZ = str(Path(sys.executable).parent / "tamiz")

HEADLINE = "افزایش بیست درصدی فروش نمایشگاه کتاب تهران"
BODY = [
    "به گزارش خبرنگار ما، فروش کتاب در نمایشگاه امسال نسبت به سال گذشته بیست درصد افزایش یافت "
    "و بیش از صد هزار نفر در روزهای پایانی از این نمایشگاه بازدید کردند.",
    "مدیر نمایشگاه در این باره گفت: استقبال مردم از کتاب‌های کودک و نوجوان بیش از همه بخش‌ها بود "
    "و ناشران از این وضعیت رضایت کامل دارند و برای سال آینده برنامه دارند.",
    "وی افزود: برنامه‌های ویژه‌ای برای سال آینده در نظر گرفته شده است تا دسترسی مردم به کتاب "
    "در همه شهرهای کشور آسان‌تر شود و قیمت‌ها نیز مناسب بماند.",
]
BOILER = ["خبرگزاری کار ایران", "کد خبر : ۵۹۴۸۵۶", "انتهای پیام/", "اخبار مرتبط", "اشتراک گذاری"]


def page(n: int = 0) -> str:
    """A small news page: site name, headline, code line, body, end marker, a related box."""
    body = [f"{BODY[0]} این خبر شماره {n} است."] + BODY[1:] if n else BODY
    return "\n".join(["خبرگزاری کار ایران", "", HEADLINE, "کد خبر : ۵۹۴۸۵۶", "", *body,
                      "انتهای پیام/", "اخبار مرتبط", "عنوان یک خبر دیگر در همین باکس", "اشتراک گذاری", ""])


def run(*args: str | Path, stdin: bytes | None = None, env: dict | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([TAMIZ, *map(str, args)], input=stdin if stdin is not None else b"",
                          capture_output=True, env=clean_env(env), timeout=timeout)


def clean_env(extra: dict | None = None) -> dict[str, str]:
    """The test's environment without colour settings, plus `extra`."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return {**base, **(extra or {})}


def out_text(p: subprocess.CompletedProcess[bytes]) -> str:
    return p.stdout.decode("utf-8")


def err_text(p: subprocess.CompletedProcess[bytes]) -> str:
    return p.stderr.decode("utf-8")


def expected(text: str) -> str:
    """What the CLI must print for one page in text format: the library's answer."""
    cleaned = tamiz.clean(text).text
    return cleaned + "\n" if cleaned else ""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """in/ with nested folders, HTML-named and hidden files, and a file the globs do not take."""
    root = tmp_path / "in"
    for i, rel in enumerate(["b.txt", "a.txt", "sub/c.txt", "sub/deep/d.htm", "z/e.html"], start=1):
        write(root / rel, page(i))
    write(root / ".hidden.txt", page(90))
    write(root / ".git/f.txt", page(91))
    write(root / "notes.md", page(92))
    return root


def read_pty(master: int) -> bytes:
    """All a child wrote to a pseudo-terminal, until it closed it; closes `master`."""
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return b"".join(chunks)


def jsonl(p: subprocess.CompletedProcess[bytes]) -> list[dict]:
    return [json.loads(line) for line in out_text(p).splitlines()]


# -- one page, stdin, formats ------------------------------------------------------------------

def test_single_file_prints_only_the_article(tmp_path: Path) -> None:
    f = write(tmp_path / "p.txt", page())
    p = run("clean", f)
    assert p.returncode == 0, err_text(p)
    assert p.stderr == b""  # one file: no summary, nothing decorative
    lines = out_text(p).splitlines()
    assert lines[0] == HEADLINE and lines[-1] == BODY[-1]
    assert all(b not in lines for b in BOILER)
    assert out_text(p) == expected(page())


def test_stdin_dash_and_piped_stdin(tmp_path: Path) -> None:
    data = page().encode()
    dash, piped = run("clean", "-", stdin=data), run("clean", stdin=data)
    assert dash.returncode == piped.returncode == 0
    assert dash.stdout == piped.stdout == expected(page()).encode()
    rec = jsonl(run("clean", "--format", "jsonl", stdin=data))
    assert rec[0]["source"] == "-"


def test_no_input_on_a_terminal_is_a_usage_error() -> None:
    master, slave = pty.openpty()
    try:
        p = subprocess.run([TAMIZ, "clean"], stdin=slave, capture_output=True, timeout=60)
    finally:
        os.close(master)
        os.close(slave)
    assert p.returncode == 2
    assert err_text(p).startswith("tamiz: no input")


def test_jsonl_has_source_text_and_result_fields(tree: Path) -> None:
    p = run("clean", "--format", "jsonl", tree)
    assert p.returncode == 0, err_text(p)
    recs = jsonl(p)
    assert [r["source"] for r in recs] == [str(tree / r) for r in
                                           ["a.txt", "b.txt", "sub/c.txt", "sub/deep/d.htm", "z/e.html"]]
    for r in recs:
        assert r["text"] == tamiz.clean(Path(r["source"]).read_text("utf-8")).text
        assert {"schema", "title", "lead", "paragraphs", "metadata", "removed", "encoding"} <= r.keys()
        assert r["removed"] and all(x["rule"] and x["reason"] for x in r["removed"])


def test_json_is_one_object_for_one_input_and_an_array_for_several(tree: Path) -> None:
    one = json.loads(run("clean", "--format", "json", tree / "a.txt").stdout)
    assert one["source"] == str(tree / "a.txt") and one["title"] == HEADLINE
    many = json.loads(run("clean", "--format", "json", tree).stdout)
    assert isinstance(many, list) and len(many) == 5 and many[0] == one


def test_text_with_several_inputs_has_a_parseable_separator(tree: Path) -> None:
    p = run("clean", tree / "b.txt", tree)
    assert p.returncode == 0
    # A header starts the output or follows a blank line; each body keeps its final newline.
    docs = re.split(r"(?:^|(?<=\n)\n)==> (.*) <==\n", out_text(p))
    assert docs[0] == ""
    names, bodies = docs[1::2], docs[2::2]
    assert names == [str(tree / "b.txt")] + [str(tree / r) for r in
                                             ["a.txt", "b.txt", "sub/c.txt", "sub/deep/d.htm", "z/e.html"]]
    for name, body in zip(names, bodies):
        assert body == expected(Path(name).read_text("utf-8"))
    assert "6 files: 6 cleaned, 0 failed, 0 skipped" in err_text(p)


def test_html_pages_go_through_the_html_path(tmp_path: Path) -> None:
    body = "".join(f"<p>{b}</p>" for b in BODY)
    html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{HEADLINE}</title></head><body>"
            f"<nav><a href='/'>صفحه اصلی</a></nav><article><h1>{HEADLINE}</h1>{body}</article>"
            "<footer>تمامی حقوق محفوظ است</footer></body></html>")
    f = write(tmp_path / "page.html", html)
    auto, forced = run("clean", "-f", "jsonl", f), run("clean", "-f", "jsonl", "--input-format", "html", f)
    assert auto.returncode == forced.returncode == 0, err_text(auto)
    want = tamiz.clean_bytes(html.encode(), input_format="html")
    assert jsonl(auto)[0]["text"] == jsonl(forced)[0]["text"] == want.text
    assert jsonl(auto)[0]["input_format"] == "html" and BODY[1] in want.text


def test_glob_changes_the_files_chosen(tree: Path) -> None:
    recs = jsonl(run("clean", "-f", "jsonl", "--glob", "*.md", "--glob", "*.HTM", tree))
    assert [r["source"] for r in recs] == [str(tree / "notes.md"), str(tree / "sub/deep/d.htm")]


def test_explain_marks_every_line_plain_when_piped(tmp_path: Path) -> None:
    f = write(tmp_path / "p.txt", page())
    p = run("clean", "--explain", f)
    lines = out_text(p).splitlines()
    nonblank = [ln for ln in page().splitlines() if ln.strip()]
    assert len(lines) == len(nonblank) and "\x1b" not in out_text(p)
    for line, src in zip(lines, nonblank):
        m = re.match(r"([+-]) (\d+)\s+(\S+)\s+(.*)$", line)
        assert m and m.group(4) == src
    marks = {m.group(2): m.group(1) for m in (re.match(r"([+-]) \d+\s+\S+\s+(.*)$", ln) for ln in lines) if m}
    assert marks[HEADLINE] == "+" and marks["کد خبر : ۵۹۴۸۵۶"] == "-"
    assert re.search(r"^- \d+\s+\S+\s+کد خبر", out_text(p), re.M)


def test_explain_is_coloured_on_a_terminal_unless_no_color(tmp_path: Path) -> None:
    f = write(tmp_path / "p.txt", page())

    def on_tty(env: dict) -> str:
        master, slave = pty.openpty()
        proc = subprocess.Popen([TAMIZ, "clean", "--explain", str(f)], stdout=slave,
                                stderr=subprocess.PIPE, env=clean_env(env))
        os.close(slave)
        got = read_pty(master)
        proc.wait(timeout=60)
        return got.decode("utf-8", "replace")

    coloured = on_tty({"TERM": "xterm"})
    assert "\x1b[" in coloured and HEADLINE in coloured
    assert "\x1b[" not in on_tty({"NO_COLOR": "1"})
    assert "\x1b[" not in on_tty({"TERM": "dumb"})


def test_normalize_and_rules_options(tmp_path: Path) -> None:
    f = write(tmp_path / "p.txt", page().replace(BODY[1], BODY[1] + "\nبنر تبلیغاتی ویژه نوروز"))
    rules = write(tmp_path / "mine.toml", '[[rule]]\nname = "my-promo"\nkind = "promo"\n'
                                          'reason = "our banner"\nprefix = ["بنر تبلیغاتی"]\n')
    p = run("clean", "-f", "jsonl", "--rules", rules, f)
    rec = jsonl(p)[0]
    assert "بنر" not in rec["text"]
    assert any(r["rule"] == "my-promo" for r in rec["removed"])
    n = run("clean", "--normalize", f)
    assert n.returncode == 0 and HEADLINE in out_text(n)


def test_bad_rules_file_is_a_one_line_usage_error(tmp_path: Path) -> None:
    f = write(tmp_path / "p.txt", page())
    bad = write(tmp_path / "bad.toml", '[[rule]]\nname = "x"\nkind = "nonsense"\nreason = "r"\nexact = ["a"]\n')
    p = run("clean", "--rules", bad, f)
    assert p.returncode == 2 and p.stdout == b""
    assert err_text(p).count("\n") == 1 and str(bad) in err_text(p) and "Traceback" not in err_text(p)
    broken = write(tmp_path / "broken.toml", "[[rule]\nname = \n")
    p = run("clean", "--rules", broken, f)
    assert p.returncode == 2 and err_text(p).count("\n") == 1
    assert re.search(rf"{re.escape(str(broken))}(:\d+|: .*line \d+)", err_text(p))


@pytest.mark.parametrize("args", [
    ["clean", "--format", "yaml", "x"], ["clean", "--skip-existing", "x"],
    ["clean", "--input-format", "text", "--field", "body", "x"], ["clean", "--jobs", "-1", "x"],
    ["clean", "--output-field", "out", "x.txt"], ["nonsense"],
])
def test_usage_errors_exit_2(args: list[str]) -> None:
    p = run(*args)
    assert p.returncode == 2 and p.stdout == b"" and "Traceback" not in err_text(p)


def test_help_is_clear() -> None:
    top, sub = run("--help"), run("clean", "--help")
    assert top.returncode == sub.returncode == 0
    assert "clean" in out_text(top) and "rules" in out_text(top)
    for opt in ["--format", "--input-format", "--field", "--explain", "--rules", "--normalize", "--glob",
                "--out", "--skip-existing", "--jobs", "--progress", "--max-size", "Exit status"]:
        assert opt in out_text(sub), opt


@pytest.mark.parametrize("command", [[], ["clean"], ["eval"], ["rules"], ["learn"]])
def test_each_help_has_examples_and_no_python_type_names(command: list[str]) -> None:
    p = run(*command, "-h")
    text = out_text(p)
    assert p.returncode == 0 and "Examples:\n" in text
    example = next(line for line in text.splitlines() if line.strip().startswith("tamiz "))
    assert example.strip().startswith(f"tamiz {command[0] if command else 'clean'}")
    assert "\\b" not in text  # click's no-rewrap marker, written as a backslash and a b
    # Typer's labels of Python types mean nothing to a user: list[str], {corpus}, <int range>.
    assert not re.search(r"<list\[|<int|<float|<path>|range>|\{\w+\}|x>=", text), text


def test_shell_completion_can_be_installed() -> None:
    top = out_text(run("--help"))
    assert "--install-completion" in top and "--show-completion" in top
    # Typer finds the user's shell among the parent processes; a test run in the background
    # may have none, so the shell is named instead (Typer's switch for its own tests).
    shown = run("--show-completion", "bash", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert shown.returncode == 0 and "_TAMIZ_COMPLETE" in out_text(shown)


# -- JSON Lines input ---------------------------------------------------------------------------

def test_jsonl_input_writes_the_same_records_with_the_clean_text(tmp_path: Path) -> None:
    recs = [{"id": i, "url": f"https://x/{i}", "body": page(i)} for i in range(1, 6)]
    lines = [json.dumps(r, ensure_ascii=False) for r in recs]
    lines.insert(2, "{not json")
    lines.insert(4, json.dumps({"id": 99}))
    f = write(tmp_path / "dump.jsonl", "\n".join(lines) + "\n")
    p = run("clean", "--input-format", "jsonl", "--field", "body", f)
    assert p.returncode == 1
    out = jsonl(p)
    # One output record per input record, in order: line N of the output answers line N.
    assert [r.get("id") for r in out] == [1, 2, None, 3, 99, 4, 5]
    assert out[2] == {"clean_text": None, "tamiz": {"error": out[2]["tamiz"]["error"], "line": 3}}
    assert out[2]["tamiz"]["error"].startswith("not a JSON record")
    for r in out:
        if r.get("id") is None:
            continue
        if r["id"] == 99:
            assert r["clean_text"] is None and r["tamiz"] == {"error": "field 'body' missing", "line": 5}
        else:
            assert r["body"] == page(r["id"]) and r["url"] == f"https://x/{r['id']}"
            assert r["clean_text"] == tamiz.clean(page(r["id"])).text
    err = err_text(p).splitlines()
    assert f"tamiz: {f}:3: not a JSON record" in err[0] and f"tamiz: {f}:5: field 'body' missing" in err[1]
    # --format jsonl adds the whole result; --out writes the records file under the same name.
    full = jsonl(run("clean", "--input-format", "jsonl", "--field", "body", "-f", "jsonl",
                     "--output-field", "clean", f))
    assert full[0]["tamiz"]["title"] == HEADLINE and full[0]["clean"] == full[0]["tamiz"]["text"]
    o = run("clean", "--input-format", "jsonl", "--field", "body", "-o", tmp_path / "o", f)
    assert o.returncode == 1 and (tmp_path / "o/dump.jsonl").read_bytes() == p.stdout
    piped = run("clean", "--input-format", "jsonl", "--field", "body", stdin=f.read_bytes())
    assert piped.stdout == p.stdout


def records_file(tmp_path: Path, name: str = "dump.jsonl") -> Path:
    lines = [json.dumps({"id": 1, "text": page(1)}, ensure_ascii=False), "[1, 2]", "",
             json.dumps({"id": 3, "text": page(3)}, ensure_ascii=False)]
    return write(tmp_path / name, "\n".join(lines) + "\n")


def test_jsonl_is_sniffed_and_every_record_answers(tmp_path: Path) -> None:
    f = records_file(tmp_path, "crawl.txt")  # the name says nothing: the first line does
    p = run("clean", f)
    out = jsonl(p)
    assert p.returncode == 1 and [r.get("id") for r in out] == [1, None, 3]
    assert out[1] == {"clean_text": None, "tamiz": {"error": "not a JSON object", "line": 2}}
    assert out[0]["clean_text"] == tamiz.clean(page(1)).text
    # A single JSON Lines file is a batch: it gets a summary.
    assert re.search(r"^tamiz: 3 documents: 2 cleaned, 1 failed, 0 skipped;", err_text(p), re.M)
    assert run("clean", stdin=f.read_bytes()).stdout == p.stdout  # stdin is sniffed too
    mixed = run("clean", f, write(tmp_path / "page.txt", page(2)))
    assert mixed.returncode == 2 and "is JSON Lines and" in err_text(mixed) and mixed.stdout == b""


def test_jsonl_with_format_json_is_one_json_document(tmp_path: Path) -> None:
    f = records_file(tmp_path)
    p = run("clean", f, "-f", "json")
    doc = json.loads(out_text(p))  # one document, not lines
    assert [r.get("id") for r in doc] == [1, None, 3] and doc[0]["tamiz"]["title"] == HEADLINE
    o = run("clean", f, "-f", "json", "-o", tmp_path / "o")
    assert json.loads((tmp_path / "o/dump.json").read_text("utf-8")) == doc


def test_explain_with_jsonl_input_shows_each_record(tmp_path: Path) -> None:
    f = records_file(tmp_path)
    p = run("clean", f, "--explain")
    text = out_text(p)
    assert text.startswith(f"==> {f}:1 <==\n") and f"\n\n==> {f}:4 <==\n" in text
    assert re.search(r"^\+ \d+\s+title\s+" + HEADLINE, text, re.M)
    assert re.search(r"^- \d+\s+\S+\s+کد خبر", text, re.M)


def test_a_forced_format_that_does_not_fit_says_so(tmp_path: Path) -> None:
    f = write(tmp_path / "p.txt", page())
    p = run("clean", "--input-format", "jsonl", f)
    assert "warning: its first line is not JSON: is it JSON Lines?" in err_text(p).splitlines()[0]


# -- --out --------------------------------------------------------------------------------------

def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith(".") and ".tamiz-" in p.name]


def test_out_mirrors_the_tree_whole_files(tree: Path, tmp_path: Path) -> None:
    write(tree / "a.html", page(7))  # same stem as a.txt: a.txt keeps its name
    out = tmp_path / "out"
    p = run("clean", tree, "--out", out)
    assert p.returncode == 0 and p.stdout == b""
    files = sorted(str(x.relative_to(out)) for x in out.rglob("*") if x.is_file())
    assert files == ["a.html.txt", "a.txt", "b.txt", "sub/c.txt", "sub/deep/d.txt", "z/e.txt"]
    assert (out / "sub/deep/d.txt").read_text("utf-8") == expected((tree / "sub/deep/d.htm").read_text("utf-8"))
    assert (out / "a.html.txt").read_text("utf-8") == expected(page(7))
    assert not leftovers(out)
    js = run("clean", tree / "a.txt", "-f", "json", "-o", out)
    assert json.loads((out / "a.json").read_text("utf-8"))["title"] == HEADLINE and js.returncode == 0


def test_out_never_overwrites_an_input_and_never_reads_its_outputs(tree: Path) -> None:
    p = run("clean", tree, "--out", tree)
    assert p.returncode == 2 and "input directory" in err_text(p)
    inside = tree / "clean"
    first = run("clean", tree, "--out", inside)
    second = run("clean", tree, "--out", inside)
    assert first.returncode == second.returncode == 0
    assert "5 files" in err_text(first) and "5 files" in err_text(second)  # clean/ not re-read
    assert not (inside / "clean").exists()
    # An output that would land on an input is refused, the input untouched; the others go on.
    other = tree.parent / "other"
    write(other / "x.html", page(3))
    write(other / "x.txt", page(4))
    p = run("clean", other / "x.html", other / "x.txt", "--out", other)
    assert p.returncode == 1 and f"tamiz: {other / 'x.txt'}: output {other / 'x.txt'} would overwrite an input" in err_text(p)
    assert (other / "x.txt").read_text("utf-8") == page(4)
    assert (other / "x.html.txt").read_text("utf-8") == expected(page(3))


def test_skip_existing_resumes_a_batch(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("clean", tree, "-o", out)
    (out / "b.txt").unlink()
    (out / "a.txt").write_text("kept as is")
    p = run("clean", tree, "-o", out, "--skip-existing")
    assert p.returncode == 0
    assert (out / "a.txt").read_text() == "kept as is"
    assert (out / "b.txt").read_text("utf-8") == expected(page(1))
    # A resume of thousands of files says so once, in the summary, not once per file.
    assert err_text(p).splitlines() == [line for line in err_text(p).splitlines() if "skipped:" not in line]
    assert re.fullmatch(r"tamiz: 5 files: 1 cleaned, 0 failed, 4 skipped \(4 with their output "
                        r"already there\); .*\n", err_text(p))
    # One file named alone still hears why nothing happened.
    one = run("clean", tree / "a.txt", "-o", out, "--skip-existing")
    assert err_text(one) == f"tamiz: {tree / 'a.txt'}: skipped: output exists\n"


def test_out_name_clash_is_resolved_the_same_way_and_reported(tmp_path: Path) -> None:
    d = tmp_path / "in"
    write(d / "x.html", page(1))
    write(d / "x.txt", page(2))
    p = run("clean", d, "-o", tmp_path / "out")
    assert p.returncode == 0
    assert (tmp_path / "out/x.txt").read_text("utf-8") == expected(page(2))
    assert (tmp_path / "out/x.html.txt").read_text("utf-8") == expected(page(1))
    out = tmp_path / "out"
    assert f"tamiz: {d / 'x.html'}: warning: written to {out / 'x.html.txt'}: {out / 'x.txt'} is " \
           f"the output of {d / 'x.txt'}" in err_text(p).splitlines()


def test_several_folders_are_mirrored_each_under_its_own_name(tmp_path: Path) -> None:
    for part in ("a/raw", "b/raw"):
        write(tmp_path / part / "001.txt", page(1 if part == "a/raw" else 2))
    out = tmp_path / "out"
    p = run("clean", tmp_path / "a/raw", tmp_path / "b/raw", tmp_path / "a/raw", "-o", out)
    assert p.returncode == 0 and "2 files: 2 cleaned" in err_text(p)  # a/raw named twice: once
    assert (out / "a/raw/001.txt").read_text("utf-8") == expected(page(1))
    assert (out / "b/raw/001.txt").read_text("utf-8") == expected(page(2))
    # Two named files of one name: refused, not renamed, so a resume never skips the wrong one.
    p = run("clean", tmp_path / "a/raw/001.txt", tmp_path / "b/raw/001.txt", "-o", tmp_path / "o2")
    assert p.returncode == 1 and "clashes with the output of" in err_text(p)


# -- workers ------------------------------------------------------------------------------------

@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """40 pages of different sizes and kinds, some bad: the same batch for --jobs 1 and 2."""
    root = tmp_path / "mixed"
    for i in range(40):
        text = page(i) * (1 + i % 4)
        if i % 7 == 3:
            text = "\ufeff" + text.replace("\n", "\r\n")
        write(root / f"g{i % 3}" / f"p{i:02d}.txt", text)
    write(root / "g0/bin.txt", b"\x00\x01\x02binary")
    write(root / "g1/empty.txt", b"")
    write(root / "g2/utf16.txt", page(5).encode("utf-16"))
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl"])
def test_jobs_1_and_2_give_byte_identical_output(mixed: Path, fmt: str) -> None:
    one = run("clean", "-f", fmt, "--jobs", "1", mixed)
    two = run("clean", "-f", fmt, "--jobs", "2", mixed)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and len(one.stdout) > 10_000
    strip = re.compile(r"[\d.]+ MB in .*")
    assert strip.sub("", err_text(one)) == strip.sub("", err_text(two))


def test_jobs_1_and_2_give_identical_out_trees(mixed: Path, tmp_path: Path) -> None:
    for j in ("1", "2"):
        assert run("clean", mixed, "-o", tmp_path / f"o{j}", "-j", j).returncode == 1
    tree1 = {p.relative_to(tmp_path / "o1"): p.read_bytes() for p in (tmp_path / "o1").rglob("*") if p.is_file()}
    tree2 = {p.relative_to(tmp_path / "o2"): p.read_bytes() for p in (tmp_path / "o2").rglob("*") if p.is_file()}
    assert tree1 == tree2 and len(tree1) == 41  # 40 pages + utf16; bin failed, empty skipped


def _crash_on_boom(chunk: list[str]) -> list[str]:
    if "boom" in chunk:
        os._exit(3)  # a worker dying hard (killed, out of memory, a crash in C code)
    return [x.upper() for x in chunk]


def _no_init(*args: object, in_pool: bool = True) -> None:
    pass


class _It:
    def __init__(self, payload: str | None) -> None:
        self.payload = payload


# pytest's own process has threads (earlier pools); the CLI forks its workers before any thread.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_dying_worker_never_stops_the_batch() -> None:
    from tamiz.cli.pool import ordered_map

    words = [f"w{i}" for i in range(60)]
    words[17] = words[42] = "boom"
    items = [_It(w) for w in words] + [_It(None)]
    got = list(ordered_map(items, work=_crash_on_boom, init=_no_init, initargs=(), jobs=2,
                           chunk_size=4, crashed=lambda item: "CRASHED"))
    assert [i for i, _ in got] == items  # input order kept
    assert [o for _, o in got] == [("CRASHED" if w == "boom" else w.upper()) for w in words] + [None]


def test_ten_thousand_files_flat_memory(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for d in range(10):
        (root / f"d{d}").mkdir(parents=True)
    for i in range(10_000):
        with open(root / f"d{i // 1000}" / f"p{i:05d}.txt", "w", encoding="utf-8") as fh:
            fh.write(f"خبر شماره {i}\nکد خبر: {i}\nاین متن کوتاه خبر شماره {i} است که برای آزمون نوشته شده و باید بماند.\n")
    # The peak of this command's process tree alone, not of every command the tests ran
    # before (RUSAGE_CHILDREN), nor of pytest itself (a child forked from pytest counts
    # pytest's pages until it execs): a small launcher starts tamiz and waits on it (wait4).
    out, err = tmp_path / "out.jsonl", tmp_path / "err.txt"
    launcher = ("import os, sys\n"
                "with open(sys.argv[1], 'wb') as fo, open(sys.argv[2], 'wb') as fe:\n"
                "    pid = os.posix_spawn(sys.argv[3], sys.argv[3:], os.environ, file_actions=[\n"
                "        (os.POSIX_SPAWN_DUP2, fo.fileno(), 1), (os.POSIX_SPAWN_DUP2, fe.fileno(), 2)])\n"
                "_, status, usage = os.wait4(pid, 0)\n"
                "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n")
    t = time.perf_counter()
    measured = subprocess.run([sys.executable, "-c", launcher, out, err, TAMIZ, "clean", "-f", "jsonl",
                               "--jobs", "2", str(root)], stdin=subprocess.DEVNULL, capture_output=True,
                              env=clean_env(), timeout=300, text=True, check=True)
    code, maxrss_kb = map(int, measured.stdout.split())
    took = time.perf_counter() - t
    assert code == 0, err.read_text(encoding="utf-8")[-500:]
    recs = out.read_bytes().count(b"\n")
    assert recs == 10_000 and "10000 files: 10000 cleaned" in err.read_text(encoding="utf-8")
    peak_mb = maxrss_kb / 1024
    assert peak_mb < 250, f"peak RSS {peak_mb:.0f} MB"
    print(f"10,000 files: {took:.1f} s, peak RSS of a tamiz process {peak_mb:.0f} MB")


# -- progress, summary, stdout hygiene -------------------------------------------------------------

def test_progress_only_on_stderr_and_summary(tree: Path) -> None:
    plain = run("clean", tree, "--no-progress")
    forced = run("clean", tree, "--progress")
    assert plain.stdout == forced.stdout
    assert re.search(r"^tamiz: 5 files: 5 cleaned, 0 failed, 0 skipped; \d+ lines removed; "
                     r"[\d.]+ MB in [\d.]+ s \([\d.]+ MB/s\)$", err_text(plain), re.M)
    quiet = run("clean", tree, "-q")
    assert quiet.stderr == b"" and quiet.stdout == plain.stdout


def test_progress_bar_on_a_terminal_stderr_only_when_results_go_to_files(tree: Path, tmp_path: Path) -> None:
    def stderr_on_tty(stdout: object, *extra: str) -> bytes:
        master, slave = pty.openpty()
        proc = subprocess.Popen([TAMIZ, "clean", str(tree), *extra], stdout=stdout, stderr=slave,
                                env=clean_env({"TAMIZ_TEST": "1"}))
        os.close(slave)
        err = read_pty(master)
        proc.communicate(timeout=60)
        assert proc.returncode == 0
        return err

    # stdout to a file: the bar (cursor control) and the summary.
    with open(tmp_path / "out.txt", "wb") as fh:
        err = stderr_on_tty(fh)
    assert b"\x1b[" in err and b"5 files: 5 cleaned" in err
    assert (tmp_path / "out.txt").read_bytes().startswith("==> ".encode()) and b"\x1b" not in (tmp_path / "out.txt").read_bytes()
    assert b"\x1b[" in stderr_on_tty(subprocess.DEVNULL, "-o", str(tmp_path / "o"))
    # stdout to a pipe (`| less`, `| grep` print to the same terminal): no bar, the summary only.
    err = stderr_on_tty(subprocess.PIPE)
    assert b"\x1b[" not in err and b"5 files: 5 cleaned" in err


def on_terminal(*args: str | Path) -> tuple[int, str]:
    """Run with stdout and stderr on one pseudo-terminal, as in an interactive shell."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([TAMIZ, *map(str, args)], stdout=slave, stderr=slave, stdin=subprocess.DEVNULL,
                            env=clean_env({"NO_COLOR": "1"}))
    os.close(slave)
    got = read_pty(master)
    return proc.wait(timeout=60), got.decode("utf-8", "replace").replace("\r\n", "\n")


def test_on_a_terminal_the_bar_never_shares_lines_with_results(tree: Path) -> None:
    code, screen = on_terminal("clean", tree)
    assert code == 0 and "\x1b[" not in screen  # no bar drawn over the articles
    assert screen.startswith("==> ") and re.search(r"^tamiz: 5 files: 5 cleaned", screen, re.M)
    code, screen = on_terminal("clean", tree, "--progress")
    assert "\x1b[" not in screen and screen.startswith("tamiz: --progress: no bar while results print")
    # One page: its article and nothing else, no bar and no summary.
    code, screen = on_terminal("clean", tree / "a.txt")
    assert code == 0 and screen == expected(page(2)).replace("\r\n", "\n")


def test_progress_to_a_log_file_is_plain_lines(tree: Path) -> None:
    from tamiz.cli.report import Reporter

    rep = Reporter(progress=True, quiet=False, every=0.0)
    with open(tree.parent / "log", "w") as log:
        old, sys.stderr = sys.stderr, log
        try:
            rep.started(3)
            for size in (1000, 2000, 3000):
                rep.advance(cleaned=True, size=size)
        finally:
            sys.stderr = old
    lines = (tree.parent / "log").read_text().splitlines()
    assert [re.sub(r"in [\d.]+ s", "in T s", x) for x in lines] == [
        "tamiz: progress: 1/3 files, 0.0 MB in T s", "tamiz: progress: 2/3 files, 0.0 MB in T s",
        "tamiz: progress: 3/3 files, 0.0 MB in T s"]
    p = run("clean", tree, "--progress")  # stderr is a pipe: no blank line, no control codes
    assert err_text(p).splitlines()[0].startswith("tamiz: 5 files:") and "\x1b" not in err_text(p)


def test_a_plain_run_imports_no_pool_rich_or_extractors(tmp_path: Path) -> None:
    f = write(tmp_path / "p.txt", page())
    code = ("import sys\nfrom tamiz.cli.main import app\nsys.argv = ['tamiz', 'clean', sys.argv[1]]\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "heavy = {'rich', 'concurrent', 'multiprocessing', 'trafilatura', 'hazm'}\n"
            "sys.stderr.write(repr(sorted({m.split('.')[0] for m in sys.modules} & heavy)))\n")
    p = subprocess.run([sys.executable, "-c", code, str(f)], capture_output=True, timeout=60)
    assert p.stderr.decode().strip() == "[]", p.stderr.decode()
    assert p.stdout == expected(page()).encode()


# -- exit codes, signals, pipes -----------------------------------------------------------------

def test_exit_codes_0_and_1(tree: Path) -> None:
    assert run("clean", tree).returncode == 0
    missing = run("clean", tree / "a.txt", tree / "nope.txt")
    assert missing.returncode == 1
    assert err_text(missing).splitlines()[0] == f"tamiz: {tree / 'nope.txt'}: no such file or directory"
    assert out_text(missing).count("==> ") == 1


def test_closed_pipe_ends_quietly(tree: Path) -> None:
    big = tree / "big"
    for i in range(300):
        write(big / f"p{i:03d}.txt", page(i))
    p = subprocess.run(f"'{TAMIZ}' clean '{big}' | head -n 1", shell=True, capture_output=True, timeout=120)
    assert p.stdout.decode().startswith("==> ") and p.stdout.count(b"\n") == 1
    assert p.stderr == b""
    proc = subprocess.Popen([TAMIZ, "clean", "-f", "jsonl", str(big)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 141 and b"Traceback" not in err and b"Error" not in err


def as_in_a_terminal() -> None:
    """A shell starts background jobs (`pytest &`, a CI runner's) with SIGINT ignored, and
    Python keeps an ignored SIGINT ignored, as it should: such a job must not react to a
    terminal's Ctrl-C. These tests play the foreground command a user interrupts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("sig, code, word", [(signal.SIGINT, 130, "interrupted"),
                                             (signal.SIGTERM, 143, "terminated")])
def test_ctrl_c_exits_130_and_leaves_no_partial_file(tmp_path: Path, sig: int, code: int, word: str) -> None:
    root, out = tmp_path / "in", tmp_path / "out"
    for i in range(2000):
        write(root / f"p{i:04d}.txt", page() * 3)
    want = expected(page() * 3).encode()
    proc = subprocess.Popen([TAMIZ, "clean", str(root), "-o", str(out), "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=as_in_a_terminal)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*.txt"))) < 3:
        time.sleep(0.05)
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)  # what a terminal's Ctrl-C does: the whole group
    else:
        os.kill(proc.pid, sig)  # what `kill PID` does: the parent only
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert err.decode().strip().endswith(f"tamiz: {word}") and b"Traceback" not in err
    done = list(out.rglob("*"))
    assert 3 <= len(done) < 2000 and not leftovers(out)
    assert all(p.read_bytes() == want for p in done)


# -- bad input ----------------------------------------------------------------------------------

def test_bad_inputs_each_get_one_line_and_never_stop_the_batch(tmp_path: Path) -> None:
    d = tmp_path / "bad"
    write(d / "01-ok.txt", page())
    write(d / "02-empty.txt", b"")
    write(d / "03-nul.txt", page().encode() + b"\x00\x00\x01\x02" * 10)
    write(d / "04-image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 8)
    write(d / "05-invalid.txt", bytes(range(0xa2, 0xaa)) * 100)  # neither UTF-8 nor Persian cp1256
    write(d / "06-utf16.txt", page().encode("utf-16"))
    write(d / "07-crlf.txt", page().replace("\n", "\r\n"))
    write(d / "08-latin-junk-utf8.txt", page().encode() + b"\n\xff\xfe broken byte\n")
    (d / "09-broken.txt").symlink_to(d / "nowhere.txt")
    (d / "10-loop.txt").symlink_to(d / "10-loop.txt")
    os.mkfifo(d / "11-fifo.txt")
    p = run("clean", "-f", "jsonl", d, timeout=60)
    assert p.returncode == 1
    err = err_text(p)
    assert "Traceback" not in err
    lines = dict(re.findall(rf"^tamiz: {re.escape(str(d))}/(\S+): (.*)$", err, re.M))
    assert lines["02-empty.txt"] == "skipped: empty file"
    assert "binary" in lines["03-nul.txt"] and "binary" in lines["04-image.html"]
    assert lines["05-invalid.txt"].startswith("not text")
    assert lines["09-broken.txt"] == "broken symbolic link"
    assert lines["10-loop.txt"] == "symbolic link loop"
    assert lines["11-fifo.txt"] == "not a regular file"
    every = {Path(r["source"]).name: r for r in jsonl(p)}
    assert len(every) == 11  # an object for every input: the failed ones with their error
    assert every["02-empty.txt"] == {"source": str(d / "02-empty.txt"), "skipped": "empty file"}
    assert every["09-broken.txt"]["error"] == "broken symbolic link"
    recs = {name: r for name, r in every.items() if "text" in r}
    assert sorted(recs) == ["01-ok.txt", "06-utf16.txt", "07-crlf.txt", "08-latin-junk-utf8.txt"]
    ok = recs["01-ok.txt"]["text"]
    assert recs["06-utf16.txt"]["text"] == ok and recs["06-utf16.txt"]["encoding"].startswith("utf-16")
    assert recs["07-crlf.txt"]["text"] == ok and "\r" not in ok
    assert recs["08-latin-junk-utf8.txt"]["warnings"]
    assert "11 files: 4 cleaned, 6 failed, 1 skipped" in err


def test_random_bytes_in_a_batch_get_one_line_and_the_other_file_is_cleaned(tmp_path: Path) -> None:
    """Issue 12, item 3: bytes that read as windows-1256 letters but are not text are refused."""
    d = tmp_path / "mixed"
    ok = write(d / "a-ok.txt", page())
    junk = write(d / "b-random.txt", bytes(0x80 + b % 128 for b in random.Random(0).randbytes(200_000)))
    p = run("clean", d)
    assert p.returncode == 1
    err = err_text(p)
    bad = [line for line in err.splitlines() if line.startswith(f"tamiz: {junk}: ")]
    assert len(bad) == 1 and bad[0].startswith(f"tamiz: {junk}: not text in a known encoding (")
    assert str(ok) not in err
    assert out_text(p) == f"==> {ok} <==\n" + expected(page())
    assert "2 files: 1 cleaned, 1 failed" in err


def test_huge_inputs(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:  # 50 MB of real-looking page text
        chunk = (page() * 40).encode()
        while fh.tell() < 50_000_000:
            fh.write(chunk)
    line = write(tmp_path / "line.txt", HEADLINE + "\n" + (BODY[0] + " ") * (1_000_000 // len(BODY[0].encode())))
    t = time.perf_counter()
    p = run("clean", "-f", "jsonl", huge, line, timeout=120)
    took = time.perf_counter() - t
    assert p.returncode == 1
    assert re.search(rf"^tamiz: {re.escape(str(huge))}: too large \(50\.\d MB; the limit is 10 MB, see --max-size\)$",
                     err_text(p), re.M)
    rec = jsonl(p)
    assert len(rec) == 2 and rec[0]["source"] == str(huge) and rec[0]["error"].startswith("too large")
    assert rec[1]["source"] == str(line) and len(rec[1]["text"].encode()) > 900_000
    assert took < 60, f"1 MB single line took {took:.1f} s"
    limited = run("clean", "--max-size", "0.5", line)
    assert limited.returncode == 1 and "too large" in err_text(limited)
    piped = run("clean", "--max-size", "0.001", stdin=page().encode() * 10)
    assert piped.returncode == 1 and "tamiz: -: too large" in err_text(piped)


def _as_unprivileged() -> list[str] | None:
    """A command prefix under which a chmod 000 file cannot be read: nothing for a normal user;
    for root (as in CI containers), setpriv dropping the capabilities that bypass permissions."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def test_unreadable_file(tmp_path: Path) -> None:
    prefix = _as_unprivileged()
    if prefix is None:
        pytest.skip("root without setpriv reads a chmod 000 file; the FIFO case covers unreadable")
    f = write(tmp_path / "secret.txt", page())
    f.chmod(0)
    ok = write(tmp_path / "ok.txt", page())
    p = subprocess.run([*prefix, TAMIZ, "clean", str(f), str(ok)], capture_output=True, timeout=60)
    assert p.returncode == 1, err_text(p)
    assert err_text(p).splitlines()[0] == f"tamiz: {f}: permission denied"
    assert out_text(p) == f"==> {ok} <==\n" + expected(page())


def test_a_closed_pipe_never_hangs_a_batch_with_workers(tree: Path) -> None:
    """Stress: the reader goes away early, again and again, with two workers; every run ends
    (141) within the time limit. Before: 1 run in 12 could hang in the pool's shutdown."""
    big = tree / "stress"
    for i in range(400):
        write(big / f"p{i:03d}.txt", page(i))
    for fmt in ("jsonl", "json", "text") * 6:
        proc = subprocess.Popen([TAMIZ, "clean", "-j", "2", "-f", fmt, str(big)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None
        proc.stdout.read(10)
        proc.stdout.close()
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 141 and b"Traceback" not in err, (fmt, err[-500:])


def test_sigint_to_the_main_process_never_hangs_a_batch(tree: Path) -> None:
    """Stress: SIGINT to the main process alone (not its workers) mid-batch ends it with 130,
    every time, within the time limit."""
    big = tree / "stress"
    for i in range(1500):
        write(big / f"p{i:04d}.txt", page(i))
    for _ in range(10):
        proc = subprocess.Popen([TAMIZ, "clean", "-j", "2", "-f", "jsonl", str(big)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=as_in_a_terminal)
        assert proc.stdout is not None
        proc.stdout.readline()          # the batch is under way
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130 and b"interrupted" in err and b"Traceback" not in err, err[-500:]


def test_version_and_short_help() -> None:
    from importlib.metadata import version
    p = subprocess.run([TAMIZ, "--version"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and p.stdout == f"tamiz {version('tamiz')}\n"
    for argv in (["-h"], ["clean", "-h"], ["eval", "-h"]):
        p = subprocess.run([TAMIZ, *argv], capture_output=True, text=True, timeout=60)
        assert p.returncode == 0 and p.stdout.startswith("Usage: tamiz"), argv


def test_the_readme_counts_the_sample_lines_right() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    lines = (Path(__file__).parents[1] / "samples" / "ilna-001.txt").read_text(encoding="utf-8").splitlines()
    assert f"as a browser copy gives it ({len(lines)} lines" in readme


def test_a_forced_page_format_that_does_not_fit_is_warned(tmp_path: Path) -> None:
    f = write(tmp_path / "p.txt", page())
    p = run("clean", "--input-format", "html", f)
    assert f"tamiz: {f}: warning: read as HTML as asked, but it has no HTML markup" in err_text(p)
    assert run("clean", f).stderr == b""


# -- what a new user hit (issue 12's review) -----------------------------------------------------

def test_json_found_among_pages_is_refused_not_printed_back(tmp_path: Path) -> None:
    d = tmp_path / "in"
    write(d / "a.txt", page(1))
    write(d / "dump.txt", "\n".join(json.dumps({"id": i, "text": page(i)}) for i in range(3)) + "\n")
    write(d / "arr.txt", json.dumps([{"id": 1, "text": page(1)}]))
    p = run("clean", d)
    err = err_text(p)
    assert p.returncode == 1 and out_text(p).count("==> ") == 1
    assert f"tamiz: {d / 'dump.txt'}: is JSON Lines, not a page" in err
    assert f"tamiz: {d / 'arr.txt'}: is a JSON document, not a page" in err


def test_json_output_has_an_object_for_every_input(tmp_path: Path) -> None:
    good = write(tmp_path / "a.txt", page(1))
    empty = write(tmp_path / "e.txt", "")
    p = run("clean", good, empty, tmp_path / "nope.txt", "-f", "jsonl")
    objs = jsonl(p)
    assert p.returncode == 1 and [o["source"] for o in objs] == [str(good), str(empty), str(tmp_path / "nope.txt")]
    assert objs[1] == {"source": str(empty), "skipped": "empty file"}
    assert objs[2] == {"source": str(tmp_path / "nope.txt"), "error": "no such file or directory"}
    one = run("clean", tmp_path / "nope.txt", "-f", "json")
    assert json.loads(out_text(one)) == objs[2] and one.returncode == 1


def test_a_file_name_that_is_not_utf8_keeps_json_valid(tmp_path: Path) -> None:
    name = os.fsdecode(b"n\xff\xfe.txt")
    write(tmp_path / name, page())
    p = run("clean", tmp_path / name, "-f", "jsonl")
    obj = json.loads(p.stdout.decode("utf-8"))  # strict UTF-8
    assert obj["source"].endswith("n\ufffd\ufffd.txt")


def test_records_pass_through_unchanged(tmp_path: Path) -> None:
    line = '{"id": 1.10, "big": 1e400, "esc": "\\u0041", "text": ' + json.dumps(page(1)) + '}'
    f = write(tmp_path / "r.jsonl", line + "\n" + '{"text": null}\n')
    out = out_text(run("clean", f)).splitlines()
    assert out[0].startswith(line[:-1] + ', "clean_text": ')
    assert json.loads(out[0])["clean_text"] == tamiz.clean(page(1)).text
    assert json.loads(out[1])["tamiz"] == {"error": "field 'text' is null", "line": 2}


def test_utf16_json_lines_with_a_bom(tmp_path: Path) -> None:
    recs = [{"id": i, "text": page(i)} for i in range(3)]
    f = tmp_path / "w.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-16")
    p = run("clean", f)
    assert p.returncode == 0, err_text(p)
    assert [json.loads(x)["clean_text"] for x in out_text(p).splitlines()] == [tamiz.clean(page(i)).text for i in range(3)]


def test_an_unwritable_out_is_one_usage_error(tree: Path) -> None:
    p = run("clean", tree, "-o", "/proc/tamiz-cannot-write")
    assert p.returncode == 2 and err_text(p).count("\n") == 1
    assert err_text(p).startswith("tamiz: --out /proc/tamiz-cannot-write: cannot write there: ")


def test_a_full_disk_is_one_clear_line(tree: Path) -> None:
    with open("/dev/full", "wb") as full:
        p = subprocess.run([TAMIZ, "clean", str(tree)], stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert p.returncode == 1 and err_text(p).splitlines()[0] == "tamiz: cannot write the output: no space left on device"
    assert "Traceback" not in err_text(p)


def test_summary_counts_in_the_singular(tmp_path: Path) -> None:
    write(tmp_path / "d/a.txt", "عنوان خبر کوتاه\nاشتراک گذاری\nمتن خبر در یک بند کامل که به نقطه پایان می رسد.")
    assert re.search(r"tamiz: 1 file: 1 cleaned, 0 failed, 0 skipped; 1 line removed;", err_text(run("clean", tmp_path / "d")))


def test_bad_option_values_are_said_in_plain_words() -> None:
    fmt, size = run("clean", "-f", "xml", "x"), run("clean", "--max-size", "abc", "x")
    assert fmt.returncode == size.returncode == 2
    assert "Invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json', 'jsonl'" in err_text(fmt)
    assert err_text(size).rstrip().endswith("Invalid value for '--max-size': not a number")
    assert "Value error" not in err_text(fmt) and "Input should be" not in err_text(size)


# -- start-up (issue 11) ----------------------------------------------------------------------------

@pytest.mark.parametrize("extra", [[], ["--normalize"], ["--jobs", "2"]])
def test_the_garbage_collector_is_on_for_the_work(extra: list[str], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`tamiz clean` pauses the cyclic GC while it starts (15-30 ms of a one-page run); the
    batch itself, and the workers forked for it, must run with it on, or a long batch's garbage
    cycles would never be freed. With --normalize the Normalizer is loaded before the work. A
    run of one page ends without the interpreter's shutdown."""
    import gc

    from tamiz.cli import batch, main
    from tamiz.normalize import _the_normalizer

    seen = {}

    def fake_batch(paths: list[str], settings: object, on_start=None) -> int:
        from tamiz.cli.inputs import Source
        on_start([Source(str(tmp_path / "a.txt"), "a.txt")])
        seen.update(enabled=gc.isenabled(), normalizer=_the_normalizer.cache_info().currsize)
        return 0

    quick = []

    def exit_at_once(done: SystemExit) -> None:   # the real one ends this process: os._exit
        quick.append(done.code)
        raise done

    _the_normalizer.cache_clear()
    monkeypatch.setattr(batch, "run", fake_batch)
    monkeypatch.setattr(main, "_exit_at_once", exit_at_once)
    monkeypatch.setattr(sys, "argv", ["tamiz", "clean", *extra, str(tmp_path / "a.txt")])
    (tmp_path / "a.txt").write_text("تیتر\nمتن خبر.\n", encoding="utf-8")
    try:
        with pytest.raises(SystemExit) as done:
            main.run()
    finally:
        gc.unfreeze()
        gc.enable()
    assert done.value.code == 0
    assert seen["enabled"] is True
    assert quick == [0]                         # one page: no interpreter shutdown to wait for
    if "--normalize" in extra:
        assert seen["normalizer"] == 1          # loaded during start-up, then frozen


def test_a_host_running_the_app_in_process_keeps_its_collector(tmp_path: Path) -> None:
    """Typer's CliRunner runs `clean` inside the caller: the start-up pause is the program's
    entry point's alone, so a collector the host turned off stays off, and nothing is frozen."""
    import gc

    from typer.testing import CliRunner

    from tamiz.cli.main import app

    page = tmp_path / "a.txt"
    page.write_text("تیتر\nمتن خبر که جمله‌ای کامل است و باید بماند.\n", encoding="utf-8")
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        result = CliRunner().invoke(app, ["clean", str(page)])
        assert result.exit_code == 0, result.output
        assert gc.isenabled() is False and gc.get_freeze_count() == frozen
    finally:
        gc.enable()


@pytest.mark.parametrize("signal_, line, code", [("Terminated", "tamiz: terminated", 143),
                                                 ("KeyboardInterrupt", "tamiz: interrupted", 130)])
def test_a_signal_while_the_normalizer_loads_is_one_line(signal_: str, line: str, code: int, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Loading hazm's Normalizer takes up to 2 s at the start of the work: Ctrl-C or a SIGTERM
    then is reported like one during the batch, not as a traceback."""
    from tamiz import normalize
    from tamiz.cli import main
    from tamiz.cli.settings import Settings

    def interrupted() -> None:
        raise getattr(main, signal_, None) or KeyboardInterrupt()

    def exit_now(code: int) -> None:
        raise SystemExit(code)

    monkeypatch.setattr(normalize, "normalizer", interrupted)
    monkeypatch.setattr(main, "_abort", exit_now)
    page = tmp_path / "a.txt"
    page.write_text("تیتر\nمتن.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main._run([str(page)], Settings(normalize=True), main.StartUp())
    assert done.value.code == code
    assert capsys.readouterr().err == line + "\n"


def test_normalize_of_a_missing_file_fails_without_loading_hazm(tmp_path: Path) -> None:
    """Loading the Normalizer costs 0.3-2 s: not worth paying to say a file is missing."""
    from tamiz.cli.inputs import Source
    from tamiz.cli.main import StartUp, _work_begins
    from tamiz.cli.settings import Settings
    from tamiz.normalize import _the_normalizer

    _the_normalizer.cache_clear()
    _work_begins(Settings(normalize=True), StartUp(), [Source(str(tmp_path / "missing.txt"), "missing.txt")])
    assert _the_normalizer.cache_info().currsize == 0
    p = run("clean", "--normalize", tmp_path / "missing.txt")
    assert p.returncode == 1 and err_text(p) == f"tamiz: {tmp_path / 'missing.txt'}: no such file or directory\n"


def test_the_quick_exit_is_for_one_page_only(tmp_path: Path) -> None:
    """A folder, several pages or records (a pool may run) get the interpreter's usual
    shutdown; one page skips it, and what it printed is all there."""
    from tamiz.cli.inputs import Source
    from tamiz.cli.main import StartUp, _work_begins
    from tamiz.cli.settings import Settings

    one, two = [Source("a.txt", "a.txt")], [Source("a.txt", "a.txt"), Source("b.txt", "b.txt")]
    for sources, settings, expected in ((one, Settings(), True), (two, Settings(), False),
                                        (one, Settings(input_format="jsonl"), False)):
        startup = StartUp(gc_paused=False)
        _work_begins(settings, startup, sources)
        assert startup.exit_at_once is False            # not started by `run`: never
        startup = StartUp(gc_paused=True)
        try:
            _work_begins(settings, startup, sources)
        finally:
            import gc
            gc.unfreeze()
        assert startup.exit_at_once is expected
    big = tmp_path / "big.txt"
    big.write_text(("تیتر خبر\n" + "این یک جمله کامل از متن خبر است که باید بماند.\n" * 20000), encoding="utf-8")
    p = run("clean", big)
    expected = tamiz.clean_bytes(big.read_bytes()).text + "\n"
    assert p.returncode == 0 and len(expected) > 500_000 and p.stdout.decode("utf-8") == expected
