"""W3C SPARQL 1.1 Protocol test suite (``protocol/manifest.ttl``) against the live server.

Every entry of the manifest becomes one test (ids are the entries' local names), so
adding or removing an entry in the manifest changes what runs. Each test empties the
store, loads the entry's ``ut:graphData`` into named graphs through the Graph Store
Protocol (labelled graph names), then sends the entry's HTTP requests in order and
checks every response (see :mod:`tests.w3c.exchange`).
"""

from __future__ import annotations

import pytest

from tests.w3c.conftest import LiveServer
from tests.w3c.exchange import run_connection
from tests.w3c.manifest import DATA, RDFS, UT, entries, file_of, local_name

pytestmark = pytest.mark.server

MANIFEST = DATA / "protocol" / "manifest.ttl"
TESTS = entries(MANIFEST)


def test_manifest_lists_the_34_protocol_tests():
    assert len(TESTS) == 34


@pytest.mark.parametrize(("g", "test"), TESTS, ids=[local_name(t) for _, t in TESTS])
def test_protocol(live: LiveServer, g, test):
    live.reset()
    for data in g.objects(test, UT.graphData):
        source = file_of(g.value(data, UT.graph))
        name = str(g.value(data, RDFS.label))
        live.put_graph(name, source.read_bytes(), "application/n-triples")
    run_connection(live, g, test, {"/sparql/": "/sparql"})
