"""Bytes -> text: BOMs, HTML's declared charset, UTF-8, and windows-1256 (the legacy
Persian/Arabic code page); numeric character references resolved; never a crash on text.

Order, strongest evidence first: a forced codec, a BOM, valid UTF-8, the page's own
`<meta charset>` / `http-equiv` declaration, windows-1256 when the bytes read as Persian in it,
and last UTF-8 with replacement characters (reported as a warning).
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field


class DecodeError(ValueError):
    """The input is not text (binary, NUL bytes) and cannot be decoded."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">, <?xml encoding="x"?>
_DECLARED = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)
# Single-byte Western code pages that legacy Persian sites declared while writing windows-1256.
_WESTERN = {"latin-1", "iso8859-1", "cp1252", "ascii"}
# &#1711; &#x6AF; (the trailing ";" is optional in HTML, as browsers read it)
_NCR = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?")


def decode_bytes(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode `data`; `encoding` forces a codec. Raises DecodeError for binary input only."""
    decoded = _decode(data, encoding)
    text = resolve_ncrs(decoded.text)
    if text is decoded.text:
        return decoded
    return Decoded(text, decoded.encoding, decoded.warnings)


def _decode(data: bytes, encoding: str | None) -> Decoded:
    if encoding:
        codec = _codec(encoding)
        if codec is None:
            raise DecodeError(f"unknown encoding: {encoding}")
        return _lenient(data, codec, encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _lenient(data, codec, codec)
    if b"\x00" in data[:8192]:
        raise DecodeError("binary content (NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return _lenient(data, "utf-8", "utf-8")
    declared = declared_charset(data)
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
