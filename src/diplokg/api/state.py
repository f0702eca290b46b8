"""What the routers work with: the settings, store, query runner and templates of one
application, handed to each router when it is built (``make_router(state)``)."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment

from diplokg.api.data.search import CachedIndex
from diplokg.api.runner import QueryRunner
from diplokg.api.templating import make_templates
from diplokg.config import Settings
from diplokg.store.base import Store
from diplokg.store.shared_version import SharedVersion


@dataclass
class AppState:
    """Settings, store, query runner and templates of one application."""

    settings: Settings
    store: Store
    runner: QueryRunner
    templates: Environment
    #: the entities by name, for the search box and the timeline's actor picker
    names: CachedIndex

    @classmethod
    def build(
        cls, settings: Settings, store: Store, *, shared: SharedVersion | None = None
    ) -> AppState:
        """The state over ``store``: a new query runner and the page templates
        (``shared``: the version the other serving processes follow, see
        :class:`~diplokg.api.runner.QueryRunner`).

        The runner's worker processes start with the first queries, or with
        ``runner.start()``; whoever builds the state stops them with ``runner.close()``.
        """
        runner = QueryRunner(store, settings, shared=shared)
        return cls(
            settings=settings,
            store=store,
            runner=runner,
            templates=make_templates(settings.base_iri),
            names=CachedIndex(
                runner, settings.base_iri, settings.data_dir, settings.search_index_ttl_s
            ),
        )
