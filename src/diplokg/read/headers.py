"""Leading ``key: value`` header lines of text, Markdown and HTML inputs.

::

    # url: https://example.org/news/1
    # published: 2026-02-04
    lang: es

    Article text ...

A ``# `` prefix is optional. Parsing stops at the first line that is not a known
header; a blank line right after the headers is consumed. A YAML-style front matter
block between ``---`` lines is read the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .base import ReadFailure, parse_date, parse_lang

#: header keys and the field they set
HEADER_KEYS: dict[str, str] = {
    "url": "url",
    "published": "published",
    "date": "published",
    "lang": "lang",
    "language": "lang",
    "title": "title",
    "publisher": "publisher",
    "id": "id",
}
#: lenient aliases: a value that does not parse means "not a header line" (body text)
_ALIASES = frozenset({"date", "language"})

_HEADER = re.compile(r"^(?:#+\s*)?([A-Za-z_]+)\s*:\s*(.*?)\s*$")


@dataclass
class Headers:
    """Header values found at the top of a file, and where the body starts."""

    values: dict[str, object] = field(default_factory=dict)
    body_line: int = 1  # 1-based line where the body starts


def _header_match(line: str, lineno: int) -> tuple[str, object] | None:
    """``(field, value)`` when ``line`` is a header line, else None.

    Raises :class:`ReadFailure` for an invalid ``published``/``lang`` value.
    """
    match = _HEADER.match(line)
    if not match:
        return None
    key = match[1].lower()
    raw = match[2].strip().strip("\"'").strip()
    if key not in HEADER_KEYS or not raw:
        return None
    name = HEADER_KEYS[key]
    try:
        if name == "published":
            return name, parse_date(raw)
        if name == "lang":
            return name, parse_lang(raw)
    except ValueError as exc:
        if key in _ALIASES:
            return None
        raise ReadFailure(str(exc), line=lineno) from None
    return name, raw


def parse_headers(text: str) -> tuple[Headers, str]:
    """Split ``text`` into its header values and the remaining body text.

    Raises :class:`ReadFailure` (with the line number) for an invalid ``published``
    or ``lang`` value.
    """
    lines = text.split("\n")
    headers = Headers()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    start = i
    if i < len(lines) and lines[i].strip() == "---":
        # front matter: every known key up to the closing ---
        j = i + 1
        found: dict[str, object] = {}
        while j < len(lines) and lines[j].strip() != "---":
            hit = _header_match(lines[j], j + 1)
            if hit:
                found[hit[0]] = hit[1]
            j += 1
        if j < len(lines) and found:
            headers.values.update(found)
            i = j + 1
        else:
            i = start
    else:
        while i < len(lines):
            hit = _header_match(lines[i], i + 1)
            if hit is None:
                break
            headers.values[hit[0]] = hit[1]
            i += 1
    if i == start:
        return Headers(body_line=1), text
    if i < len(lines) and not lines[i].strip():
        i += 1
    headers.body_line = i + 1
    return headers, "\n".join(lines[i:])
