"""``/``: the query page (textarea, saved queries, results table; no external assets)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from diplokg.api.state import get_state
from diplokg.rdf.vocab import sparql_prefixes

router = APIRouter(tags=["Pages"])

SAMPLE_QUERY = """SELECT ?event ?type ?date ?participant WHERE {
  ?event a ?type ;
         dip:participant ?participant .
  ?type rdfs:subClassOf* dip:Event .
  OPTIONAL { ?event dip:date ?date }
}
ORDER BY DESC(STR(?date))
LIMIT 50
"""


@router.get("/", name="home", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    """The query UI."""
    state = get_state(request)
    html = state.templates.get_template("index.html").render(
        query=sparql_prefixes() + "\n" + SAMPLE_QUERY,
        base_iri=state.settings.base_iri,
        max_rows=state.settings.max_rows,
    )
    return HTMLResponse(html)
