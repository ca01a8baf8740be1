"""HTML input (placeholder until the HTML issue): sniffing only."""
from __future__ import annotations

import re

_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<\?xml[^>]*>\s*<html\b)", re.I)
_TAG = re.compile(r"<(?:p|div|span|a|br|body|head|meta|script|li|td|table|h[1-6])\b", re.I)


def looks_like_html(text: str) -> bool:
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return len(_TAG.findall(head)) >= 5
