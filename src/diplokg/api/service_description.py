"""The SPARQL 1.1 Service Description of ``/sparql`` (answered to a GET without query).

The default dataset is described with VoID statistics of the default graph (the
merge of all graphs): triples, distinct subjects/properties/objects, classes, and
the named graphs (listed up to :data:`MAX_LISTED_GRAPHS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Triple, serialize

from diplokg.api.negotiation import GRAPH_TYPES, RESULTS_TYPES
from diplokg.config import Settings
from diplokg.sparql.templates import read_template
from diplokg.store.embedded import rdf_format

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
MAX_LISTED_GRAPHS = 1000

#: One pass over the default graph for the VoID counts; then the number of classes.
STATISTICS_QUERY = read_template(__file__, "void-statistics").fill()
CLASSES_QUERY = read_template(__file__, "void-classes").fill()


@dataclass
class Statistics:
    """VoID numbers of the default graph, and the named graphs' IRIs."""

    counts: dict[str, int] = field(default_factory=dict)  # VoID property local name → n
    graphs: list[str] = field(default_factory=list)


_FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON-LD",
    "application/trig": "TriG",
}
_RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _void_triples(dataset: BlankNode, stats: Statistics) -> list[Triple]:
    default = BlankNode()
    triples = [
        Triple(dataset, NamedNode(SD + "defaultGraph"), default),
        Triple(default, _RDF_TYPE, NamedNode(SD + "Graph")),
        Triple(default, _RDF_TYPE, NamedNode(VOID + "Dataset")),
    ]
    for name, n in stats.counts.items():
        triples.append(
            Triple(default, NamedNode(VOID + name), Literal(str(n), datatype=XSD_INTEGER))
        )
    for graph in stats.graphs[:MAX_LISTED_GRAPHS]:
        node = BlankNode()
        triples += [
            Triple(dataset, NamedNode(SD + "namedGraph"), node),
            Triple(node, _RDF_TYPE, NamedNode(SD + "NamedGraph")),
            Triple(node, NamedNode(SD + "name"), NamedNode(graph)),
        ]
    return triples


def service_triples(
    endpoint: str, settings: Settings, stats: Statistics | None = None
) -> list[Triple]:
    """Triples describing the endpoint at ``endpoint`` (its absolute URL)."""
    service = NamedNode(endpoint)
    dataset = BlankNode()

    def sd(local: str) -> NamedNode:
        return NamedNode(SD + local)

    triples = [
        Triple(service, _RDF_TYPE, sd("Service")),
        Triple(service, sd("endpoint"), service),
        Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        Triple(service, sd("defaultDataset"), dataset),
        Triple(dataset, _RDF_TYPE, sd("Dataset")),
        Triple(service, NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
               Literal(f"diplokg SPARQL endpoint; results are capped at {settings.max_rows} "
                       "solutions per query.", language="en")),
    ]  # fmt: skip
    if stats is not None:
        triples += _void_triples(dataset, stats)
    if settings.update_token:
        triples.append(Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    for media in (*RESULTS_TYPES, *GRAPH_TYPES):
        triples.append(
            Triple(service, sd("resultFormat"), NamedNode(FORMATS + _FORMAT_IRIS[media]))
        )
    return triples


def service_description(
    endpoint: str, settings: Settings, media_type: str, stats: Statistics | None = None
) -> bytes:
    """The service description serialised as ``media_type`` (an RDF type)."""
    return serialize(
        service_triples(endpoint, settings, stats),
        format=rdf_format(media_type),
        prefixes={"sd": SD, "formats": FORMATS, "void": VOID},
    )
