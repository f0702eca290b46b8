"""Namespaces and the ontology terms the code emits.

This is the only module that spells term IRIs (the OWL export's extra terms are
in :mod:`diplokg.export.owl_view`). Tests fail when code emits a ``dip:`` term that
``ontology/diplomacy.ttl`` does not declare: ``test_every_emitted_term_is_declared_in_
the_ontology`` and ``test_owl_export_parses_and_is_consistent`` (tests/integration/
test_seeds_cli.py) on a real build, ``test_owl_view_declares_everything_it_uses``
(tests/unit/test_export.py) on the export.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

ONTOLOGY_IRI = "https://w3id.org/diplokg/ontology"
DIP = ONTOLOGY_IRI + "#"
SCHEMA = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
WD = "http://www.wikidata.org/entity/"
DCTERMS = "http://purl.org/dc/terms/"
#: NIF 2.0 core and ITS 2.0: the article text and where its mentions and facts are
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITSRDF = "http://www.w3.org/2005/11/its/rdf#"

#: Prefixes offered to query writers (CLI, UI, saved queries, exports).
PREFIXES: dict[str, str] = {
    "dip": DIP,
    "schema": SCHEMA,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "wd": WD,
    "nif": NIF,
    "itsrdf": ITSRDF,
}


def dip(local: str) -> NamedNode:
    """The ``dip:`` term with this local name."""
    return NamedNode(DIP + local)


def schema(local: str) -> NamedNode:
    """The ``schema:`` term with this local name."""
    return NamedNode(SCHEMA + local)


def sparql_prefixes() -> str:
    """PREFIX declarations for every namespace in :data:`PREFIXES`."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


RDF_TYPE = NamedNode(RDF + "type")
RDFS_LABEL = NamedNode(RDFS + "label")
SKOS_ALT_LABEL = NamedNode(SKOS + "altLabel")
RDFS_COMMENT = NamedNode(RDFS + "comment")
OWL_SAME_AS = NamedNode(OWL + "sameAs")
PROV_DERIVED = NamedNode(PROV + "wasDerivedFrom")
DCTERMS_SOURCE = NamedNode(DCTERMS + "source")
XSD_DATE = NamedNode(XSD + "date")
XSD_GYEARMONTH = NamedNode(XSD + "gYearMonth")
XSD_GYEAR = NamedNode(XSD + "gYear")
XSD_DECIMAL = NamedNode(XSD + "decimal")
XSD_BOOLEAN = NamedNode(XSD + "boolean")
XSD_INTEGER = NamedNode(XSD + "integer")
NIF_IS_STRING = NamedNode(NIF + "isString")
NIF_CONTEXT = NamedNode(NIF + "referenceContext")
NIF_BEGIN = NamedNode(NIF + "beginIndex")
NIF_END = NamedNode(NIF + "endIndex")
ITS_IDENT_REF = NamedNode(ITSRDF + "taIdentRef")

#: Event classes (local names); all are subclasses of ``dip:Event``.
EVENT_TYPES = (
    "Call",  # a call whose channel the text does not state
    "VideoCall",
    "PhoneCall",
    "MessageExchange",
    "Meeting",
    "Visit",
    "Negotiation",
    "Agreement",
    "Statement",
    "PolicyAnnouncement",
    "MilitaryAction",
)
#: Relation classes (local names); all are subclasses of ``dip:Relation``.
RELATION_TYPES = ("Support", "Opposition", "Cooperation", "Trade", "Supply")
#: Participant roles: sub-properties of ``dip:participant``.
ROLES = (
    "participant",
    "speaker",
    "visitor",
    "host",
    "issuer",
    "appliesTo",
    "supplier",
    "recipient",
    "supporter",
    "supported",
    "opposer",
    "opposed",
    "signatory",
    "mediator",
)
#: Passage kinds → subclasses of ``dip:Passage`` (``dip:DroppedChrome``: page chrome
#: the reader removed).
PASSAGE_CLASSES = {
    "title": "TitlePassage",
    "body": "BodyPassage",
    "caption": "CaptionPassage",
    "chrome": "DroppedChrome",
}
#: Individuals of ``dip:EventStatus``.
STATUSES = {"happened": "Happened", "planned": "Planned", "expected": "Expected"}
