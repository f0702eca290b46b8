"""Agreements the text makes with no one named: their sides are the occasion's.

"Como resultado del encuentro, se acordó convocar al grupo de alto nivel", "It was
agreed to intensify these efforts", "Durante la visita se firmaron dos acuerdos": an
impersonal or passive verb of agreeing or signing names no signatory. In a report of
one meeting, call or visit, what was agreed there was agreed by its sides. The
extractor keeps such an agreement without participants (``Event.unnamed``); once the
article's events are merged, it takes the people and states of the occasion the
headline and lede report, and that occasion's day when it has none of its own. With
no such occasion, it is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Token

from diplokg.extract.clauses import passive_voice
from diplokg.extract.filters import is_impersonal
from diplokg.extract.frame import Frame
from diplokg.extract.merge import sides_of
from diplokg.model import Event, Participant

#: events at which something is agreed: the occasion of an agreement no one is named in
OCCASIONS = frozenset({"Meeting", "Visit", "Call", "PhoneCall", "VideoCall", "Negotiation"})
#: the actors of an occasion that sign what is agreed at it
SIGNING_PREFIXES = ("person/", "country/")


def unnamed_agreement(frame: Frame, participants: list[Participant]) -> bool:
    """Whether ``frame`` is an agreement made or signed by no one named: an impersonal
    or passive verb ("se acordó", "se firmaron dos acuerdos", "it was agreed", "were
    signed") with no actor in its clause."""
    if frame.type.cls != "Agreement" or frame.type.family != "event":
        return False
    if participants or frame.subject_side or frame.in_clause or frame.nominal:
        return False
    verb: Token = frame.verb
    return verb.pos_ in {"VERB", "AUX"} and (is_impersonal(verb) or passive_voice(verb))


def at_the_occasion(
    pending: list[Event], events: list[Event], side: Callable[[str], str]
) -> list[Event]:
    """The ``pending`` unnamed agreements, each with the sides of the first occasion
    among the headline's and lede's ``events`` that has two sides or more, and its day
    when the agreement has none; none without such an occasion."""
    occasion = next(
        (
            e
            for e in events
            if e.lede
            and not e.earlier
            and e.type in OCCASIONS
            and len({side(p.entity) for p in e.participants if _signs(p)}) >= 2
        ),
        None,
    )
    if occasion is None:
        return []
    signatories: list[Participant] = []
    for p in occasion.participants:
        if _signs(p) and p.entity not in {s.entity for s in signatories}:
            signatories.append(Participant(p.entity, "signatory"))
    out = []
    for ev in pending:
        if ev.date is not None and not _same_time(ev, occasion):
            continue  # "what was agreed upon on July 2": another occasion
        agreed = replace(ev, participants=list(signatories), unnamed=False)
        if agreed.date is None and occasion.date is not None:
            agreed.date, agreed.date_assumed = occasion.date, occasion.date_assumed
        agreed.sides = sides_of(agreed, side)
        out.append(agreed)
    return out


def _same_time(ev: Event, occasion: Event) -> bool:
    """Whether the agreement's own date fits the occasion's (one is a prefix of the
    other)."""
    a, b = ev.date, occasion.date
    return a is None or b is None or a.value.startswith(b.value) or b.value.startswith(a.value)


def _signs(p: Participant) -> bool:
    return p.entity.startswith(SIGNING_PREFIXES) and p.role != "mediator"
