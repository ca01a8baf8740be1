"""Learning each site's template from the batch (issue 9): the lines a site repeats on its
pages go, said so in --explain; republished article text stays; the same output whatever
--jobs; `tamiz learn` writes rules that give the same result on a single page."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import tamiz
from tamiz.template import learn, site_of

TAMIZ = str(Path(sys.executable).parent / "tamiz")

# The site's own furniture: no built-in rule knows these lines.
TAGLINE = "نگاه جنوب، صدای مردم خلیج فارس"
TICKER = "قیمت سکه و طلا در بازار امروز بندرعباس"
WORDS = ("دولت مجلس استان شهر مردم کشور سال برنامه توسعه اقتصاد بازار قیمت کالا جلسه مدیر وزیر "
         "طرح اجرا پروژه آب برق گاز راه بندر دریا ماهی صیادان").split()
CLOSING = "این گزارش با همکاری دفتر استانی خبرگزاری در جنوب کشور تهیه شده است."


def article(i: int) -> tuple[str, list[str]]:
    rng = random.Random(i)
    title = " ".join(rng.choice(WORDS) for _ in range(6)) + f" شماره {i}"
    return title, [" ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 40))) + "." for _ in range(3)]


def page(i: int, closing: bool = False) -> str:
    title, paras = article(i)
    return "\n".join(["پایگاه خبری نگاه جنوب", TAGLINE, TICKER, title, *paras,
                      *([CLOSING] if closing else []), "کلیه حقوق محفوظ است", ""])


def site(tmp_path: Path, n: int = 8, name: str = "site", **kw) -> Path:
    d = tmp_path / name
    d.mkdir()
    for i in range(n):
        (d / f"{i:02d}.txt").write_text(page(i, **kw), encoding="utf-8")
    return d


def run(*args: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    p = subprocess.run([TAMIZ, *map(str, args)], input=stdin, capture_output=True, timeout=120)
    return subprocess.CompletedProcess(p.args, p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8"))


def articles(out: str) -> dict[str, list[str]]:
    docs, name = {}, None
    for line in out.splitlines():
        if line.startswith("==> "):
            name = Path(line[4:-4]).name
            docs[name] = []
        elif line and name:
            docs[name].append(line)
    return docs


def test_a_sites_unlisted_chrome_is_learned_from_a_folder_and_removed(tmp_path: Path) -> None:
    d = site(tmp_path)
    alone = run("clean", d / "00.txt")
    assert TAGLINE in alone.stdout and TICKER in alone.stdout  # one page: no rule knows them
    batch = run("clean", d, "--learn")
    docs = articles(batch.stdout)
    assert len(docs) == 8
    for i in range(8):
        title, paras = article(i)
        assert docs[f"{i:02d}.txt"] == [title, *paras]
    assert batch.stderr.rstrip().endswith("learned 2 template lines of 1 site")
    explained = run("clean", d, "--learn", "--explain").stdout
    assert f"site-template      {TAGLINE}" in explained
    assert TAGLINE in run("clean", d, "--no-learn").stdout


def test_republished_article_text_is_kept(tmp_path: Path) -> None:
    d = site(tmp_path, n=8)
    # The same article crawled three times, and a wire service's closing sentence on 6 of 8 pages.
    for k in (5, 6, 7):
        (d / f"{k:02d}.txt").write_text(page(1, closing=True), encoding="utf-8")
    for k in (2, 3, 4):
        (d / f"{k:02d}.txt").write_text(page(k, closing=True), encoding="utf-8")
    docs = articles(run("clean", d, "--learn").stdout)
    title, paras = article(1)
    assert docs["05.txt"] == docs["01.txt"][:0] + [title, *paras, CLOSING]
    assert all(CLOSING in docs[f"{k:02d}.txt"] for k in (2, 3, 4, 5))
    assert all(TAGLINE not in lines for lines in docs.values())


def test_the_output_is_the_same_whatever_jobs(tmp_path: Path) -> None:
    d = site(tmp_path, n=12)
    one, two = run("clean", d, "--learn", "-j", "1", "-f", "jsonl"), run("clean", d, "--learn", "-j", "2", "-f", "jsonl")
    assert one.stdout == two.stdout
    assert all(TAGLINE not in json.loads(x)["text"] for x in one.stdout.splitlines())


def test_a_learned_rules_file_gives_the_same_result_on_a_single_page(tmp_path: Path) -> None:
    d = site(tmp_path)
    rules = tmp_path / "site-rules.toml"
    made = run("learn", d, "-o", rules)
    assert made.returncode == 0 and rules.exists()
    text = rules.read_text("utf-8")
    assert f'exact = ["{TAGLINE}"]' in text and "# 8/8 pages" in text
    single = run("clean", "--rules", rules, "--explain", d / "03.txt").stdout
    batch = run("clean", d, "--learn", "--explain").stdout
    assert single == batch.split(f"==> {d / '03.txt'} <==\n")[1].split("\n\n")[0] + "\n"


def test_json_lines_are_grouped_by_their_url_host(tmp_path: Path) -> None:
    recs = [{"url": f"https://www.negah.ir/news/{i}", "text": page(i)} for i in range(4)]
    recs += [{"url": f"https://other.ir/{i}", "text": page(i + 10).replace(TAGLINE, "خبرهای دیگر")} for i in range(2)]
    f = tmp_path / "crawl.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    out = [json.loads(x) for x in run("clean", f, "--learn", "-f", "jsonl").stdout.splitlines()]
    assert all(TAGLINE not in r["clean_text"] for r in out[:4])
    removed = {x["text"]: x["reason"] for x in out[0]["tamiz"]["removed"]}
    assert removed[TAGLINE] == "on 4 of 4 pages of negah.ir"
    assert all(TICKER in r["clean_text"] for r in out[4:])  # other.ir: 2 pages, too few to learn
    piped = run("clean", "--learn", "-f", "jsonl", stdin=f.read_bytes())  # stdin is read twice: spooled
    assert [json.loads(x) for x in piped.stdout.splitlines()] == out


def test_a_folder_needs_more_evidence_than_a_known_site(tmp_path: Path) -> None:
    # A line on 3 of 6 pages of a folder may be a coincidence of several sites: kept.
    d = tmp_path / "mixed"
    d.mkdir()
    for i in range(6):
        text = page(i).replace(TAGLINE, f"سطر ویژه صفحه {i}").replace(TICKER, TICKER if i < 3 else f"نرخ ارز {i}")
        (d / f"{i}.txt").write_text(text, encoding="utf-8")
    assert sum(TICKER in lines for lines in articles(run("clean", d, "--learn").stdout).values()) == 3
    profile = learn((f"https://one.ir/{i}", (d / f"{i}.txt").read_text("utf-8")) for i in range(6))
    assert [l.key for l in profile["one.ir"]] == [TICKER]  # one site: 3 of 6 is enough


def test_library_learns_then_cleans() -> None:
    pages = [(f"https://negah.ir/{i}", page(i)) for i in range(6)]
    profile = learn(pages)
    assert {l.key for l in profile["negah.ir"]} == {TAGLINE, TICKER}
    result = tamiz.clean(pages[0][1], template=profile[site_of(pages[0][0], None)])
    assert TAGLINE not in result.text and article(0)[0] == result.title
    assert TAGLINE in tamiz.clean(pages[0][1]).text


def test_a_resumed_batch_learns_from_every_page(tmp_path: Path) -> None:
    d = site(tmp_path)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run("clean", d, "--learn", "-o", fresh)
    run("clean", d / "00.txt", "-o", out, "--no-learn")   # a first run that learned nothing
    (out / "00.txt").unlink()
    run("clean", d, "--learn", "-o", out, "--skip-existing")
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in fresh.iterdir())
    assert all((out / p.name).read_text("utf-8") == p.read_text("utf-8") for p in fresh.iterdir())


def test_learning_is_on_for_a_folder_and_off_for_pages_named_one_by_one(tmp_path: Path) -> None:
    d = site(tmp_path)
    assert TAGLINE not in run("clean", d).stdout
    named = run("clean", *sorted(d.iterdir()))
    assert TAGLINE in named.stdout and "learned" not in named.stderr


def test_an_article_crawled_five_times_is_not_learned_as_chrome(tmp_path: Path) -> None:
    story = ["گزارش تصویری از جشنواره گل محمدی کاشان", "عکس: علی رضایی", "برداشت گل در روستای قمصر",
             "تقطیر سنتی گلاب", "بازدید گردشگران از کارگاه ها"]
    recs = [{"url": f"https://negah.ir/photo/1?utm={k}", "text": "\n".join([TAGLINE, *story])} for k in range(5)]
    recs += [{"url": f"https://negah.ir/news/{i}", "text": page(i)} for i in range(4)]
    f = tmp_path / "dup.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    out = [json.loads(x) for x in run("clean", f).stdout.splitlines()]
    assert all(r["clean_text"] and story[0] in r["clean_text"] for r in out[:5])


def test_a_zwnj_tagline_and_a_piped_menu_are_learned_and_read_back(tmp_path: Path) -> None:
    tagline = "کوچه‌باغ؛ روایت‌های کوتاه از شهرهای کناره"
    menu = "پرونده‌های ویژه | نگارخانه | کاغذ کاهی | دفترچه سفر | آشپزخانه کوچه"
    d = tmp_path / "zw"
    d.mkdir()
    for i in range(8):
        (d / f"{i}.txt").write_text(page(i).replace(TAGLINE, tagline).replace(TICKER, menu), encoding="utf-8")
    batch = run("clean", d, "--explain").stdout
    assert f"site-template      {tagline}" in batch and f"site-template      {menu}" in batch
    rules = tmp_path / "zw.toml"
    assert run("learn", d, "-o", rules).returncode == 0
    for i in range(8):
        single = run("clean", "--rules", rules, "--explain", d / f"{i}.txt").stdout
        assert single == batch.split(f"==> {d / f'{i}.txt'} <==\n")[1].split("\n\n")[0].rstrip("\n") + "\n"


def test_learn_reports_missing_inputs_and_refuses_a_folder_as_output(tmp_path: Path) -> None:
    d = site(tmp_path)
    p = run("learn", tmp_path / "nope", d, "-o", tmp_path / "r.toml")
    assert p.returncode == 1 and f"tamiz: {tmp_path / 'nope'}: no such file or directory" in p.stderr
    assert (tmp_path / "r.toml").exists()
    p = run("learn", d, "-o", tmp_path)
    assert p.returncode == 2 and "is a folder" in p.stderr and "Traceback" not in p.stderr
    p = run("learn", d / "00.txt", "-o", "-")
    assert p.stdout.startswith("# Site templates learned") and "needs a line on 3 pages" in p.stderr


def test_template_takes_one_sites_lines() -> None:
    import pytest

    profile = learn((f"https://negah.ir/{i}", page(i)) for i in range(6))
    with pytest.raises(TypeError, match="profile\\[site\\]"):
        tamiz.clean(page(0), template=profile)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not str"):
        tamiz.clean(page(0), template=["a phrase"])  # type: ignore[list-item]
