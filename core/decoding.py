"""Bytes -> text: BOMs, UTF-8, UTF-16, and windows-1256 (the legacy Persian/Arabic code page)."""
from __future__ import annotations

import codecs
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


def decode_bytes(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode `data`; `encoding` forces a codec. Raises DecodeError for binary input."""
    if encoding:
        return Decoded(data.decode(encoding, errors="replace"), encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(codec, errors="replace"), codec)
    if b"\x00" in data[:8192]:
        raise DecodeError("binary content (NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_persian(text):
        return Decoded(text, "windows-1256")
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad > max(8, len(text) // 20):
        raise DecodeError(f"not text in a known encoding ({bad} undecodable bytes)")
    return Decoded(text, "utf-8", [f"{bad} undecodable bytes replaced with U+FFFD"])


def _looks_persian(text: str) -> bool:
    letters = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    return letters >= max(1, len(text) // 10)
