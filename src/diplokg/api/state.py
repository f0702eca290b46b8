"""What every route needs, kept on ``app.state.diplokg``."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from jinja2 import Environment

from diplokg.api.runner import QueryRunner
from diplokg.config import Settings
from diplokg.store.base import Store


@dataclass
class AppState:
    """Settings, store, query runner and templates of one application."""

    settings: Settings
    store: Store
    runner: QueryRunner
    templates: Environment


def get_state(request: Request) -> AppState:
    """The application state of the app serving ``request``."""
    return request.app.state.diplokg
