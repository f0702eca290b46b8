"""Stage 2c of extraction: event and relation nouns that name their own sides.

* A noun with a "between" complement names its sides: in "Almagro aplaudió el
  acuerdo entre Guyana y Venezuela" the agreement is Guyana's and Venezuela's, and
  whoever applauds, hosts or brokers it is no side.
* A war or attack noun ("la guerra entre Israel y Hamás", "la invasión de Estados
  Unidos a Panamá") is fought by the sides it names itself. The subject of the verb
  around it is a side only when that verb wages or withstands it ("Rusia lanzó una
  ofensiva contra Ucrania", "Ukraine defended itself from Russia's war"), or when the
  noun is the subject's own ("acordaron poner fin a su guerra"). Those who sign a
  declaration "para poner fin a la guerra", debate the war or keep up verbal
  "ataques" are not at war; a war noun that names fewer than two sides of its own
  makes no fact, unless a subject keeps it up against the one side it names ("siguió
  con los ataques a España"): then it is opposition to that side.

The frame's sides are narrowed here, before roles are assigned (``roles.py``).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from diplokg.extract.clauses import possessive
from diplokg.extract.frame import Frame
from diplokg.extract.triggers import Lexicon
from diplokg.knowledge.text import fold
from diplokg.link.linker import Mention

#: key prefix of people (who attack in words, not with armies)
PERSON = "person/"
#: dependents of a noun that start something else than its own complements
NOT_COMPLEMENTS = {"conj", "appos", "acl", "acl:relcl", "relcl", "parataxis", "punct", "advcl"}


class NounSides:
    """Narrows the sides of frames whose noun names them (stage 2c)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.between = lexicon.words.between

    def narrow(self, frame: Frame) -> Frame | None:
        """The frame with only the sides its noun names, or None when a war noun
        names too few sides to make a fact."""
        out = self._narrow(frame)
        if out is not None and self._said_by_people(out):
            # "Rubio kept up his attacks on Spain", "Trump atacó a España": people
            # attack in words; states, armies and armed groups wage war
            return self._as_implied(out, out.others)
        return out

    def _said_by_people(self, frame: Frame) -> bool:
        return (
            frame.type.cls in self.lex.fought_by
            and bool(frame.subject_side)
            and all(m.key.startswith(PERSON) for m in frame.subject_side)
            and fold(frame.verb.lemma_) not in self.lex.commands
        )

    def _as_implied(self, frame: Frame, others: list[Mention]) -> Frame | None:
        """The frame retyped as the relation its event implies (opposition)."""
        relation = self.lex.type_named(self.lex.implies.get(frame.type.cls))
        if relation is None or not others:
            return None
        trigger = replace(frame.trigger, type=relation)
        return replace(frame, trigger=trigger, others=others, in_clause=frame.subject_side + others)

    def _narrow(self, frame: Frame) -> Frame | None:
        if not frame.nominal or frame.verb.i == frame.head.i or frame.type.speech:
            return frame
        if frame.type.cls == "Visit":
            # "la visita busca fortalecer las relaciones entre Chile y Perú": the pair
            # of another noun's "entre" are that noun's sides, not where anyone went
            paired = [m for m in frame.others if self._in_a_pair(frame.sent.doc[m.start])]
            if not paired:
                return frame
            others = [m for m in frame.others if m not in paired]
            return replace(frame, others=others, in_clause=frame.subject_side + others)
        between = [m for m in frame.actors if self._under_between(frame.head, m)]
        if len(between) >= 2:
            return replace(frame, subject_side=between[:1], others=between[1:], in_clause=between)
        fought_by = self.lex.fought_by.get(frame.type.cls)
        if fought_by is None:
            return frame
        if fold(frame.verb.lemma_) in fought_by:
            # "Rusia lanzó una invasión de Ucrania": the subject wages what it launches
            # (its object), the noun's "de" complement is the other side, as with a
            # possessive
            if frame.head.head.i == frame.verb.i and frame.head.dep_ in {"obj", "dobj"}:
                return _possessor_fights(frame)
            return frame
        if possessive(frame.head) is not None:
            return _possessor_fights(frame)
        own = [m for m in frame.actors if self._complement(frame.head, m)]
        if len({m.key for m in own}) < 2:
            return self._stance(frame, own)
        keys = {m.key for m in own}
        subject_side = [m for m in frame.subject_side if m.key in keys]
        others = [m for m in own if m not in subject_side]
        return replace(frame, subject_side=subject_side, others=others, in_clause=own)

    def _stance(self, frame: Frame, own: list[Mention]) -> Frame | None:
        """ "Lavrov siguió con los ataques a Polonia": one side named on the noun as its
        target and a subject who keeps it up is the relation the war noun implies
        (opposition), not a war; anything else makes no fact."""
        if len(own) != 1 or not frame.subject_side:
            return None
        if own[0].key in {m.key for m in frame.subject_side}:
            return None
        if not _marked_by(frame.sent.doc[own[0].start], self.lex.words.target_cases):
            return None
        return self._as_implied(frame, own)

    def _complement(self, noun: Token, m: Mention) -> bool:
        """Whether the mention is inside one of the noun's own complements (not a
        coordinated or appended phrase: "la guerra en Ucrania, el papel del G20")."""
        return _own_complement(noun, m) is not None

    def _in_a_pair(self, tok: Token) -> bool:
        """Whether ``tok`` is in an "entre A y B" / "between A and B" phrase (the
        first of the pair carries the marker, or in English hangs from it)."""
        for _ in range(4):
            if _marked_by(tok, self.between) or tok.head.lower_ in self.between:
                return True
            if tok.dep_ not in {"conj", "flat", "flat:name", "compound", "amod"}:
                return False
            tok = tok.head
        return False

    def _under_between(self, noun: Token, m: Mention) -> bool:
        """Whether the mention is in the noun's "entre ... y ..." complement."""
        complement = _own_complement(noun, m)
        return complement is not None and _marked_by(complement, self.between)


def _own_complement(noun: Token, m: Mention) -> Token | None:
    """The head of the noun's own complement that holds the mention, or None when
    the mention is elsewhere or in a coordinated or appended phrase."""
    tok = noun.doc[m.start]
    while tok.head.i != tok.i:
        if tok.head.i == noun.i:
            return tok if tok.dep_ not in NOT_COMPLEMENTS else None
        tok = tok.head
    return None


def _possessor_fights(frame: Frame) -> Frame:
    """ "Rusia mantiene su invasión de Ucrania" (the possessive is the subject's), "Rusia
    lanzó una invasión de Ucrania": the subject wages the war and the noun's "de"
    complement is the other side."""
    subject = [m for m in frame.actors if m.start in frame.subj]
    keys = {m.key for m in subject}
    if not subject or keys & {m.key for m in frame.subject_side}:
        return frame
    others = [m for m in [*frame.subject_side, *frame.others] if m.key not in keys]
    return replace(frame, subject_side=subject, others=others, in_clause=subject + others)


def _marked_by(tok: Token, words: frozenset[str]) -> bool:
    """Whether a complement of a noun is introduced by one of ``words``: a case
    marker on it (Spanish, UD: "entre A y B") or the preposition itself (English:
    "between" hangs from the noun, A from "between")."""
    return tok.lower_ in words or any(
        c.dep_ in {"case", "mark"} and c.lower_ in words for c in tok.children
    )
