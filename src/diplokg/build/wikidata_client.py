"""A polite client of the Wikidata API (``diplokg link --online``).

Every request sends a descriptive User-Agent, has a timeout, waits at least
``wikidata_min_interval_s`` after the previous one, and its answer is kept in
``wikidata_cache_dir`` (one JSON file per request, named by a hash of its parameters),
so a rerun asks nothing it has asked before. Nothing here runs unless the user asks
for it (``--online``).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from diplokg.config import Settings


class WikidataError(Exception):
    """The API could not be reached or gave an error (one line, for the CLI)."""


class WikidataClient:
    """``get(params)`` → the API's JSON answer, cached and rate-limited."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api = settings.wikidata_api
        self.cache = Path(settings.wikidata_cache_dir)
        self.interval = settings.wikidata_min_interval_s
        self._clock, self._sleep = clock, sleep
        self._last: float | None = None
        self.requests = 0  # sent over the network (not answered from the cache)
        self._http = httpx.Client(
            headers={"User-Agent": settings.wikidata_user_agent, "Accept": "application/json"},
            timeout=settings.wikidata_timeout_s,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    def get(self, params: dict[str, str]) -> dict[str, Any]:
        full = {**params, "format": "json", "formatversion": "2"}
        key = hashlib.sha256(
            json.dumps([self.api, sorted(full.items())], ensure_ascii=False).encode()
        ).hexdigest()
        path = self.cache / f"{key}.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
        self._wait()
        try:
            res = self._http.get(self.api, params=full)
            res.raise_for_status()
            data = res.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise WikidataError(f"{self.api}: {exc}".splitlines()[0]) from None
        if "error" in data:
            raise WikidataError(f"{self.api}: {data['error'].get('info', data['error'])}")
        self.cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        return data

    def _wait(self) -> None:
        now = self._clock()
        if self._last is not None and now - self._last < self.interval:
            self._sleep(self.interval - (now - self._last))
        self._last = self._clock()
        self.requests += 1

    # -- the two calls the linker needs --------------------------------------------
    def search(self, name: str, lang: str, limit: int) -> list[str]:
        """QIDs of the items whose label or alias matches ``name`` (best first)."""
        data = self.get({"action": "wbsearchentities", "search": name, "language": lang,
                         "uselang": lang, "type": "item", "limit": str(limit)})  # fmt: skip
        return [hit["id"] for hit in data.get("search", []) if "id" in hit]

    def items(self, qids: list[str]) -> dict[str, Any]:
        """Labels, aliases (es/en) and P31 claims of the items ``qids``."""
        if not qids:
            return {}
        data = self.get({"action": "wbgetentities", "ids": "|".join(sorted(qids)),
                         "props": "labels|aliases|claims", "languages": "en|es"})  # fmt: skip
        return data.get("entities", {})
