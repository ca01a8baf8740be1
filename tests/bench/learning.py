#!/usr/bin/env python3
"""Learning each site's template (issue 9): what it recovers when the rules cannot know a site.

    .venv/bin/python tests/bench/learning.py [../shared/corpus]

The dev corpora (text, dump, html: 60 pages of 4 sites each, sites from manifest.tsv) are
cleaned with a rulebook that cannot know the sites, the way a site tamiz has never seen looks
to it. Two such rulebooks:

  - phrases:   the issue's setting: every phrase of the rules that name a site's own furniture
               (kinds "header": site names, taglines; "nav": menu items and menu words;
               "promo": its app, channels, widgets) is withheld; their shapes (patterns such as
               a breadcrumb «A » B» or «خبرگزاری X - city») stay, as they name no site;
  - kinds:     harsher: those three kinds withheld whole, shapes too.

Each is run three ways:

  - full:      the whole rulebook, one page at a time (today's tamiz, for reference);
  - withheld:  the withheld rulebook, one page at a time;
  - learned:   the withheld rulebook plus each site's template learned from its pages (host
               mode thresholds: the pages' site is known).

Prints token F1, leak documents and exact documents (as ../shared/corpus/score.py counts them)
for each, the share of what withholding lost that learning won back, and every gold line that a
learned rule removed (there must be none). Not a test: pytest ignores this folder.
"""
from __future__ import annotations

import csv
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from bench import load_score  # score.py, as bench.py loads it
from tamiz.decoding import decode_bytes
from tamiz.folding import line_keys
from tamiz.lines import segment
from tamiz.pipeline import clean_html, clean_lines
from tamiz.rulebook import Rule, Rulebook, builtin_rules
from tamiz.template import TemplateLearner, learned_rules, page_keys, page_lines

WITHHELD_KINDS = {"header", "nav", "promo"}


def withheld_rules(setting: str) -> list[Rule]:
    """The built-in rules without what names a site: "phrases" keeps the shapes (patterns) of
    the withheld kinds, "kinds" drops those kinds whole."""
    out = []
    for rule in builtin_rules():
        if rule.kind not in WITHHELD_KINDS:
            out.append(rule)
        elif setting == "phrases" and rule.pattern:
            out.append(replace(rule, exact=(), prefix=(), contains=(), vocabulary=frozenset()))
    return out


def clean_page(raw: bytes, kind: str, book: Rulebook):
    text = decode_bytes(raw).text
    if kind == "html":
        return clean_html(text, book=book)
    return clean_lines(segment(text), book)


def gold_lines_learned(result, doc: dict, where: str) -> int:
    """Gold lines a learned rule removed (there must be none), each said on stderr."""
    gold = {line_keys(g)[1] for g in doc["gold"].splitlines() if g.strip()}
    lost = [r.text for r in result.removed if r.rule == "site-template" and line_keys(r.text)[1] in gold]
    for text in lost:
        print(f"  gold line removed by learning: {where}: {text}", file=sys.stderr)
    return len(lost)


def run(shared: Path) -> int:
    score = load_score(shared)
    sites = {row["id"]: row["site"] for row in csv.DictReader(open(shared / "dev/manifest.tsv"), delimiter="\t")}
    full_rules = builtin_rules()
    bad = 0
    for setting in ("phrases", "kinds"):
        withheld = withheld_rules(setting)
        what = ("the phrases of kinds" if setting == "phrases" else "whole kinds")
        print(f"\n# withheld ({setting}): {what} {', '.join(sorted(WITHHELD_KINDS))}; "
              f"{len(withheld)} of {len(full_rules)} built-in rules left\n")
        print("| corpus | rulebook | F1 | P | R | leak docs | exact docs |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for name in ("text", "dump", "html"):
            docs = score.load_corpus(str(shared / "dev" / name))
            by_site = defaultdict(list)
            for d in docs:
                by_site[sites[d["id"]]].append(d)
            full, plain = Rulebook(full_rules), Rulebook(withheld)
            preds: dict[str, dict] = {"full": {}, "withheld": {}, "learned": {}}
            for site, group in by_site.items():
                learner = TemplateLearner()
                for d in group:
                    lines, _ = page_lines(d["raw"], input_format=d["kind"])
                    learner.add(site, page_keys(lines))
                template = learner.profile(plain).get(site, ())
                learned = Rulebook(withheld + learned_rules(template))
                for d in group:
                    preds["full"][d["id"]] = clean_page(d["raw"], d["kind"], full).text
                    preds["withheld"][d["id"]] = clean_page(d["raw"], d["kind"], plain).text
                    result = clean_page(d["raw"], d["kind"], learned)
                    preds["learned"][d["id"]] = result.text
                    bad += gold_lines_learned(result, d, f"{name}/{d['id']}")
            res = {k: score.score(docs, v) for k, v in preds.items()}
            for k, r in res.items():
                print(f"| dev/{name} | {k} | {r['f1']:.4f} | {r['precision']:.4f} | {r['recall']:.4f} | "
                      f"{r['leak_docs']} | {round(r['exact'] * r['docs'])} |")
            lost = res["full"]["f1"] - res["withheld"]["f1"]
            won = res["learned"]["f1"] - res["withheld"]["f1"]
            print(f"| dev/{name} | recovered | {won / lost:.0%} of the F1 withholding lost |  |  |  |  |" if lost > 0
                  else f"| dev/{name} | recovered | (withholding lost nothing) |  |  |  |  |")
    bad += real_sites(score, Path(__file__).resolve().parents[1] / "data" / "real")
    print(f"\ngold lines removed by learned rules: {bad}")
    return 1 if bad else 0


def real_sites(score, root: Path) -> int:
    """Real pages of the sites with 3 or more pages in tests/data/real (SOURCES.tsv's site),
    with the whole rulebook: one page at a time, and with each site's template learned."""
    rows = list(csv.DictReader(open(root / "SOURCES.tsv", encoding="utf-8"), delimiter="\t"))
    by_site = defaultdict(list)
    for row in rows:
        by_site[row["site"]].append(row["id"])
    docs = {d["id"]: d for d in score.load_corpus(str(root))}
    groups = {site: [docs[i] for i in ids if i in docs] for site, ids in by_site.items() if len(ids) >= 3}
    taken = [d for g in groups.values() for d in g]
    book = Rulebook(builtin_rules())
    preds: dict[str, dict] = {"full": {}, "learned": {}}
    bad = lines_learned = 0
    for site, group in groups.items():
        learner = TemplateLearner()
        for d in group:
            learner.add(site, page_keys(page_lines(d["raw"], input_format=d["kind"])[0]))
        template = learner.profile(book).get(site, ())
        lines_learned += len(template)
        learned = Rulebook(builtin_rules() + learned_rules(template))
        for d in group:
            preds["full"][d["id"]] = clean_page(d["raw"], d["kind"], book).text
            result = clean_page(d["raw"], d["kind"], learned)
            preds["learned"][d["id"]] = result.text
            bad += gold_lines_learned(result, d, f"real/{d['id']}")
    print(f"\nReal pages of the {len(groups)} sites with 3 pages in tests/data/real ({len(taken)} pages; "
          f"{lines_learned} template lines learned), whole rulebook:\n")
    print("| rulebook | F1 | P | R | leak docs | exact docs |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for k, v in preds.items():
        r = score.score(taken, v)
        print(f"| {k} | {r['f1']:.4f} | {r['precision']:.4f} | {r['recall']:.4f} | {r['leak_docs']} | "
              f"{round(r['exact'] * r['docs'])} |")
    return bad


if __name__ == "__main__":
    here = Path(__file__).resolve().parents[2]
    sys.exit(run(Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent / "shared" / "corpus"))
