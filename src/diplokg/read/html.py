"""HTML articles (``.html``, ``.htm``): the main text and metadata via trafilatura.

trafilatura removes navigation, footers, ads and comments and finds the title, the
publication date, the canonical URL and the site name. Header lines in front of the
markup (as for text files) take precedence over what the page says.
"""

from __future__ import annotations

import warnings
from typing import Any

import trafilatura

from .base import RawDocument, ReadFailure, parse_date, parse_lang, unknown_key_notes
from .headers import parse_headers


def _extract(markup: str, url: str | None) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(
            markup,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    if doc is None:
        return {}
    return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)


def _page_language(markup: str) -> str | None:
    """The ``<html lang="...">`` attribute, parsed with lxml via trafilatura."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = trafilatura.load_html(markup)
    if tree is None:
        return None
    value = tree.get("lang") or tree.get("xml:lang")
    if not value:
        return None
    try:
        return parse_lang(value)
    except ValueError:
        return None


def read_html(text: str, *, source: str, stem: str) -> RawDocument:
    """Read an HTML article. Raises :class:`ReadFailure` when no main text is found."""
    headers, markup = parse_headers(text)
    values = headers.values
    meta = _extract(markup, values.get("url"))  # type: ignore[arg-type]
    body = (meta.get("text") or "").strip()
    if not body:
        raise ReadFailure("no article text found in the HTML page")
    published = values.get("published")
    if published is None and meta.get("date"):
        try:
            published = parse_date(str(meta["date"]))
        except ValueError:
            published = None
    return RawDocument(
        source=source,
        id=str(values.get("id") or stem),
        text=body,
        published=published,  # type: ignore[arg-type]
        lang=values.get("lang") or _page_language(markup),  # type: ignore[arg-type]
        url=values.get("url") or meta.get("url") or None,  # type: ignore[arg-type]
        title=values.get("title") or meta.get("title") or None,  # type: ignore[arg-type]
        publisher=values.get("publisher") or meta.get("sitename") or None,  # type: ignore[arg-type]
        notes=unknown_key_notes(source, headers.unknown),
    )
