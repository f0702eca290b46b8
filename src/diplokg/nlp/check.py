"""``python -m diplokg.nlp.check``: fail loudly if a pinned spaCy model does not load.

Run by the setup command right after installing the models, so a broken model
install is caught at setup time, not in the middle of a build.
"""

from __future__ import annotations

import sys

from diplokg.config import Settings
from diplokg.nlp.pipelines import load_model


def main() -> int:
    for lang, package in Settings().spacy_models.items():
        nlp = load_model(package)
        doc = nlp("Xi Jinping y Vladimir Putin." if lang == "es" else "Xi met Putin.")
        print(
            f"spaCy model {package} ({lang}) {nlp.meta.get('version')}: "
            f"{len(doc)} tokens, pipes {', '.join(nlp.pipe_names)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
