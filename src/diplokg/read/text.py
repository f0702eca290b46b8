"""Plain-text and Markdown articles (``.txt``, ``.md``).

Header lines are read first (see :mod:`.headers`); the body then loses Markdown
markup that is not text: heading marks, emphasis, link targets (``[t](u)`` → ``t``),
images, code fences, block quotes and list bullets, rules and inline HTML tags.
"""

from __future__ import annotations

import re

from .base import RawDocument, unknown_key_notes
from .headers import parse_headers

_FENCE = re.compile(r"^\s*(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|!\[[^\]\n]*\]\[[^\]\n]*\]")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^()\n]|\([^)\n]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*\S+.*$")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>\s]+>")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}(?:[-*_=]\s*){3,}$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+(?=\S)")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDER = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`([^`\n]+)`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")


def strip_markdown(text: str) -> str:
    """Remove Markdown markup, keeping the words a reader sees (line structure kept)."""
    text = _COMMENT.sub("", text)
    out: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or _LINK_DEF.match(line):
            continue
        if _RULE.match(line):
            out.append("")
            continue
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1)
        line = _QUOTE.sub("", line)
        line = _BULLET.sub("", line)
        line = _IMAGE.sub("", line)
        line = _LINK.sub(r"\1", line)
        line = _REF_LINK.sub(r"\1", line)
        line = _AUTOLINK.sub("", line)
        line = _TAG.sub("", line)
        line = _CODE.sub(r"\1", line)
        for _ in range(2):  # nested emphasis: ***x*** or **_x_**
            line = _STRONG.sub(r"\2", line)
            line = _EM_STAR.sub(r"\1", line)
            line = _EM_UNDER.sub(r"\1", line)
            line = _STRIKE.sub(r"\1", line)
        line = _ESCAPE.sub(r"\1", line)
        out.append(line)
    return "\n".join(out)


def read_text(text: str, *, source: str, stem: str) -> RawDocument:
    """Read a ``.txt``/``.md`` article: headers, then the Markdown-free body."""
    headers, body = parse_headers(text)
    values = headers.values
    return RawDocument(
        source=source,
        id=str(values.get("id") or stem),
        text=strip_markdown(body),
        published=values.get("published"),  # type: ignore[arg-type]
        lang=values.get("lang"),  # type: ignore[arg-type]
        url=values.get("url"),  # type: ignore[arg-type]
        title=values.get("title"),  # type: ignore[arg-type]
        publisher=values.get("publisher"),  # type: ignore[arg-type]
        notes=unknown_key_notes(source, headers.unknown),
    )
