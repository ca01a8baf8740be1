"""`tamiz` command: clean pages, list rules. Results go to stdout, messages to stderr.

Kept light on purpose: a plain single-file run imports neither rich, nor a process pool, nor
trafilatura/hazm (those load only when a run needs them).
"""
from __future__ import annotations

import gc
import os
import sys
from dataclasses import dataclass
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer
from typer.core import TyperCommand

if TYPE_CHECKING:
    from .inputs import Source
    from .settings import Settings

class Command(TyperCommand):
    """A command whose help shows an argument as the metavar it was given (`PATH`, `CORPUS`),
    as Unix usage lines do, not with Typer's label of its Python type (`PATH <list[str]>`) or
    braces (`{CORPUS}`), which mean nothing to a user. (Typer has no option for this.)"""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for param in self.params:
            if param.param_type_name == "argument" and param.metavar:
                usage = param.metavar if param.required else f"[{param.metavar}]"
                usage += "..." if param.nargs != 1 else ""
                param.display_type_rich = lambda ctx: None  # type: ignore[attr-defined]
                param._usage_display_name = lambda usage=usage: usage  # type: ignore[attr-defined]

    def make_context(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        """Bad option values in plain words: Typer's validator says "Value error, 'xml' is not
        one of ..." and "Input should be a valid number, unable to parse string as a number"."""
        try:
            return super().make_context(*args, **kwargs)
        except typer.BadParameter as exc:
            exc.message = _plain(exc.message)
            raise


def _plain(message: str) -> str:
    message = message.removeprefix("Value error, ").rstrip(".")
    if message.startswith("Input should be a valid number"):
        return "not a number"
    if message.startswith("Input should be a valid integer"):
        return "not a whole number"
    return message


def non_negative(value: float) -> float:
    """--jobs, --max-size: 0 or more (checked here, so that help shows no `x>=0` range)."""
    if value < 0:
        raise typer.BadParameter("must be 0 or more")
    return value


app = typer.Typer(add_completion=True, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False, context_settings={"help_option_names": ["-h", "--help"]},
                  help="Strip boilerplate from Persian news pages (text or HTML): keep headline, "
                       "lead and body, and say why every other line went.",
                  epilog="""\b
Examples:
  tamiz clean page.html                  the article of one page
  tamiz clean --explain page.txt         why each line was kept or removed
  tamiz clean pages/ -o clean/           a folder tree, mirrored
  tamiz rules                            every rule and its reason
  tamiz eval corpus/                     precision, recall and F1 against gold
Each command's -h has more.""")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version
        try:
            sys.stdout.write(f"tamiz {version('tamiz')}\n")
        except PackageNotFoundError:
            sys.stdout.write("tamiz (not installed)\n")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                               help="Print tamiz's version and exit.")] = False,
) -> None:
    """Strip boilerplate from Persian news pages (text or HTML): keep headline, lead and body,
    and say why every other line went."""

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_PIPE, EXIT_TERMINATED = 0, 1, 2, 130, 141, 143


class Terminated(BaseException):
    """SIGTERM: stop like Ctrl-C (no partial output file), exit 143."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class SiteKey(str, Enum):
    auto = "auto"
    host = "host"
    folder = "folder"
    none = "none"


class Extractor(str, Enum):
    tamiz = "tamiz"
    trafilatura = "trafilatura"


class InputFormat(str, Enum):
    auto = "auto"
    text = "text"
    html = "html"
    jsonl = "jsonl"
    warc = "warc"


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    sys.stderr.write(f"tamiz: {message}\n")
    raise typer.Exit(code)


CLEAN_EPILOG = """\b
Examples:
  tamiz clean page.html                  the article of one page
  tamiz clean --explain page.txt         every line kept (+) or removed (-), and why
  cat page.txt | tamiz clean -f json     article, metadata and removed lines as JSON
  tamiz clean pages/ -o clean/ -j 4      a folder tree, mirrored, on 4 cores
  tamiz clean crawl.jsonl --field html   JSON Lines records in, the same records out
  tamiz clean CC-MAIN-*.warc.gz -j 8     a crawl's HTML pages: one JSON record each

Exit status: 0 all cleaned, 1 some inputs failed, 2 usage error, 130 interrupted (Ctrl-C),
141 stdout closed early, 143 terminated. The JSON schema is in the README."""


@app.command(cls=Command, epilog=CLEAN_EPILOG)
def clean(
    ctx: typer.Context,
    paths: Annotated[Optional[list[str]], typer.Argument(
        metavar="PATH", help="Files, directories (walked recursively, sorted), or - for stdin. "
             "Default: stdin, when it is piped.", show_default=False)] = None,
    fmt: Annotated[Format, typer.Option(
        "--format", "-f", help="text; json (an array for several inputs); jsonl (one object per "
                               "document, with its source).")] = Format.text,
    input_format: Annotated[InputFormat, typer.Option(
        "--input-format", help="auto sniffs HTML, JSON Lines and WARC; jsonl reads JSON Lines records "
                               "(see --field); warc the HTML and WET pages of WARC files.")] = InputFormat.auto,
    field: Annotated[Optional[str], typer.Option(
        "--field", metavar="NAME", help="JSON Lines input: the field holding each page.  [default: text]",
        show_default=False)] = None,
    output_field: Annotated[Optional[str], typer.Option(
        "--output-field", metavar="NAME", help="JSON Lines or WARC input: the field the cleaned text is "
                                               "written to.  [default: clean_text]", show_default=False)] = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Show every input line as kept (+) or removed (-), with its rule.")] = False,
    rules: Annotated[Optional[list[Path]], typer.Option(
        "--rules", metavar="FILE", help="Extra rules file (TOML); may be repeated.", show_default=False)] = None,
    normalize: Annotated[bool, typer.Option(
        "--normalize", help="Apply hazm's Normalizer to the output (digits unchanged).")] = False,
    extractor: Annotated[Extractor, typer.Option(
        "--extractor", help="How HTML is read before the rules: tamiz reads the page's whole visible "
                            "text (fast; trafilatura only when it finds no article); trafilatura reads "
                            "its article, checked against the visible text.")] = Extractor.tamiz,
    globs: Annotated[Optional[list[str]], typer.Option(
        "--glob", metavar="PATTERN", help="File names to take from directories; may be repeated.  "
                       "[default: *.txt *.html *.htm; *.jsonl with --input-format jsonl]",
        show_default=False)] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", metavar="DIR", help="Write one file per input here (.txt, or .json for JSON formats), "
                            "mirroring the input tree, instead of to stdout.",
        show_default=False)] = None,
    skip_existing: Annotated[bool, typer.Option(
        "--skip-existing", help="With --out: skip inputs whose output exists (resume a batch).")] = False,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", callback=non_negative, metavar="N", help="Worker processes; 0 means one per CPU core.")] = 0,
    progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", help="Progress on stderr for a batch.  [default: a bar when stderr is a "
                                         "terminal and results go to files (--out, or stdout redirected to a file)]",
        show_default=False)] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No summary, warnings or skip notes; errors are still shown.")] = False,
    learn: Annotated[Optional[bool], typer.Option(
        "--learn/--no-learn", help="First learn each site's template from the batch: the lines a site "
                                   "repeats on its pages go too (two passes).  [default: on for folders, "
                                   "JSON Lines and WARC; off for pages named one by one]", show_default=False)] = None,
    site_key: Annotated[SiteKey, typer.Option(
        "--site-key", help="How pages are grouped into sites for --learn: the URL's host (HTML's "
                           "canonical URL, a record's url field, a WARC record's URI), the file's "
                           "folder, or one group.  [auto: host, else folder]")] = SiteKey.auto,
    timeout: Annotated[float, typer.Option(
        "--timeout", callback=non_negative, metavar="SECONDS",
        help="A document that takes longer fails, and the batch goes on (0: no limit).")] = 30.0,
    max_size: Annotated[float, typer.Option(
        "--max-size", callback=non_negative, metavar="MB", help="Refuse inputs over this many MB (0: no limit).")] = 10.0,
) -> None:
    """Print the article of each page (headline, lead, body) without boilerplate.

    Pages are text or HTML. With several inputs (or a directory), text output puts a line
    "==> PATH <==" before each document and a blank line between them, and a summary goes to
    stderr. JSON Lines and WARC files (found by name or content) give one JSON record per
    record or page, with the cleaned text added (--output-field).
    """
    from tamiz import RuleFileError
    from tamiz.pipeline import _rulebook

    from .settings import JSONL_GLOBS, TEXT_GLOBS, WARC_GLOBS, Settings

    if skip_existing and out is None:
        _fail("--skip-existing needs --out")
    if not paths:
        if sys.stdin.isatty():
            _fail("no input: give files or directories, or pipe a page to stdin (tamiz clean --help)")
        paths = ["-"]
    if input_format is InputFormat.auto:
        input_format = _sniff_records(paths, field is not None, tuple(globs or ()))
    records = input_format in (InputFormat.jsonl, InputFormat.warc)
    if field is not None and input_format is not InputFormat.jsonl:
        _fail(f"--field is for JSON Lines input, not --input-format {input_format.value}")
    if output_field is not None and not records:
        _fail("--output-field is for JSON Lines and WARC input; these inputs are pages")
    if out is not None:
        _check_out(out, paths)
    rule_files = tuple(str(r) for r in rules or [])
    try:
        _rulebook(rule_files)  # a bad rules file is a usage error, reported once, before any work
    except RuleFileError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{exc.filename}: {exc.strerror}")

    text_explain = explain and fmt is Format.text and out is None  # to stdout: colour on a terminal
    # The bar redraws its line on stderr; when results reach the same terminal (directly, or
    # through `| less`, `| grep`) it would share lines with them. So it is on by default only
    # when results go to files: --out, or stdout redirected to a file.
    results_on_terminal = out is None and sys.stdout.isatty()
    if progress is None:
        progress = sys.stderr.isatty() and (out is not None or _stdout_is_a_file())
    elif progress and results_on_terminal and sys.stderr.isatty():
        sys.stderr.write("tamiz: --progress: no bar while results print to this terminal "
                         "(use --out, or redirect stdout)\n")
        progress = False
    settings = Settings(
        fmt=fmt.value, input_format=input_format.value, field=field or "text",
        output_field=output_field or "clean_text", explain=explain, rules=rule_files, normalize=normalize,
        extractor=extractor.value, colour=text_explain and _colour_stdout(),
        globs=tuple(globs) if globs else {InputFormat.jsonl: JSONL_GLOBS, InputFormat.warc: WARC_GLOBS}.get(
            input_format, TEXT_GLOBS),
        timeout=timeout, site_key=site_key.value,
        # On for a batch of many pages (a folder, JSON Lines, WARC), off for pages named one by one.
        learn=learn if learn is not None else (records or any(p != "-" and os.path.isdir(p) for p in paths)),
        max_bytes=int(max_size * 1e6), out_dir=str(out) if out is not None else None,
        skip_existing=skip_existing, jobs=jobs or _cores(),
        progress=progress, quiet=quiet,
    )
    raise typer.Exit(_run(paths, settings, ctx.obj if isinstance(ctx.obj, StartUp) else StartUp()))


def _sniff_records(paths: list[str], field_given: bool, globs: tuple[str, ...]) -> InputFormat:
    """--input-format auto: WARC when every input is a WARC file (by name or first bytes), JSON
    Lines when every input is JSON Lines (by name or first line) or --field names the field to
    read; pages otherwise. A mix is a usage error, since records and pages give different
    outputs."""
    from .inputs import input_kind

    kinds = {p: input_kind(p, globs) for p in paths}
    found = set(kinds.values())
    if found == {"warc"}:
        return InputFormat.warc
    if found == {"jsonl"} or (field_given and "warc" not in found):
        return InputFormat.jsonl
    if len(found) > 1:
        a, b = sorted(found)[:2]
        first = next(p for p, k in kinds.items() if k == a)
        second = next(p for p, k in kinds.items() if k == b)
        names = {"jsonl": "JSON Lines", "warc": "a WARC file", "page": "a page"}
        _fail(f"{first} is {names[a]} and {second} is {names[b]}: clean them in separate runs, "
              "or choose with --input-format")
    return InputFormat.auto


def _run(paths: list[str], settings: Settings, startup: StartUp) -> int:
    """Run the batch; turn Ctrl-C, a closed stdout and stray errors into one line and an exit code.

    `startup`: what `run`, the program's entry point, did for start-up and may do at the end.
    """
    import signal

    from .batch import NoInput, run

    signal.signal(signal.SIGTERM, _on_sigterm)
    on_start = partial(_work_begins, settings, startup)
    try:
        return run(paths, settings, on_start=on_start)
    except NoInput as exc:
        sys.stderr.write(f"tamiz: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("tamiz: interrupted\n")
        _abort(EXIT_INTERRUPTED)
    except Terminated:
        sys.stderr.write("tamiz: terminated\n")
        _abort(EXIT_TERMINATED)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly. Point stdout at /dev/null so that no
        # final flush complains.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        _abort(EXIT_PIPE)
    except OSError as exc:  # writing stdout: a full disk, a device error (inputs fail one by one)
        from .inputs import describe
        sys.stderr.write(f"tamiz: cannot write the output: {describe(exc)}\n")
        _abort(EXIT_FAILED)
    except Exception as exc:  # never a traceback for the user; TAMIZ_DEBUG=1 shows it
        if os.environ.get("TAMIZ_DEBUG"):
            raise
        sys.stderr.write(f"tamiz: internal error: {type(exc).__name__}: {exc}\n")
        return EXIT_FAILED


def _abort(code: int) -> NoReturn:
    """Exit at once after an interruption or a closed stdout. Outputs are already whole or
    removed by then; the interpreter's exit hooks are skipped because concurrent.futures'
    hook joins the process pool's manager thread, which can wait forever for a result from a
    worker that was killed (a hang seen in 1 of 12 runs of `tamiz clean DIR | head`)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _check_out(out: Path, paths: list[str]) -> None:
    """--out must be a folder tamiz can write: said once, before any work, not once per input."""
    if out.exists() and not out.is_dir():
        _fail(f"--out {out}: not a directory")
    import tempfile
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out, prefix=".tamiz-check-"):
            pass
    except OSError as exc:
        from .inputs import describe
        _fail(f"--out {out}: cannot write there: {describe(exc)}")
    real = os.path.realpath(out)
    for p in paths:
        if p != "-" and os.path.isdir(p) and os.path.realpath(p) == real:
            _fail(f"--out {out} is an input directory; choose another (a subfolder is fine)")


def _stdout_is_a_file() -> bool:
    import stat
    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError):
        return False


def _cores() -> int:
    """CPU cores this process may use (a container's or taskset's limit, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _colour_stdout() -> bool:
    """Colour on a terminal; NO_COLOR (https://no-color.org) and TERM=dumb turn it off,
    FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


@app.command("rules", cls=Command, epilog="""\b
Examples:
  tamiz rules                            the built-in rules
  tamiz rules --rules mine.toml          yours first, then the built-in ones
  tamiz rules | grep promo               the rules of one kind""")
def list_rules(
    rules: Annotated[Optional[list[Path]], typer.Option(
        "--rules", metavar="FILE", help="Extra rules file (TOML); may be repeated.", show_default=False)] = None,
) -> None:
    """List every rule with its kind and reason."""
    from tamiz import RuleFileError, load_rulebook
    from tamiz.structure import STRUCTURE_RULES

    try:
        book = load_rulebook([str(r) for r in rules or []])
    except RuleFileError as exc:
        _fail(str(exc))
    try:
        for r in book.rules:
            sys.stdout.write(f"{r.name:<18} {r.kind:<11} {r.reason}\n")
        for name, (kind, reason) in STRUCTURE_RULES.items():
            sys.stdout.write(f"{name:<18} {kind:<11} {reason}\n")
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


from .eval_cmd import EPILOG, eval_command  # noqa: E402 - `tamiz eval`, registered here
app.command("eval", cls=Command, epilog=EPILOG)(eval_command)
from .learn_cmd import EPILOG as LEARN_EPILOG, learn_command  # noqa: E402 - `tamiz learn`
app.command("learn", cls=Command, epilog=LEARN_EPILOG)(learn_command)


@dataclass(slots=True)
class StartUp:
    """What the program's entry point (`run`) did for start-up, shared with `clean` through
    Click's context object. A host that runs the app in-process (Typer's CliRunner) passes
    none, and gets neither the paused collector nor the quick exit."""
    gc_paused: bool = False          # the collector is off until the work begins
    exit_at_once: bool = False       # set when the work needs no interpreter shutdown (`run`)


def _work_begins(settings: Settings, startup: StartUp, sources: list[Source]) -> None:
    """The inputs are found and the work begins (called by the batch, before any pool starts).

    With --normalize, hazm's Normalizer (~1.5 million objects that live until the end) is
    loaded now: it is frozen with the rest below, and forked workers inherit it instead of
    loading it again. It is not loaded when no input can be read: a missing file fails fast.
    Then, when `run` paused the collector, start-up is over: what exists now lives until the
    end, so it is frozen out of the collector's sight (else every full collection walks it,
    and one more at exit), and the batch runs with the collector on, as do the workers forked
    after this.
    """
    if settings.normalize and any(src.name == "-" or os.path.isfile(src.name) for src in sources):
        from tamiz.normalize import normalizer
        normalizer()
    if startup.gc_paused:
        gc.freeze()
        gc.enable()
    # One page cleaned in this process (no pool, no thread): nothing is left for the
    # interpreter's shutdown to do but tear down the modules (25-40 ms, measured).
    startup.exit_at_once = startup.gc_paused and len(sources) == 1 and not settings.records


def _exit_at_once(done: SystemExit) -> NoReturn:
    """End the process without the interpreter's shutdown once stdout and stderr are flushed.
    If flushing fails (a closed pipe, a full disk), the usual exit reports it as before."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise done from None
    os._exit(done.code if isinstance(done.code, int) else 0)


def run() -> None:
    # Typer builds the options of every command before it runs one (18 ms of a 0.29 s start;
    # measured): a run of one command builds that one alone. A bare `tamiz`, `tamiz --help`,
    # a misspelt command and shell completion still see them all.
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    # Parsing the options imports pydantic and builds its validators, and the rules are
    # compiled: hundreds of thousands of objects that live as long as the process, which the
    # cyclic garbage collector would walk again and again, and once more at exit (31 ms of a
    # one-page run's 0.25 s, measured). For `clean` it is off until the work begins
    # (`_work_begins`). Only here, in the program's entry point: a host that runs the app
    # in-process (Typer's CliRunner) keeps its collector as it set it.
    startup = StartUp(gc_paused=name == "clean" and gc.isenabled())
    if startup.gc_paused:
        gc.disable()
    only = [c for c in app.registered_commands if (c.name or c.callback.__name__) == name]
    if only and "_TAMIZ_COMPLETE" not in os.environ:
        app.registered_commands = only
    try:
        app(obj=startup)
    except SystemExit as done:
        if startup.exit_at_once and (done.code is None or isinstance(done.code, int)):
            _exit_at_once(done)
        raise


if __name__ == "__main__":
    run()
