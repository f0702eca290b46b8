"""What identifies an article's extraction: its content hash and the extractor version.

A build stores both on the article node, in the article's own graph (so they are
replaced with it, in the same transaction). When a later build reads an article whose
hash and version are those stored, the article is skipped: extracting it again
would write the same quads.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import metadata
from pathlib import Path

from diplokg import __version__
from diplokg.config import Settings
from diplokg.model import Article
from diplokg.rdf.vocab import DIP
from diplokg.store import Store

_STORED = f"""SELECT ?g ?hash ?version WHERE {{
  GRAPH ?g {{ ?a <{DIP}contentHash> ?hash ; <{DIP}extractorVersion> ?version }}
}}"""


def content_hash(article: Article) -> str:
    """A SHA-256 digest of everything extraction reads from ``article``."""
    record = {
        "id": article.id,
        "passages": [[p.text, p.kind.value, p.lang] for p in article.passages],
        "published": article.published.isoformat() if article.published else None,
        "lang": article.lang,
        "url": article.url,
        "title": article.title,
        "publisher": article.publisher,
        "notes": list(article.notes),
    }
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _model_version(package: str) -> str:
    try:
        return f"{package}=={metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return package


@cache
def _data_digest(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(file.relative_to(data_dir).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def extractor_version(settings: Settings) -> str:
    """diplokg's version, a digest of its data files (gazetteer, lexicon, page-chrome
    rules) and the spaCy models: a change to any of them changes what is extracted."""
    models = ",".join(_model_version(p) for p in sorted(settings.spacy_models.values()))
    return f"diplokg {__version__}; data {_data_digest(settings.data_dir)}; {models}"


def stored_fingerprints(store: Store) -> dict[str, tuple[str, str]]:
    """``{graph IRI: (content hash, extractor version)}`` of the articles in ``store``."""
    result = store.query(_STORED, "application/sparql-results+json")
    rows = json.loads(result.body)["results"]["bindings"]
    return {r["g"]["value"]: (r["hash"]["value"], r["version"]["value"]) for r in rows}


__all__ = ["content_hash", "extractor_version", "stored_fingerprints"]
