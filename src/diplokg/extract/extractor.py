"""Events and relations from one parsed passage.

For each trigger (``triggers.yaml``) in a sentence: take the actors of the trigger's
clause (subject side and the rest), map them onto roles, then add place, date,
status, quote, topic, commodity and route, and the sentence as evidence. How the
confidence is computed is documented in ``docs/confidence.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from diplokg.extract.clauses import (
    clause_head,
    clause_tokens,
    governing_case,
    is_negated,
    subject_tokens,
    subtree,
)
from diplokg.extract.date_attachment import SentenceDates, attach_date, date_mentions
from diplokg.extract.dates import DateResolver
from diplokg.extract.triggers import Lexicon, TriggerMatch
from diplokg.knowledge.gazetteer import Gazetteer, GazetteerEntry
from diplokg.knowledge.text import fold
from diplokg.link.linker import ArticleState, Mention
from diplokg.model import (
    EntityType,
    Event,
    EventStatus,
    Evidence,
    Participant,
    PassageKind,
    Relation,
)

ACTORS = {EntityType.PERSON, EntityType.COUNTRY, EntityType.ORGANIZATION}
ABOUT = {"sobre", "about", "acerca", "regarding"}
LIST_JOINERS = {",", "y", "e", "and", "o", "or"}
DETERMINERS = {"el", "la", "los", "las", "the", "su", "sus", "its", "their"}
GENITIVE = {"de", "del", "of"}
LOCATIVE = {"en", "in", "at", "a", "hacia", "desde", "to"}
#: event classes that third parties can mediate
MEDIATED = {"Agreement", "Negotiation", "Meeting"}
#: markers of a purpose clause, whose event is intended, not yet done
PURPOSE = {"para", "to"}
#: prepositions that say where something is, not where it goes ("viajó a China")
STATIVE_LOCATIVE = {"en", "in", "at"}
#: a whole sentence that is a quotation followed by who said it
SIGNED_QUOTE_RE = re.compile(
    r"^\s*[«“\"](?P<quote>[^«»“”\"]{12,})[»”\"]\s*[,.—–-]*\s*(?P<tail>\S.{0,120})$"
)
QUOTE_END_RE = re.compile(r"[»”\"]\s*$")
QUOTE_RE = re.compile(r"[«“\"]([^«»“”\"]{12,})[»”\"]")
FACTOR_FALLBACK = 0.8
FACTOR_CAPTION = 0.9
FACTOR_INFERRED_ACTOR = 0.9
FACTOR_NOT_HAPPENED = 0.9


@dataclass
class PassageContext:
    """Everything the extractor needs about one passage."""

    doc: Doc
    lang: str
    kind: PassageKind
    mentions: list[Mention]
    state: ArticleState


class Extractor:
    """Reads events and relations from linked, parsed passages."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer) -> None:
        self.lex = lexicon
        self.gz = gazetteer
        self._topics = AliasIndex.of(gazetteer.topics)
        self._expected_re = _words_re(lexicon.expected)
        self._planned_re = _words_re(lexicon.planned)
        self._commodities = AliasIndex.of(gazetteer.commodities)
        speech = [t for t in lexicon.types() if t.speech]
        self.lex_speech_confidence = speech[0].confidence if speech else 0.7

    def extract(self, ctx: PassageContext) -> tuple[list[Event], list[Relation]]:
        """All events and relations of one passage."""
        events: list[Event] = []
        relations: list[Relation] = []
        resolver = DateResolver(ctx.lang, ctx.state.published)
        for sent in ctx.doc.sents:
            mentions = [m for m in ctx.mentions if sent.start <= m.start < sent.end]
            if not mentions:
                continue  # every fact needs an actor named in its sentence
            triggers = self.lex.match(sent, ctx.lang)
            found: list[Event] = []
            quoted = self._quote_signed(ctx, sent, mentions, triggers)
            if quoted is not None:
                found.append(quoted)
            if triggers:
                found += self._from_triggers(ctx, sent, triggers, mentions, resolver, relations)
            found += self._attributed_statements(ctx, sent, mentions, found)
            events += found
        return events, relations

    def _from_triggers(
        self,
        ctx: PassageContext,
        sent: Span,
        triggers: list[TriggerMatch],
        mentions: list[Mention],
        resolver: DateResolver,
        relations: list[Relation],
    ) -> list[Event]:
        """The events of one sentence's triggers (relations are added to ``relations``)."""
        events: list[Event] = []
        dates = date_mentions(sent, resolver)
        attributed = self._attributed(ctx.doc, sent)
        event_verbs = {
            t.head: t.type.cls
            for t in triggers
            if t.type.family == "event"
            and not t.type.speech
            and ctx.doc[t.head].pos_ in {"VERB", "AUX"}
        }
        for trig in _without_themes(triggers, ctx.doc):
            if trig.head in attributed:
                continue  # "de acuerdo con el ministro": a source, not an agreement
            fact = self._fact(ctx, sent, trig, mentions, dates, attributed, event_verbs)
            if isinstance(fact, Event) and _plural_noun(ctx.doc[trig.head]) and trig.type.speech:
                # "opening remarks from A, B and C": one statement each
                for key in self._speakers_of(ctx, sent, trig, mentions):
                    events.append(replace(fact, participants=[Participant(key, "speaker")]))
                continue
            if isinstance(fact, Event):
                if fact.type == "Statement" and any(
                    e.type == "Statement"
                    and e.evidence == fact.evidence
                    and e.entity_keys() == fact.entity_keys()
                    for e in events
                ):
                    continue  # "afirmó que ... y pidió ...": one statement
                events.append(fact)
                if trig.type.guests_visit:
                    visit = self._guests_visit(ctx, trig, fact, mentions)
                    if visit is not None:
                        events.append(visit)
            elif isinstance(fact, Relation):
                relations += _directed_pairs(fact)
        return events

    @staticmethod
    def _possessor(noun, actors: list[Mention], others: list[Mention]) -> list[Mention]:
        """The actor a possessive pronoun on an event noun stands for ("her call with
        Carney", "su reunión con Lula"): the subject of the nearest clause above that
        names one."""
        if not any(
            c.dep_ in {"poss", "det"} and "Yes" in c.morph.get("Poss") for c in noun.children
        ):
            return []
        for anc in noun.ancestors:
            if anc.pos_ not in {"VERB", "AUX"}:
                continue
            subj = subject_tokens(anc)
            if noun.i in subj:
                continue
            found = [m for m in actors if m.start in subj and m not in others]
            if found:
                return found[:1]
        return []

    def _guests_visit(
        self, ctx: PassageContext, trig: TriggerMatch, fact: Event, mentions: list[Mention]
    ) -> Event | None:
        """ "Maduro recibió a Petro en Caracas": Petro visited Caracas (or, with no place
        named, the receiver's country). Only guests known to lead another country visit:
        a minister received by their own president does not."""
        subj = subject_tokens(clause_head(ctx.doc[trig.head]))
        hosts = {m.key for m in mentions if m.start in subj}
        guests = [p.entity for p in fact.participants if p.entity not in hosts]
        if not hosts or not guests:
            return None

        def country(key: str) -> str | None:
            ent = ctx.state.entities.get(key)
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
        return replace(
            fact,
            type="Visit",
            participants=[Participant(g, "visitor") for g in guests] + [Participant(place, "host")],
            evidence=list(fact.evidence),
            confidence=round(fact.confidence * FACTOR_INFERRED_ACTOR, 3),
            place=fact.place,
            trigger=fact.trigger,
        )

    def _speakers_of(
        self, ctx: PassageContext, sent: Span, trig: TriggerMatch, mentions: list[Mention]
    ) -> list[str]:
        """Every actor named on a plural speech noun or as those who delivered it."""
        noun = ctx.doc[trig.head]
        verb = clause_head(noun)
        pool = subtree(noun) if noun.i != verb.i else set()
        pool |= subject_tokens(verb) if noun.i not in subject_tokens(verb) else set()
        return list(
            dict.fromkeys(
                m.key
                for m in mentions
                if m.start in pool
                and not m.consumed
                and m.kind != "demonym"
                and not self._is_agency(m.key)
                and self._etype(m.key, ctx.state) in ACTORS
            )
        )

    # -- one trigger ------------------------------------------------------------------
    def _fact(
        self,
        ctx: PassageContext,
        sent: Span,
        trig_local: TriggerMatch,
        mentions: list[Mention],
        dates: SentenceDates,
        attributed: set[int],
        event_verbs: dict[int, str] | None = None,
    ) -> Event | Relation | None:
        doc = ctx.doc
        ttype = trig_local.type
        head_tok = doc[trig_local.head]
        trig_range = range(trig_local.start, trig_local.end)
        verb = clause_head(head_tok)
        if is_negated(verb, self.lex.negation):
            return None
        if head_tok.pos_ not in {"VERB", "AUX"} and _has_negator(
            head_tok, self.lex.negators, trig_range
        ):
            return None  # "no hay acuerdo todavía", "talks without an agreement"
        if head_tok.i != verb.i and fold(verb.lemma_) in self.lex.denial:
            return None  # "desmintió cualquier reunión": a denied event
        clause = clause_tokens(verb, keep=head_tok)
        if verb.dep_ == "xcomp":
            # "China permitirá a rusos entrar sin visado": a controlled infinitive
            # shares the arguments of the verb that governs it
            clause |= clause_tokens(verb.head, keep=head_tok)
        clause &= set(range(sent.start, sent.end))
        subj = subject_tokens(verb)
        if head_tok.pos_ not in {"VERB", "AUX"} and head_tok.i in subj:
            # a nominal trigger that is itself the subject: "La alianza entre A y B es ..."
            subj = set()
            clause = subtree(head_tok) | clause
        excluded = attributed | set(trig_range)
        actors = [
            m
            for m in mentions
            if not m.consumed
            and self._etype(m.key, ctx.state) in ACTORS
            and not self._is_agency(m.key)
            and m.start not in excluded
        ]
        mediating = self._mediator_tokens(doc, sent)
        if head_tok.i in mediating:
            return None  # "tras la mediación de China": an attribute of the main event
        mediators = [m for m in actors if m.start in mediating]
        actors = [m for m in actors if m.start not in mediating]
        about = self._about_tokens(sent, head_tok)
        if ttype.family == "relation" and self._inside_about(sent, head_tok):
            return None  # "hablaron sobre comercio": a topic of talk, not a trade relation
        if (
            ttype.family == "relation"
            and head_tok.dep_ in {"obj", "dobj"}
            and fold(head_tok.head.lemma_) in self.lex.topic_verbs
        ):
            return None  # "abordarán las relaciones con la UE": a subject of talks
        actors = [m for m in actors if m.start not in about]
        if ttype.family == "event":
            anchored = self._anchor_tokens(sent, head_tok)
            actors = [m for m in actors if m.start not in anchored]
            if ttype.cls != "Visit":
                actors = [m for m in actors if not self._located(doc, m, ctx.state)]
        nominal = head_tok.pos_ not in {"VERB", "AUX"}
        own = subtree(head_tok) if nominal else set()
        clause |= own
        if (
            ttype.family == "event"
            and nominal
            and (event_verbs or {}).get(verb.i) == ttype.cls
            and verb.i != head_tok.i
            and _is_adjunct(head_tok)
        ):
            # "al margen de la cumbre, Ramaphosa se reunió con Ruto": the actors are
            # the bilateral meeting's; the summit around it keeps only its own (a
            # summit where a deal was signed does share the signatories)
            clause, subj = set(own), set()
        genitive = [
            m
            for m in actors
            if (ttype.family == "event" or _directed(ttype))
            and m.start in own
            and _is_genitive(doc[m.start], head_tok)
        ]
        in_clause = [m for m in actors if m.start in clause or m.start in subj]
        if ttype.policy and nominal and not self._announced(verb, head_tok, actors, doc, sent):
            return None
        if ttype.speech and head_tok.i == verb.i and _is_impersonal(verb):
            return None  # "la cumbre se celebró en Montevideo": held, not hailed
        if ttype.speech:
            content = self._speech_content(verb) - subj
            in_clause = [m for m in in_clause if m.start not in content]
        fallback = False
        if not in_clause and not ttype.speech and _is_fragment(sent):
            in_clause, fallback = actors, True
        if genitive and not ttype.speech:
            # "las visitas de los primeros ministros ...": the genitive is the agent,
            # not the subject of whatever verb governs the noun
            subject_side = genitive
            others = [m for m in in_clause if m.start in own and m not in genitive]
        else:
            subject_side = [m for m in in_clause if m.start in subj]
            others = [m for m in in_clause if m.start not in subj]
            if nominal and any(m.start in own for m in others):
                # "una llamada que tuvo con Trump": the noun's own complements name the
                # other side; objects of the governing verb ("le contó a Putin") do not
                others = [m for m in others if m.start in own]
        if nominal and not subject_side and not ttype.speech:
            # "Sheinbaum said that her call with Carney...": "her" is the speaker
            subject_side = self._possessor(head_tok, actors, others)
        if ttype.speech and nominal:
            # "the remarks of X", "el discurso de X"; else who gave it ("pronunció un
            # discurso", "statements were delivered by X")
            named = [m for m in actors if m.start in own and m.start not in about]
            subject_side = named or [m for m in in_clause if m.start in subj]
        if ttype.speech:
            subject_side = sorted(
                subject_side,
                key=lambda m: (
                    self._etype(m.key, ctx.state) is not EntityType.PERSON,
                    abs(m.start - verb.i),
                ),
            )
        clause_text = self._phrase_text(verb, head_tok, clause, sent)
        topic = self._topic(clause_text) or (self._topic(sent.text) if _is_fragment(sent) else None)
        topic_entity_keys = self._topic_mentions(sent, doc, mentions)
        others = [m for m in others if m.key not in topic_entity_keys or ttype.family == "event"]
        participants = self._roles(
            ttype,
            subject_side,
            others,
            ctx,
            actors=actors,
            verb=verb,
            fragment=fallback or _is_fragment(sent),
        )
        if (
            ttype.family == "relation"
            and topic
            and not any(p.role == ttype.roles.get("object") for p in participants)
        ):
            entity = self.gz.get(topic).country if self.gz.get(topic) else None
            if (
                entity
                and ttype.roles.get("object")
                and entity not in {p.entity for p in participants}
            ):
                participants.append(Participant(entity, ttype.roles["object"]))
        keys = {p.entity for p in participants}
        if ttype.cls in MEDIATED:
            for m in mediators:
                if m.key not in keys:
                    participants.append(Participant(m.key, "mediator"))
        if len(keys) < ttype.min_actors and not (
            ttype.organization_suffices
            and any(self._etype(k, ctx.state) is EntityType.ORGANIZATION for k in keys)
        ):
            return None
        if ttype.family == "relation" and len(keys) < 2 and not topic:
            return None  # one side and no position: "X expresó su apoyo" names no relation
        if ttype.speech and not any(p.role == "speaker" for p in participants):
            return None

        confidence = ttype.confidence
        if fallback:
            confidence *= FACTOR_FALLBACK
        if ctx.kind is PassageKind.CAPTION:
            confidence *= FACTOR_CAPTION
        if any(m.kind in {"role", "anaphor", "epithet"} for m in in_clause):
            confidence *= FACTOR_INFERRED_ACTOR
        evidence = [Evidence(sent.text.strip(), ctx.lang, ctx.kind)]

        if ttype.family == "relation":
            commodity = None
            if ttype.cls in {"Supply", "Trade"}:
                commodity = self._commodity(clause_text) or self._commodity(sent.text)
            via = next(
                (m.key for m in mentions if self._etype(m.key, ctx.state) is EntityType.PIPELINE),
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
                topic=topic,
                commodity=commodity,
                via=via,
                trigger=trig_local.text,
            )

        status = EventStatus.HAPPENED if ttype.speech else self._status(sent.text, verb)
        if status is not EventStatus.HAPPENED:
            confidence *= FACTOR_NOT_HAPPENED
        date = attach_date(
            sent, dates, trigger=head_tok, verb=verb, clause=clause, speech=ttype.speech
        )
        place = self._place(ctx, mentions, clause, participants)
        if ttype.cls == "Visit":
            participants = self._visit_hosts(participants, place, ctx)
        if ttype.cls == "Visit" and not any(p.role == "host" for p in participants):
            visited = [
                m
                for m in mentions
                if m.start in clause
                and not m.consumed
                and self._etype(m.key, ctx.state) is EntityType.PLACE
            ]
            if visited:
                participants.append(Participant(visited[0].key, "host"))
                place = place or visited[0].key
        if ttype.needs_destination and not (
            place
            or any(
                p.role == "host"
                and self._etype(p.entity, ctx.state) in {EntityType.PLACE, EntityType.COUNTRY}
                for p in participants
            )
        ):
            return None  # "llegaron a un acuerdo": no journey
        quote = self._quote(sent.text) if ttype.speech else None
        continues = ttype.speech and (
            fold(verb.lemma_) in self.lex.continuation
            or any(
                fold(t.text) in self.lex.continuation
                for t in sent[:3]
                if t.pos_ in {"ADV", "CCONJ"} or t.dep_ == "advmod"
            )
            or any(
                c.dep_ == "advmod" and fold(c.text) in self.lex.continuation for c in verb.children
            )
        )
        return Event(
            type=ttype.cls if not ttype.generic else "Contact",
            participants=participants,
            evidence=evidence,
            confidence=round(confidence, 3),
            date=date.value if date else None,
            date_text=date.text if date else None,
            place=place,
            status=status,
            quote=quote,
            topic=topic,
            trigger=trig_local.text,
            continues=continues,
            refers_back=date is None
            and nominal
            and any(
                c.dep_ == "det" and fold(c.text) in self.lex.definite for c in head_tok.children
            ),
        )

    def _quote_signed(
        self,
        ctx: PassageContext,
        sent: Span,
        mentions: list[Mention],
        triggers: list[TriggerMatch],
    ) -> Event | None:
        """A quotation signed by a name and no verb: a statement by that person.

        Either one sentence ("“…” Ana Pérez, ministra de X") or a quotation followed
        by a verbless sentence that starts with the name ("“…” ¶ Ana Pérez, ministra").
        """
        text, quote_sent = sent.text, sent
        m = SIGNED_QUOTE_RE.match(text)
        if m is not None:
            tail_start = sent.start_char + m.start("tail")
        else:
            prev = ctx.doc[sent.start - 1].sent if sent.start > 0 else None
            if prev is None or not QUOTE_END_RE.search(prev.text):
                return None
            m = SIGNED_QUOTE_RE.match(prev.text + " " + text)
            if m is None:
                return None
            tail_start, quote_sent = sent.start_char, prev
        tail = [t for t in sent if t.idx >= tail_start]
        if not tail or any(t.pos_ in {"VERB", "AUX"} for t in tail):
            return None
        if any(t.type.speech and ctx.doc[t.head].idx >= tail_start for t in triggers):
            return None  # "“…”, dijo Lula": the verb's own statement
        first = next((t for t in tail if not t.is_punct), None)
        speaker = next(
            (
                x
                for x in mentions
                if first is not None
                and x.start == first.i
                and self._etype(x.key, ctx.state) is EntityType.PERSON
            ),
            None,
        )
        if speaker is None:
            return None
        confidence = self.lex_speech_confidence
        if ctx.kind is PassageKind.CAPTION:
            confidence *= FACTOR_CAPTION
        evidence = " ".join(dict.fromkeys([quote_sent.text.strip(), text.strip()]))
        return Event(
            type="Statement",
            participants=[Participant(speaker.key, "speaker")],
            evidence=[Evidence(evidence, ctx.lang, ctx.kind)],
            confidence=round(confidence, 3),
            quote=m.group("quote").strip(),
            trigger="“…”",
        )

    # -- roles ---------------------------------------------------------------------------
    def _roles(
        self,
        ttype,
        subject_side: list[Mention],
        others: list[Mention],
        ctx: PassageContext,
        *,
        actors: list[Mention],
        verb,
        fragment: bool,
    ) -> list[Participant]:
        """Map the clause's actors onto the trigger type's roles."""
        out: list[Participant] = []
        seen: set[tuple[str, str]] = set()

        def add(key: str, role: str) -> None:
            if (key, role) not in seen:
                seen.add((key, role))
                out.append(Participant(key, role))

        subj_role = ttype.roles.get("subject", "participant")
        obj_role = ttype.roles.get("object", "participant")
        if ttype.speech:
            # joint statements ("ambos países elogiaron", "Xi y Putin dijeron") have
            # several speakers of one kind
            first = self._etype(subject_side[0].key, ctx.state) if subject_side else None
            for m in subject_side:
                if self._etype(m.key, ctx.state) is first:
                    add(m.key, "speaker")
            return out
        if ttype.policy:
            # issuer: a state or organisation; applies to: the people/states concerned
            pool = subject_side + others
            states = [
                m
                for m in pool
                if m.kind != "demonym" and self._etype(m.key, ctx.state) is not EntityType.PERSON
            ]
            issuer = states[:1] or self._governing_genitive(verb, actors)
            issuer = issuer or [m for m in pool if m.kind != "demonym"][:1]
            if not issuer:
                return []
            subject_side = issuer
            others = [
                m
                for m in pool
                if m not in issuer and self._etype(m.key, ctx.state) is not EntityType.PERSON
            ]
        if (
            not subject_side
            and ttype.roles
            and ttype.min_actors <= 1
            and others
            and not ttype.policy
            and not ttype.invert
            and fragment
        ):
            # a verbless headline or caption: the first actor named is the one acting
            subject_side, others = others[:1], others[1:]
        for m in subject_side:
            add(m.key, subj_role)
        subject_keys = {m.key for m in subject_side}
        for m in others:
            if m.key in subject_keys and obj_role != subj_role:
                continue
            add(m.key, obj_role)
        return out

    # -- pieces ----------------------------------------------------------------------------
    def _etype(self, key: str, state: ArticleState) -> EntityType | None:
        ent = state.entities.get(key)
        return ent.type if ent else None

    def _is_agency(self, key: str) -> bool:
        entry = self.gz.get(key)
        return bool(entry and entry.kind == "agency")

    def _attributed(self, doc: Doc, sent: Span) -> set[int]:
        """Tokens of attribution phrases ("según la agencia Xinhua", "according to
        Reuters"): the phrase runs to the end of the noun phrase it introduces."""
        return {i for span in self._attribution_spans(doc, sent) for i in span}

    def _attribution_spans(self, doc: Doc, sent: Span) -> list[range]:
        """Each attribution phrase of ``sent`` as a token range."""
        return _phrase_spans(doc, sent, self.lex.attribution)

    def _mediator_tokens(self, doc: Doc, sent: Span) -> set[int]:
        """Tokens of mediation phrases ("mediado por Noruega y Suiza", "brokered by
        Qatar, Egypt and Turkey", "tras la mediación de China")."""
        return {
            i for span in _phrase_spans(doc, sent, self.lex.mediation, lists=True) for i in span
        }

    def _attributed_statements(
        self, ctx: PassageContext, sent: Span, mentions: list[Mention], events: list[Event]
    ) -> list[Event]:
        """ "Según el canciller Mauro Vieira, ...", "According to press secretary Anne
        Kelly, ...": the sentence is a statement by the source it names (not by a news
        agency), unless a reporting verb of the sentence already made a statement."""
        out: list[Event] = []
        evidence = Evidence(sent.text.strip(), ctx.lang, ctx.kind)
        if any(e.type == "Statement" for e in events):
            return []  # "dijo Putin, según un vídeo del Kremlin": the source of a report
        for span in self._attribution_spans(ctx.doc, sent):
            speakers = [
                m
                for m in mentions
                if m.start in span
                and not self._is_agency(m.key)
                and self._etype(m.key, ctx.state) in ACTORS
                and m.kind != "demonym"
            ]
            if not speakers:
                continue
            first = self._etype(speakers[0].key, ctx.state)
            keys = list(
                dict.fromkeys(m.key for m in speakers if self._etype(m.key, ctx.state) is first)
            )
            confidence = self.lex_speech_confidence * FACTOR_FALLBACK
            if ctx.kind is PassageKind.CAPTION:
                confidence *= FACTOR_CAPTION
            out.append(
                Event(
                    type="Statement",
                    participants=[Participant(k, "speaker") for k in keys],
                    evidence=[evidence],
                    confidence=round(confidence, 3),
                    quote=self._quote(sent.text),
                    trigger=ctx.doc[span.start : span.start + 2].text,
                )
            )
        return out

    @staticmethod
    def _phrase_text(verb, trigger, clause: set[int], sent: Span) -> str:
        """Text of the trigger's verb phrase, infinitives included ("apoya el diálogo
        para poner fin a la guerra"), coordinated clauses ("..., y Modi dijo ...") not."""
        if not clause:
            return sent.text
        tokens = set(subtree(verb))
        for child in verb.children:
            if child.dep_ in {"conj", "parataxis"} and not (
                child.left_edge.i <= trigger.i <= child.right_edge.i
            ):
                tokens -= subtree(child)
        doc = sent.doc
        return " ".join(doc[i].text for i in sorted(tokens))

    def _visit_hosts(
        self, participants: list[Participant], place: str | None, ctx: PassageContext
    ) -> list[Participant]:
        """A visit's host is the place or state visited; a person met there (Xi, when
        Lula visits Beijing) takes part without being "the place visited"."""

        def is_person(p: Participant) -> bool:
            return self._etype(p.entity, ctx.state) is EntityType.PERSON

        hosts = [p for p in participants if p.role == "host"]
        if not hosts or not all(is_person(p) for p in hosts):
            return participants
        out = [
            Participant(p.entity, "participant") if p.role == "host" else p for p in participants
        ]
        if place:
            out.append(Participant(place, "host"))
        return out

    def _announced(self, verb, trigger, actors: list[Mention], doc: Doc, sent: Span) -> bool:
        """Whether a policy noun is being announced ("la UE aprobó sanciones", "las
        sanciones de la UE", a headline), not discussed or opposed."""
        heads = [verb, verb.head] if verb.dep_ in {"xcomp", "acl", "ccomp"} else [verb]
        if any(fold(h.lemma_) in self.lex.policy_verbs for h in heads):
            return True
        own = subtree(trigger)
        if any(m.start in own and _is_genitive(doc[m.start], trigger) for m in actors):
            return True
        return _is_fragment(sent)

    @staticmethod
    def _governing_genitive(verb, actors: list[Mention]) -> list[Mention]:
        """A "de X" on a noun above the clause: "la decisión de China de permitir ..."."""
        for anc in list(verb.ancestors)[:3]:
            if anc.pos_ in {"NOUN", "PROPN"}:
                found = [m for m in actors if _is_genitive(m.tokens(verb.doc).root, anc)]
                if found:
                    return found[:1]
        return []

    @staticmethod
    def _about_tokens(sent: Span, trigger) -> set[int]:
        """Tokens of "sobre X" / "about X" phrases: what is talked about, not who talks.

        The phrase runs on through a list ("sobre TikTok, el comercio y Taiwán"). A
        phrase that holds the trigger itself ("le contó sobre una llamada con X") is the
        event, not its topic.
        """
        out: set[int] = set()
        doc = sent.doc
        for tok in sent:
            if tok.lower_ not in ABOUT or tok.dep_ != "case":
                continue
            head = tok.head
            if head.left_edge.i <= trigger.i <= head.right_edge.i:
                continue
            span = subtree(head)
            j = head.right_edge.i + 1
            while j + 1 < sent.end and doc[j].lower_ in LIST_JOINERS:
                nxt = doc[j + 1]
                while nxt.lower_ in DETERMINERS and nxt.i + 1 < sent.end:
                    nxt = doc[nxt.i + 1]
                if nxt.pos_ not in {"NOUN", "PROPN"} or nxt.i == trigger.i:
                    break
                root = nxt
                while (
                    root.head.i != root.i
                    and root.head.i > head.i
                    and root.head.i < j + 4
                    and root.head.pos_ in {"NOUN", "PROPN"}
                    and root.dep_ in {"flat", "amod"}
                ):
                    root = root.head
                span |= set(range(j, root.right_edge.i + 1))
                j = root.right_edge.i + 1
            out |= span
        return out

    def _anchor_tokens(self, sent: Span, trigger) -> set[int]:
        """Tokens of phrases that date a fact by another event ("antes de la cumbre de
        la OTAN"), unless the trigger itself sits in one ("tras reunirse con Xi")."""
        out: set[int] = set()
        for tok in sent:
            if fold(tok.text) not in self.lex.time_anchors:
                continue
            root = tok.head if tok.dep_ in {"case", "mark"} else tok
            if root.i == root.head.i:  # an anchor word parsed as the root: no phrase
                continue
            span = subtree(root)
            if trigger.i not in span:
                out |= span
        return out

    @staticmethod
    def _inside_about(sent: Span, tok) -> bool:
        for case in sent:
            if case.lower_ in ABOUT and case.dep_ == "case":
                head = case.head
                for anc in [head, *[c for c in head.children if c.dep_ in {"conj", "appos"}]]:
                    if anc.left_edge.i <= tok.i <= anc.right_edge.i:
                        return True
        return False

    @staticmethod
    def _speech_content(verb) -> set[int]:
        out: set[int] = set()
        for child in verb.children:
            if child.dep_ in {"ccomp", "parataxis", "xcomp", "obj", "dobj"}:
                out |= subtree(child)
        return out

    def _status(self, text: str, verb) -> EventStatus:
        if (
            verb.dep_ == "advcl"
            and "Inf" in verb.morph.get("VerbForm")
            and any(c.dep_ in {"mark", "aux"} and c.lower_ in PURPOSE for c in verb.children)
        ):
            return EventStatus.PLANNED  # "llegó a Lima para reunirse con Boric"
        low = fold(text)
        if self._expected_re.search(low):
            return EventStatus.EXPECTED
        if "Fut" in verb.morph.get("Tense") or self._planned_re.search(low):
            return EventStatus.PLANNED
        return EventStatus.HAPPENED

    def _place(
        self,
        ctx: PassageContext,
        mentions: list[Mention],
        clause: set[int],
        participants: list[Participant],
    ) -> str | None:
        """Where the event happened: the first place or country of the clause under a
        locative preposition ("en Nueva Delhi", "in Jeddah, Saudi Arabia", "en la
        ciudad brasileña de Belém"). A named place beats the country around it."""
        taken = {p.entity for p in participants}
        found: list[tuple[bool, int, str]] = []
        for m in mentions:
            if m.start not in clause or m.key in taken or m.kind == "demonym":
                continue
            etype = self._etype(m.key, ctx.state)
            if etype not in {EntityType.PLACE, EntityType.COUNTRY}:
                continue
            if self._is_locative(ctx.doc, m):
                found.append((etype is not EntityType.PLACE, m.start, m.key))
        return min(found)[2] if found else None

    def _is_locative(self, doc: Doc, m: Mention) -> bool:
        prev = doc[m.start - 1].lower_ if m.start > 0 else ""
        if prev in LOCATIVE or (m.start > 1 and doc[m.start - 2].lower_ in LOCATIVE):
            return True
        return governing_case(m.tokens(doc).root) in LOCATIVE

    def _located(self, doc: Doc, m: Mention, state: ArticleState) -> bool:
        """A country or place named as where something happens ("se reunieron en
        China", "in Jeddah, Saudi Arabia"): a place, not a participant."""
        if self._etype(m.key, state) not in {EntityType.PLACE, EntityType.COUNTRY}:
            return False
        root = m.tokens(doc).root
        case = governing_case(root)
        if case is None and m.kind == "demonym":
            # "la ciudad brasileña de Belém": the adjective of a locative phrase
            case = governing_case(root.head) if root.dep_ == "amod" else None
        return case in STATIVE_LOCATIVE

    @staticmethod
    def _quote(text: str) -> str | None:
        m = QUOTE_RE.search(text)
        return m.group(1).strip() if m else None

    def _topic(self, text: str) -> str | None:
        """The topic named in ``text`` (longest matching alias wins)."""
        return self._topics.longest(text)

    def _topic_mentions(self, sent: Span, doc: Doc, mentions: list[Mention]) -> set[str]:
        """Keys of mentions that sit inside a topic phrase (not actors of the relation):
        "Taiwán" in "apoya a Taiwán como parte integral del territorio de China"."""
        folded = fold(sent.text)
        spans = [
            (m.start(), m.end())
            for m in self._topics.pattern.finditer(folded)
            if " " in m.group(0)  # one-word topics ("Taiwán") do not hide an actor
        ]
        if not spans:
            return set()
        out: set[str] = set()
        for m in mentions:
            offset = doc[m.start].idx - sent.start_char
            if any(a <= offset < b for a, b in spans):
                out.add(m.key)
        return out

    def _commodity(self, text: str) -> str | None:
        """The commodity named in ``text`` (longest matching alias wins)."""
        return self._commodities.longest(text)


@dataclass(frozen=True)
class AliasIndex:
    """One whole-word regex over every alias of a gazetteer table, longest first."""

    pattern: re.Pattern[str]
    keys: dict[str, str]

    @classmethod
    def of(cls, entries: dict[str, GazetteerEntry]) -> AliasIndex:
        keys: dict[str, str] = {}
        for key, entry in entries.items():
            for alias in entry.aliases:
                keys.setdefault(fold(alias.form), key)
        forms = sorted(keys, key=len, reverse=True)
        body = "|".join(map(re.escape, forms)) if keys else "(?!)"
        return cls(re.compile(r"(?<!\w)(?:" + body + r")(?!\w)"), keys)

    def longest(self, text: str) -> str | None:
        """Key of the entry with the longest alias found in ``text``."""
        best: tuple[int, str] | None = None
        for m in self.pattern.finditer(fold(text)):
            form = m.group(0)
            if best is None or len(form) > best[0]:
                best = (len(form), self.keys[form])
        return best[1] if best else None


def _is_genitive(tok, noun) -> bool:
    """Whether ``tok`` is a "de X" / "X's" complement directly on ``noun``."""
    cur = tok
    while cur.dep_ in {"flat", "appos", "conj", "amod", "compound"} and cur.head.i != cur.i:
        if cur.head.i == noun.i:
            break
        cur = cur.head
    if cur.head.i != noun.i:
        return False
    return cur.dep_ in {"poss"} or any(
        c.dep_ == "case" and c.lower_ in GENITIVE for c in cur.children
    )


#: relations that go from one side to another: one relation per (from, to) pair
DIRECTED = {"Supply": ("supplier", "recipient")}


def _directed_pairs(rel: Relation) -> list[Relation]:
    """ "India imports oil from Iraq and Saudi Arabia" is two supply relations, one
    per supplier: each has its own source, volume and fate."""
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
    ] or [rel]


def _without_themes(triggers: list[TriggerMatch], doc: Doc) -> list[TriggerMatch]:
    """Drop an event noun that is the object of another kind of event verb: in
    "negociarán un acuerdo", the agreement is what is negotiated, not an event. (A
    relation noun under a speech verb, "aseguró su apoyo", stays: it is the fact.)"""
    verbs = {
        t.head: t.type.cls
        for t in triggers
        if doc[t.head].pos_ in {"VERB", "AUX"}
        and t.type.family == "event"
        and not t.type.speech
        and not t.type.needs_destination  # "llegaron a un acuerdo": reached, not travelled
    }
    out = []
    for t in triggers:
        tok = doc[t.head]
        theme = (
            t.type.family == "event"
            and tok.pos_ not in {"VERB", "AUX"}
            and tok.dep_ in {"obj", "dobj"}
            and verbs.get(tok.head.i, t.type.cls) != t.type.cls
        )
        if not theme:
            out.append(t)
    return out


def _has_negator(noun, negators: frozenset[str], trigger: range) -> bool:
    """Whether a nominal trigger is denied by its own determiner or preposition (one
    outside the trigger: "sin visado" is a trigger, not a denial)."""
    return any(
        c.dep_ in {"det", "advmod", "case", "neg"}
        and fold(c.text) in negators
        and c.i not in trigger
        for c in noun.children
    )


def _phrase_spans(
    doc: Doc, sent: Span, phrases: tuple[str, ...], *, lists: bool = False
) -> list[range]:
    """Each occurrence of one of ``phrases`` with the noun phrase it introduces, as a
    token range. The noun phrase runs over a name however the parser split it, and,
    with ``lists``, over a list of names ("Qatar, Egypt and Turkey")."""
    out: list[range] = []
    starts = {phrase.split()[0] for phrase in phrases}
    for tok in sent:
        if fold(tok.text) not in starts:
            continue
        for phrase in phrases:
            n = len(phrase.split())
            if fold(doc[tok.i : tok.i + n].text) != phrase:
                continue
            j = tok.i + n
            while j < sent.end and doc[j].pos_ not in {"NOUN", "PROPN", "PRON"}:
                j += 1
            if j >= sent.end:
                continue
            root = doc[j]
            while root.dep_ in {"compound", "flat", "amod"} and root.head.i > root.i:
                root = root.head  # "White House Press Secretary Ann Kelly"
            end = root.right_edge.i
            k = j  # and the run of name words
            while k + 1 < sent.end and (
                doc[k + 1].pos_ in {"PROPN", "NOUN", "ADJ"}
                or (
                    doc[k + 1].lower_ in GENITIVE
                    and k + 2 < sent.end
                    and doc[k + 2].pos_ in {"PROPN", "NOUN", "DET"}
                )
                or (
                    lists
                    and doc[k + 1].lower_ in LIST_JOINERS
                    and k + 2 < sent.end
                    and doc[k + 2].pos_ in {"PROPN", "DET"}
                )
            ):
                k += 1
            end = min(max(end, k), sent.end - 1)
            for k in range(j, end + 1):
                if doc[k].text in {";", ":"} or (
                    doc[k].text == ","
                    and (
                        not lists or k + 1 > end or doc[k + 1].pos_ not in {"PROPN", "DET", "NOUN"}
                    )
                ):
                    end = k - 1
                    break
            out.append(range(tok.i, end + 1))
    return out


def _directed(ttype) -> bool:
    """A stance between two sides with different roles (supporter → supported), whose
    noun takes its holder as a genitive ("el apoyo de China a Rusia"); not a supply,
    where "de" names the goods ("comprador de gas ruso")."""
    roles = ttype.roles
    return (
        ttype.cls not in DIRECTED
        and not ttype.invert
        and bool(roles.get("subject"))
        and roles.get("subject") != roles.get("object")
    )


def _plural_noun(tok) -> bool:
    return tok.pos_ == "NOUN" and "Plur" in tok.morph.get("Number")


def _is_adjunct(noun) -> bool:
    """A noun in a prepositional adjunct of its verb ("durante la cumbre", "at the
    summit"), not its subject or object."""
    if noun.dep_ not in {"obl", "nmod", "pobj", "obl:tmod", "advmod"}:
        return False
    return any(c.dep_ == "case" for c in noun.children) or noun.dep_ == "pobj"


def _is_impersonal(verb) -> bool:
    """A Spanish passive or impersonal "se" ("se celebró", "se dijo"): no speaker."""
    return any(
        c.lower_ == "se" and c.dep_ in {"expl:pass", "expl:impers", "obj", "iobj", "expl"}
        for c in verb.children
    )


def _words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern matching any of ``words`` as whole words (never matches if empty)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives or '(?!)'})(?!\w)")


def _is_fragment(sent: Span) -> bool:
    """Verbless headlines and caption fragments ("Alianza China-Rusia", "Sanciones de la
    UE contra Rusia"): no clause to read roles from."""
    return not any(t.pos_ in {"VERB", "AUX"} for t in sent)
