"""Decoding (issue 12, item 3): bytes that are not text are refused; UTF-32 and BOM-less UTF-16
are read where they are clearly that; short text and empty input still decode."""
from __future__ import annotations

import codecs
import gzip
import random
from pathlib import Path

import pytest

from tamiz import DecodeError, clean_bytes
from tamiz.decoding import decode_bytes

PAGE = (Path(__file__).resolve().parent / "data" / "real" / "raw" / "19dey-b9-001.txt").read_text("utf-8")
NOT_TEXT = "not text in a known encoding"


def noise(n: int, low: int, seed: int = 0) -> bytes:
    """`n` random bytes in low..0xFF, the same every run."""
    return bytes(low + b % (256 - low) for b in random.Random(seed).randbytes(n))


# ---------------------------------------------------------------- not text

def test_random_high_bytes_are_not_text() -> None:
    """Every byte 0x80-0xFF is some letter in windows-1256; 200 KB of them is still not a page."""
    with pytest.raises(DecodeError, match=f"^{NOT_TEXT} "):
        decode_bytes(noise(200_000, 0x80))


def test_png_signature_and_random_bytes_are_not_text() -> None:
    with pytest.raises(DecodeError, match=f"^{NOT_TEXT} .*control characters"):
        decode_bytes(b"\x89PNG\r\n\x1a\n" + noise(50_000, 1))


@pytest.mark.parametrize("data", [
    noise(200_000, 1),                                            # no NUL, but C0 controls
    b"\xff\xd8\xff\xe0" + noise(50_000, 1),                       # JPEG, no NUL
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + noise(50_000, 0),       # JPEG
    b"PK\x03\x04\x14\x00\x00\x00" + noise(50_000, 0),             # ZIP
    gzip.compress(noise(50_000, 0)),                              # gzip
    codecs.BOM_UTF16_LE + noise(5_000, 0),                        # a BOM, then binary
    codecs.BOM_UTF32_LE + noise(5_000, 0),
    codecs.BOM_UTF8 + noise(5_000, 0x80),
], ids=["bytes-01-ff", "jpeg-no-nul", "jpeg", "zip", "gzip", "utf16-bom-binary", "utf32-bom-binary",
        "utf8-bom-binary"])
def test_binary_with_or_without_nul_is_refused(data: bytes) -> None:
    with pytest.raises(DecodeError) as exc:
        decode_bytes(data)
    assert str(exc.value).startswith((NOT_TEXT, "binary content"))


def test_library_refuses_random_bytes_too() -> None:
    with pytest.raises(DecodeError, match=f"^{NOT_TEXT}"):
        clean_bytes(noise(20_000, 0x80))


def test_a_forced_encoding_only_warns() -> None:
    decoded = decode_bytes(noise(20_000, 0x80), encoding="windows-1256")
    assert decoded.encoding == "windows-1256"
    assert any("does not read as text" in w for w in decoded.warnings)


# ---------------------------------------------------------------- UTF-32, UTF-16

@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")],
                         ids=["le", "be"])
def test_utf32_with_bom_decodes_to_the_page(bom: bytes, codec: str) -> None:
    decoded = decode_bytes(bom + PAGE.encode(codec))
    assert decoded.text == PAGE and "\x00" not in decoded.text
    assert decoded.encoding == "utf-32" and not decoded.warnings


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom_decode_to_the_page(codec: str) -> None:
    decoded = decode_bytes(PAGE.encode(codec))
    assert decoded.text == PAGE
    assert decoded.encoding == codec and not decoded.warnings


@pytest.mark.parametrize("text", ["Breaking news from Tehran.\n", "سلام", "گزارش خبرنگار ما"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_short_utf16_without_bom(text: str, codec: str) -> None:
    """Persian UTF-16 without spaces holds no NUL: its 0x06 high bytes are the evidence."""
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text and decoded.encoding == codec


def test_a_nul_character_never_reaches_the_text() -> None:
    data = PAGE[:300].encode("utf-16") + "\x00پایان".encode("utf-16-le")   # a BOM, then U+0000
    decoded = decode_bytes(data)
    assert "\x00" not in decoded.text and decoded.text.endswith("پایان")
    assert any("NUL" in w for w in decoded.warnings)


# ---------------------------------------------------------------- short text still fine

@pytest.mark.parametrize("data, encoding", [
    (b"", "utf-8"),
    ("سلام".encode(), "utf-8"),
    ("سلام".encode("cp1256"), "windows-1256"),
    ("این یک خبر کوتاه است".encode(), "utf-8"),
    ("اين يک خبر کوتاه است".encode("cp1256"), "windows-1256"),
    (b"one line of English", "utf-8"),
])
def test_short_text_and_empty_input_still_decode(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding and not decoded.warnings
    assert decoded.text.encode("utf-8" if encoding == "utf-8" else "cp1256") == data
