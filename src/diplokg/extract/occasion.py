"""Facts the text makes with no one named as their subject: theirs are the occasion's.

"Como resultado del encuentro, se acordó convocar al grupo de alto nivel", "It was
agreed to intensify these efforts", "Durante la visita se firmaron dos acuerdos": an
impersonal or passive verb of agreeing or signing names no signatory. "El documento
también respalda la candidatura de…", "The tripartite statement highlighted the
importance of cooperation among the three": a text the meeting adopted holds the
stance, and its authors are the meeting's sides. In a report of one meeting, call or
visit, such a fact is that occasion's. The extractor keeps it with the role the
occasion's sides will take in it (``Event.unnamed``, ``Relation.unnamed``); once the
article's events are merged, it takes the people and states (and blocs, for a text) of
the occasion the headline and lede report, and that occasion's day when it has none of
its own. With no such occasion, it is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from spacy.tokens import Token

from diplokg.extract.clauses import RELATIVE_CLAUSES, passive_voice
from diplokg.extract.dates import compatible
from diplokg.extract.filters import is_impersonal
from diplokg.extract.frame import Frame
from diplokg.extract.merge import sides_of
from diplokg.extract.triggers import Lexicon
from diplokg.knowledge.text import fold
from diplokg.model import Event, Participant, Relation

#: events at which something is agreed or adopted: the occasion of a fact no one is
#: named in
OCCASIONS = frozenset({"Meeting", "Visit", "Call", "PhoneCall", "VideoCall", "Negotiation"})
#: the actors of an occasion that sign what is agreed at it
SIGNING_PREFIXES = ("person/", "country/")
#: ... and that author a text adopted at it (a summit's blocs too)
AUTHOR_PREFIXES = ("person/", "country/", "org/")

Fact = TypeVar("Fact", Event, Relation)


class Occasions:
    """Which facts are made with no one named (``unnamed_role``)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.documents = lexicon.document_nouns

    def unnamed_role(self, frame: Frame, participants: list[Participant]) -> str:
        """The role the occasion's sides take in ``frame``'s fact, or "" when the fact
        is no occasion's: an agreement made or signed by no one named (an impersonal or
        passive verb, "se acordó", "it was agreed", with no actor in its clause), or a
        fact whose subject is a text with no author named ("el documento respalda")."""
        if frame.subject_side:
            return ""
        if unnamed_agreement(frame, participants):
            return "signatory"
        if frame.type.family != "relation" or not self._text_subject(frame):
            return ""  # what a text says is not a statement of its own
        return frame.type.roles.get("subject", "participant")

    def _text_subject(self, frame: Frame) -> bool:
        """Whether the subject of the trigger's clause is a text ("el documento", "la
        declaración", "the joint statement") that names no author."""
        doc = frame.sent.doc
        roots = [doc[i] for i in frame.subj if doc[i].head.i not in frame.subj]
        return len(roots) == 1 and fold(roots[0].lemma_) in self.documents


def unnamed_agreement(frame: Frame, participants: list[Participant]) -> bool:
    """Whether ``frame`` is an agreement made or signed by no one named: an impersonal
    or passive verb ("se acordó", "se firmaron dos acuerdos", "it was agreed", "were
    signed"), or a deal noun that is its subject ("several MoUs are scheduled to be
    signed"), with no actor in its clause."""
    if frame.type.cls != "Agreement" or frame.type.family != "event":
        return False
    if participants or frame.subject_side or frame.in_clause:
        return False
    if frame.nominal and frame.head.dep_ not in {"nsubj", "nsubj:pass", "nsubjpass"}:
        return False  # a deal noun that is not what was signed ("un futuro tratado que…")
    verb: Token = frame.verb
    clause = verb
    while clause.dep_ == "xcomp" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ in RELATIVE_CLAUSES:
        return False  # "a summit, where the deal is expected to be signed": its own
    return verb.pos_ in {"VERB", "AUX"} and (is_impersonal(verb) or passive_voice(verb))


def at_the_occasion(
    pending: list[Fact], events: list[Event], side: Callable[[str], str]
) -> list[Fact]:
    """The ``pending`` facts, each with the sides of the first occasion among the
    headline's and lede's ``events`` that has people or states of two sides (an
    agreement) or any actor (a text's stance: a bloc's summit adopts its declaration),
    and, an event, the occasion's day when it has none; none without such an occasion
    or when the fact would still have fewer than two sides."""
    occasions = [e for e in events if e.lede and not e.earlier and e.type in OCCASIONS]
    out: list[Fact] = []
    for fact in pending:
        if any(o.type == fact.type and o.evidence == fact.evidence for o in out):
            continue  # "MoUs are to be signed": the noun and its verb tell of one deal
        prefixes = SIGNING_PREFIXES if fact.unnamed == "signatory" else AUTHOR_PREFIXES
        least = 2 if fact.unnamed == "signatory" else 1
        occasion = next(
            (e for e in occasions if len({side(k) for k in _actors(e, prefixes)}) >= least),
            None,
        )
        if occasion is None:
            continue
        if isinstance(fact, Event) and not compatible(fact.date, occasion.date):
            continue  # "what was agreed upon on July 2": another occasion
        named = fact.entity_keys()
        sides = [
            Participant(k, fact.unnamed) for k in _actors(occasion, prefixes) if k not in named
        ]
        made = replace(fact, participants=[*sides, *fact.participants], unnamed="")
        if not sides or len({side(p.entity) for p in made.participants}) < 2:
            continue  # no people or states of two sides to make it
        if isinstance(made, Event):
            if made.date is None and occasion.date is not None:
                made.date, made.date_assumed = occasion.date, occasion.date_assumed
            made.sides = sides_of(made, side)
        out.append(made)
    return out


def _actors(occasion: Event, prefixes: tuple[str, ...]) -> list[str]:
    """The occasion's actors of those kinds, once each (not places, not mediators)."""
    return list(
        dict.fromkeys(
            p.entity
            for p in occasion.participants
            if p.entity.startswith(prefixes) and p.role != "mediator"
        )
    )
