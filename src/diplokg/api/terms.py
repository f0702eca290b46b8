"""How RDF terms appear on HTML pages: a short text, a safe link, language/datatype.

Only ``http``/``https`` IRIs become links (never ``javascript:`` and the like); IRIs
under the data namespace link to their ``/resource/`` page, ontology terms to the
``/ontology`` documentation. Templates escape every text (autoescape is on).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from pyoxigraph import BlankNode, Literal, NamedNode

from diplokg.rdf.vocab import DIP, PREFIXES, XSD

_RESOURCE_SAFE = "/-._~!$&'()*+,;=:@"


@dataclass(frozen=True)
class TermView:
    """A term ready for a template."""

    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None


def resource_href(iri: str, base_iri: str) -> str | None:
    """The ``/resource/...`` path showing ``iri``, if it is under ``base_iri``."""
    if iri.startswith(base_iri) and len(iri) > len(base_iri):
        return "/resource/" + quote(iri[len(base_iri) :], safe=_RESOURCE_SAFE)
    return None


def link_for(iri: str, base_iri: str) -> str | None:
    """Where a page should link for ``iri`` (None: show it as text)."""
    local = resource_href(iri, base_iri)
    if local:
        return local
    if iri.startswith(DIP):
        return "/ontology#" + quote(iri[len(DIP) :], safe="")
    return iri if urlsplit(iri).scheme in ("http", "https") else None


def source_view_href(iri: str, base_iri: str) -> str | None:
    """The source view (``/article/{slug}``) of an article IRI, else None."""
    prefix = base_iri + "article/"
    slug = iri[len(prefix) :] if iri.startswith(prefix) else ""
    if not slug or "/" in slug or "#" in slug:
        return None
    return "/article/" + quote(slug, safe=_RESOURCE_SAFE)


def compact(iri: str, base_iri: str) -> str:
    """``prefix:local`` for IRIs in a known namespace, else the IRI itself."""
    if iri.startswith(base_iri):
        return "res:" + iri[len(base_iri) :]
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


class TermRenderer:
    """Turns pyoxigraph terms into :class:`TermView` objects, using known labels."""

    def __init__(self, base_iri: str, labels: dict[str, str] | None = None) -> None:
        self.base_iri = base_iri
        self.labels = labels or {}

    def iri(self, iri: str) -> TermView:
        """View of an IRI: its label if known, else its compact form."""
        text = self.labels.get(iri) or compact(iri, self.base_iri)
        return TermView(text=text, href=link_for(iri, self.base_iri), iri=iri)

    def source_view(self, term: object) -> str | None:
        """Where the source view of an article is (None: ``term`` is no article IRI)."""
        if isinstance(term, NamedNode):
            term = term.value
        return source_view_href(term, self.base_iri) if isinstance(term, str) else None

    def view(self, term: object) -> TermView:
        """View of any term (IRI, literal, blank node, triple term)."""
        if isinstance(term, NamedNode):
            return self.iri(term.value)
        if isinstance(term, Literal):
            datatype = term.datatype.value
            shown = (
                None
                if datatype in (XSD + "string", _LANG_STRING)
                else compact(datatype, self.base_iri)
            )
            return TermView(text=term.value, lang=term.language, datatype=shown)
        if isinstance(term, BlankNode):
            return TermView(text=f"_:{term.value}")
        return TermView(text=str(term))


_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
