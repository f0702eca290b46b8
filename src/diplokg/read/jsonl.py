"""JSON Lines input: one article per line.

Fields: ``text`` (required), ``id``, ``url``, ``title``, ``published`` (ISO date),
``lang``, ``publisher``; others are ignored, and the first line that has one says so
(a note the build reports: the file, the line and the field). A broken line is reported on its own
(with its line number) and the other lines are still read. The default id is
``<file stem>-<line number>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .base import RawDocument, ReadError, parse_date, parse_lang

_STRING_FIELDS = ("url", "title", "publisher")
FIELDS = frozenset({"text", "id", "published", "lang", *_STRING_FIELDS})


def _document(obj: Any, *, source: str, stem: str, line: int) -> RawDocument:
    """Build a document from one decoded line; raises ValueError with the reason."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    if "text" not in obj:
        raise ValueError("missing required field 'text'")
    text = obj["text"]
    if not isinstance(text, str):
        raise ValueError("field 'text' must be a string")
    if not text.strip():
        raise ValueError("field 'text' is empty")
    values: dict[str, Any] = {}
    for name in _STRING_FIELDS:
        value = obj.get(name)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise ValueError(f"field {name!r} must be a string")
        values[name] = value.strip()
    raw_id = obj.get("id")
    if raw_id is None or raw_id == "":
        doc_id = f"{stem}-{line}"
    elif isinstance(raw_id, str | int) and not isinstance(raw_id, bool):
        doc_id = str(raw_id).strip()
    else:
        raise ValueError("field 'id' must be a string")
    published = obj.get("published")
    if published not in (None, ""):
        if not isinstance(published, str):
            raise ValueError("field 'published' must be an ISO date string")
        values["published"] = parse_date(published)
    lang = obj.get("lang")
    if lang not in (None, ""):
        if not isinstance(lang, str):
            raise ValueError("field 'lang' must be a string")
        values["lang"] = parse_lang(lang)
    return RawDocument(source=f"{source}:{line}", id=doc_id, text=text, line=line, **values)


def read_jsonl(
    data: bytes | Iterable[bytes], *, source: str, stem: str
) -> Iterator[RawDocument | ReadError]:
    """Yield a document or a :class:`ReadError` for every non-blank line.

    ``data`` is the file's content, or its lines (e.g. an open binary file, read one
    line at a time so that a large file is never held in memory at once).
    """
    lines = data.split(b"\n") if isinstance(data, bytes) else data
    offset = 0  # byte offset of the current line in the file
    seen: set[str] = set()  # unknown fields already reported
    for number, raw in enumerate(lines, start=1):
        size = len(raw)
        raw = raw.removesuffix(b"\n")
        start, offset = offset, offset + (size if size > len(raw) else size + 1)
        if not raw.strip():
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw, start = raw[3:], start + 3
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield ReadError(
                source,
                number,
                f"not valid UTF-8 (byte 0x{raw[exc.start : exc.start + 1].hex()} "
                f"at byte offset {start + exc.start})",
            )
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(source, number, f"invalid JSON ({exc.msg})")
            continue
        try:
            doc = _document(obj, source=source, stem=stem, line=number)
        except ValueError as exc:
            yield ReadError(source, number, str(exc))
            continue
        unknown = [k for k in obj if k not in FIELDS and k not in seen]
        seen.update(unknown)
        doc.notes = tuple(
            f"{source}:{number}: unknown field {key!r} ignored (reported once per file)"
            for key in unknown
        )
        yield doc
