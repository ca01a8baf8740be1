"""Bytes -> text: BOMs, UTF-32 and UTF-16 without a BOM, HTML's declared charset, UTF-8, and
windows-1256 (the legacy Persian/Arabic code page); numeric character references resolved;
never a crash on text, and bytes that are not text refused with DecodeError.

Order, strongest evidence first: a forced codec, a BOM (UTF-32's before UTF-16's: FF FE 00 00 is
UTF-32-LE), UTF-32 / UTF-16 without a BOM when NUL or 0x06 bytes fall where those codecs put
them, valid UTF-8, the page's own `<meta charset>` / `http-equiv` declaration, windows-1256
when the bytes read as Persian in it, and last UTF-8 with replacement characters (reported as
a warning). NUL bytes that no wide codec explains mean binary content.

Every codec chosen by that evidence (not a forced one, which only gets a warning) must then
give something that reads as text (`_not_text`): few control characters and U+FFFD, spaces
between the non-ASCII letters, and words that do not mix Arabic and Latin letters. A single-byte
code page maps any byte to some character, so without this random bytes or an image would
"decode" to windows-1256 garbage.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field


class DecodeError(ValueError):
    """The input is not text and cannot be decoded. The message starts with "binary content"
    (NUL bytes no text codec explains) or "not text in a known encoding" (the decoded
    characters are not text: control characters, U+FFFD, letters without spaces, mixed scripts)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


# UTF-32's BOMs first: UTF-32-LE's (FF FE 00 00) begins with UTF-16-LE's (FF FE).
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Wide codecs tried on BOM-less input: (codec, code-unit size, positions in a unit that hold
# 0x00, position that holds 0x00 or 0x06). Text in the scripts tamiz reads is almost all
# U+0000-U+06FF, so nearly every code unit has that shape: ASCII is (XX, 00) in UTF-16-LE and
# Persian (XX, 06); UTF-8 and windows-1256 text hold neither byte.
_WIDE = (
    ("utf-32-le", 4, (2, 3), 1),
    ("utf-32-be", 4, (0, 1), 2),
    ("utf-16-le", 2, (), 1),
    ("utf-16-be", 2, (), 0),
)
_WIDE_UNITS = 0.9     # share of code units whose high bytes look like that
_NUL_SCAN = 8192      # bytes looked at for NULs and for the wide codecs' pattern

# The text judge (`_not_text`) and its thresholds, measured on the 2,023 corpus, test and
# sample files (real worst case in brackets) and on random bytes (what garbage gives):
_SAMPLE = 65536       # decoded characters judged
_MAX_CONTROL = 0.01   # C0 but \t \n \r \f, DEL, C1: share      [0 %; random 0x01-0xFF: 11 %]
_MAX_FFFD = 0.05      # U+FFFD: share, and more than _MIN_FFFD (as the last resort always had)
_MIN_FFFD = 8         #                                       [0 %; binary after a BOM: 25 %+]
_MAX_UNASSIGNED = 0.05  # unassigned and private-use code points: share, more than _MIN_FFFD
                      #   [0 %; binary after a UTF-16 BOM: 12 %]
_MIN_SPACE = 0.03     # whitespace among whitespace + non-ASCII letters below U+0800, once
_MIN_LETTERS = 200    #   there are _MIN_LETTERS of those    [14.8 %; random 0x80-0xFF: 1.0 %]
_MAX_MIXED = 0.2      # words (2+ letters) holding both Arabic and Latin letters, once there
_MIN_WORDS = 20       #   are _MIN_WORDS words                [1.1 %; random bytes: 50-60 %]
_MIN_EXPECTED = 0.9   # BOM-less wide codecs only: share of characters of the expected scripts
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_WORD = re.compile(r"[^\W\d_]{2,}")
_ARABIC = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
_LATIN = "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
# A word mixing the scripts has at least one place where an Arabic and a Latin letter touch;
# counting those places stands for counting such words (one per word, nearly always).
_MIXED = re.compile(rf"[{_ARABIC}](?=[{_LATIN}])|[{_LATIN}](?=[{_ARABIC}])")
_WIDE_CHAR = re.compile(r"[^\x00-\u07ff]")
_SPACE = re.compile(rb"\s")
_TWO_BYTE_LEADS = bytes(range(0xC2, 0xE0))
# Latin, Greek, Cyrillic, Hebrew, Arabic (U+0000-U+07FF), general punctuation (ZWNJ, dashes,
# quotes), Arabic presentation forms. UTF-16 read in the wrong byte order, or binary read as
# UTF-16, gives mostly CJK, Hangul and other characters outside these.
_EXPECTED = re.compile(r"[\x00-\u07ff\u2000-\u206f\ufb50-\ufdff\ufe70-\ufeff]")

# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">, <?xml encoding="x"?>
_DECLARED = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)
# Single-byte Western code pages that legacy Persian sites declared while writing windows-1256.
_WESTERN = {"latin-1", "iso8859-1", "cp1252", "ascii"}
# &#1711; &#x6AF; (the trailing ";" is optional in HTML, as browsers read it)
_NCR = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?")


def decode_bytes(data: bytes, encoding: str | None = None, *, declared: str | None = None) -> Decoded:
    """Decode `data` to a `Decoded` (text without U+0000, the encoding's label, warnings).

    `encoding` forces a codec: then text that does not read as text only gets a warning.
    `declared` is a charset the transport declared (HTTP `Content-Type`, a WARC record's): it
    counts as the page's own `<meta charset>` would, and comes before it, as in browsers.
    Raises DecodeError for an unknown forced encoding, and for input that is not text in any
    encoding tamiz reads ("binary content ..." or "not text in a known encoding (...)").
    """
    if encoding:
        decoded = _forced(data, encoding)
    else:
        decoded = _decode(data, declared)
        why = _not_text(decoded.text, decoded.encoding)
        if why:
            raise DecodeError(f"not text in a known encoding (read as {decoded.encoding}: {why})")
    text = resolve_ncrs(decoded.text)
    warnings = decoded.warnings
    # A NUL can reach here from a forced codec, from past the first _NUL_SCAN bytes or as a
    # character of UTF-16/32; it is never text, and downstream tools choke on it.
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "")
        warnings = [*warnings, f"{nuls} NUL characters removed"]
    if text is decoded.text:
        return decoded
    return Decoded(text, decoded.encoding, warnings)


def _forced(data: bytes, encoding: str) -> Decoded:
    """Decode with the codec the user named; a judge's objection becomes a warning."""
    codec = _codec(encoding)
    if codec is None:
        raise DecodeError(f"unknown encoding: {encoding}")
    decoded = _lenient(data, codec, encoding)
    why = _not_text(decoded.text, decoded.encoding)
    if not why:
        return decoded
    warning = f"does not read as text in {encoding}: {why}"
    return Decoded(decoded.text, decoded.encoding, [*decoded.warnings, warning])


def _decode(data: bytes, transport: str | None = None) -> Decoded:
    """The codec the evidence points to (see the module docstring); not yet judged.

    Raises DecodeError for NUL bytes that no wide codec explains, and for bytes that read as
    neither UTF-8 nor a code page and hold too many undecodable bytes.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _lenient(data, codec, codec)
    head = data[:_NUL_SCAN]
    # UTF-16 and UTF-32 put a NUL in every space and ASCII letter, and 0x06 beside every
    # Persian letter; UTF-8 and windows-1256 text hold neither byte.
    if b"\x00" in head or any(col and col.count(6) >= len(col) // 2 for col in (head[0::2], head[1::2])):
        wide = _wide(data)
        if wide:
            return wide
    if b"\x00" in head:
        raise DecodeError("binary content (NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return _lenient(data, "utf-8", "utf-8")
    declared = (transport or "").strip().lower() or declared_charset(data)
    codec = _codec(declared) if declared else None
    if codec and codec not in _WESTERN and codec != "utf-8":
        try:
            return Decoded(data.decode(codec), _label(codec))
        except UnicodeDecodeError:
            if codec == "cp1256":
                return _lenient(data, codec, "windows-1256")
    text = data.decode("cp1256", errors="replace")
    if _looks_persian(text):
        warnings = [f"declared charset {declared} ignored: the bytes read as windows-1256"] if declared else []
        out = _lenient(data, "cp1256", "windows-1256")
        return Decoded(out.text, out.encoding, warnings + out.warnings)
    if codec in _WESTERN:
        return _lenient(data, codec, declared or codec)
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad > max(8, len(text) // 20):
        raise DecodeError(f"not text in a known encoding ({bad} undecodable bytes)")
    return Decoded(text, "utf-8", [f"{bad} undecodable bytes replaced with U+FFFD"])


def _wide(data: bytes) -> Decoded | None:
    """UTF-32 or UTF-16 without a BOM, when the bytes are clearly that; None otherwise.

    A codec is tried only where nearly all code units in the first _NUL_SCAN bytes have its
    shape (see _WIDE), and accepted only where what it decodes reads as text, holds no U+0000
    and is almost all in the expected scripts (the wrong byte order gives CJK).
    """
    head = data[:_NUL_SCAN]
    for codec, size, zeros, high in _WIDE:
        units = range(0, len(head) - size + 1, size)
        if not units:
            continue
        fits = sum(1 for i in units if head[i + high] in (0, 6) and not any(head[i + z] for z in zeros))
        if fits < _WIDE_UNITS * len(units):
            continue
        decoded = _lenient(data, codec, codec)
        sample = decoded.text[:_SAMPLE]
        if len(_EXPECTED.findall(sample)) >= _MIN_EXPECTED * len(sample) and "\x00" not in sample \
                and not _not_text(sample, codec):
            return decoded
    return None


def _not_text(text: str, encoding: str = "") -> str | None:
    """Why `text` (its first _SAMPLE characters), decoded as `encoding`, is not text; None when
    it reads as text.

    Real pages in the corpus have no control characters, U+FFFD or unassigned characters, 15 %
    or more whitespace among their non-ASCII letters and at most 1 % of words mixing Arabic and
    Latin letters; random bytes read as windows-1256 give Arabic and accented Latin letters run
    together, binary read as UTF-16 gives unassigned and private-use characters. Short input
    (under _MIN_LETTERS non-ASCII letters, _MIN_WORDS words) is judged only by its control,
    U+FFFD and unassigned characters, and never on fewer than _MIN_FFFD of the latter two.

    Each test runs only where its garbage can arise, which keeps the common case (valid UTF-8)
    to two C-speed scans: binary never passes as valid UTF-8 without control characters,
    letters run together come from a single-byte code page, unassigned characters from UTF-16
    or UTF-32.
    """
    sample = text[:_SAMPLE]
    if not sample:
        return None
    n = len(sample)
    controls = len(_CONTROL.findall(sample))
    if controls > _MAX_CONTROL * n:
        return f"{controls / n:.0%} control characters"
    bad = sample.count("\ufffd")
    if bad > max(_MIN_FFFD, _MAX_FFFD * n):
        return f"{bad} undecodable bytes"
    if encoding.startswith(("utf-16", "utf-32")):
        # Binary read as UTF-16 or UTF-32 spreads over the whole code space, a tenth of which
        # is private use and more unassigned; text in any script keeps to assigned characters.
        odd = sum(1 for ch in _WIDE_CHAR.findall(sample) if unicodedata.category(ch) in ("Cn", "Co"))
        if odd > max(_MIN_FFFD, _MAX_UNASSIGNED * n):
            return f"{odd / n:.0%} unassigned or private-use characters"
    if encoding.startswith("utf-8"):
        return None
    # Only characters a single-byte code page can give count: Chinese or Thai, written
    # without spaces, is still text; markup and base64 (ASCII) neither help nor hurt.
    # Counted on the UTF-8 bytes, where U+0080-U+07FF are the two-byte sequences (lead byte
    # 0xC2-0xDF), so that no Python loop runs over the characters.
    raw = sample.encode("utf-8", "surrogatepass")
    two_byte = len(raw) - len(raw.translate(None, _TWO_BYTE_LEADS))
    nbsp = raw.count(b"\xc2\xa0") + raw.count(b"\xc2\x85")
    spaces = len(_SPACE.findall(raw)) + nbsp
    letters = two_byte - nbsp
    if letters >= _MIN_LETTERS and spaces < _MIN_SPACE * (spaces + letters):
        return f"letters without spaces, {spaces / (spaces + letters):.1%} whitespace"
    words = len(_WORD.findall(sample))
    if words >= _MIN_WORDS:
        mixed = len(_MIXED.findall(sample))
        if mixed > _MAX_MIXED * words:
            return f"{mixed / words:.0%} of words mix Arabic and Latin letters"
    return None


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken bytes (a cut-off page, one stray byte), not a legacy code page.

    Persian UTF-8 read as windows-1256 would look like Persian too, so this must come first.
    In legacy text almost every non-ASCII byte fails as UTF-8; in UTF-8 almost none does.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - _count_fffd(data, "utf-8")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    return good >= 10 * max(bad, 1)


def _lenient(data: bytes, codec: str, label: str) -> Decoded:
    """Decode with replacement, and say how many bytes did not decode."""
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd") - _count_fffd(data, codec)
    warnings = [f"{bad} undecodable bytes replaced with U+FFFD ({label})"] if bad > 0 else []
    return Decoded(text, _label(label), warnings)


def _count_fffd(data: bytes, codec: str) -> int:
    """U+FFFD characters that the input itself holds (so they are not counted as failures)."""
    if codec.startswith("utf-8"):
        return data.count("\ufffd".encode("utf-8"))
    return 0


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB, as written; None when it declares none."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii", "replace").strip().lower()


def _codec(name: str) -> str | None:
    """Python's canonical codec name for a charset label, None when unknown."""
    label = name.strip().lower()
    if label in ("windows-1256", "arabic", "cp1256", "x-cp1256"):
        return "cp1256"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _label(codec: str) -> str:
    return {"cp1256": "windows-1256", "utf-8-sig": "utf-8-sig"}.get(codec, codec)


def _looks_persian(text: str) -> bool:
    letters = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    return letters >= max(1, len(text) // 10)


def resolve_ncrs(text: str) -> str:
    """Resolve numeric character references of non-ASCII characters (`&#x6AF;` -> گ).

    ASCII references (`&#60;`) stay, so that resolving never creates markup; the C1 range maps
    to windows-1252 as browsers do. Returns `text` itself when there is nothing to resolve.
    """
    if "&#" not in text:
        return text
    return _NCR.sub(_ncr_char, text)


def _ncr_char(m: re.Match[str]) -> str:
    cp = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if cp < 0x80 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
        return m.group()
    if cp >= 0xA0:
        return chr(cp)
    # C1 controls: browsers read them as windows-1252
    try:
        return bytes([cp]).decode("cp1252")
    except UnicodeDecodeError:
        return m.group()
