"""Stage 4 of extraction: refine a fact once its frame is read.

A vague trigger becomes a ``Contact`` (kept only if a specific event absorbs it,
``merge.py``); a statement that goes on with the previous one is marked
(``continues``), a definite event noun with no date of its own too (``refers_back``);
a plural speech noun with several speakers is one statement each; a leader received
abroad also visits; a supply from two suppliers is two relations.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from diplokg.extract.clauses import clause_head, governor, subject_tokens, subtree
from diplokg.extract.dates import DateMention, years_before
from diplokg.extract.frame import ACTORS, DIRECTED, Frame, FrameReader, verb_clause_text
from diplokg.extract.hosts import country_hosts
from diplokg.extract.phrases import words_re
from diplokg.extract.triggers import TriggerMatch, TriggerType
from diplokg.knowledge.text import fold
from diplokg.link.linker import ArticleState, Mention
from diplokg.model import EntityType, Event, Participant, Relation

#: a fact read from an actor inferred (a role, an anaphor) is less certain
FACTOR_INFERRED_ACTOR = 0.9


class Refiner:
    """The refinements of stage 4."""

    def __init__(self, reader: FrameReader) -> None:
        self.reader = reader
        self.lex = reader.lex
        self._separately_re = words_re(self.lex.separately)

    def retype(self, trig: TriggerMatch, doc: Doc) -> TriggerMatch:
        """Refine the trigger's type from its syntax.

        * A stance verb that reports a clause is a statement: "denunció que el personal
          fue agredido", "criticized that ..." (a stance towards someone, "denunció a
          Ecuador", stays a relation).
        * A relation broken off is a policy: "ordenó la suspensión de las relaciones con
          Ecuador", "cut relations with" (``breach`` in ``triggers.yaml``).
        * Trade or aid stopped is a policy: "suspendió las importaciones de carne de
          Canadá", "suspended financial aid" (``restrict``).
        * Launching a partnership is agreeing on it: "anunciaron el lanzamiento de una
          asociación estratégica" (``launch`` in ``triggers.yaml``).
        * An agreement still to be made is the talks on it: "negociaciones para un
          tratado", "a proposed agreement" (``pending``).
        """
        head = doc[trig.head]
        if trig.type.policy and self._launches_cooperation(trig, doc):
            launched = self.lex.type_named(self.lex.launch_type)
            return replace(trig, type=launched) if launched is not None else trig
        if (
            trig.type.family == "relation"
            and head.pos_ == "VERB"
            and any(
                c.dep_ in {"ccomp", "xcomp"}
                and any(m.dep_ == "mark" and m.lower_ in {"que", "that"} for m in c.children)
                for c in head.children
            )
        ):
            speech = self.lex.statement_type
            return replace(trig, type=speech) if speech is not None else trig
        if (
            trig.type.cls in {"Trade", "Supply", "Support"}
            and self.lex.breach_type
            and head.dep_ in {"obj", "dobj", "nsubj:pass", "nsubjpass"}
            and fold(head.head.lemma_) in self.lex.restrict
        ):
            # "suspendió las importaciones de carne de Canadá", "suspended financial
            # aid to South Africa": a measure, not trade or support
            return self._policy(trig)
        if trig.type.cls == "Agreement" and head.pos_ in {"NOUN", "PROPN"} and self._pending(head):
            # "iniciaron negociaciones para un tratado", "un posible acuerdo": talks
            pending = self.lex.type_named(self.lex.pending_type or "")
            return replace(trig, type=pending) if pending is not None else trig
        if trig.type.cls == "Cooperation" and self._strained(head):
            strained = self.lex.type_named(self.lex.strained_type or "")
            return replace(trig, type=strained) if strained is not None else trig
        if trig.type.cls != "Cooperation" or not self.lex.breach_type:
            return trig
        breaking = head.head if head.head.i != head.i else None
        if not (
            (breaking is not None and fold(breaking.lemma_) in self.lex.breach)
            or self._breach_before(head)
        ):
            return trig
        return self._policy(trig)

    def _pending(self, noun: Token) -> bool:
        """An agreement noun still to be made: under a word of ``pending`` (the verb
        it is the object of, the noun it hangs from) or qualified by one."""
        words = self.lex.pending
        near = [c for c in noun.children if c.dep_ in {"amod", "compound"}]
        if noun.head.i != noun.i and noun.dep_ in {"obj", "dobj", "nmod", "pobj"}:
            near.append(governor(noun))
        return any(fold(t.lemma_) in words or fold(t.text) in words for t in near)

    def _strained(self, noun: Token) -> bool:
        """Relations said to have gone bad: a word of ``strained`` on the noun ("frayed
        ties", "relaciones tensas"), as the verb or predicate it is the subject of
        ("relations have deteriorated", "las relaciones están rotas"), the verb it is
        the object of ("ha perturbado las relaciones") or the noun it hangs from ("el
        deterioro de las relaciones", "the decline in ties")."""
        words = self.lex.strained
        if not words:
            return False
        near = [c for c in noun.children if c.dep_ in {"amod", "acl", "compound"}]
        if noun.dep_ in {"nmod", "pobj"}:
            near.append(governor(noun))
        if noun.dep_ in {"obj", "dobj"} and noun.head.i != noun.i:
            near.append(noun.head)  # "la guerra de aranceles ha perturbado las relaciones"
        if noun.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"} and noun.head.i != noun.i:
            verb = noun.head
            near.append(verb)
            near += [c for c in verb.children if c.dep_ in {"acomp", "xcomp", "advmod"}]
        return any(fold(t.lemma_) in words or fold(t.text) in words for t in near)

    def _policy(self, trig: TriggerMatch) -> TriggerMatch:
        """The trigger retyped as the lexicon's breach type (a policy)."""
        policy = self.lex.type_named(self.lex.breach_type)
        return replace(trig, type=policy) if policy is not None else trig

    def _launches_cooperation(self, trig: TriggerMatch, doc: Doc) -> bool:
        """A launch word whose object, a few words on, is a cooperation noun."""
        words = doc[trig.start : trig.end]
        if not any(
            fold(t.lemma_) in self.lex.launch or fold(t.text) in self.lex.launch for t in words
        ):
            return False
        after = doc[trig.end : min(trig.end + 5, doc[trig.head].sent.end)]
        return any(
            t.type.cls == "Cooperation"
            for t in self.lex.match(after, "es") + self.lex.match(after, "en")
        )

    def _breach_before(self, noun: Token) -> bool:
        """A breaking word just before the relation noun, past quotes and a "de"
        ("el “inmediato rompimiento” de relaciones"), where a quote mark can throw
        the parse off."""
        for tok in reversed(noun.doc[max(noun.sent.start, noun.i - 4) : noun.i]):
            if tok.is_punct or tok.is_quote or tok.lower_ in self.reader.words.genitive:
                continue
            if tok.pos_ == "DET":
                continue
            return fold(tok.lemma_) in self.lex.breach or fold(tok.text) in self.lex.breach
        return False

    @staticmethod
    def event_type(ttype: TriggerType) -> str:
        """The class of the event: a vague trigger ("conversación") is a Contact."""
        return ttype.cls if not ttype.generic else "Contact"

    def continues(self, frame: Frame) -> bool:
        """A statement that goes on with the previous one ("añadió", "Además, señaló",
        a bare "he said.")."""
        if not frame.type.speech:
            return False
        verb, sent, words = frame.verb, frame.sent, self.lex.continuation
        content = [t for t in sent if not t.is_punct and not t.is_quote]
        return (
            # "he said.", "dijo." alone: the words quoted just before
            len(content) <= 3
            or fold(verb.lemma_) in words
            or any(
                fold(t.text) in words
                for t in sent[:3]
                if t.pos_ in {"ADV", "CCONJ"} or t.dep_ == "advmod"
            )
            or any(c.dep_ == "advmod" and fold(c.text) in words for c in verb.children)
        )

    def earlier(self, frame: Frame) -> bool:
        """Whether the event is told as before the news: in the pluperfect ("had
        first met at the G7", "habían estado juntos"), unless reported (a speaker's
        "said she had spoken" is the news); named as a previous one ("their previous
        meeting", "su última reunión", "la última vez que se reunieron"); or the first
        one, after or since which the news came ("six months after their first
        meeting")."""
        if frame.type.speech:
            return self._said_then(frame.verb)
        head, verb = frame.head, frame.verb
        words = self.lex.earlier
        if self._pluperfect(verb) and not self._reported(verb):
            return True
        marks = [c for c in head.children if c.dep_ in {"amod", "advmod", "det"}]
        marks += [c for c in verb.children if c.dep_ == "advmod"]
        if any(fold(t.text) in words for t in marks):
            return True
        # "la última vez que se reunieron", "the last time they met"
        up = verb.head if verb.dep_ in {"acl:relcl", "relcl", "acl"} else None
        if up is not None and any(
            c.dep_ == "amod" and fold(c.text) in self.lex.last_time for c in up.children
        ):
            return True
        first = any(c.dep_ == "amod" and fold(c.text) in self.lex.first for c in head.children)
        if first and frame.nominal and self.reader.in_anchor(frame.sent, head):
            return True
        return frame.nominal and self._commemorated(head)

    def _said_then(self, verb: Token) -> bool:
        """Whether a phrase on the reporting verb places the words back in time ("said
        at the time", "dijo en su momento")."""
        doc = verb.doc
        for child in verb.children:
            start = child.left_edge.i
            first = fold(doc[start].text)
            for phrase in self.lex.said_then:
                if phrase[0] != first:
                    continue
                words = tuple(fold(t.text) for t in doc[start : start + len(phrase)])
                if words == phrase:
                    return True
        return False

    def commemorated_date(self, frame: Frame, date: DateMention | None) -> DateMention | None:
        """The date of a commemorated event: the sentence's date is the anniversary's,
        so "los 35 años de la invasión" on 20 December 2024 is 20 December 1989, and a
        bare anniversary ("the third anniversary of the war") dates nothing."""
        if not frame.nominal or date is None or not self._commemorated(frame.head):
            return date
        years = self._years_counted(governor(frame.head))
        if years is None or date.value is None:
            return None
        value = years_before(date.value, years)
        return replace(date, value=value) if value is not None else None

    @staticmethod
    def _years_counted(noun: Token) -> int | None:
        """The number of years a "N años" / "N years" noun counts, if written in digits."""
        for c in noun.children:
            if c.dep_ == "nummod" and c.text.isdigit():
                return int(c.text)
        return None

    def _commemorated(self, noun: Token) -> bool:
        """An event noun on an anniversary ("el aniversario de la invasión") or on the
        years counted since it ("los 35 años de la invasión", "30 years since the war"):
        an earlier event, not the news."""
        above = governor(noun)
        if above.i == noun.i:
            return False
        word = fold(above.lemma_)
        if word in self.lex.anniversary or fold(above.text) in self.lex.anniversary:
            return True
        return (fold(above.text) in self.lex.years or word in self.lex.years) and any(
            c.dep_ == "nummod" or c.like_num for c in above.children
        )

    def _pluperfect(self, verb: Token) -> bool:
        """A verb in the pluperfect: "had met", "había viajado", "habían estado
        juntos" (the participle on the copula)."""
        participle = "Part" in verb.morph.get("VerbForm") or any(
            c.dep_ == "cop" and "Part" in c.morph.get("VerbForm") for c in verb.children
        )
        return participle and any(
            c.dep_ in {"aux", "aux:pass", "auxpass"}
            and fold(c.lemma_) in {"haber", "have"}
            and {"Past", "Imp"} & set(c.morph.get("Tense"))  # "had", "había"
            for c in verb.children
        )

    def _reported(self, verb: Token) -> bool:
        """Whether a verb is in a clause a speaker reports ("dijo que se habían
        reunido", "said they had met")."""
        tok = verb
        for _ in range(3):
            if tok.dep_ not in {"ccomp", "xcomp", "conj"} or tok.head.i == tok.i:
                return False
            tok = tok.head
            if self.lex.speech_lemma(tok):
                return True
        return False

    def refers_back(self, frame: Frame, dated: bool) -> bool:
        """A definite event noun with no date of its own ("el encuentro", "the talks")."""
        return (
            not dated
            and frame.nominal
            and any(
                c.dep_ == "det" and fold(c.text) in self.lex.definite for c in frame.head.children
            )
        )

    def split_speakers(
        self, frame: Frame, fact: Event, mentions: list[Mention], state
    ) -> list[Event]:
        """ "opening remarks from A, B and C": one statement each (a plural speech noun);
        any other fact stays as it is."""
        head = frame.head
        plural = head.pos_ == "NOUN" and "Plur" in head.morph.get("Number")
        if not (frame.type.speech and plural):
            return [fact]
        keys = self._speakers_of(frame, mentions, state)
        return [replace(fact, participants=[Participant(k, "speaker")]) for k in keys]

    def split_meetings(self, frame: Frame, fact: Event, state) -> list[Event]:
        """ "will hold bilateral meetings with A and B", "reuniones por separado con A y
        B": one person meeting people of several sides, one meeting each (a plural
        meeting noun); any other fact stays as it is."""
        head = frame.head
        if fact.type != "Meeting":
            return [fact]
        hub = {m.key for m in frame.subject_side}
        if len(hub) > 1:
            return self._each_met(frame, fact, hub, state)
        if len(hub) != 1 or self.reader.etype(next(iter(hub)), state) is not EntityType.PERSON:
            return [fact]
        if not (head.pos_ == "NOUN" and "Plur" in head.morph.get("Number")):
            return self._met_each(frame, fact, hub, state)
        others = [
            p
            for p in fact.participants
            if p.entity not in hub
            and self.reader.etype(p.entity, state) is EntityType.PERSON
            and p.role != "mediator"
        ]
        sides = {state.side(p.entity) for p in others}
        if len(others) < 2 or len(sides) < len(others):
            return [fact]  # "met the ministers of France": one side, one meeting
        if len(others) + 1 != len(
            [p for p in fact.participants if not p.entity.startswith(("place/", "country/"))]
        ):
            return [fact]
        kept = [p for p in fact.participants if p.entity in hub]
        return [replace(fact, participants=[*kept, p]) for p in others]

    def _met_each(self, frame: Frame, fact: Event, hub: set[str], state) -> list[Event]:
        """ "se reunió con su homólogo chileno y con la ministra de Defensa", "met with
        A and with B": one person meeting people each named with a "con" / "with" of their
        own, one meeting each (one "con" for all, "met with A and B", stays one); so does
        one meeting a list of people of three states or more ("met with the presidents
        of Rwanda, Mozambique and Cyprus": bilateral meetings on a summit's sidelines)."""
        doc = frame.sent.doc
        partners = [
            m
            for m in frame.others
            if m.key not in hub and self.reader.etype(m.key, state) is EntityType.PERSON
        ]
        if len({m.key for m in partners}) < 2:
            return [fact]
        sides = {state.side(m.key) for m in partners} - {state.side(k) for k in hub}
        listed = len(sides) >= LISTED_PARTNERS and len(sides) == len({m.key for m in partners})
        if not listed and not all(self._own_with(m.tokens(doc).root) for m in partners):
            return [fact]
        keys = {m.key for m in partners}
        kept = [p for p in fact.participants if p.entity not in keys]
        out: list[Event] = []
        for key in dict.fromkeys(m.key for m in partners):
            out.append(replace(fact, participants=[*kept, Participant(key, "participant")]))
        return out

    def _each_met(self, frame: Frame, fact: Event, hub: set[str], state) -> list[Event]:
        """ "Xi, Li y Zhao sostendrán reuniones por separado con Sharif", "A and B met
        separately with C": several people of the subject, each meeting the one named
        with them, one meeting each."""
        if self._separately_re.search(verb_clause_text(frame)) is None:
            return [fact]
        people = [k for k in hub if self.reader.etype(k, state) is EntityType.PERSON]
        met = [
            p
            for p in fact.participants
            if p.entity not in hub and self.reader.etype(p.entity, state) is EntityType.PERSON
        ]
        if len(people) < 2 or len(met) != 1:
            return [fact]
        kept = [p for p in fact.participants if p.entity not in hub]
        return [
            replace(fact, participants=[Participant(k, "participant"), *kept])
            for k in dict.fromkeys(m.key for m in frame.subject_side if m.key in people)
        ]

    def _own_with(self, tok: Token) -> bool:
        """Whether the name at ``tok`` (or the noun it names, through an apposition)
        carries a "con" / "with" of its own."""
        while tok.dep_ in {"appos", "flat", "flat:name"} and tok.head.i != tok.i:
            tok = tok.head
        with_ = self.reader.words.with_
        if any(c.dep_ == "case" and c.lower_ in with_ for c in tok.children):
            return True  # Spanish: "con" on the noun
        return tok.head.lower_ in with_ and tok.head.dep_ in {"prep", "conj"}

    def _speakers_of(self, frame: Frame, mentions: list[Mention], state) -> list[str]:
        """Every actor named on a plural speech noun or as those who delivered it (not
        what it is about: "las declaraciones de Trump sobre Groenlandia")."""
        noun = frame.head
        verb = clause_head(noun)
        pool = subtree(noun) if noun.i != verb.i else set()
        subj = subject_tokens(verb, self.reader.words)
        pool |= subj if noun.i not in subj else set()
        pool -= self.reader.about_tokens(frame.sent, noun)
        return list(
            dict.fromkeys(
                m.key
                for m in mentions
                if m.start in pool
                and not m.consumed
                and m.kind != "demonym"
                and not self.reader.is_agency(m.key)
                and self.reader.etype(m.key, state) in ACTORS
            )
        )

    def guests_visit(
        self, frame: Frame, fact: Event, mentions: list[Mention], state: ArticleState
    ) -> Event | None:
        """ "Maduro recibió a Petro en Caracas": Petro visited Caracas (or, with no place
        named, the receiver's country). Only guests known to lead another country visit:
        a minister received by their own president does not."""
        if not frame.type.guests_visit:
            return None
        subj = subject_tokens(clause_head(frame.head), self.reader.words)
        hosts = {m.key for m in mentions if m.start in subj}
        guests = [p.entity for p in fact.participants if p.entity not in hosts]
        if not hosts or not guests:
            return None

        def country(key: str) -> str | None:
            ent = state.entities.get(key)
            if ent is None:
                return None
            if ent.type is EntityType.COUNTRY:
                return key
            return ent.leader_of[0] if ent.leader_of else None

        home = {c for c in map(country, hosts) if c}
        guests = [g for g in guests if country(g) is not None and country(g) not in home]
        place = fact.place or next(iter(sorted(home)), None)
        if not guests or place is None:
            return None
        participants, where = country_hosts(
            [Participant(g, "visitor") for g in guests] + [Participant(place, "host")],
            fact.place,
            self.reader.gz,
            state,
        )
        return replace(
            fact,
            type="Visit",
            participants=participants,
            evidence=list(fact.evidence),
            confidence=round(fact.confidence * FACTOR_INFERRED_ACTOR, 3),
            place=where,
            trigger=fact.trigger,
        )


#: people of this many other states or more, listed after one "with", met one by one
LISTED_PARTNERS = 3


def visitors_meet(frame: Frame, fact: Event, state: ArticleState) -> Event | None:
    """ "Mahama visitó a su homólogo Tinubu en Abuja": visiting a person (the verb's
    object, or a visit noun's host who leads the country visited: "su visita a China
    para reunirse con Xi") is also meeting them. A visit noun's other people
    ("acompañó a Modi en una visita a una fábrica") are company, not the ones visited."""
    if not frame.type.visitors_meet or fact.type != "Visit":
        return None
    visitors = [p.entity for p in fact.participants if p.role == "visitor"]
    sides = {state.side(v) for v in visitors}
    hosts = {p.entity for p in fact.participants if p.role == "host"}
    visited = [
        p.entity
        for p in fact.participants
        if (
            # a visit noun's host names the one visited only as the host country's
            # leader ("su visita a China para reunirse con Xi")
            p.role == "host" and state.side(p.entity) in hosts
            if frame.nominal
            else p.role != "visitor"
        )
        and (ent := state.entities.get(p.entity)) is not None
        and ent.type is EntityType.PERSON
        and state.side(p.entity) not in sides
    ]
    if not visitors or not visited:
        return None
    return replace(
        fact,
        type="Meeting",
        participants=[Participant(k, "participant") for k in (*visitors, *visited)],
        evidence=list(fact.evidence),
        confidence=round(fact.confidence * FACTOR_INFERRED_ACTOR, 3),
    )


def directed_pairs(rel: Relation) -> list[Relation]:
    """ "India imports oil from Iraq and Saudi Arabia" is two supply relations, one
    per supplier: each has its own source, volume and fate. Several actors all on one
    side and none on the other ("la venta de armas de A a B" misparsed as two
    recipients) make none: who supplies whom is not known."""
    roles = DIRECTED.get(rel.type)
    if roles is None:
        return [rel]
    sources = [p for p in rel.participants if p.role == roles[0]]
    targets = [p for p in rel.participants if p.role == roles[1]]
    if len(sources) <= 1 and len(targets) <= 1:
        return [rel]
    rest = [p for p in rel.participants if p.role not in roles]
    return [
        replace(rel, participants=[s, t, *rest], evidence=list(rel.evidence))
        for s in sources or [None]
        for t in targets or [None]
        if s is not None and t is not None
    ]
