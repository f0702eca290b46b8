"""Stage 2d of extraction: rules of entry ("los ciudadanos de Brasil podrán entrar a
China sin visado", "Brazilians can enter China visa-free").

A visa rule said through the journey it allows names no announcing verb, and its
subject is the travellers, not the state that makes the rule: the state one enters
issues it, and the travellers' states are those it applies to. Such a rule is
reported when it is announced, though it applies later ("podrán entrar"), so a
future tense does not make it planned (``Frame.entry``).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from diplokg.extract.clauses import clause_head, subject_tokens, subtree
from diplokg.extract.frame import Frame, FrameReader
from diplokg.extract.triggers import TriggerMatch
from diplokg.knowledge.text import fold
from diplokg.link.linker import ArticleState, Mention
from diplokg.model import EntityType

#: dependents of an entry verb that name where one goes ("entrar a China", "enter China")
DESTINATION_DEPS = {"obj", "dobj", "obl", "prep", "pobj", "nmod"}


class EntryRules:
    """Reads the issuer of a visa rule from the journey it allows (stage 2d)."""

    def __init__(self, reader: FrameReader) -> None:
        self.reader = reader
        self.verbs = reader.lex.entry_verbs
        self.visa = reader.lex.visa_words

    def narrow(self, frame: Frame, mentions: list[Mention], state: ArticleState) -> Frame:
        """The frame with the entered state as issuer, when the trigger is a visa rule
        under a verb of entering or travelling; else the frame unchanged."""
        if not self._is_visa(frame.trigger, frame.sent.doc):
            return frame
        verb = self._entry_verb(frame)
        if verb is None or self._announced_by(frame.verb):
            return frame  # "China extendió la entrada sin visado a ...": China says so
        subj = self._subjects(verb)
        reach = self._destination_tokens(verb) - subtree(frame.head) - subj
        destination = [
            m
            for m in mentions
            if m.start in reach
            and m.kind != "demonym"
            and self.reader.etype(m.key, state) is EntityType.COUNTRY
        ]
        if not destination:
            return frame
        issuer = destination[:1]
        travellers = [
            m
            for m in mentions
            if m.key != issuer[0].key
            and (m.start in frame.clause or m.start in subj or m.start in frame.subj)
            and self.reader.etype(m.key, state) is EntityType.COUNTRY
        ]
        return replace(
            frame,
            subject_side=issuer,
            others=travellers,
            in_clause=issuer + travellers,
            entry=True,
        )

    def journeys(self, triggers: list[TriggerMatch], doc: Doc) -> set[int]:
        """Heads of the verbs of travel that a visa rule of the sentence is about:
        "can travel to Japan without a visa" is a rule, not a visit."""
        out: set[int] = set()
        for t in triggers:
            if not self._is_visa(t, doc):
                continue
            verb = clause_head(doc[t.head])
            if fold(verb.lemma_) in self.verbs:
                out.add(verb.i)
        return out

    def _announced_by(self, verb: Token) -> bool:
        """Whether a verb of announcing governs the rule ("permitirá a rusos entrar")."""
        policy = self.reader.lex.policy_verbs
        return fold(verb.lemma_) in policy or (
            verb.dep_ in {"xcomp", "ccomp"} and fold(verb.head.lemma_) in policy
        )

    def _subjects(self, verb: Token) -> set[int]:
        """The subject of the verb of entering or of a verb it hangs from ("Citizens
        of Brazil will be able to enter")."""
        out: set[int] = set()
        tok = verb
        while True:
            out |= subject_tokens(tok, self.reader.words)
            if tok.head.i == tok.i or tok.dep_ not in {"xcomp", "acomp", "ccomp", "advcl"}:
                return out
            tok = tok.head

    def _is_visa(self, trigger: TriggerMatch, doc: Doc) -> bool:
        """A policy trigger that names a visa ("sin visado", "visa-free")."""
        return trigger.type.policy and any(
            fold(t.text) in self.visa for t in doc[trigger.start : trigger.end]
        )

    def _entry_verb(self, frame: Frame) -> Token | None:
        """The verb of entering or travelling the rule is about ("entrar sin visado",
        "la entrada sin visado a", "enter visa-free")."""
        for tok in (frame.verb, frame.head.head, frame.head):
            if fold(tok.lemma_) in self.verbs:
                return tok
        return None

    @staticmethod
    def _destination_tokens(verb: Token) -> set[int]:
        return {i for c in verb.children if c.dep_ in DESTINATION_DEPS for i in subtree(c)}
