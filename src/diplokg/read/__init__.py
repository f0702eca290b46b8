"""read stage: input files → :class:`~diplokg.model.Article` (or :class:`ReadError`).

>>> for item in read_inputs([Path("corpus")], published=None, lang="es"):
...     print(item if isinstance(item, ReadError) else item.id)

Files or folders (searched recursively, in sorted order) of ``.txt``, ``.md``,
``.html``/``.htm`` and ``.jsonl``. In a folder other files are skipped; a file named
explicitly with another extension is a :class:`ReadError`. ``published``/``lang`` are
defaults for articles that state none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from urllib.parse import quote

from pyoxigraph import NamedNode

from ..model import Article
from .base import (
    SUPPORTED_EXTENSIONS,
    RawDocument,
    ReadError,
    ReadFailure,
    check_file_not_binary,
    decode_bytes,
)
from .clean import CleanResult, clean_text, load_rules
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text

#: an article needs at least one passage of this many words (else it is only chrome)
MIN_WORDS = 3

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "CleanResult",
    "RawDocument",
    "ReadError",
    "build_article",
    "clean_text",
    "count_inputs",
    "load_rules",
    "read_file",
    "read_inputs",
    "read_raw_file",
    "read_raw_inputs",
]


def read_inputs(
    paths: Sequence[Path],
    *,
    published: date | None = None,
    lang: str | None = None,
) -> Iterator[Article | ReadError]:
    """Yield every article found in ``paths`` (files or folders), or a ReadError."""
    for item in read_raw_inputs(paths):
        yield (
            item
            if isinstance(item, ReadError)
            else build_article(item, published=published, lang=lang)
        )


def read_raw_inputs(paths: Sequence[Path]) -> Iterator[RawDocument | ReadError]:
    """:func:`read_inputs` before cleaning: every document as found in the input
    (clean each with :func:`build_article`), or a ReadError."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files = _folder_files(path)
            if not files:
                yield ReadError(
                    str(path), None, f"no {', '.join(SUPPORTED_EXTENSIONS)} files in folder"
                )
            for file in files:
                yield from read_raw_file(file)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_EXTENSIONS:
                yield ReadError(
                    str(path),
                    None,
                    f"unsupported file type {path.suffix or '(none)'!r} "
                    f"(expected {', '.join(SUPPORTED_EXTENSIONS)})",
                )
                continue
            yield from read_raw_file(path)
        elif path.exists():
            yield ReadError(str(path), None, "not a regular file or folder")
        else:
            yield ReadError(str(path), None, "no such file or folder")


def count_inputs(paths: Sequence[Path]) -> int:
    """How many articles ``read_inputs`` will yield at most (for progress and ETA):
    one per file, one per non-blank line of a ``.jsonl`` file. Files are scanned, not
    parsed; one that cannot be read counts as one."""
    total = 0
    for path in map(Path, paths):
        files = _folder_files(path) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            if file.suffix.lower() != ".jsonl":
                total += 1
                continue
            try:
                with file.open("rb") as lines:
                    total += sum(1 for line in lines if line.strip())
            except OSError:
                total += 1
    return total


def _folder_files(folder: Path) -> list[Path]:
    """Supported files under ``folder``, recursively, sorted; hidden entries skipped."""
    found = []
    for file in folder.rglob("*"):
        relative = file.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if file.is_file() and file.suffix.lower() in SUPPORTED_EXTENSIONS:
            found.append(file)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def read_file(
    path: Path, *, published: date | None = None, lang: str | None = None
) -> Iterator[Article | ReadError]:
    """Read one supported file (a ``.jsonl`` file may hold many articles)."""
    for item in read_raw_file(path):
        yield (
            item
            if isinstance(item, ReadError)
            else build_article(item, published=published, lang=lang)
        )


def read_raw_file(path: Path) -> Iterator[RawDocument | ReadError]:
    """:func:`read_file` before cleaning."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl_file(path)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(source, None, f"cannot read file ({exc.strerror or exc})")
        return
    try:
        text = decode_bytes(data, html=suffix in (".html", ".htm"))
        if suffix in (".html", ".htm"):
            raw = read_html(text, source=source, stem=path.stem)
        else:
            raw = read_text(text, source=source, stem=path.stem)
    except ReadFailure as exc:
        yield ReadError(source, exc.line, exc.message)
        return
    yield raw


def _read_jsonl_file(path: Path) -> Iterator[RawDocument | ReadError]:
    """The documents of a JSON Lines file, read line by line (never all at once)."""
    source = str(path)
    try:
        check_file_not_binary(path)  # undecodable lines are reported one by one
        with path.open("rb") as lines:
            yield from read_jsonl(lines, source=source, stem=path.stem)
    except ReadFailure as exc:
        yield ReadError(source, exc.line, exc.message)
    except OSError as exc:
        yield ReadError(source, None, f"cannot read file ({exc.strerror or exc})")


def build_article(
    raw: RawDocument, *, published: date | None = None, lang: str | None = None
) -> Article | ReadError:
    """Clean a raw document into an Article (a ReadError when no text is left).

    Precedence: the article's own metadata, then a date the text states as the
    article's date, then the ``published``/``lang`` defaults, then (language only)
    a guess from the text.
    """
    source = raw.source.rsplit(":", 1)[0] if raw.line is not None else raw.source
    notes: list[str] = list(raw.notes)
    text, title, publisher, article_id = (
        _repair(value, name, notes)
        for value, name in (
            (raw.text, "text"),
            (raw.title, "title"),
            (raw.publisher, "publisher"),
            (raw.id, "id"),
        )
    )
    url = _valid_url(_repair(raw.url, "url", notes), notes)
    if not article_id:
        return ReadError(source, raw.line, "empty article id")
    article_lang = raw.lang or lang
    cleaned = clean_text(text or "", lang=article_lang, title=title)
    body = [p for p in cleaned.passages if p.text.strip()]
    if not any(_has_text(p.text) for p in body):
        return ReadError(source, raw.line, "no article text left after removing page chrome")
    return Article(
        id=article_id,
        passages=tuple(body),
        source=raw.source,
        published=raw.published or cleaned.stated_date or published,
        lang=article_lang or cleaned.lang,
        url=url,
        title=title or cleaned.title,
        publisher=publisher,
        dropped_chrome=cleaned.dropped_texts,
        notes=tuple(notes),
    )


_SURROGATE = re.compile("[\ud800-\udfff]")
_WORD = re.compile(r"\w", re.UNICODE)


def _repair(value: str | None, field: str, notes: list[str]) -> str | None:
    """Replace lone UTF-16 surrogates (from JSON escapes like \\ud800) with U+FFFD."""
    if value is None or not _SURROGATE.search(value):
        return value
    notes.append(f"{field}: invalid Unicode (lone surrogate) replaced by U+FFFD")
    return _SURROGATE.sub("\ufffd", value)


def _valid_url(url: str | None, notes: list[str]) -> str | None:
    """The URL as an absolute IRI (spaces percent-encoded), or None with a note."""
    if not url:
        return None
    candidate = quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~")
    try:
        NamedNode(candidate)
    except ValueError:
        notes.append(f"url {url!r} is not an absolute IRI: left out")
        return None
    if not candidate.startswith(("http://", "https://")):
        notes.append(f"url {url!r} is not an http(s) URL: left out")
        return None
    return candidate


def _has_text(text: str) -> bool:
    """Enough text to be an article: MIN_WORDS words, or a dozen letters in scripts
    written without spaces (Chinese, Japanese)."""
    return len(text.split()) >= MIN_WORDS or len(_WORD.findall(text)) >= 4 * MIN_WORDS
