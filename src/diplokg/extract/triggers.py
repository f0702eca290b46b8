"""Trigger lexicon: which words signal which event or relation (``triggers.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from diplokg.extract.clauses import governor
from diplokg.extract.words import FunctionWords, load_words
from diplokg.knowledge.text import fold


@dataclass(frozen=True)
class TriggerType:
    """One entry of the lexicon: an event or relation class and how to read it."""

    name: str
    cls: str  # ontology class local name
    family: str  # "event" | "relation"
    confidence: float
    min_actors: int
    roles: dict[str, str] = field(default_factory=dict)
    generic: bool = False
    speech: bool = False
    policy: bool = False
    invert: bool = False
    organization_suffices: bool = False
    needs_destination: bool = False
    guests_visit: bool = False
    visitors_meet: bool = False
    people_only: bool = False


@dataclass(frozen=True)
class TriggerMatch:
    """A trigger found in a Doc: tokens ``start:end``, ``head`` the syntactic anchor."""

    type: TriggerType
    start: int
    end: int
    head: int
    text: str


@dataclass(frozen=True)
class Lexicon:
    """Compiled triggers per language plus status / negation / attribution words."""

    #: per language: first word → phrases starting with it, longest first
    phrases: dict[str, dict[str, list[tuple[tuple[str, ...], str | None, TriggerType]]]]
    planned: tuple[str, ...]
    expected: tuple[str, ...]
    negation: frozenset[str]
    attribution: tuple[str, ...]
    mediation: tuple[str, ...] = ()
    topic_verbs: frozenset[str] = frozenset()
    policy_verbs: frozenset[str] = frozenset()
    #: nouns of enacting a measure ("la imposición de aranceles", "the announcement of
    #: sanctions"): the measure they govern is announced
    policy_acts: frozenset[str] = frozenset()
    time_anchors: frozenset[str] = frozenset()
    denial: frozenset[str] = frozenset()
    negators: frozenset[str] = frozenset()
    without: frozenset[str] = frozenset()
    #: phrases that make the event noun after them a hypothesis ("en caso de")
    hypothetical: tuple[tuple[str, ...], ...] = ()
    hypothetical_determiners: frozenset[str] = frozenset()
    conditional_auxiliaries: frozenset[str] = frozenset()
    definite: frozenset[str] = frozenset()
    continuation: frozenset[str] = frozenset()
    #: event class → the class it leads to: talks in a time anchor of an agreement
    #: ("un acuerdo después de 25 años de negociaciones") are the parties' talks
    leads_to: dict[str, str] = field(default_factory=dict)
    #: event type → relation type it implies between the event's sides
    implies: dict[str, str] = field(default_factory=dict)
    #: reporting verbs that also mean holding an event ("sostuvo una conversación")
    hold_verbs: frozenset[str] = frozenset()
    keep_verbs: frozenset[str] = frozenset()
    #: verbs of attending an organisation's event ("asistirá a la cumbre de los BRICS")
    attend_verbs: frozenset[str] = frozenset()
    #: where words are said ("en una entrevista", "in a post"): the subject of a verb
    #: in one of these speaks, whatever the verb
    speech_media: frozenset[str] = frozenset()
    #: openers of a sentence that lists a group's members ("Among them were")
    group_openers: tuple[str, ...] = ()
    #: verbs of entering or travelling, and the words of a visa rule (extract/entry.py)
    entry_verbs: frozenset[str] = frozenset()
    visa_words: frozenset[str] = frozenset()
    #: verbs whose object does what the infinitive under them says ("invited X to")
    object_control: frozenset[str] = frozenset()
    #: verbs by which a person wages a war for a state ("ordenó una ofensiva")
    commands: frozenset[str] = frozenset()
    #: event class → verbs whose subject is a side of a noun of that class
    #: (extract/sides.py)
    fought_by: dict[str, frozenset[str]] = field(default_factory=dict)
    #: verbs that stop or restrict trade (a trade relation under them is a policy)
    restrict: frozenset[str] = frozenset()
    #: words that launch something, and the type launching a partnership is
    launch: frozenset[str] = frozenset()
    launch_type: str | None = None
    #: words that break relations off, and the type such a break is
    breach: frozenset[str] = frozenset()
    breach_type: str | None = None
    #: verbs of thanking and praising: a possessive under them is the object's
    #: ("thanked Milei for his support")
    credit: frozenset[str] = frozenset()
    #: words that tell an event as one before the news ("their previous meeting"),
    #: the "last" of "the last time they met", the "first" of "after their first
    #: meeting"
    earlier: frozenset[str] = frozenset()
    last_time: frozenset[str] = frozenset()
    first: frozenset[str] = frozenset()
    #: phrases on a reporting verb that place the words back in time ("said at the
    #: time", "dijo en su momento"): not said on the report's day
    said_then: tuple[tuple[str, ...], ...] = ()
    #: nouns that commemorate an earlier event ("el aniversario de la invasión") and
    #: the nouns of years counted since one ("los 35 años de la invasión")
    anniversary: frozenset[str] = frozenset()
    years: frozenset[str] = frozenset()
    #: words that say relations went bad, and the type such relations are
    strained: frozenset[str] = frozenset()
    strained_type: str | None = None
    #: words that put an agreement still to be made ("negociaciones para un tratado",
    #: "a proposed agreement"), and the type such an agreement is (the talks on it)
    pending: frozenset[str] = frozenset()
    pending_type: str | None = None
    #: relation nouns whose one list of holders names both sides (``mutual``)
    mutual: frozenset[str] = frozenset()
    #: reporting verbs that announce: with a policy of the same actor in their sentence,
    #: the announcement is that policy, not a statement besides it
    announce_verbs: frozenset[str] = frozenset()
    #: texts a meeting adopts ("el documento", "the joint statement"): as a subject with
    #: no author named, their authors are the meeting's sides
    document_nouns: frozenset[str] = frozenset()
    #: stance verbs whose holder says something when no one is named it is held towards
    stance_speech: frozenset[str] = frozenset()
    #: phrases that turn a stance of several holders towards each other (``reciprocal``)
    reciprocal: tuple[str, ...] = ()
    #: phrases that make a meeting of several with one, one meeting each (``separately``)
    separately: tuple[str, ...] = ()
    #: function words (``lexicon/words/*.yaml``)
    words: FunctionWords = field(default_factory=FunctionWords)

    @cached_property
    def _by_name(self) -> dict[str, TriggerType]:
        seen: dict[str, TriggerType] = {}
        for by_first in self.phrases.values():
            for items in by_first.values():
                for _, _, ttype in items:
                    seen.setdefault(ttype.name, ttype)
        return seen

    def types(self) -> list[TriggerType]:
        """Every trigger type of the lexicon, once."""
        return list(self._by_name.values())

    def type_named(self, name: str | None) -> TriggerType | None:
        """The trigger type called ``name`` (the types a fact is retyped to)."""
        return self._by_name.get(name) if name else None

    @cached_property
    def statement_type(self) -> TriggerType | None:
        """The speech type that is a Statement itself (not a speech noun)."""
        return next((t for t in self._by_name.values() if t.speech and t.name == t.cls), None)

    def speech_lemma(self, tok: Token) -> bool:
        """Whether ``tok`` is a one-word reporting verb ("dijo", "said")."""
        for lang_index in self.phrases.values():
            for key in {fold(tok.text), fold(tok.lemma_)}:
                for words, pos, ttype in lang_index.get(key, []):
                    if ttype.speech and len(words) == 1 and (not pos or tok.pos_ == pos):
                        return True
        return False

    def match(self, doc: Doc | Span, lang: str) -> list[TriggerMatch]:
        """Longest trigger matches in ``doc`` (or a sentence), left to right.

        Token positions in the result are Doc positions, also for a sentence.
        """
        index = self.phrases.get(lang) or self.phrases.get("en", {})
        found: list[TriggerMatch] = []
        i = 0
        while i < len(doc):
            tok = doc[i]
            candidates = index.get(fold(tok.text), []) + index.get(fold(tok.lemma_), [])
            best: tuple[int, TriggerType] | None = None
            for words, pos, ttype in candidates:
                n = len(words)
                if i + n > len(doc) or (best and n <= best[0]):
                    continue
                if pos and tok.pos_ != pos:
                    continue
                if all(_token_is(doc[i + k], w) for k, w in enumerate(words[1:], start=1)):
                    best = (n, ttype)
            if best is None and candidates:
                best = _split_verb_phrase(tok, candidates)
            if best:
                n, ttype = best
                span = doc[i : i + n]
                found.append(TriggerMatch(ttype, span.start, span.end, span.root.i, span.text))
                i += n
            else:
                i += 1
        return found


def _split_verb_phrase(tok: Token, candidates: list) -> tuple[int, TriggerType] | None:
    """A verb + preposition phrase with words between them ("llega el jueves a Bogotá"
    for "llegar a", "arrived on Monday in Beijing" for "arrive in"): the preposition
    marks a name among the verb's own dependents ("llegaron este miércoles a su
    colofón" is no arrival). The match is the verb alone."""
    if tok.pos_ not in {"VERB", "AUX"}:
        return None
    marks = {
        fold(c.text)
        for child in tok.children
        for c in child.children
        if c.dep_ in {"case", "prep"}
        and child.dep_ in {"obl", "obj", "nmod"}
        and _names_someone(child)
    } | {  # English: the preposition hangs from the verb, the name from it
        fold(child.text)
        for child in tok.children
        if child.dep_ == "prep" and any(c.pos_ == "PROPN" for c in child.children)
    }
    for words, pos, ttype in candidates:
        if len(words) == 2 and words[1] in marks and not (pos and tok.pos_ != pos):
            return (1, ttype)
    return None


def _names_someone(noun: Token) -> bool:
    """A name, or a noun a name hangs from ("con el presidente de Egipto", "con el
    canciller, Sergei Lavrov"): the preposition marks someone, not "su colofón"."""
    return noun.pos_ == "PROPN" or any(
        c.pos_ == "PROPN" and c.dep_ in {"appos", "flat", "nmod"} for c in noun.children
    )


def _word_forms(phrase: str) -> list[tuple[str, ...]]:
    """The token sequences a phrase may be parsed as: as written and, for a
    hyphenated word, with the hyphen as a token of its own ("visa-free" is tokenised
    "visa", "-", "free")."""
    words = tuple(fold(w) for w in phrase.split())
    forms = [words]
    if any("-" in w.strip("-") for w in words):
        split = tuple(part for w in words for part in re.split(r"(?<=\w)(-)(?=\w)", w) if part)
        forms.append(split)
    return forms


def _token_is(tok: Token, word: str) -> bool:
    return word in (fold(tok.text), fold(tok.lemma_))


@cache
def load_lexicon(path: Path) -> Lexicon:
    """Read and compile ``triggers.yaml``."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    phrases: dict[str, dict[str, list]] = {}
    for family in ("events", "relations"):
        for name, spec in raw[family].items():
            ttype = TriggerType(
                name=name,
                cls=spec.get("type", name),
                family=family[:-1],
                confidence=float(spec["confidence"]),
                min_actors=int(spec.get("min_actors", 1)),
                roles=dict(spec.get("roles", {})),
                generic=bool(spec.get("generic", False)),
                speech=bool(spec.get("speech", False)),
                policy=bool(spec.get("policy", False)),
                invert=bool(spec.get("invert", False)),
                organization_suffices=bool(spec.get("organization_suffices", False)),
                needs_destination=bool(spec.get("needs_destination", False)),
                guests_visit=bool(spec.get("guests_visit", False)),
                visitors_meet=bool(spec.get("visitors_meet", False)),
                people_only=bool(spec.get("people_only", False)),
            )
            for lang in ("es", "en"):
                for phrase in spec.get(lang, []):
                    phrase, _, pos = str(phrase).partition("/")
                    by_first = phrases.setdefault(lang, {})
                    for words in _word_forms(phrase):
                        by_first.setdefault(words[0], []).append((words, pos or None, ttype))
    for by_first in phrases.values():
        for items in by_first.values():
            items.sort(key=lambda p: -len(p[0]))
    status = raw.get("status", {})
    return Lexicon(
        phrases=phrases,
        planned=tuple(fold(x) for x in status.get("planned", [])),
        expected=tuple(fold(x) for x in status.get("expected", [])),
        negation=frozenset(fold(x) for x in raw.get("negation", [])),
        attribution=tuple(fold(x) for x in raw.get("attribution", [])),
        mediation=tuple(fold(x) for x in raw.get("mediation", [])),
        topic_verbs=frozenset(fold(x) for x in raw.get("topic_verbs", [])),
        policy_verbs=frozenset(fold(x) for x in raw.get("policy_verbs", [])),
        policy_acts=frozenset(fold(x) for x in raw.get("policy_acts", [])),
        time_anchors=frozenset(fold(x) for x in raw.get("time_anchors", [])),
        denial=frozenset(fold(x) for x in raw.get("denial", [])),
        negators=frozenset(fold(x) for x in raw.get("negators", [])),
        without=frozenset(fold(x) for x in raw.get("without", [])),
        definite=frozenset(fold(x) for x in raw.get("definite", [])),
        continuation=frozenset(fold(x) for x in raw.get("continuation", [])),
        implies={str(k): str(v) for k, v in (raw.get("implies") or {}).items()},
        leads_to={str(k): str(v) for k, v in (raw.get("leads_to") or {}).items()},
        hold_verbs=frozenset(fold(x) for x in raw.get("hold_verbs", [])),
        keep_verbs=frozenset(fold(x) for x in raw.get("keep_verbs", [])),
        attend_verbs=frozenset(fold(x) for x in raw.get("attend_verbs", [])),
        speech_media=frozenset(fold(x) for x in raw.get("speech_media", [])),
        group_openers=tuple(str(x) for x in raw.get("group_openers", [])),
        entry_verbs=frozenset(fold(x) for x in (raw.get("entry") or {}).get("verbs", [])),
        visa_words=frozenset(fold(x) for x in (raw.get("entry") or {}).get("visa", [])),
        object_control=frozenset(fold(x) for x in raw.get("object_control", [])),
        commands=frozenset(fold(x) for x in raw.get("commands", [])),
        fought_by={
            str(k): frozenset(fold(x) for x in v) for k, v in (raw.get("fought_by") or {}).items()
        },
        words=load_words(path.parent.parent),
        breach=frozenset(fold(x) for x in raw.get("breach", [])),
        breach_type=raw.get("breach_type"),
        earlier=frozenset(fold(x) for x in (raw.get("earlier") or {}).get("words", [])),
        last_time=frozenset(fold(x) for x in (raw.get("earlier") or {}).get("last", [])),
        first=frozenset(fold(x) for x in (raw.get("earlier") or {}).get("first", [])),
        said_then=tuple(
            tuple(fold(x).split()) for x in (raw.get("earlier") or {}).get("said_then", [])
        ),
        anniversary=frozenset(fold(x) for x in (raw.get("earlier") or {}).get("anniversary", [])),
        years=frozenset(fold(x) for x in (raw.get("earlier") or {}).get("years", [])),
        credit=frozenset(fold(x) for x in raw.get("credit", [])),
        strained=frozenset(fold(x) for x in raw.get("strained", [])),
        strained_type=raw.get("strained_type"),
        mutual=frozenset(fold(x) for x in raw.get("mutual", [])),
        announce_verbs=frozenset(fold(x) for x in raw.get("announce_verbs", [])),
        document_nouns=frozenset(fold(x) for x in raw.get("document_nouns", [])),
        stance_speech=frozenset(fold(x) for x in raw.get("stance_speech", [])),
        reciprocal=tuple(fold(x) for x in raw.get("reciprocal", [])),
        separately=tuple(fold(x) for x in raw.get("separately", [])),
        restrict=frozenset(fold(x) for x in raw.get("restrict", [])),
        launch=frozenset(fold(x) for x in raw.get("launch", [])),
        launch_type=raw.get("launch_type"),
        pending=frozenset(fold(x) for x in raw.get("pending", [])),
        pending_type=raw.get("pending_type"),
        hypothetical=tuple(tuple(fold(x).split()) for x in raw.get("hypothetical", [])),
        hypothetical_determiners=frozenset(
            fold(x) for x in raw.get("hypothetical_determiners", [])
        ),
        conditional_auxiliaries=frozenset(fold(x) for x in raw.get("conditional_auxiliaries", [])),
    )


#: event classes one holds ("sostuvo una conversación", "celebrarán una ronda de
#: conversaciones"); an agreement one "celebra" is praised
HELD = frozenset({"Meeting", "Negotiation", "Call", "PhoneCall", "VideoCall", "Contact"})

#: classes whose noun an adjective trigger only qualifies ("tensiones comerciales",
#: "restricciones comerciales")
CONFLICTS = {"Opposition", "PolicyAnnouncement"}
#: classes whose noun a trade word only qualifies ("acuerdo comercial", "trade talks")
DEALS = {"Agreement", "Negotiation"}


def without_themes(
    triggers: list[TriggerMatch],
    doc: Doc,
    hold_verbs: frozenset[str] = frozenset(),
    keep_verbs: frozenset[str] = frozenset(),
) -> list[TriggerMatch]:
    """Drop an event noun that is the object of another kind of event verb: in
    "negociarán un acuerdo", the agreement is what is negotiated, not an event. (A
    relation noun under a speech verb, "aseguró su apoyo", stays: it is the fact.)
    A verb of receiving whose object is such a noun welcomes a fact, not a guest:
    "Macron welcomed the ceasefire" is no reception. A reporting verb whose object is
    an event noun holds it, says nothing: "sostuvo una conversación", "celebrarán una
    ronda de conversaciones"."""
    heads = {t.head for t in triggers}
    events = {t.head for t in triggers if t.type.cls in HELD}
    triggers = [
        t
        for t in triggers
        if not _welcomes_a_fact(t, doc, heads)
        and not _holds_an_event(t, doc, events, hold_verbs, keep_verbs)
    ]
    verbs = {
        t.head: t.type.cls
        for t in triggers
        if doc[t.head].pos_ in {"VERB", "AUX"}
        and t.type.family == "event"
        and not t.type.speech
        and not t.type.needs_destination  # "llegaron a un acuerdo": reached, not travelled
    }
    conflicts = {t.head for t in triggers if t.type.cls in CONFLICTS}
    dealt = {t.head for t in triggers if t.type.cls in DEALS}
    receivers = {
        t.head for t in triggers if t.type.guests_visit and doc[t.head].pos_ in {"VERB", "AUX"}
    }
    out = []
    for t in triggers:
        tok = doc[t.head]
        if t.type.cls == "Visit" and tok.pos_ == "NOUN" and governor(tok).i in receivers:
            continue  # "recibió a Petro en una visita oficial": the guest's, read from him
        if tok.pos_ == "ADJ" and tok.head.i in conflicts and t.type.cls not in CONFLICTS:
            continue  # "tensiones comerciales": what the conflict is about, not trade
        if t.type.cls == "Trade" and tok.head.i != tok.i and governor(tok).i in conflicts:
            continue  # "tariffs on all Colombian imports": what the measure hits
        if (
            t.type.cls == "Trade"
            and tok.dep_ in {"amod", "compound"}
            and tok.head.i in dealt
            and tok.head.i != tok.i
        ):
            continue  # "acuerdo comercial", "trade talks": what is agreed on, not trade
        theme = (
            t.type.family == "event"
            and tok.pos_ not in {"VERB", "AUX"}
            and tok.dep_ in {"obj", "dobj"}
            and verbs.get(tok.head.i, t.type.cls) != t.type.cls
        )
        if not theme:
            out.append(t)
    return out


def _holds_an_event(
    trigger: TriggerMatch,
    doc: Doc,
    event_heads: set[int],
    hold_verbs: frozenset[str],
    keep_verbs: frozenset[str] = frozenset(),
) -> bool:
    """A reporting verb that also means holding ("sostener", "celebrar") whose direct
    object is an event noun ("desmintió cualquier reunión" still says something), or
    one that means keeping with any noun for object ("sostendrá intercambios")."""
    if not trigger.type.speech:
        return False
    verb = doc[trigger.head]
    lemma = fold(verb.lemma_)
    if verb.pos_ not in {"VERB", "AUX"} or lemma not in hold_verbs | keep_verbs:
        return False
    objects = [c for c in verb.children if c.dep_ in {"obj", "dobj"}]
    if lemma in keep_verbs and any(c.pos_ == "NOUN" for c in objects):
        return True
    return any(c.i in event_heads for c in objects)


def _welcomes_a_fact(trigger: TriggerMatch, doc: Doc, trigger_heads: set[int]) -> bool:
    """A receiving verb ("welcomed", "dio la bienvenida a") whose object is another
    trigger's noun."""
    if not trigger.type.guests_visit:
        return False
    verb = doc[trigger.head]
    if verb.pos_ not in {"VERB", "AUX"}:
        return False
    return any(
        c.dep_ in {"obj", "dobj"} and c.i in trigger_heads and c.pos_ in {"NOUN", "PROPN"}
        for c in verb.children
    )
