"""What identifies an article's extraction: its content hash and the extractor version.

A build stores both on the article node, in the article's own graph (so they are
replaced with it, in the same transaction). When a later build reads an article whose
hash and version are those stored, the article is skipped: extracting it again
would write the same quads.

The hash is taken of the document as read, before cleaning (language guessing and
page-chrome removal cost more than the reading), together with the defaults the
build gives to articles without a date or language. The cleaning rules are data
files, so a change to them changes the extractor version.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import cache
from importlib import metadata
from pathlib import Path

from diplokg import __version__
from diplokg.config import Settings
from diplokg.rdf.vocab import DIP
from diplokg.read import RawDocument
from diplokg.store import Store

_STORED = f"""SELECT ?g ?hash ?version WHERE {{
  GRAPH ?g {{ ?a <{DIP}contentHash> ?hash ; <{DIP}extractorVersion> ?version }}
}}"""


def content_hash(
    raw: RawDocument, *, published: date | None = None, lang: str | None = None
) -> str:
    """A SHA-256 digest of everything that the reading, cleaning and extraction of
    ``raw`` depend on (``published``/``lang``: the build's defaults)."""
    record = {
        "id": raw.id,
        "text": raw.text,
        "published": raw.published.isoformat() if raw.published else None,
        "lang": raw.lang,
        "url": raw.url,
        "title": raw.title,
        "publisher": raw.publisher,
        "default_published": published.isoformat() if published else None,
        "default_lang": lang,
    }
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _model_version(package: str) -> str:
    try:
        return f"{package}=={metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return package


#: the code whose changes change what a build writes for an article
_CODE = ("read", "nlp", "link", "extract", "knowledge", "rdf", "build", "model.py")
_PACKAGE = Path(__file__).resolve().parents[1]


@cache
def _digest(root: Path, parts: tuple[str, ...] | None = None, suffix: str = "") -> str:
    """A digest of the files under ``root`` (only ``parts`` of it, if given)."""
    tops = [root / p for p in parts] if parts else [root]
    files = [f for t in tops for f in ([t] if t.is_file() else t.rglob(f"*{suffix}"))]
    digest = hashlib.sha256()
    for file in sorted(f for f in files if f.is_file()):
        digest.update(file.relative_to(root).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def extractor_version(settings: Settings) -> str:
    """diplokg's version and a digest of its extraction code, of its data files
    (gazetteer, lexicon, page-chrome rules) and the spaCy models: a change to any of
    them changes what is extracted."""
    models = ",".join(_model_version(p) for p in sorted(settings.spacy_models.values()))
    code = _digest(_PACKAGE, _CODE, ".py")
    return f"diplokg {__version__}+{code}; data {_digest(settings.data_dir)}; {models}"


def stored_fingerprints(store: Store) -> dict[str, tuple[str, str]]:
    """``{graph IRI: (content hash, extractor version)}`` of the articles in ``store``."""
    result = store.query(_STORED, "application/sparql-results+json")
    rows = json.loads(result.body)["results"]["bindings"]
    return {r["g"]["value"]: (r["hash"]["value"], r["version"]["value"]) for r in rows}


__all__ = ["content_hash", "extractor_version", "stored_fingerprints"]
