"""Phrase rules as data: loading `rules.toml` (and users' `--rules FILE`), checking, compiling.

A Rulebook answers one question fast: which rule, if any, names this line? Exact phrases are a
dict lookup on the line's squashed key; prefixes, contained phrases and patterns are each one
compiled alternation whose named group says which rule matched.
"""
from __future__ import annotations

import os
import re
from bisect import bisect_left
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .folding import fold, fold_phrase

_WORD = re.compile(r"\w+")

KINDS = {
    "end": "end-of-article marker: everything after it goes",
    "meta": "metadata line (code, date, views, author, source): goes to JSON, not to the text",
    "control": "page control (share, print, save, font size, links)",
    "tags": "tag or keyword list",
    "related": "related/recommended/most-viewed box",
    "comments": "comment section and form",
    "disclaimer": "disclaimer, copyright, legal",
    "promo": "promotion: apps, social channels, newsletters, ads",
    "nav": "navigation, menu, breadcrumb",
    "header": "site name, logo text, tagline",
    "junk": "keyboard mash, template leftovers, lines without letters",
    "template": "a line this site repeats on its pages (learned from a batch, see `tamiz learn`)",
}
_FIELDS = {"name", "kind", "reason", "exact", "prefix", "contains", "pattern", "vocabulary", "min_share",
           "max_words", "box"}
MIN_VOCABULARY_WORDS = 2
DEFAULT_MAX_WORDS = 12


_UNSEEN = object()
_MEMO_SIZE = 1 << 14


class RuleFileError(ValueError):
    """A rules file that cannot be used; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    kind: str
    reason: str
    exact: tuple[str, ...] = ()
    prefix: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    pattern: tuple[str, ...] = ()
    vocabulary: frozenset[str] = frozenset()   # folded words; a line mostly of these matches
    min_share: float = 0.8
    max_words: int = DEFAULT_MAX_WORDS
    box: bool = False
    origin: str = "built-in"


@dataclass(slots=True)
class Rulebook:
    """The rules, indexed for matching. Built once per set of rule files.

    Exact phrases and prefixes are dict lookups on the squashed key (one per distinct prefix
    length, longest first); contained phrases are substring tests; patterns are regexes. No
    giant alternation is compiled: start-up is paid on every run of the command.
    """
    rules: list[Rule]
    user_rules: int = 0       # the first `user_rules` rules are the user's: tried before the rest
    _user: Rulebook | None = None
    _exact: dict[str, int] = field(default_factory=dict)
    _prefixes: dict[str, int] = field(default_factory=dict)
    _prefix_lengths: list[int] = field(default_factory=list)
    _vocabularies: list[int] = field(default_factory=list)
    _longest: int = 0
    _prefix_longest: int = 0
    # The patterns and contained phrases a line of n words can meet: those whose rule reaches
    # n words. Body paragraphs reach only a few rules, so they skip the rest unlooked at.
    _reach: list[int] = field(default_factory=list)             # distinct max_words, ascending
    _patterns_within: list[list[tuple[re.Pattern[str], int]]] = field(default_factory=list)
    _contains_within: list[list[tuple[str, int]]] = field(default_factory=list)
    _memo: dict[str, Rule | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.user_rules:
            # Users' rules win whatever their match type: a user's pattern beats a built-in
            # prefix. They get an index of their own, tried first.
            self._user = Rulebook(self.rules[:self.user_rules])
        contains: list[tuple[str, int]] = []
        patterns: list[tuple[re.Pattern[str], int]] = []
        for i, rule in enumerate(self.rules):
            if i < self.user_rules:
                continue
            for p in rule.exact:
                self._exact.setdefault(fold_phrase(p, "exact"), i)
            for p in rule.prefix:
                self._prefixes.setdefault(fold_phrase(p, "prefix"), i)
            for p in rule.contains:
                contains.append((fold_phrase(p, "contains"), i))
            for p in rule.pattern:
                patterns.append((re.compile(p), i))
            if rule.vocabulary:
                self._vocabularies.append(i)
        self._prefix_lengths = sorted({len(p) for p in self._prefixes}, reverse=True)
        self._longest = max((r.max_words for r in self.rules), default=0)
        self._prefix_longest = max((self.rules[i].max_words for i in self._prefixes.values()), default=0)
        # Entries kept in their order: the first that matches still wins.
        self._reach = sorted({self.rules[i].max_words for _, i in patterns + contains})
        self._patterns_within = [[(p, i) for p, i in patterns if self.rules[i].max_words >= n]
                                 for n in self._reach]
        self._contains_within = [[(c, i) for c, i in contains if self.rules[i].max_words >= n]
                                 for n in self._reach]

    def match(self, key: str, squashed: str, words: int) -> Rule | None:
        """The first rule naming a line, given its folded `key`, `squashed` key and word count."""
        if words > self._longest:
            return None          # no rule reaches a line this long: most body paragraphs
        found = self._memo.get(key, _UNSEEN)
        if found is _UNSEEN:
            # Pages of one site repeat their chrome line for line: remember recent answers.
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            found = self._memo[key] = self._match(key, squashed, words)
        return found

    def _match(self, key: str, squashed: str, words: int) -> Rule | None:
        if self._user is not None and words <= self._user._longest:
            found = self._user._match(key, squashed, words)
            if found is not None:
                return found
        rules = self.rules
        i = self._exact.get(squashed)
        if i is not None:
            return rules[i]
        if words <= self._prefix_longest:
            prefixes = self._prefixes
            for n in self._prefix_lengths:
                if n <= len(squashed) and (i := prefixes.get(squashed[:n])) is not None:
                    if words <= rules[i].max_words:
                        return rules[i]
                    break            # the longest prefix decides, as a reader would read it
        # the smallest reach of n ≥ words: exactly the entries whose rule reaches this line
        at = bisect_left(self._reach, words)
        if at < len(self._reach):
            for pat, i in self._patterns_within[at]:
                if pat.search(key):
                    return rules[i]
            for phrase, i in self._contains_within[at]:
                if phrase in squashed:
                    return rules[i]
        if words >= MIN_VOCABULARY_WORDS:
            for i in self._vocabularies:
                rule = rules[i]
                if words <= rule.max_words:
                    tokens = _WORD.findall(key)
                    if sum(t in rule.vocabulary for t in tokens) >= rule.min_share * len(tokens):
                        return rule
        return None

    def by_name(self, name: str) -> Rule | None:
        return next((r for r in self.rules if r.name == name), None)


def _rule_lines(source: str) -> list[int]:
    return [source.count("\n", 0, m.start()) + 1 for m in re.finditer(r"(?m)^[ \t]*\[\[[ \t]*rule[ \t]*\]\]", source)]


def parse_rules(source: str, origin: str) -> list[Rule]:
    """Parse and check a rules file's text; raise RuleFileError naming `origin` and the line."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        # "Expected ']' at the end of a table declaration (at line 7, column 7)" -> file:7: ...
        m = re.search(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)", str(exc))
        where = f"{origin}:{m.group(1)}" if m and m.group(1) else origin
        cause = str(exc)[:m.start()] if m else str(exc)
        raise RuleFileError(f"{where}: not valid TOML: {cause}") from None
    unknown_top = set(data) - {"rule"}
    if unknown_top:
        raise RuleFileError(f"{origin}: unknown table {sorted(unknown_top)[0]!r}; rules go in [[rule]] tables")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise RuleFileError(f"{origin}: 'rule' must be an array of tables: write [[rule]]")
    lines = _rule_lines(source)
    rules = []
    for n, raw in enumerate(raw_rules):
        where = f"{origin}:{lines[n] if n < len(lines) else '?'}"
        rules.append(_check_rule(raw, where, origin))
    return rules


def _check_rule(raw: dict, where: str, origin: str) -> Rule:
    extra = set(raw) - _FIELDS
    if extra:
        raise RuleFileError(f"{where}: unknown field {sorted(extra)[0]!r} (fields: {', '.join(sorted(_FIELDS))})")
    for key in ("name", "kind", "reason"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise RuleFileError(f"{where}: rule needs a non-empty string {key!r}")
    if raw["kind"] not in KINDS:
        raise RuleFileError(f"{where}: unknown kind {raw['kind']!r} (kinds: {', '.join(KINDS)})")
    vocabulary = raw.get("vocabulary", "")
    if isinstance(vocabulary, list):
        vocabulary = " ".join(vocabulary)
    if not isinstance(vocabulary, str):
        raise RuleFileError(f"{where}: 'vocabulary' must be a string of words or a list of strings")
    words = frozenset(_WORD.findall(fold(vocabulary)))
    min_share = raw.get("min_share", 0.8)
    if not isinstance(min_share, (int, float)) or isinstance(min_share, bool) or not 0 < min_share <= 1:
        raise RuleFileError(f"{where}: 'min_share' must be a number in (0, 1]")
    lists = {}
    for key in ("exact", "prefix", "contains", "pattern"):
        value = raw.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise RuleFileError(f"{where}: {key!r} must be a list of non-empty strings")
        lists[key] = tuple(value)
    if not any(lists.values()) and not words:
        raise RuleFileError(f"{where}: rule {raw['name']!r} matches nothing: give exact, prefix, contains, pattern or vocabulary")
    for p in lists["pattern"]:
        try:
            re.compile(p)
        except re.error as exc:
            raise RuleFileError(f"{where}: bad pattern {p!r}: {exc}") from None
    max_words = raw.get("max_words", DEFAULT_MAX_WORDS)
    if not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1:
        raise RuleFileError(f"{where}: 'max_words' must be a whole number ≥ 1")
    box = raw.get("box", False)
    if not isinstance(box, bool):
        raise RuleFileError(f"{where}: 'box' must be true or false")
    return Rule(name=raw["name"].strip(), kind=raw["kind"], reason=raw["reason"].strip(),
                vocabulary=words, min_share=float(min_share), max_words=max_words, box=box,
                origin=origin, **lists)


def builtin_rules() -> list[Rule]:
    # A plain path, not importlib.resources: the package is always a directory, and
    # importlib.resources (with tempfile) costs ~13 ms of every run's start-up.
    source = (Path(__file__).parent / "rules.toml").read_text(encoding="utf-8")
    return parse_rules(source, "built-in")


RuleFiles = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


def rule_files(files: RuleFiles | None) -> tuple[str, ...]:
    """The rules files as a tuple of path strings. One `str` or `Path` is one file: a str is a
    sequence too, and iterating it would read each character as a file name."""
    if files is None:
        return ()
    if isinstance(files, (str, bytes, os.PathLike)):
        return (os.fsdecode(files),)
    try:
        return tuple(os.fsdecode(f) for f in files)
    except TypeError:
        raise TypeError(f"rules takes a path or a list of paths, not {_type_name(files)}") from None


def _type_name(files: object) -> str:
    """`int`, or `list of int` for a list holding something that is not a path."""
    if isinstance(files, (list, tuple)):
        bad = next((f for f in files if not isinstance(f, (str, bytes, os.PathLike))), None)
        return f"{type(files).__name__} of {type(bad).__name__}"
    return type(files).__name__


def load_rulebook(extra_files: RuleFiles | None = None, learned: Sequence[Rule] = ()) -> Rulebook:
    """The built-in rules, with users' files first so that their rules win.

    `extra_files` is one path (`str` or `Path`) or a sequence of paths to TOML rules files
    (README, "Rules"). `learned`: rules of a site's template (`tamiz.template.learned_rules`),
    tried after all others. Raises RuleFileError, naming the file (and line), for a file that
    is missing, unreadable or invalid.
    """
    user: list[Rule] = []
    for path in rule_files(extra_files):
        p = Path(path)
        try:
            source = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise RuleFileError(f"{p}: rules file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleFileError(f"{p}: cannot read rules file: {exc}") from None
        user.extend(parse_rules(source, str(p)))
    # Learned template lines come last: a line a built-in rule knows keeps that rule's reason.
    return Rulebook(user + builtin_rules() + list(learned), user_rules=len(user))
