"""Stage 3 of extraction: when, where and whether — date, place and status.

The date comes from the trigger's own clause (``date_attachment.py``); the place is
the first place or country under a locative preposition ("en Nueva Delhi", "in
Jeddah, Saudi Arabia", "en la ciudad brasileña de Belém"); a visit's host is the
place or state visited. The status says whether the event happened, is planned
("visitará", "para reunirse", "aplazó") or expected ("podría", "se espera").
"""

from __future__ import annotations

from spacy.tokens import Token

from diplokg.extract.clauses import governor, purpose_marked
from diplokg.extract.date_attachment import SentenceDates, attach_date
from diplokg.extract.frame import Frame, FrameReader
from diplokg.extract.hosts import country_hosts
from diplokg.extract.phrases import words_re
from diplokg.knowledge.text import fold
from diplokg.link.linker import ArticleState, Mention
from diplokg.link.names import load_name_rules
from diplokg.model import EntityType, EventStatus, Participant


class Attacher:
    """Date, place and status of an event frame."""

    def __init__(self, reader: FrameReader) -> None:
        self.reader = reader
        self.words = reader.words
        self._expected_re = words_re(reader.lex.expected)
        self._planned_re = words_re(reader.lex.planned)

    def date(self, frame: Frame, dates: SentenceDates):
        """The date mention that belongs to the event, if any."""
        return attach_date(
            frame.sent,
            dates,
            trigger=frame.head,
            verb=frame.verb,
            clause=frame.clause,
            speech=frame.type.speech,
        )

    def status(self, frame: Frame) -> EventStatus:
        """Happened, planned or expected, from the verb's tense and the sentence."""
        if frame.type.speech:
            return EventStatus.HAPPENED
        verb = frame.verb
        if (
            verb.dep_ == "advcl"
            and "Inf" in verb.morph.get("VerbForm")
            and purpose_marked(verb, self.words)
        ):
            return EventStatus.PLANNED  # "llegó a Lima para reunirse con Boric"
        if self.reader.controlling_object(verb):
            return EventStatus.PLANNED  # "invitó a Lula a visitar China"
        low = fold(status_text(frame))
        if self._expected_re.search(low):
            return EventStatus.EXPECTED
        if frame.entry:
            # a visa rule is news when announced, though travellers use it later
            # ("podrán entrar", "will be able to enter")
            return EventStatus.HAPPENED
        future = "Fut" in verb.morph.get("Tense") or any(
            c.dep_ in {"aux", "aux:pass", "auxpass", "cop"} and "Fut" in c.morph.get("Tense")
            for c in verb.children
        )  # "será recibido por Xi": the future is on the auxiliary
        if future or self._planned_re.search(low):
            return EventStatus.PLANNED
        return EventStatus.HAPPENED

    def place(
        self,
        frame: Frame,
        mentions: list[Mention],
        participants: list[Participant],
        state: ArticleState,
    ) -> str | None:
        """Where the event happened: the first place or country of the clause under a
        locative preposition. A named place beats the country around it."""
        taken = {p.entity for p in participants}
        doc = frame.sent.doc
        found: list[tuple[bool, int, str]] = []
        for m in mentions:
            if m.start not in frame.clause or m.key in taken or m.kind == "demonym":
                continue
            etype = self.reader.etype(m.key, state)
            if etype not in {EntityType.PLACE, EntityType.COUNTRY}:
                continue
            if not self.reader.is_locative(doc, m):
                continue
            if frame.type.speech and not self.reader.located(doc, m, state):
                continue  # "agradeció a Alemania", "gratitude to China": whom, not where
            noun = governor(m.tokens(doc).root)
            if (
                noun.i != frame.head.i
                and noun.i in frame.event_nouns
                and noun.i not in frame.gathering_nouns
            ):
                # "visitó Japón en medio de la guerra en Ucrania": the war's place ("at
                # the Tokyo summit, the two agreed": the summit's is theirs)
                continue
            if self._of_a_topic(noun, frame):
                # "discussed the situation in Gaza": where the situation is
                continue
            found.append((etype is not EntityType.PLACE, m.start, m.key))
        return min(found)[2] if found else None

    @staticmethod
    def _of_a_topic(noun: Token, frame: Frame) -> bool:
        """Whether a locative phrase qualifies what the trigger's verb is about: a noun
        (past the place nouns that pass the phrase on, "la región del Sahel") that is
        the verb's object and no event ("discussed the situation in Gaza")."""
        if frame.type.cls == "Visit":
            return False
        place_nouns = load_name_rules().words("place_nouns")
        while noun.lemma_.lower() in place_nouns and noun.head.i != noun.i:
            noun = governor(noun)
        return (
            noun.i != frame.head.i
            and not frame.trigger.start <= noun.i < frame.trigger.end  # "held talks in"
            and noun.pos_ == "NOUN"
            and noun.i not in frame.event_nouns
            and noun.dep_ in {"obj", "dobj"}
            and noun.head.i == frame.verb.i
        )

    def visit_hosts(
        self,
        frame: Frame,
        participants: list[Participant],
        place: str | None,
        mentions: list[Mention],
        state: ArticleState,
    ) -> tuple[list[Participant], str | None]:
        """A visit's host is the place or state visited; a person met there (Xi, when
        Lula visits Beijing) takes part without being "the place visited". With no host
        named, the first place of the clause is visited. A city visited is the place, its
        country the host (``hosts.py``)."""

        def is_person(p: Participant) -> bool:
            return self.reader.etype(p.entity, state) is EntityType.PERSON

        hosts = [p for p in participants if p.role == "host"]
        if hosts and all(is_person(p) for p in hosts):
            participants = [
                Participant(p.entity, "participant") if p.role == "host" else p
                for p in participants
            ]
            if place:
                participants.append(Participant(place, "host"))
        if not any(p.role == "host" for p in participants):
            # "Before Abu Dhabi, Prabowo visited London": a place that dates the visit
            # by another stop is not the one visited
            visited = [
                m
                for m in mentions
                if m.start in frame.clause
                and m.start not in frame.anchored
                and not m.consumed
                and self.reader.etype(m.key, state) is EntityType.PLACE
            ]
            if visited:
                participants.append(Participant(visited[0].key, "host"))
                place = place or visited[0].key
        return country_hosts(participants, place, self.reader.gz, state)


#: dependents that carry a verb's mood and plans ("tiene previsto", "could", "will")
STATUS_DEPS = {"aux", "aux:pass", "auxpass", "cop", "advmod", "mark", "neg", "expl:pass"}


def status_text(frame: Frame) -> str:
    """The words around the trigger that can say it is planned or expected: the verb
    with its auxiliaries and adverbs, the verbs it is the complement of ("planea
    visitar", "is set to meet"), and for a noun its own participles ("la visita
    prevista"). Not the rest of the sentence: "un acuerdo para suspender los
    aranceles, prevista para el viernes" plans the tariffs, not the call."""
    keep: set[int] = set()
    tok = frame.verb
    for _ in range(3):
        keep.add(tok.i)
        keep |= {c.i for c in tok.children if c.dep_ in STATUS_DEPS}
        if tok.dep_ not in {"xcomp", "ccomp", "csubj"} or tok.head.i == tok.i:
            break
        tok = tok.head
        # "tiene previsto reunirse", "se espera que": the governing verb's own words
        keep |= {
            c.i
            for c in tok.children
            if c.dep_ in {"expl:pass", "expl"} or c.pos_ in {"ADJ", "AUX", "ADV", "PART"}
        }
    head = frame.head
    if frame.nominal:
        keep.add(head.i)
        keep |= {
            i
            for c in head.children
            if c.dep_ in {"amod", "acl"} and c.pos_ in {"VERB", "ADJ", "AUX"}
            for i in (c.i, *(g.i for g in c.children if g.dep_ in STATUS_DEPS))
        }
        if head.dep_ in {"obj", "dobj", "nsubj", "nsubj:pass"}:
            keep.add(head.head.i)
    doc = frame.sent.doc
    return " ".join(doc[i].text for i in sorted(keep))
