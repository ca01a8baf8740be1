"""The README's examples are what the commands print: every block marked
`<!-- example: COMMAND -->` (or `<!-- example: FILE -->` for an input shown) is checked
against the real output, so the README cannot drift from the tool.

A block may abridge: a line `...` stands for any number of lines, and a line ending in ` ...`
for any line that starts with what comes before it. Every other line must match exactly, and
lines not separated by `...` must be consecutive in the output (blank lines are not shown)."""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
TAMIZ = str(Path(sys.executable).parent / "tamiz")
EXAMPLES = re.findall(r"<!-- example: (.+?) -->\n```\w*\n(.*?)\n```", README, re.S)


def actual(what: str) -> str:
    """The file's text, or the command's stdout (run from the repository root, no colour)."""
    if not what.startswith("tamiz "):
        return (ROOT / what).read_text("utf-8")
    env = {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"} | {"NO_COLOR": "1"}
    p = subprocess.run([TAMIZ, *shlex.split(what)[1:]], cwd=ROOT, capture_output=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout.decode("utf-8")


def matches(shown: list[str], real: list[str]) -> str | None:
    """None when `shown` is an abridgement of `real`; else the first line that is not."""
    i, free = 0, True  # free: the next shown line may skip real lines (start, or after `...`)
    for line in shown:
        if line == "...":
            free = True
            continue
        prefix = line[:-4] if line.endswith(" ...") else None

        def fits(r: str) -> bool:
            return r.startswith(prefix) if prefix is not None else r == line

        if free:
            while i < len(real) and not fits(real[i]):
                i += 1
        if i >= len(real) or not fits(real[i]):
            return line
        i, free = i + 1, False
    return None


def test_the_readme_has_its_examples() -> None:
    assert {what for what, _ in EXAMPLES} >= {
        "samples/ilna-001.txt", "tamiz clean samples/ilna-001.txt", "tamiz clean --explain samples/ilna-001.txt"}


@pytest.mark.parametrize("what, block", EXAMPLES, ids=[w for w, _ in EXAMPLES])
def test_example_is_the_real_output(what: str, block: str) -> None:
    real = [line for line in actual(what).splitlines() if line.strip()]
    wrong = matches(block.splitlines(), real)
    assert wrong is None, f"README shows a line that `{what}` does not give here:\n{wrong}"


def test_counts_the_readme_states() -> None:
    page = (ROOT / "samples/ilna-001.txt").read_text("utf-8")
    stated = re.search(r"`samples/ilna-001\.txt` is an ILNA page .*?\((\d+) lines", README, re.S)
    assert stated and int(stated.group(1)) == len(page.splitlines())
    kept = re.search(r"`tamiz clean samples/ilna-001\.txt` prints the (\d+) lines", README)
    assert kept and int(kept.group(1)) == len(actual("tamiz clean samples/ilna-001.txt").splitlines())
    said = re.search(r"`--format json` gives the same with metadata: (.*?)\.\n", README, re.S)
    assert said
    meta = json.loads(actual("tamiz clean -f json samples/ilna-001.txt"))["metadata"]
    pairs = re.findall(r'`"(\w+)": "([^"]*)"`', said.group(1))
    assert pairs and all(meta[k] == v for k, v in pairs), (pairs, meta)


def test_abridging_rules_catch_drift() -> None:
    real = ["a b c", "d e", "f", "g h"]
    assert matches(["a b ...", "d e", "...", "g h"], real) is None
    assert matches(["a b c", "f"], real) == "f"           # a skip needs `...`
    assert matches(["x ..."], real) == "x ..."
    assert matches(["...", "g h", "a b c"], real) == "a b c"  # order matters
