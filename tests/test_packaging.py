"""The install as the README does it: the package imports from anywhere, and the README's
commands are the ones CI runs."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_folder_named_tamiz_does_not_shadow_the_package(tmp_path: Path) -> None:
    # `git clone .../tamiz` leaves a folder `tamiz/` in the current directory; Python takes a
    # bare folder there for a namespace package unless the install puts a real one on sys.path.
    (tmp_path / "tamiz" / "core").mkdir(parents=True)
    (tmp_path / "tamiz" / "README.md").write_text("the clone")
    code = "from tamiz import clean; print(clean('خبرگزاری کار ایران\\nعنوان خبر\\nمتن خبر است.').text)"
    p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    assert "متن خبر است." in p.stdout.decode()


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```sh\n(python -m venv .*?)\n```", readme)
    assert len(blocks) == 2, "the README has two set-up commands: a first run, and the tests"
    first_run, tests = blocks
    assert first_run.endswith("tamiz clean samples/") and " -e " not in first_run
    ci = (ROOT / ".ci" / "run").read_text("utf-8").strip().splitlines()[-1]
    assert ci.replace(" -q", "") == tests


def test_data_flows_one_way_no_two_core_modules_import_each_other() -> None:
    # The design card: bytes -> text -> front-end -> lines -> labels -> Result; a module that a
    # later stage imports never imports that stage back, even lazily inside a function.
    imports: dict[str, set[str]] = {}
    for path in (ROOT / "core").glob("*.py"):
        code = re.sub(r'""".*?"""', "", path.read_text(encoding="utf-8"), flags=re.S)  # not doctests
        imports[path.stem] = set(re.findall(r"^\s*from \.(\w+) import", code, flags=re.M)) - {path.stem}

    def reaches(a: str, b: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(d == b or (d not in seen and reaches(d, b, seen | {d})) for d in imports.get(a, ()))

    loops = sorted(f"{a} <-> {b}" for a in imports for b in imports[a] if reaches(b, a))
    assert not loops, loops
    assert "pipeline" not in imports["html"]
