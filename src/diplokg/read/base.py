"""Shared pieces of the read stage: errors, raw documents, decoding."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".jsonl")


@dataclass(frozen=True)
class ReadError:
    """An input that could not be read; ``str()`` gives a one-line message.

    ``source`` names the file (as given), ``line`` the 1-based line when known.
    """

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"


class ReadFailure(Exception):
    """Raised inside the read stage; turned into a :class:`ReadError` at the edge."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class RawDocument:
    """One article as found in the input, before cleaning."""

    source: str
    id: str
    text: str
    line: int | None = None
    published: date | None = None
    lang: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    #: what the reader skipped and the build reports (unknown header keys)
    notes: tuple[str, ...] = ()


def unknown_key_notes(source: str, unknown: list[tuple[str, int]]) -> tuple[str, ...]:
    """One note per unknown header key, naming the file, the line and the key."""
    return tuple(f"{source}:{line}: unknown header key {key!r} ignored" for key, line in unknown)


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{2,8})*$")


def parse_date(value: str) -> date:
    """Parse an ISO date (``YYYY-MM-DD``, a trailing time is ignored).

    Raises :class:`ValueError` with a short reason otherwise.
    """
    text = value.strip()
    match = _ISO_DATE.match(text)
    if not match:
        raise ValueError(f"invalid published date {text!r} (expected YYYY-MM-DD)")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise ValueError(f"invalid published date {text!r} ({exc})") from None


def parse_lang(value: str) -> str:
    """Normalise a language tag to its lower-case primary subtag (``es-ES`` → ``es``)."""
    text = value.strip()
    match = _LANG.match(text)
    if not match:
        raise ValueError(f"invalid language {text!r} (expected a code such as es or en)")
    return match[1].lower()


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def check_not_binary(data: bytes) -> None:
    """Raise :class:`ReadFailure` for an empty file or one with NUL bytes (binary)."""
    if not data.strip() or data.strip() == codecs.BOM_UTF8:
        raise ReadFailure("empty file")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ReadFailure(f"binary file (NUL byte at byte offset {nul}), expected text")


_WHITESPACE = b" \t\n\r\x0b\x0c"


def check_file_not_binary(path: Path, chunk_size: int = 1 << 20) -> None:
    """:func:`check_not_binary` for a file, read in chunks (never held whole).

    Raises :class:`ReadFailure` (empty or binary) or :class:`OSError`.
    """
    offset = 0
    content = b""  # the first few non-whitespace bytes
    with path.open("rb") as file:
        while chunk := file.read(chunk_size):
            nul = chunk.find(b"\x00")
            if nul >= 0:
                raise ReadFailure(
                    f"binary file (NUL byte at byte offset {offset + nul}), expected text"
                )
            if len(content) < 4:
                content += chunk.translate(None, _WHITESPACE)[:4]
            offset += len(chunk)
    if not content or content == codecs.BOM_UTF8:
        raise ReadFailure("empty file")


def decode_bytes(data: bytes, *, html: bool = False) -> str:
    """Decode file content as UTF-8 (an HTML page may declare another charset).

    Raises :class:`ReadFailure` for empty, binary (NUL byte) or undecodable input.
    """
    check_not_binary(data)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if html:
            declared = _declared_charset(data)
            if declared:
                try:
                    return data.decode(declared)
                except (LookupError, UnicodeDecodeError):
                    pass
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise ReadFailure(
            f"not valid UTF-8 (byte 0x{bad} at byte offset {exc.start})", line=line
        ) from None


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, if it is not UTF-8."""
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    name = match[1].decode("ascii", "replace").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return None if codec == "utf-8" else codec
