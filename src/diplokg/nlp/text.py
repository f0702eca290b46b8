"""A Doc's text, joined once.

spaCy joins every token again on each ``Doc.text``; the link and extract stages read
a passage's text (and cut sentences from it) many times, so it is joined once per Doc
and kept in the Doc's ``user_data``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

#: key of a Doc's text in its ``user_data``
_TEXT = "diplokg.text"


def doc_text(doc: Doc) -> str:
    """The text of ``doc`` (as ``doc.text``), joined on the first call only."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def span_text(span: Span) -> str:
    """The text of ``span`` (as ``span.text``), cut from its Doc's joined text."""
    return doc_text(span.doc)[span.start_char : span.end_char]
