"""Is this text an HTML page? A small module of its own: the text path asks on every input and
must not pay for importing the HTML machinery."""
from __future__ import annotations

import re

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html\b|<\?xml[^>]*>\s*(?:<!doctype\s+html|<html\b))",
                         re.I | re.S)
_TAG = re.compile(r"</?(?:p|div|span|a|br|body|head|meta|script|li|ul|td|tr|table|h[1-6]|title|link|img|section|article)\b[^<>]*>",
                  re.I)


def looks_like_html(text: str) -> bool:
    """A doctype or <html> start, or enough tags in the first 4 KB."""
    head = text[:4096].lstrip("\ufeff")
    if _HTML_START.match(head):
        return True
    return len(_TAG.findall(head)) >= 5


def has_markup(text: str) -> bool:
    """Any HTML tag in the first 4 KB: a fragment may have few, plain text has none."""
    head = text[:4096]
    return bool(_HTML_START.match(head.lstrip("\ufeff")) or _TAG.search(head))
