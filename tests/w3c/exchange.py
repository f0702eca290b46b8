"""Running a manifest's ``ht:Connection`` (a list of ``ht:Request``) against the server.

The protocol and Graph Store manifests describe each test as HTTP requests with the
response expected for each: ``mf:expectedStatus`` (a code such as ``hts:Created`` or
a class such as ``hts:StatusCode2xx``), optionally ``mf:expectedFormat`` /
``mf:expectedBoolean`` (query results), response ``ht:headers`` and ``ht:body`` (an
RDF graph the answer must be isomorphic to) and ``mf:expectedLocation`` (a template
variable bound to the ``Location`` header for later requests).

Request paths start with a placeholder prefix (``/sparql/``, ``/gsp``) that the
caller maps to this server's routes. Requests that write (SPARQL updates, Graph
Store PUT/POST/DELETE) carry the bearer token; reads do not.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

import httpx
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.term import Node

from tests.w3c.conftest import LiveServer
from tests.w3c.manifest import CNT, HT, HTS, MF, rdf_list

SRX = "{http://www.w3.org/2005/sparql-results#}"
_BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
_TABULAR_TYPES = (*_BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
_RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/trig": "trig",
}
#: hts:NoContent → 204, ... (names are the reason phrases without spaces)
_STATUS_BY_NAME = {s.phrase.replace(" ", "").replace("-", ""): s.value for s in HTTPStatus}


def media_type(content_type: str | None) -> str:
    """The bare media type of a Content-Type value, lower-cased."""
    return (content_type or "").split(";")[0].strip().lower()


def status_matches(expected: list[Node], actual: int) -> bool:
    """True when ``actual`` is one of the manifest's expected codes or classes."""
    for node in expected:
        name = str(node).removeprefix(str(HTS))
        if name.startswith("StatusCode") and name.endswith("xx"):
            if actual // 100 == int(name[len("StatusCode")]):
                return True
        elif _STATUS_BY_NAME.get(name) == actual:
            return True
    return False


def _headers(g: Graph, node: Node) -> dict[str, str]:
    return {
        str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue))
        for h in rdf_list(g, g.value(node, HT.headers))
    }


def _body(g: Graph, request: Node) -> tuple[str | None, bytes | None]:
    body = g.value(request, HT.body)
    if body is None:
        return None, None
    text = str(g.value(body, CNT.chars))
    encoding = str(g.value(body, CNT.characterEncoding) or "UTF-8")
    return text, text.encode(encoding)


_UPDATE_WORDS = ("CLEAR", "DROP", "INSERT", "DELETE", "LOAD", "CREATE", "ADD", "MOVE", "COPY")


def is_write(method: str, headers: dict[str, str], path: str, text: str | None) -> bool:
    """Whether a request asks to change the store (so it is sent with the token)."""
    url = urlsplit(path)
    if method in ("PUT", "DELETE"):
        return True
    if url.path.startswith("/store"):
        return method == "POST"
    if any(key == "update" for key, _ in parse_qsl(url.query)):
        return True
    ctype = media_type(next((v for k, v in headers.items() if k.lower() == "content-type"), ""))
    if ctype == "application/sparql-update":
        return True
    if text is None:
        return False
    form = parse_qsl(text, keep_blank_values=True)
    return any(key == "update" for key, _ in form) or text.lstrip().upper().startswith(
        _UPDATE_WORDS
    )


def _check_results(g: Graph, resp_node: Node, response: httpx.Response) -> None:
    fmt = g.value(resp_node, MF.expectedFormat)
    if fmt is None:
        return
    ctype = media_type(response.headers.get("content-type"))
    fmt = str(fmt)
    if fmt == "boolean":
        assert ctype in _BOOLEAN_TYPES, f"boolean result served as {ctype!r}"
        if ctype.endswith("json"):
            value = json.loads(response.content)["boolean"]
        else:
            text = ET.fromstring(response.content).find(f"{SRX}boolean").text
            value = text.strip() == "true"
        expected = g.value(resp_node, MF.expectedBoolean)
        if expected is not None:
            assert value == expected.toPython(), f"ASK answered {value}"
    elif fmt == "tabular":
        assert ctype in _TABULAR_TYPES, f"tabular result served as {ctype!r}"
        if ctype.endswith("json"):
            assert "bindings" in json.loads(response.content)["results"]
        elif ctype.endswith("xml"):
            assert ET.fromstring(response.content).find(f"{SRX}results") is not None
        else:
            assert response.text.splitlines(), "empty CSV/TSV result"
    elif fmt == "RDF":
        assert ctype in _RDFLIB_FORMATS, f"RDF result served as {ctype!r}"
        Graph().parse(data=response.content, format=_RDFLIB_FORMATS[ctype])
    else:
        raise AssertionError(f"unknown mf:expectedFormat {fmt!r}")


def _check_body(g: Graph, resp_node: Node, response: httpx.Response) -> None:
    headers = _headers(g, resp_node)
    expected_type = headers.get("content-type")
    if expected_type:
        got = response.headers.get("content-type", "")
        assert media_type(got) == media_type(expected_type), f"Content-Type {got!r}"
    text, _ = _body(g, resp_node)
    if text is None:
        return
    fmt = _RDFLIB_FORMATS[media_type(expected_type or "text/turtle")]
    expected = Graph().parse(data=text, format=fmt)
    actual_type = media_type(response.headers.get("content-type"))
    actual = Graph().parse(data=response.content, format=_RDFLIB_FORMATS[actual_type])
    assert isomorphic(expected, actual), (
        "graph differs from the expected one:\n" + response.text[:2000]
    )


def run_connection(
    live: LiveServer, g: Graph, test: Node, prefixes: dict[str, str]
) -> list[httpx.Response]:
    """Send every request of ``test``'s connection in order, checking each response.

    ``prefixes`` maps the manifest's path prefixes to this server's routes.
    Fails (never skips) when the entry describes no HTTP exchange.
    """
    action = g.value(test, MF.action)
    requests = rdf_list(g, g.value(action, HT.requests)) if action is not None else []
    assert requests, f"{test} describes no HTTP exchange to run"
    variables: dict[str, str] = {}
    responses = []
    for i, request in enumerate(requests):
        method = str(g.value(request, HT.methodName))
        path = str(g.value(request, HT.absolutePath))
        text, body = _body(g, request)
        for name, value in variables.items():
            path = path.replace(name, value)
            if text is not None:
                text = text.replace(name, value)
                body = text.encode("utf-8")
        for placeholder, route in prefixes.items():
            if path.startswith(placeholder):
                path = route + path[len(placeholder) :]
                break
        headers = _headers(g, request)
        if is_write(method, headers, path, text):
            headers.update(live.auth)
        url = path if path.startswith("http") else live.url(path)
        response = live.client.request(method, url, headers=headers, content=body)
        responses.append(response)
        resp_node = g.value(request, HT.resp)
        where = f"request {i + 1} ({method} {path})"
        expected = list(g.objects(resp_node, MF.expectedStatus))
        assert status_matches(expected, response.status_code), (
            f"{where}: status {response.status_code}, expected "
            + ", ".join(str(e).removeprefix(str(HTS)) for e in expected)
            + f"\n{response.text[:1000]}"
        )
        location = g.value(resp_node, MF.expectedLocation)
        if location is not None:
            assert "location" in response.headers, f"{where}: no Location header"
            variables[str(location)] = response.headers["location"]
        if response.status_code < 300:
            _check_results(g, resp_node, response)
            _check_body(g, resp_node, response)
    return responses
