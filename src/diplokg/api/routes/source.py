"""``/article/{slug}``: the source view of an article.

The article's text as stored at build time, with every recognised mention and every
extracted fact marked (displaCy-style) and linked to its entity or event page, and
the page chrome the reader dropped, greyed out: what the machine read and what it
did not (``api/data/source.py``).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pyoxigraph import NamedNode

from diplokg.api.data.source import load_source
from diplokg.api.errors import ApiError
from diplokg.api.state import AppState
from diplokg.api.terms import link_for


def make_router(state: AppState) -> APIRouter:
    """The source view route over ``state``."""
    router = APIRouter(tags=["Pages"])
    base_iri = state.settings.base_iri

    @router.get("/article/{slug}", name="source_view", response_class=HTMLResponse)
    async def source_view(slug: str) -> HTMLResponse:
        """An article's text with its mentions and facts marked (404: no such article)."""
        iri = f"{base_iri}article/{quote(slug, safe='')}"
        try:
            NamedNode(iri)
        except ValueError:
            raise ApiError(404, f"not a valid article IRI: {iri}") from None
        page = await load_source(state.runner, iri)
        if page is None:
            raise ApiError(404, f"no article <{iri}>")
        html = state.templates.get_template("source.html").render(
            page=page, link=lambda i: link_for(i, base_iri)
        )
        return HTMLResponse(html)

    return router
