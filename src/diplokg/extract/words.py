"""Function words the extractor reads clauses with (``data/lexicon/words/*.yaml``,
one file per language). All languages' lists are used together: a Spanish article
may quote or caption in English."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

import yaml

from diplokg.config import DATA_DIR


@dataclass(frozen=True)
class FunctionWords:
    """Closed-class words by the job they do in a clause (lower-cased)."""

    about: frozenset[str] = frozenset()
    list_joiners: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    genitive: frozenset[str] = frozenset()
    locative: frozenset[str] = frozenset()
    stative_locative: frozenset[str] = frozenset()
    purpose: frozenset[str] = frozenset()
    agent_cases: frozenset[str] = frozenset()
    relative_pronouns: frozenset[str] = frozenset()
    #: the preposition of whom something is given or addressed to ("agradeció a
    #: Alemania", "gratitude to China")
    dative: frozenset[str] = frozenset()
    #: "durante", "during": with a relative pronoun, a relative of occasion ("una visita,
    #: durante la cual se reunirá con Putin")
    during: frozenset[str] = frozenset()
    #: relative adverbs of place ("llegó a Lima, donde se reunirá con Boluarte"): a
    #: subjectless verb after one is done by the subject of the verb of that place
    place_relatives: frozenset[str] = frozenset()
    between: frozenset[str] = frozenset()
    comitative: frozenset[str] = frozenset()
    target_cases: frozenset[str] = frozenset()
    private_groups: frozenset[str] = frozenset()
    possessives: frozenset[str] = frozenset()
    time_nouns: frozenset[str] = frozenset()
    #: third-person subject pronouns for people, one person and several ("he said":
    #: the one named as subject just before)
    he_she: frozenset[str] = frozenset()
    they: frozenset[str] = frozenset()
    #: the preposition of who goes or is with someone ("con", "with")
    with_: frozenset[str] = frozenset()
    #: first-person subject pronouns: in words quoted, the one who said them
    i_we: frozenset[str] = frozenset()
    #: predicates that put the verb they govern ahead ("is set to", "está previsto")
    scheduled: frozenset[str] = frozenset()
    #: verbs of intending (lemmas): what they govern is not done yet ("pretende
    #: reiterar su apoyo", "wants to stress")
    intends: frozenset[str] = frozenset()
    #: reflexive objects: a verb done to oneself ("defended itself", "se defiende")
    reflexives: frozenset[str] = frozenset()
    #: words that open what is said ("dijo que", "said that"): a sentence that stops
    #: on one says nothing yet
    complementizers: frozenset[str] = frozenset()
    #: the press as the one met ("una reunión con la prensa", "met with reporters"):
    #: a press event, not a diplomatic meeting
    press: frozenset[str] = frozenset()
    #: words of news outlets' names ("Sur News", "El Heraldo"): a source, never an actor
    media_names: frozenset[str] = frozenset()


@cache
def load_words(data_dir: Path = DATA_DIR) -> FunctionWords:
    """Every language's lists under ``data_dir/lexicon/words``, merged."""
    merged: dict[str, set[str]] = {f.name: set() for f in fields(FunctionWords)}
    for path in sorted((data_dir / "lexicon" / "words").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, values in raw.items():
            if key not in merged:
                raise ValueError(f"{path}: unknown word list {key!r}")
            if any(isinstance(v, bool) for v in values):
                # YAML reads a bare on / off / yes / no as a boolean
                raise ValueError(f"{path}: {key}: quote on, off, yes and no")
            merged[key] |= {str(v).lower() for v in values}
    return FunctionWords(**{k: frozenset(v) for k, v in merged.items()})
