"""Reading W3C test manifests (Turtle, the ``mf:``/``qt:``/``ht:`` vocabularies).

Manifests are parsed with rdflib, with the manifest file's ``file:`` URL as base, so
relative references such as ``<data1.nt>`` resolve to the copied files under
``tests/data/w3c``. Test ids are the local names of the entries, in manifest order.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

DATA = Path(__file__).resolve().parents[1] / "data" / "w3c" / "sparql11"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")

_cache: dict[Path, Graph] = {}


def load(path: Path) -> Graph:
    """The manifest at ``path`` as an rdflib graph (cached)."""
    path = path.resolve()
    if path not in _cache:
        g = Graph()
        g.parse(path, format="turtle", publicID=path.as_uri())
        _cache[path] = g
    return _cache[path]


def rdf_list(g: Graph, head: Node | None) -> list[Node]:
    """The members of an RDF collection (empty for None / rdf:nil)."""
    if head is None or head == RDF.nil:
        return []
    return list(Collection(g, head))


def local_name(node: Node) -> str:
    """The fragment (or last path segment) of a test IRI: the pytest id."""
    text = str(node)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]


def file_of(node: Node) -> Path:
    """The local file a ``file:`` IRI in a manifest points to."""
    return Path(unquote(urlparse(str(node)).path))


def entries(path: Path) -> list[tuple[Graph, URIRef]]:
    """Every test of a manifest, in order, following ``mf:include`` into other manifests."""
    g = load(path)
    manifest = URIRef(path.resolve().as_uri())
    found: list[tuple[Graph, URIRef]] = []
    for included in rdf_list(g, g.value(manifest, MF.include)):
        found += entries(file_of(included))
    for node in rdf_list(g, g.value(manifest, MF.entries)):
        found.append((g, node))  # type: ignore[arg-type]
    return found
