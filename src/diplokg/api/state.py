"""What the routers work with: the settings, store, query runner and templates of one
application, handed to each router when it is built (``make_router(state)``)."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment

from diplokg.api.runner import QueryRunner
from diplokg.api.templating import make_templates
from diplokg.config import Settings
from diplokg.store.base import Store


@dataclass
class AppState:
    """Settings, store, query runner and templates of one application."""

    settings: Settings
    store: Store
    runner: QueryRunner
    templates: Environment

    @classmethod
    def build(cls, settings: Settings, store: Store) -> AppState:
        """The state over ``store``: a new query runner and the page templates.

        The runner's worker processes start with the first queries, or with
        ``runner.start()``; whoever builds the state stops them with ``runner.close()``.
        """
        return cls(
            settings=settings,
            store=store,
            runner=QueryRunner(store, settings),
            templates=make_templates(settings.base_iri),
        )
