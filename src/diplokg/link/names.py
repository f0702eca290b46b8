"""Clean-up of names the statistical NER proposes (``data/lexicon/names.yaml``).

The small models cut names at the wrong place ("Gobierno de", "Mahamat Déby of"),
take common nouns for names ("Estado", "Tesoro"), keep honorifics ("Sheikh Tamim",
"Tan Sri Anwar") and possessives ("Prince Mohammed's"). Gazetteer names never pass
through here; only names the project would otherwise create as new entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from diplokg.config import DATA_DIR
from diplokg.knowledge.text import fold
from diplokg.model import EntityType

QUOTES = re.compile(r"[«»\"“”„]")
POSSESSIVE = re.compile(r"[’']s$")
#: apostrophes inside a name ("N'Guesso"), which its other spellings leave out
APOSTROPHES = re.compile(r"['’ʼ]")


@dataclass(frozen=True)
class NameRules:
    """The lists of ``names.yaml``, folded (lower case, no accents)."""

    not_names: frozenset[str]
    not_name_heads: frozenset[str]
    honorifics: tuple[tuple[str, ...], ...]  # longest first
    connectors: frozenset[str]
    not_name_words: frozenset[str] = frozenset()
    #: sentence openers glued to the front of a name ("Según el Gobierno")
    openers: frozenset[str] = frozenset()
    #: short form → entities it stands for once the article has named them
    short_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: words the linker reads clauses with (``clause_words``), as written, lower case
    clause_words: dict[str, frozenset[str]] = field(default_factory=dict)
    #: days after the article's date within which a leader-elect takes office
    leader_elect_days: int = 0
    #: particles left out when two spellings of one person's name are compared
    name_particles: frozenset[str] = frozenset()

    def words(self, key: str) -> frozenset[str]:
        """One list of ``clause_words`` (empty when the file has none)."""
        return self.clause_words.get(key, frozenset())

    def clean(self, text: str, etype: EntityType) -> str | None:
        """The name in ``text`` without noise around it, or None if it is no name."""
        text = POSSESSIVE.sub("", QUOTES.sub(" ", text).strip(" ,.;:-'’")).strip()
        if ".-" in text or "--" in text:
            return None  # a dateline glued to a name: "Nov.- La Cumbre del"
        words = text.split()
        if len(words) == 1 and self.is_honorific(words[0]):
            return None  # "Majestad" alone, whatever the recogniser took it for
        previous: list[str] = []
        while words != previous:
            previous = list(words)
            if etype is EntityType.PERSON:
                # "Majestad el Rey": honorifics, also behind the article they leave
                words = self._without_honorifics(words)
            while words and (
                fold(words[-1]) in self.connectors
                or fold(words[-1]) in self.not_name_words
                or not _capitalised(words[-1])
            ):
                words.pop()
            while words and (not _capitalised(words[0]) or fold(words[0]) in self.openers):
                words.pop(0)
        if not words or fold(" ".join(words)) in self.not_names:
            return None
        if fold(words[0].rstrip(".")) in self.not_name_heads and (
            etype is not EntityType.PERSON or len(words) > 1
        ):
            return None  # "Mandatario chileno", "Plan de Acción México-Canadá"
        return " ".join(words)

    def spelling_key(self, name: str) -> str:
        """A person's name reduced to what its spellings share: case, accents, hyphens,
        apostrophes, particles and doubled letters aside, a final "y" read as "i"
        ("Abdelfatah El-Sisi" and "Abdelfatah al Sisi", "Radoslaw Sikorsky" and
        "Radosław Sikorski", "Sassou-N'Guesso" and "Sassou Nguesso")."""
        words = [w for w in re.split(r"[\s\-‐]+", APOSTROPHES.sub("", fold(name))) if w]
        words = [_undoubled(w) for w in words if w not in self.name_particles]
        return " ".join(w[:-1] + "i" if len(w) > 3 and w.endswith("y") else w for w in words)

    def is_honorific(self, word: str) -> bool:
        """Whether one word is an honorific by itself ("Sheikh", "Seyed")."""
        return (fold(word),) in self.honorifics

    def _without_honorifics(self, words: list[str]) -> list[str]:
        changed = True
        while changed and words:
            changed = False
            folded = [fold(w) for w in words]
            for h in self.honorifics:
                if len(h) < len(words) and tuple(folded[: len(h)]) == h:
                    words, changed = words[len(h) :], True
                    break
                if len(h) == len(words) and tuple(folded) == h:
                    return []
        return words


def same_name_word(a: str, b: str) -> bool:
    """Whether two words of a name are one spelt another way: up to case, accents and
    doubled letters ("Abás" and "Abbas", "Mohamed" and "Mohammed")."""
    return _undoubled(fold(a)) == _undoubled(fold(b))


def _undoubled(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def _capitalised(word: str) -> bool:
    return name_like(word) or word[:1].isdigit()


def name_like(word: str) -> bool:
    """A capitalised word, or a name after a short lower-case particle and a hyphen
    ("al-Busaidi", "el-Sisi")."""
    head, _, rest = word.partition("-")
    return word[:1].isupper() or (
        bool(rest) and head.isalpha() and head.islower() and len(head) <= 3 and rest[:1].isupper()
    )


@cache
def load_name_rules(data_dir: Path = DATA_DIR) -> NameRules:
    """Read ``data_dir/lexicon/names.yaml`` (cached per folder)."""
    raw = yaml.safe_load((data_dir / "lexicon" / "names.yaml").read_text(encoding="utf-8"))

    def words(key: str) -> set[str]:
        value = raw.get(key, {})
        items = [w for lst in value.values() for w in lst] if isinstance(value, dict) else value
        return {fold(str(w)) for w in items}

    honorifics = sorted({tuple(h.split()) for h in words("honorifics")}, key=len, reverse=True)
    return NameRules(
        not_names=frozenset(words("not_names")),
        not_name_heads=frozenset(words("not_name_heads")),
        honorifics=tuple(honorifics),
        name_particles=frozenset(words("name_particles")),
        connectors=frozenset(words("connectors")),
        not_name_words=frozenset(words("not_name_words")),
        openers=frozenset(words("openers")),
        short_forms={
            fold(str(k)): tuple(str(v) for v in vs)
            for k, vs in (raw.get("short_forms") or {}).items()
        },
        clause_words={
            str(k): frozenset(str(w).lower() for w in ws)
            for k, ws in (raw.get("clause_words") or {}).items()
        },
        leader_elect_days=int(raw.get("leader_elect_days", 0)),
    )
