"""Security headers on every answer; a CSP on pages that still lets the query UI run."""

from __future__ import annotations

import pytest

from diplokg.api.security import DATA_POLICY, DOCS_POLICY, PAGE_POLICY
from tests.unit.api_fixtures import make_client

BASE = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
        "x-frame-options": "DENY"}  # fmt: skip
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return make_client(tmp_path_factory.mktemp("headers"))


@pytest.mark.parametrize(
    "path, headers, status, policy",
    [
        ("/nope<script>alert(1)</script>", {}, 404, DATA_POLICY),
        ("/nope<script>alert(1)</script>", HTML, 404, DATA_POLICY),
        ("/", HTML, 200, PAGE_POLICY),
        ("/timeline", HTML, 200, PAGE_POLICY),
        ("/ontology", HTML, 200, PAGE_POLICY),
        ("/sparql?query=ASK%7B%7D", {}, 200, DATA_POLICY),
        ("/sparql?query=ASK%7B", {}, 400, DATA_POLICY),
        ("/health", {}, 200, DATA_POLICY),
        ("/static/ui.js", {}, 200, DATA_POLICY),
        ("/openapi.json", {}, 200, DATA_POLICY),
        ("/docs", {}, 200, DOCS_POLICY),
    ],
)
def test_every_answer_has_the_security_headers(client, path, headers, status, policy):
    resp = client.get(path, headers=headers)
    assert resp.status_code == status
    for name, value in BASE.items():
        assert resp.headers[name] == value
    assert resp.headers["content-security-policy"] == policy


def test_the_page_policy_allows_only_this_origin():
    assert "script-src 'self';" in PAGE_POLICY and "unsafe-eval" not in PAGE_POLICY
    assert "connect-src 'self'" in PAGE_POLICY and "frame-ancestors 'none'" in PAGE_POLICY
    assert "sandbox" in DATA_POLICY
