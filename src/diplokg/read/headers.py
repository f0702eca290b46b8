"""Leading ``key: value`` header lines of text, Markdown and HTML inputs.

::

    # url: https://example.org/news/1
    # published: 2026-02-04
    lang: es

    Article text ...

A ``# `` prefix is optional. Parsing stops at the first line that is not a header;
a blank line right after the headers is consumed. A YAML-style front matter block
between ``---`` lines is read the same way.

A ``key: value`` line with a key not in :data:`HEADER_KEYS` ("author: ...") is an
unknown header when it sits in the header block: before a known header line, in front
matter, or (a lower-case key) in a run of header lines that a blank line ends. It is
skipped and reported (:attr:`Headers.unknown`), never read as body text; anywhere
else ("Nota: esto no es un header") it is text.
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
    #: unknown header keys as written, with their 1-based line
    unknown: list[tuple[str, int]] = field(default_factory=list)


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


def _unknown_key(line: str) -> str | None:
    """The key of a ``key: value`` line whose key is not a known header key."""
    match = _HEADER.match(line)
    if not match or match[1].lower() in HEADER_KEYS or not match[2].strip():
        return None
    return match[1]


def _line_headers(lines: list[str], start: int, headers: Headers) -> int:
    """Read plain header lines from ``start``; the index of the first body line."""
    run: list[tuple[int, tuple[str, object] | None, str | None]] = []
    i = start
    while i < len(lines):
        hit = _header_match(lines[i], i + 1)
        unknown = None if hit else _unknown_key(lines[i])
        if hit is None and unknown is None:
            break
        run.append((i, hit, unknown))
        i += 1
    known = [n for n, (_, hit, _) in enumerate(run) if hit]
    if not known:
        return start
    end = known[-1] + 1
    tail = run[end:]
    ends_block = i >= len(lines) or not lines[i].strip()
    if tail and ends_block and all(key and key.islower() for _, _, key in tail):
        end = len(run)
    for index, hit, unknown in run[:end]:
        if hit:
            headers.values[hit[0]] = hit[1]
        elif unknown:
            headers.unknown.append((unknown, index + 1))
    return run[end - 1][0] + 1


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
        unknown: list[tuple[str, int]] = []
        while j < len(lines) and lines[j].strip() != "---":
            hit = _header_match(lines[j], j + 1)
            if hit:
                found[hit[0]] = hit[1]
            elif key := _unknown_key(lines[j]):
                unknown.append((key, j + 1))
            j += 1
        if j < len(lines) and (found or unknown):
            headers.values.update(found)
            headers.unknown += unknown
            i = j + 1
        else:
            i = start
    else:
        i = _line_headers(lines, i, headers)
    if i == start:
        return Headers(body_line=1), text
    if i < len(lines) and not lines[i].strip():
        i += 1
    headers.body_line = i + 1
    return headers, "\n".join(lines[i:])
