"""The SPARQL 1.1 Service Description of ``/sparql`` (answered to a GET without query)."""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, Triple, serialize

from diplokg.api.negotiation import GRAPH_TYPES, RESULTS_TYPES
from diplokg.config import Settings
from diplokg.store.embedded import rdf_format

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
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


def service_triples(endpoint: str, settings: Settings) -> list[Triple]:
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
    if settings.update_token:
        triples.append(Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    for media in (*RESULTS_TYPES, *GRAPH_TYPES):
        triples.append(
            Triple(service, sd("resultFormat"), NamedNode(FORMATS + _FORMAT_IRIS[media]))
        )
    return triples


def service_description(endpoint: str, settings: Settings, media_type: str) -> bytes:
    """The service description serialised as ``media_type`` (an RDF type)."""
    return serialize(
        service_triples(endpoint, settings),
        format=rdf_format(media_type),
        prefixes={"sd": SD, "formats": FORMATS},
    )
