"""``/``: the query page.

YASGUI (installed from the npm registry by ``make setup`` into
``settings.ui_assets_dir``, served under ``/static/vendor/yasgui/``) with our endpoint,
prefixes and saved queries; result IRIs link to the entity pages. ``/?ui=basic`` is the
dependency-free page (textarea, saved queries, results table), which is also what ``/``
serves, with a note saying so, when the YASGUI files are not installed.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from diplokg.api.state import AppState
from diplokg.config import Settings
from diplokg.rdf.vocab import DIP, PREFIXES, sparql_prefixes
from diplokg.sparql.saved_queries import load_saved_queries, with_defaults_inlined

SAMPLE_QUERY = """SELECT ?event ?type ?date ?participant WHERE {
  ?event a ?type ;
         dip:participant ?participant .
  ?type rdfs:subClassOf* dip:Event .
  OPTIONAL { ?event dip:date ?date }
}
ORDER BY DESC(STR(?date))
LIMIT 50
"""

#: The files of the YASGUI build that the page loads.
YASGUI_FILES = ("yasgui.min.js", "yasgui.min.css")


def yasgui_installed(settings: Settings) -> bool:
    """True when the YASGUI build files are in ``settings.ui_assets_dir``."""
    return all((settings.ui_assets_dir / name).is_file() for name in YASGUI_FILES)


def make_router(state: AppState) -> APIRouter:
    """The ``/`` query page over ``state``."""
    router = APIRouter(tags=["Pages"])

    @router.get("/", name="home", response_class=HTMLResponse)
    async def home(ui: Literal["yasgui", "basic"] = "yasgui") -> HTMLResponse:
        """The query UI: YASGUI, or the basic page with ``ui=basic``."""
        return await _home(state, ui)

    return router


async def _home(state: AppState, ui: str) -> HTMLResponse:
    """The YASGUI page, or the basic one when asked for or when YASGUI is missing."""
    settings = state.settings
    default_query = sparql_prefixes() + "\n" + SAMPLE_QUERY
    installed = yasgui_installed(settings)
    if ui == "basic" or not installed:
        html = state.templates.get_template("index.html").render(
            query=default_query,
            base_iri=settings.base_iri,
            max_rows=settings.max_rows,
            yasgui_missing=not installed,
        )
        return HTMLResponse(html)
    html = state.templates.get_template("query.html").render(
        default_query=default_query,
        max_rows=settings.max_rows,
        ui_config=await _ui_config(settings, default_query),
    )
    return HTMLResponse(html)


async def _ui_config(settings: Settings, default_query: str) -> dict[str, Any]:
    """What query-ui.js needs, embedded in the page as JSON."""
    try:
        saved = await run_in_threadpool(load_saved_queries, settings.queries_dir)
    except (OSError, ValueError):
        saved = {}  # /api/queries reports the broken file; the editor still works
    return {
        "endpoint": "/sparql",
        "baseIri": settings.base_iri,
        "ontologyNs": DIP,
        "prefixes": {**PREFIXES, "res": settings.base_iri},
        "defaultQuery": default_query,
        "savedQueries": [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "sparql": with_defaults_inlined(q),
            }
            for q in saved.values()
        ],
    }
