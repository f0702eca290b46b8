"""Events and relations from one parsed passage: the extraction stages wired together.

For each sentence with an actor, and each trigger in it:

1. **trigger** (``triggers.py``): the lexicon's words and phrases, longest first; an
   event noun that is what another event verb is about is dropped ("negociarán un
   acuerdo");
2. **frame** (``frame.py``): the governing verb, its clause and the actors in it,
   split into the subject side and the others; nouns that name their own sides
   narrow them (``sides.py``: "el acuerdo entre A y B", a war noun); a visa rule
   takes the state entered as issuer (``entry.py``); then the sides are mapped onto
   the type's roles (``roles.py``);
3. **date, place, status** (``attach.py``);
4. **refinement** (``refine.py``): vague contacts, continued statements, definite
   mentions of an event already reported, one statement per speaker of a plural
   speech noun, the visit of a leader received abroad; a tour of several countries
   is one visit per country (``hosts.py``);
5. **filters** (``filters.py``): negated, denied or only discussed facts, facts with
   too few actors, visits home.

Statements that no reporting verb announces (a signed quotation, "según X", words
said in an interview or a post) come from ``statements.py``; a group left unnamed and
listed in the next sentence ("Among them were A, B and C") from ``groups.py``. How the
confidence is computed is documented in ``docs/confidence.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from diplokg.extract.attach import Attacher
from diplokg.extract.date_attachment import SentenceDates, date_mentions
from diplokg.extract.dates import DateResolver
from diplokg.extract.entry import EntryRules
from diplokg.extract.filters import Filters, says_nothing
from diplokg.extract.frame import Frame, FrameReader, SentenceContext
from diplokg.extract.groups import GroupLists, UnnamedGroup
from diplokg.extract.hosts import away_hosts, tour_legs
from diplokg.extract.occasion import Occasions
from diplokg.extract.phrases import AliasIndex
from diplokg.extract.refine import FACTOR_INFERRED_ACTOR, Refiner, directed_pairs, visitors_meet
from diplokg.extract.roles import assign_roles
from diplokg.extract.sides import NounSides
from diplokg.extract.statements import FACTOR_CAPTION, StatementFinder, quote_of
from diplokg.extract.triggers import Lexicon, TriggerMatch, without_themes
from diplokg.knowledge.gazetteer import Gazetteer
from diplokg.knowledge.text import fold
from diplokg.link.linker import ArticleState, Mention, in_title_case
from diplokg.model import (
    EntityType,
    Event,
    EventStatus,
    Evidence,
    PassageKind,
    Relation,
)
from diplokg.nlp.text import span_text

FACTOR_FALLBACK = 0.8
FACTOR_NOT_HAPPENED = 0.9


@dataclass
class PassageContext:
    """Everything the extractor needs about one passage."""

    doc: Doc
    lang: str
    kind: PassageKind
    mentions: list[Mention]
    state: ArticleState
    lede: bool = False  # the headline or lede of the article
    #: the place of a wire dateline opening the passage ("WASHINGTON — ..."): where
    #: the events of its first sentence happened, when it names no other place
    dateline_place: str | None = None
    #: where that dateline ends (characters): its date is the filing day, no event's
    dateline_end: int = 0


#: event classes that happen somewhere (a statement or a policy has no place)
PLACED = frozenset({"Meeting", "Visit", "Negotiation", "Agreement", "Call", "Contact"})


class Extractor:
    """Reads events and relations from linked, parsed passages."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer) -> None:
        self.lex = lexicon
        self.gz = gazetteer
        self.reader = FrameReader(lexicon, gazetteer, AliasIndex.of(gazetteer.topics))
        self.filters = Filters(self.reader)
        self.attacher = Attacher(self.reader)
        self.refiner = Refiner(self.reader)
        self.occasion = Occasions(lexicon)
        self.sides = NounSides(lexicon)
        self.entry = EntryRules(self.reader)
        self.groups = GroupLists(self.reader)
        self._commodities = AliasIndex.of(gazetteer.commodities)
        # verbless statements start from the confidence of the Statement type itself,
        # not of whichever speech type the lexicon happens to list first
        statement = lexicon.statement_type
        self.statements = StatementFinder(self.reader, statement.confidence if statement else 0.7)

    def extract(self, ctx: PassageContext) -> tuple[list[Event], list[Relation]]:
        """All events and relations of one passage."""
        events: list[Event] = []
        relations: list[Relation] = []
        resolver = DateResolver(ctx.lang, ctx.state.published)
        # the last sentence's subject, for a dropped one ("Subrayaron ..."), also across
        # the paragraphs of the body
        body = ctx.kind is PassageKind.BODY
        carried = [Mention(0, 0, k, "anaphor") for k in ctx.state.subjects] if body else []
        # the last sentence's events whose subject is a group with no names, for a
        # list of its members next ("Among them were A, B and C")
        unnamed: list[UnnamedGroup] = []
        sentences = list(ctx.doc.sents)
        for n, sent in enumerate(sentences):
            mentions = [m for m in ctx.mentions if sent.start <= m.start < sent.end]
            subjects = self.reader.sentence_subjects(sent, mentions, ctx.state)
            lists_next = n + 1 < len(sentences) and self.groups.opens_list(sentences[n + 1])
            if not mentions and not carried and not lists_next:
                unnamed = []
                continue  # every fact needs an actor, named here or just before
            triggers = [
                t for t in self.lex.match(sent, ctx.lang) if not _in_a_name(t, mentions, sent)
            ]
            sc = self.reader.sentence(sent, mentions, triggers, carried)
            carried = subjects or carried
            found: list[Event] = []
            quoted = self.statements.signed_quote(
                sent, mentions, triggers, ctx.state, ctx.lang, ctx.kind
            )
            if quoted is not None:
                found.append(quoted)
            new_unnamed: list[UnnamedGroup] = []
            # the sentence's dates, read once for its triggers and its sources' words
            dates = self._dates(ctx, sent, resolver) if triggers or sc.attribution else None
            if triggers and dates is not None:
                found += self._from_triggers(ctx, sc, triggers, dates, relations, new_unnamed)
            found += self.statements.attributed(sc, found, ctx.state, ctx.lang, ctx.kind, dates)
            found += self.statements.in_medium(sc, found, ctx.state, ctx.lang, ctx.kind)
            members = self.groups.members(sent, mentions, ctx.state) if unnamed else []
            for group in unnamed if members else []:
                found += self._named_group(ctx, group, members, sent)
            unnamed = new_unnamed
            if found and says_nothing(sent, self.reader.words.complementizers):
                # "El rey ha dicho anteriormente que" where the text stops
                found = [e for e in found if e.type != "Statement"]
            events += found
        if ctx.dateline_place is not None and sentences:
            first = sentences[0].text.strip()
            opening = [ev for ev in events if ev.evidence[0].sentence == first]
            if not self._visits_elsewhere(opening, ctx.dateline_place, ctx.state):
                for ev in opening:
                    if ev.place is None and ev.type in PLACED:
                        ev.place = ctx.dateline_place
        if body:
            ctx.state.subjects = [m.key for m in carried]
        if ctx.lede:
            for ev in events:
                ev.lede = True
        return events, relations

    def _visits_elsewhere(self, events: list[Event], dateline: str, state: ArticleState) -> bool:
        """Whether the opening sentence tells of a visit to a leader of another state
        than the dateline's: the report was filed at home ("QUITO — La vicepresidenta
        de Ecuador visitó al presidente de Ghana"), so the dateline is not where the
        events of that sentence took place."""
        entry = self.gz.get(dateline)
        home = entry.country if entry is not None and entry.country else dateline
        for ev in events:
            if ev.type != "Visit":
                continue
            for p in ev.participants:
                ent = state.entities.get(p.entity)
                if (
                    p.role != "visitor"
                    and ent is not None
                    and ent.type is EntityType.PERSON
                    and ent.leader_of
                    and home not in ent.leader_of
                ):
                    return True
        return False

    def _from_triggers(
        self,
        ctx: PassageContext,
        sc: SentenceContext,
        triggers: list[TriggerMatch],
        dates: SentenceDates,
        relations: list[Relation],
        unnamed: list[UnnamedGroup],
    ) -> list[Event]:
        """The events of one sentence's triggers (relations are added to ``relations``,
        frames of unnamed groups to ``unnamed``)."""
        events: list[Event] = []
        announced: list[Event] = []  # statements whose verb announces ("anunció")
        mentions = sc.mentions
        journeys = self.entry.journeys(triggers, ctx.doc)
        for trig in without_themes(triggers, ctx.doc, self.lex.hold_verbs, self.lex.keep_verbs):
            if trig.head in journeys and trig.type.cls == "Visit":
                continue  # "can travel to Japan without a visa": a rule, not a visit
            trig = self.refiner.retype(trig, ctx.doc)
            frame = self.sides.narrow(self.reader.read(sc, trig, ctx.state))
            if frame is None:
                continue
            frame = self.entry.narrow(frame, mentions, ctx.state)
            fact = self._fact(ctx, frame, mentions, dates, sc.attributed)
            if isinstance(fact, Relation):
                relations += directed_pairs(fact)
                continue
            if fact is None:
                if self.groups.unnamed(frame):
                    unnamed.append(UnnamedGroup(frame, mentions, dates, sc.attributed))
                continue
            split = self.refiner.split_speakers(frame, fact, mentions, ctx.state)
            if split != [fact]:
                events += split  # "opening remarks from A, B and C": one statement each
                continue
            split = self.refiner.split_meetings(frame, fact, ctx.state)
            if split != [fact]:
                events += split  # "bilateral meetings with A and B": one meeting each
                continue
            if fact.type == "Statement" and any(
                e.type == "Statement"
                and e.evidence == fact.evidence
                and e.entity_keys() == fact.entity_keys()
                for e in events
            ):
                continue  # "afirmó que ... y pidió ...": one statement
            if fact.type == "Statement" and fold(frame.verb.lemma_) in self.lex.announce_verbs:
                announced.append(fact)
            events += tour_legs(fact, self.gz, ctx.state)  # a tour: one visit per country
            visit = self.refiner.guests_visit(frame, fact, mentions, ctx.state)
            if visit is not None:
                events.append(visit)
            meeting = visitors_meet(frame, fact, ctx.state)
            if meeting is not None:
                events.append(meeting)
        policies = [e for e in events if e.type == "PolicyAnnouncement"]
        # "México anunció la ruptura de relaciones con Ecuador": the announcement is the
        # policy, not a statement besides it
        return [
            e
            for e in events
            if not (
                any(e is a for a in announced)
                and any(p.entity_keys() & e.entity_keys() for p in policies)
            )
        ]

    @staticmethod
    def _dates(ctx: PassageContext, sent: Span, resolver: DateResolver) -> SentenceDates:
        """The date mentions of ``sent``, without those of a wire dateline it starts with
        (the dateline dates the report, not what it tells)."""
        dates = date_mentions(sent, resolver)
        if ctx.dateline_end > sent.start_char:
            cut = ctx.dateline_end - sent.start_char
            dates = replace(dates, mentions=[d for d in dates.mentions if d.start >= cut])
        return dates

    def _named_group(
        self, ctx: PassageContext, group: UnnamedGroup, members: list[Mention], sent
    ) -> list[Event]:
        """The facts of an unnamed group's frame once the next sentence lists its
        members: one statement per speaker, else one event of them all."""
        fact = self._fact(
            ctx, GroupLists.named(group, members), group.mentions, group.dates, group.attributed
        )
        if not isinstance(fact, Event):
            return []
        text = f"{span_text(group.frame.sent).strip()} {span_text(sent).strip()}"
        fact.evidence = [Evidence(text, ctx.lang, ctx.kind)]
        if fact.type != "Statement":
            return [fact]
        return [replace(fact, participants=[p]) for p in fact.participants]

    def _stance_said(self, frame: Frame, participants: list, state: ArticleState) -> Frame | None:
        """A stance verb said by its subject with no one named it is held towards
        ("Washington acusó a este grupo de represión", "Kenya condemned the attack"):
        the frame read as the subject's statement, or None."""
        said = self.lex.statement_type
        verb = frame.head
        if (
            said is None
            or frame.nominal
            or not frame.subject_side
            or frame.type.family != "relation"
            or fold(verb.lemma_) not in self.lex.stance_speech
            or len({state.side(p.entity) for p in participants}) > 1
        ):
            return None
        return replace(frame, trigger=replace(frame.trigger, type=said), others=[])

    # -- one trigger ------------------------------------------------------------------
    def _fact(
        self,
        ctx: PassageContext,
        frame: Frame,
        mentions: list[Mention],
        dates: SentenceDates,
        attributed: set[int],
    ) -> Event | Relation | None:
        """The fact of one frame, or None when the filters say it makes none."""
        if self.filters.rejects_frame(frame, attributed):
            return None
        participants = assign_roles(frame, self.reader, ctx.state)
        unnamed = ""  # the role the occasion's sides take in it (extract/occasion.py)
        if self.filters.rejects_fact(frame, participants, ctx.state):
            said = self._stance_said(frame, participants, ctx.state)
            if said is not None:
                frame = said
                participants = assign_roles(frame, self.reader, ctx.state)
                if self.filters.rejects_fact(frame, participants, ctx.state):
                    return None
            else:
                unnamed = self.occasion.unnamed_role(frame, participants)
                if not unnamed:
                    return None
        ttype, sent = frame.type, frame.sent
        confidence = ttype.confidence
        if frame.fallback:
            confidence *= FACTOR_FALLBACK
        if ctx.kind is PassageKind.CAPTION:
            confidence *= FACTOR_CAPTION
        if any(m.kind in {"role", "anaphor", "epithet"} for m in frame.in_clause):
            confidence *= FACTOR_INFERRED_ACTOR
        evidence = [Evidence(span_text(sent).strip(), ctx.lang, ctx.kind)]

        if ttype.family == "relation":
            rel = self._relation(ctx, frame, participants, evidence, confidence, mentions)
            if rel is not None:
                rel.unnamed = unnamed
            return rel

        status = self.attacher.status(frame)
        if status is not EventStatus.HAPPENED:
            confidence *= FACTOR_NOT_HAPPENED
        date = self.refiner.commemorated_date(frame, self.attacher.date(frame, dates))
        place = self.attacher.place(frame, mentions, participants, ctx.state)
        if ttype.cls == "Visit":
            participants, place = self.attacher.visit_hosts(
                frame, participants, place, mentions, ctx.state
            )
            participants = away_hosts(participants, ctx.state)
        if self.filters.lacks_destination(frame, place, participants, ctx.state):
            return None  # "llegaron a un acuerdo": no journey
        return Event(
            type=self.refiner.event_type(ttype),
            participants=participants,
            evidence=evidence,
            confidence=round(confidence, 3),
            date=date.value if date else None,
            date_text=date.text if date else None,
            place=place,
            status=status,
            quote=quote_of(span_text(sent)) if ttype.speech else None,
            topic=frame.topic,
            trigger=frame.trigger.text,
            continues=self.refiner.continues(frame),
            refers_back=self.refiner.refers_back(frame, dated=date is not None),
            earlier=self.refiner.earlier(frame),
            unnamed=unnamed,
        )

    def _relation(
        self,
        ctx: PassageContext,
        frame: Frame,
        participants,
        evidence: list[Evidence],
        confidence: float,
        mentions: list[Mention],
    ) -> Relation | None:
        """A relation with what is supplied or traded and the route it takes."""
        ttype = frame.type
        commodity = None
        if ttype.cls in {"Supply", "Trade"}:
            commodity = self._commodities.longest(frame.clause_text) or self._commodities.longest(
                span_text(frame.sent)
            )
        via = next(
            (m.key for m in mentions if self.reader.etype(m.key, ctx.state) is EntityType.PIPELINE),
            None,
        )
        if via and not commodity:
            entry = self.gz.get(via)
            commodity = entry.commodity if entry else None
        if ttype.cls == "Supply" and not (commodity or via):
            return None  # a supply relation must say what is supplied
        return Relation(
            ttype.cls,
            participants,
            evidence,
            round(confidence, 3),
            topic=frame.topic,
            commodity=commodity,
            via=via,
            trigger=frame.trigger.text,
        )


def _capitalised_in_a_name(trigger: TriggerMatch, sent: Span) -> bool:
    """Whether a relation trigger, capitalised inside a sentence, runs on into other
    capitalised words: a name the recogniser missed ("the paramilitary Rapid Support
    Force"). Not in a headline written in title case ("UK Pledges Support For Kyiv")."""
    doc = sent.doc
    if trigger.type.family != "relation" or trigger.start == sent.start:
        return False
    words = doc[trigger.start : trigger.end]
    if not all(t.is_title for t in words if t.is_alpha):
        return False
    if in_title_case(sent):
        return False
    before = doc[trigger.start - 1]
    after = doc[trigger.end] if trigger.end < sent.end else None
    return (before.is_title and before.i != sent.start) or (after is not None and after.is_title)


#: kinds of mention that are proper names (not a title, a demonym or an anaphor)
NAMES = frozenset({"name", "ner"})


def _in_a_name(trigger: TriggerMatch, mentions: list[Mention], sent: Span) -> bool:
    """Whether a relation trigger's words are part of a name ("Rapid Support Forces",
    "Organización de Cooperación de Shanghái"), recognised or not: no relation of their
    own. (An event's own name, "la XIII Reunión de Alto Nivel", still names that
    event.)"""
    if trigger.type.family != "relation":
        return False
    return any(
        m.kind in NAMES
        and m.end - m.start > 1
        and m.start <= trigger.start
        and trigger.end <= m.end
        for m in mentions
    ) or _capitalised_in_a_name(trigger, sent)
