"""Stage 2 of extraction: the frame of one trigger, its clause and its arguments.

Given a trigger, find the verb that governs it, the tokens of its clause, and the
actors named there, split into the subject side and the others. Actors that only
date the fact ("antes de la cumbre de la OTAN"), name a topic ("hablaron sobre
Taiwán"), a place ("se reunieron en China"), a source ("según Xinhua") or a mediator
("mediado por Noruega") are set aside here. Whether the frame makes a fact at all is
for the filters (``filters.py``); which role each actor plays, for ``roles.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from diplokg.extract.clauses import (
    NESTED_CLAUSES,
    VERBAL,
    clause_head,
    clause_tokens,
    governing_case,
    governor,
    noun_agent,
    passive_agent,
    passive_voice,
    possessive,
    subject_tokens,
    subtree,
)
from diplokg.extract.date_attachment import QUOTED
from diplokg.extract.phrases import AliasIndex, is_fragment, phrase_spans
from diplokg.extract.triggers import Lexicon, TriggerMatch, TriggerType
from diplokg.extract.words import FunctionWords
from diplokg.knowledge.gazetteer import Gazetteer
from diplokg.knowledge.text import fold
from diplokg.link.linker import ArticleState, Mention
from diplokg.model import EntityType
from diplokg.nlp.text import span_text

ACTORS = {EntityType.PERSON, EntityType.COUNTRY, EntityType.ORGANIZATION}
#: clauses under another one: a pronoun subject there is the subject above
EMBEDDED = {"ccomp", "xcomp", "advcl", "acl", "relcl", "acl:relcl", "conj"}
#: relations that go from one side to another: one relation per (from, to) pair
DIRECTED = {"Supply": ("supplier", "recipient")}
#: dependency labels of relative clauses
RELATIVE = frozenset({"relcl", "acl:relcl"})
#: classes of events that gather people somewhere
GATHERINGS = frozenset({"Meeting", "Visit", "Negotiation"})


@dataclass
class SentenceContext:
    """What every trigger of one sentence shares, found once per sentence."""

    sent: Span
    mentions: list[Mention]
    #: "según X" / "according to X" phrases, and their tokens
    attribution: list[range]
    attributed: set[int]
    #: tokens of mediation phrases ("mediado por Noruega")
    mediating: set[int]
    #: entities named inside a multi-word topic phrase (not actors of a relation)
    topic_keys: set[str]
    #: head token → class of the sentence's event verbs
    event_verbs: dict[int, str]
    #: head tokens of the sentence's event nouns other than visits ("an assault on
    #: Kyiv"): a state named on one is no place visited
    event_nouns: frozenset[int]
    #: head tokens of the sentence's measure nouns ("sanciones", "tariffs"): what one
    #: is aimed at ("sanciones contra Rusia") takes part in no other fact of the clause
    measure_nouns: frozenset[int]
    #: the classes of the sentence's triggers
    classes: frozenset[str]
    #: event nouns in a prepositional adjunct ("at the APEC summit", "al margen de la
    #: cumbre") → their class
    adjunct_events: dict[int, str]
    #: head tokens of the sentence's nouns of gatherings (meetings, visits): a place
    #: named on one ("at the Tokyo summit") is where what happens at it happens
    gathering_nouns: frozenset[int]
    #: the previous sentence's subject, for a verb whose subject is dropped
    #: ("Lula llegó a Tokio. Se reunirá con Ishiba el miércoles.")
    carried: list[Mention]


@dataclass
class Frame:
    """One trigger read against its sentence: clause, actors and sides."""

    trigger: TriggerMatch
    sent: Span
    head: Token  # the trigger's syntactic anchor
    verb: Token  # the verb that governs it (the trigger itself for a verb)
    nominal: bool
    clause: set[int]
    subj: set[int]
    own: set[int]  # the trigger noun's own subtree (empty for a verb)
    actors: list[Mention]  # actors of the sentence that may take part
    in_clause: list[Mention]
    subject_side: list[Mention]
    others: list[Mention]
    mediators: list[Mention] = field(default_factory=list)
    mediating: set[int] = field(default_factory=set)
    fallback: bool = False  # a verbless fragment: every actor of it
    entry: bool = False  # a visa rule read from the journey it allows (entry.py)
    topic: str | None = None
    clause_text: str = ""
    #: the sentence's event nouns other than visits (``SentenceContext.event_nouns``)
    event_nouns: frozenset[int] = frozenset()
    #: the sentence's nouns of gatherings (``SentenceContext.gathering_nouns``)
    gathering_nouns: frozenset[int] = frozenset()
    #: tokens of phrases that date an event by another (``anchor_tokens``; events only)
    anchored: set[int] = field(default_factory=set)
    #: a news outlet is the subject ("la cadena Sur News publicó"): its report
    by_an_outlet: bool = False

    @property
    def type(self) -> TriggerType:
        return self.trigger.type


class FrameReader:
    """Reads the frame of each trigger (stage 2)."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, topics: AliasIndex) -> None:
        self.lex = lexicon
        self.words: FunctionWords = lexicon.words
        self.gz = gazetteer
        self.topics = topics

    # -- shared look-ups ------------------------------------------------------------
    @staticmethod
    def etype(key: str, state: ArticleState) -> EntityType | None:
        """The type of an entity of the article."""
        ent = state.entities.get(key)
        return ent.type if ent else None

    def is_agency(self, key: str) -> bool:
        """A news agency or outlet: a source, never an actor. The gazetteer's agencies,
        and names it does not know with a word of an outlet's name ("Sur News")."""
        entry = self.gz.get(key)
        if entry is not None:
            return entry.kind == "agency"
        return not self.words.media_names.isdisjoint(key.rpartition("/")[2].split("-"))

    def sentence(
        self,
        sent: Span,
        mentions: list[Mention],
        triggers: list[TriggerMatch],
        carried: list[Mention],
    ) -> SentenceContext:
        """What the triggers of ``sent`` share: its attribution and mediation phrases,
        the entities inside topic phrases, its event verbs."""
        doc = sent.doc
        attribution = phrase_spans(doc, sent, self.lex.attribution, self.words)
        mediation = phrase_spans(doc, sent, self.lex.mediation, self.words, lists=True)
        return SentenceContext(
            sent=sent,
            mentions=mentions,
            attribution=attribution,
            attributed={i for span in attribution for i in span},
            mediating={i for span in mediation for i in span},
            topic_keys=self.topic_mentions(sent, doc, mentions),
            event_verbs={
                t.head: t.type.cls
                for t in triggers
                if t.type.family == "event"
                and not t.type.speech
                and doc[t.head].pos_ in {"VERB", "AUX"}
            },
            event_nouns=frozenset(
                t.head
                for t in triggers
                if t.type.family == "event" and t.type.cls != "Visit" and doc[t.head].pos_ == "NOUN"
            ),
            measure_nouns=frozenset(
                t.head for t in triggers if t.type.policy and doc[t.head].pos_ == "NOUN"
            ),
            carried=carried,
            classes=frozenset(t.type.cls for t in triggers),
            adjunct_events={
                t.head: t.type.cls
                for t in triggers
                if t.type.family == "event"
                and doc[t.head].pos_ in {"NOUN", "PROPN"}  # "la Cumbre del G-20"
                and is_adjunct(doc[t.head])
            },
            gathering_nouns=frozenset(
                t.head
                for t in triggers
                if t.type.cls in GATHERINGS and doc[t.head].pos_ in {"NOUN", "PROPN"}
            ),
        )

    # -- the frame --------------------------------------------------------------------
    def read(self, sc: SentenceContext, trig: TriggerMatch, state: ArticleState) -> Frame:
        """The frame of ``trig`` in the sentence of ``sc``."""
        sent, mentions = sc.sent, sc.mentions
        doc = sent.doc
        ttype = trig.type
        head_tok = doc[trig.head]
        verb = clause_head(head_tok)
        clause = clause_tokens(verb, keep=head_tok)
        if verb.dep_ == "xcomp":
            # "China permitirá a rusos entrar sin visado": a controlled infinitive
            # shares the arguments of the verb that governs it
            clause |= clause_tokens(verb.head, keep=head_tok)
        clause &= set(range(sent.start, sent.end))
        subj = subject_tokens(verb, self.words)
        if (
            not subj
            and verb.dep_ == "acl"
            and fold(verb.head.lemma_) in self.lex.speech_media
            and verb.head.head.i != verb.head.i
        ):
            # "dijeron en un comunicado que suspendían el comercio": what the statement
            # says, parsed as a relative clause on it; its author does it
            subj = subject_tokens(clause_head(verb.head), self.words)
        if (
            ttype.speech
            and head_tok.pos_ in VERBAL
            and passive_voice(verb)
            and not passive_agent(verb, self.words)
        ):
            # "Maduro fue proclamado vencedor", "was declared the winner": the one the
            # words are about is no speaker, and no one else is named as one
            subj = set()
        elif ttype.speech and not subj:
            # "“…”, expresó Lin en una conferencia": the parser may take the speaker
            # after the verb for its object
            subj = self.inverted_speaker(verb, mentions, state)
        controller = self.controlling_object(verb)
        if controller:
            # "Xi invitó a Lula a visitar China": Lula is to visit, not Xi
            clause -= subject_tokens(verb.head, self.words)
            subj = controller
        if head_tok.pos_ not in {"VERB", "AUX"} and head_tok.i in subj:
            # a nominal trigger that is itself the subject: "La alianza entre A y B es ..."
            subj = set()
            clause = subtree(head_tok) | clause
        excluded = sc.attributed | set(range(trig.start, trig.end))
        actors = [
            m
            for m in mentions
            if not m.consumed
            and self.etype(m.key, state) in ACTORS
            and not self.is_agency(m.key)
            and m.start not in excluded
        ]
        if not ttype.policy:
            # "se reunió con empresarios indios": businesspeople are not India (a
            # measure does apply to them: "los ciudadanos rusos podrán entrar")
            actors = [m for m in actors if not self.private_demonym(doc, m)]
            # "acordaron sanciones contra Irán": Iran agreed to nothing; "importa menos
            # petróleo por las sanciones estadounidenses": the US sells none (a stance
            # may be on a measure's issuer: "Canadá criticó los aranceles de EE.UU.")
            actors = [
                m
                for m in actors
                if not self.aimed_at(doc, m, sc.measure_nouns)
                and (is_directed(ttype) or not self.on_a_measure(doc, m, sc.measure_nouns))
            ]
        mediators = [m for m in actors if m.start in sc.mediating]
        actors = [m for m in actors if m.start not in sc.mediating]
        # "sobre X" is what is talked about, except for a measure: "aranceles sobre
        # los productos brasileños" apply to Brazil
        about = set() if ttype.policy else self.about_tokens(sent, head_tok)
        if ttype.generic and head_tok.i == verb.i:
            # "discussed the Israel-Hamas war", "analizaron la situación en Venezuela":
            # what talks are about names no side of them
            about |= self.discussed(verb)
            # "conversó sobre la cooperación con el presidente El-Sisi": a person the
            # parser hung inside the topic is the one talked with
            about -= self.partners_inside(doc, about, mentions, state)
        actors = [m for m in actors if m.start not in about]
        anchored: set[int] = set()
        if ttype.family == "event":
            anchored = self.anchor_tokens(sent, head_tok)
            actors = [m for m in actors if m.start not in anchored]
            if ttype.cls != "Visit":
                fought = ttype.cls in self.lex.fought_by
                actors = [
                    m
                    for m in actors
                    if not self.located(doc, m, state)
                    or (fought and self.fought_in(doc, m, head_tok, state))
                ]
        nominal = head_tok.pos_ not in {"VERB", "AUX"}
        if ttype.family == "event" and not nominal:
            # "Luxon met Xi at the APEC summit", "al margen de la cumbre del G20 se
            # reunió con Ruto": the forum of the summit around the meeting is no side
            # of it (the summit is a meeting of its own)
            forum = {
                i
                for n, cls in sc.adjunct_events.items()
                if cls == ttype.cls and clause_head(doc[n]).i == verb.i
                for i in subtree(doc[n])
            }
            actors = [
                m
                for m in actors
                if m.start not in forum or self.etype(m.key, state) is not EntityType.ORGANIZATION
            ]
        own = subtree(head_tok) if nominal else set()
        clause |= own
        if (
            ttype.family == "event"
            and nominal
            and sc.event_verbs.get(verb.i) == ttype.cls
            and verb.i != head_tok.i
            and is_adjunct(head_tok)
        ):
            # "al margen de la cumbre, Ramaphosa se reunió con Ruto": the actors are
            # the bilateral meeting's; the summit around it keeps only its own (a
            # summit where a deal was signed does share the signatories)
            clause, subj = set(own), set()
        elif (
            ttype.family == "event"
            and nominal
            and (self.inside_about(sent, head_tok) or self.in_anchor(sent, head_tok, verb))
        ):
            # "debatieron sobre la guerra en Ucrania", "spoke after the attack": the
            # talkers are not the war's sides; the noun keeps only its own actors
            clause, subj = set(own), set()
            if self.lex.leads_to.get(ttype.cls) in sc.classes and self.in_anchor(sent, head_tok):
                # "anunciaron un acuerdo después de 25 años de negociaciones": the
                # parties to the agreement negotiated it
                subj = subject_tokens(verb, self.words)
        genitive = [
            m
            for m in actors
            if (ttype.family == "event" or is_directed(ttype))
            and m.start in own
            and self.is_genitive(doc[m.start], head_tok)
        ]
        if ttype.family == "relation" and is_directed(ttype):
            # "Japan's backing of the Philippines": the possessor holds the stance,
            # the "of" complement receives it
            possessors = [m for m in genitive if m.tokens(doc).root.dep_ == "poss"]
            genitive = possessors or genitive
            if not genitive:
                # "US support for Ukraine", "el apoyo estadounidense a Kiev": a state
                # modifying a stance noun holds the stance
                genitive = [m for m in actors if m.start in own and holds(doc[m.start], head_tok)]
        in_clause = [m for m in actors if m.start in clause or m.start in subj]
        if ttype.speech:
            content = speech_content(verb) - subj
            in_clause = [m for m in in_clause if m.start not in content]
        fallback = False
        if not in_clause and not ttype.speech and is_fragment(sent):
            in_clause, fallback = actors, True
        if genitive and not ttype.speech:
            # "las visitas de los primeros ministros ...": the genitive is the agent,
            # not the subject of whatever verb governs the noun
            subject_side = genitive
            others = [m for m in in_clause if m.start in own and m not in genitive]
            if fold(verb.lemma_) in self.lex.attend_verbs and (
                ttype.cls == "Meeting"
                or all(self.etype(m.key, state) is EntityType.ORGANIZATION for m in genitive)
            ):
                # "Lula asistirá a la cumbre de los BRICS", "Petro asistió a la toma de
                # posesión de Noboa": who attends takes part
                others += [m for m in in_clause if m.start in subj and m not in others]
        else:
            subject_side = [m for m in in_clause if m.start in subj]
            others = [m for m in in_clause if m.start not in subj]
            if ttype.speech:
                # "the Chinese ambassador to the United States said": the state the
                # speaker is sent to does not speak
                sent_to = [m for m in subject_side if self.under_preposition(doc[m.start], subj)]
                if len(sent_to) < len(subject_side):
                    subject_side = [m for m in subject_side if m not in sent_to]
            if nominal and any(m.start in own for m in others):
                # "una llamada que tuvo con Trump": the noun's own complements name the
                # other side; objects of the governing verb ("le contó a Putin") do not
                others = [m for m in others if m.start in own]
        if nominal and not subject_side and ttype.policy:
            # "las restricciones impuestas por Estados Unidos": the participle's agent
            agent = {
                i
                for c in head_tok.children
                if c.dep_ in {"acl", "amod"} and "Part" in c.morph.get("VerbForm")
                for i in passive_agent(c, self.words)
            } or noun_agent(head_tok, self.words)
            if agent:
                subject_side = [m for m in actors if m.start in agent]
                others = [m for m in others if m.start not in agent]
        credited = self.credited(head_tok, actors) if nominal and not ttype.speech else []
        if credited:
            subject_side = credited
            others = [m for m in others if m not in credited]
            if not others and is_directed(ttype):
                # "Manele thanked Fiji for its support": the one who thanks was supported
                others = self.thanker(head_tok, actors, credited)
        if nominal and not subject_side and not ttype.speech:
            # "Sheinbaum said that her call with Carney...": "her" is the speaker
            subject_side = self.possessor(head_tok, actors, others)
        finite = verb.head if verb.dep_ == "xcomp" else verb
        if (
            not subject_side
            and not genitive
            and (
                self.dropped_subject(verb, head_tok)
                # "acordaron dar continuidad a la colaboración", "Subrayaron la
                # cooperación": the noun or infinitive of a verb that drops its subject
                or ((nominal or finite is not verb) and self.dropped_subject(finite, finite))
            )
        ):
            # a finite verb with no subject of its own: the one of the sentence before
            carried = [m for m in sc.carried if m.key not in {o.key for o in others}]
            number = finite.morph.get("Number")
            agrees = (len(carried) == 1) == ("Sing" in number) if number else bool(carried)
            if agrees:
                subject_side = [Mention(verb.i, verb.i + 1, m.key, "anaphor") for m in carried]
        if not subject_side and not genitive:
            subject_side = self.pronoun_subject(sc, finite, head_tok, ttype, actors, others, state)
            others = [m for m in others if m not in subject_side]
        elif (
            subject_side and not ttype.speech and not nominal and passive_agent(finite, self.words)
        ):
            # "He was received by Starmer": the agent is the subject, and the pronoun
            # the one received
            others += self.pronoun_subject(
                sc, finite, head_tok, ttype, actors, others + subject_side, state
            )
        if ttype.speech and nominal:
            # "the remarks of X", "el discurso de X"; else who gave it ("pronunció un
            # discurso", "statements were delivered by X")
            # (not a name in what was said: "un comunicado que suspendía el comercio
            # con Níger" is not Niger's)
            said = {
                i
                for c in head_tok.children
                if c.dep_ in NESTED_CLAUSES and "Part" not in c.morph.get("VerbForm")
                for i in subtree(c)
            }  # ("a statement released by State House" does name its author)
            named = [m for m in actors if m.start in own and m.start not in about | said]
            subject_side = named or [m for m in in_clause if m.start in subj]
        if ttype.speech and len(subject_side) > 1:
            # "Trump's deputy, JD Vance, said": the possessor does not speak
            said_by = [m for m in subject_side if not self.is_possessor(doc, m)]
            subject_side = said_by or subject_side
        if ttype.speech:
            subject_side = sorted(
                subject_side,
                key=lambda m: (
                    self.etype(m.key, state) is not EntityType.PERSON,
                    abs(m.start - verb.i),
                ),
            )
        clause_text = phrase_text(verb, head_tok, clause, sent)
        topic = self.topics.longest(clause_text) or (
            self.topics.longest(span_text(sent)) if is_fragment(sent) else None
        )
        others = [m for m in others if m.key not in sc.topic_keys or ttype.family == "event"]
        return Frame(
            trigger=trig,
            sent=sent,
            head=head_tok,
            verb=verb,
            nominal=nominal,
            clause=clause,
            subj=subj,
            own=own,
            actors=actors,
            in_clause=in_clause,
            subject_side=subject_side,
            others=others,
            mediators=mediators,
            mediating=sc.mediating,
            fallback=fallback,
            topic=topic,
            clause_text=clause_text,
            event_nouns=sc.event_nouns,
            gathering_nouns=sc.gathering_nouns,
            anchored=anchored,
            by_an_outlet=self._by_an_outlet(doc, subj, mentions, state),
        )

    # -- pieces -------------------------------------------------------------------------
    def _by_an_outlet(
        self, doc: Doc, subj: set[int], mentions: list[Mention], state: ArticleState
    ) -> bool:
        """Whether the subject names news outlets only ("la cadena Sur News publicó",
        "Sur News reported"): the mentions on the subject's head itself, not those
        deeper in it ("la cadena, cercana al Consejo de Perú"; "MANILA (Reuters) - El
        ministerio dijo")."""
        heads = {i for i in subj if doc[i].head.i not in subj or doc[i].head.i == i}
        on_head = {"appos", "flat", "flat:name", "compound", "nmod"}
        named = [
            m
            for m in mentions
            if self.etype(m.key, state) in ACTORS
            and any(
                m.start <= h < m.end or (doc[m.start].head.i == h and doc[m.start].dep_ in on_head)
                for h in heads
            )
        ]
        return bool(named) and all(self.is_agency(m.key) for m in named)

    def is_genitive(self, tok: Token, noun: Token) -> bool:
        """Whether ``tok`` is a "de X" / "X's" complement directly on ``noun``."""
        cur = tok
        while cur.dep_ in {"flat", "appos", "conj", "amod", "compound"} and cur.head.i != cur.i:
            if cur.head.i == noun.i:
                break
            cur = cur.head
        if cur.dep_ == "pobj" and (
            cur.head.lower_ in self.words.genitive or cur.head.lower_ in self.words.agent_cases
        ):
            # English: "the visit of X", "the visit by X" (of / by → pobj); Spanish
            # "por" on a noun is a route ("la gira por Europa"), not parsed this way
            return cur.head.head.i == noun.i
        if cur.head.i != noun.i:
            return False
        return cur.dep_ in {"poss"} or any(
            c.dep_ == "case" and c.lower_ in self.words.genitive for c in cur.children
        )

    def under_preposition(self, tok: Token, subj: set[int]) -> bool:
        """Whether ``tok`` hangs inside a subject phrase by a preposition other than a
        genitive ("the ambassador to the United States", "el enviado ante la ONU")."""
        cur = tok
        while cur.i in subj and cur.head.i != cur.i and cur.head.i in subj:
            cases = [c for c in cur.children if c.dep_ == "case"]
            if cur.dep_ == "pobj":
                cases.append(cur.head)
            if any(c.lower_ not in self.words.genitive for c in cases):
                return True
            cur = cur.head
        return False

    def sentence_subjects(
        self, sent: Span, mentions: list[Mention], state: ArticleState
    ) -> list[Mention]:
        """The actors that are the subject of the sentence's main verb."""
        subj = subject_tokens(sent.root, self.words)
        return [
            m
            for m in mentions
            if m.start in subj
            and not m.consumed
            and m.kind != "demonym"
            and self.etype(m.key, state) in {EntityType.PERSON, EntityType.COUNTRY}
        ]

    def inverted_speaker(
        self, verb: Token, mentions: list[Mention], state: ArticleState
    ) -> set[int]:
        """The tokens of the person named right after a reporting verb that follows a
        quotation ("“…”, dijo Lin", "“…” said Lin"), else nothing."""
        doc = verb.doc
        before = [t for t in doc[max(verb.sent.start, verb.i - 3) : verb.i] if not t.is_space]
        if not any(t.is_quote or t.text in {"»", "”", '"'} for t in before):
            return set()
        for m in mentions:
            if verb.i < m.start <= verb.i + 3 and self.etype(m.key, state) is EntityType.PERSON:
                between = doc[verb.i + 1 : m.start]
                if all(t.is_punct or t.pos_ in {"DET", "NOUN", "ADJ"} for t in between):
                    return set(range(m.start, m.end))
        return set()

    def is_target(self, frame: Frame, m: Mention) -> bool:
        """Whether a mention is what a measure is aimed at: under "a", "contra",
        "on", "against" right on the trigger noun or its verb ("aranceles a China"),
        or "con" / "with" on it ("suspendió el comercio con Níger")."""
        doc, at = frame.sent.doc, {frame.head.i, frame.verb.i}
        root = m.tokens(doc).root
        if frame.nominal and root.dep_ == "nsubj" and root.head.i == frame.head.i:
            return True  # "declare Hamas a terrorist organization": the one designated
        return self.target_of(doc, m) in at or self.target_of(doc, m, self.words.with_) in at

    @staticmethod
    def on_a_measure(doc: Doc, m: Mention, measures: frozenset[int]) -> bool:
        """Whether a mention hangs right on a measure noun ("sanciones estadounidenses",
        "los aranceles de EE.UU."): the measure's, not a side of another fact."""
        tok = _phrase_root(doc, m)
        head = governor(tok)
        return head.i != tok.i and head.i in measures

    def aimed_at(self, doc: Doc, m: Mention, measures: frozenset[int]) -> bool:
        """Whether a mention is what one of the ``measures`` is aimed at, on the measure
        noun or on the noun that counts it ("un paquete de sanciones contra Rusia")."""
        at = self.target_of(doc, m)
        if at is None:
            return False
        return at in measures or any(
            c.dep_ in {"nmod", "prep"}
            and (c.i in measures or any(g.i in measures for g in c.children))
            for c in doc[at].children
        )

    def target_of(self, doc: Doc, m: Mention, cases: frozenset[str] | None = None) -> int | None:
        """The word a mention hangs from by a target case ("contra", "on", "against";
        or one of ``cases``), or None."""
        tok = _phrase_root(doc, m)
        found = {c.lower_ for c in tok.children if c.dep_ == "case"}
        if tok.dep_ == "pobj":  # English: the preposition hangs from the noun or verb
            found, tok = {tok.head.lower_}, tok.head
        return tok.head.i if found & (cases or self.words.target_cases) else None

    def private_demonym(self, doc: Doc, m: Mention) -> bool:
        """A demonym on people who do not act for their state ("empresarios indios",
        "Chinese investors")."""
        if m.kind != "demonym":
            return False
        tok = doc[m.start]
        if tok.dep_ not in {"amod", "compound", "nmod"}:
            return False
        head = tok.head  # "business leaders": the noun and what compounds it
        nouns = [head, *(c for c in head.children if c.dep_ in {"compound", "amod"})]
        groups = self.words.private_groups
        return any(fold(n.lemma_) in groups or fold(n.text) in groups for n in nouns)

    def controlling_object(self, verb: Token) -> set[int]:
        """The tokens of the object who is to do what an infinitive says, under a verb
        of inviting or urging ("invited Modi to visit"), else nothing."""
        if verb.dep_ != "xcomp" or fold(verb.head.lemma_) not in self.lex.object_control:
            return set()
        return {
            i for c in verb.head.children if c.dep_ in {"obj", "dobj", "iobj"} for i in subtree(c)
        }

    def pronoun_subject(
        self,
        sc: SentenceContext,
        finite: Token,
        trigger: Token,
        ttype: TriggerType,
        actors: list[Mention],
        others: list[Mention],
        state: ArticleState,
    ) -> list[Mention]:
        """Who a pronoun subject of ``finite`` stands for: "I" or "we" in words quoted
        is the one who said them ("I will keep supporting Ukraine," Lammy said); "he",
        "she" or "they" the person (people) named as subject just before ("He said the
        talks were productive"), or in a clause under another the subject above ("Modi
        told Trump that he had expressed…")."""
        if not ttype.speech:
            signer = self.quote_signer(finite, trigger, actors, state)
            if signer:
                return signer
        pronoun = self.person_pronoun(finite)
        if pronoun is None:
            return []
        before = sc.carried
        if finite.dep_ in EMBEDDED and finite.head.i != finite.i:
            # "visited London, where he was received": a relative clause's subject is
            # the one of the verb above the noun it hangs from
            up = clause_head(finite.head) if finite.dep_ in RELATIVE else finite.head
            above = subject_tokens(up, self.words)
            before = [m for m in actors if m.start in above]
            if pronoun.lower_ in self.words.they and len(before) == 1:
                # "Albanese will give Marape a hat when they hold talks": "they" is the
                # one above and the one he deals with
                objects = {
                    i
                    for c in up.children
                    if c.dep_ in {"obj", "dobj", "iobj", "dative"}
                    for i in subtree(c)
                }
                before += [m for m in actors if m.start in objects]
        taken = {o.key for o in others}
        people = [
            m
            for m in before
            if m.key not in taken and self.etype(m.key, state) is EntityType.PERSON
        ]
        if not people or (len(people) == 1) != (pronoun.lower_ in self.words.he_she):
            return []
        return [Mention(pronoun.i, pronoun.i + 1, m.key, "anaphor") for m in people]

    def quote_signer(
        self, verb: Token, trigger: Token, actors: list[Mention], state: ArticleState
    ) -> list[Mention]:
        """The speaker of the words quoted that hold ``trigger``, when its clause's
        subject is "I" or "we": the subject of a reporting verb of the sentence outside
        the quotation marks ("…," Lammy said), else nothing."""
        if not any(
            c.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"} and c.lower_ in self.words.i_we
            for c in verb.children
        ):
            return []
        sent = trigger.sent
        offset = trigger.idx - sent.start_char
        quotes = [m.span() for m in QUOTED.finditer(span_text(sent))]
        if not any(a <= offset < b for a, b in quotes):
            return []
        for tok in sent:
            at = tok.idx - sent.start_char
            if any(a <= at < b for a, b in quotes) or not self.lex.speech_lemma(tok):
                continue
            subj = subject_tokens(tok, self.words)
            found = [
                m
                for m in actors
                if m.start in subj and self.etype(m.key, state) is not EntityType.PLACE
            ]
            if found:
                return found[:1] if "Sing" in verb.morph.get("Number") else found
        return []

    def person_pronoun(self, verb: Token) -> Token | None:
        """The subject of ``verb`` when it is a pronoun of people ("he", "she",
        "they", "ella"), else None."""
        words = self.words.he_she | self.words.they
        return next(
            (
                c
                for c in verb.children
                if c.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"} and c.lower_ in words
            ),
            None,
        )

    def dropped_subject(self, verb: Token, trigger: Token) -> bool:
        """A finite third-person verb that names no subject at all, as Spanish allows
        ("Se reunirá con Ishiba el miércoles"): not an infinitive, an impersonal "se",
        a passive or a verb under another clause that has its own subject."""
        if verb.pos_ not in {"VERB", "AUX"} or verb.i != trigger.i:
            return False
        if "Fin" not in verb.morph.get("VerbForm") or "3" not in verb.morph.get("Person"):
            return False
        if any(
            c.dep_ in {"nsubj", "nsubj:pass", "nsubjpass", "expl:pass", "csubj"}
            for c in verb.children
        ):
            return False
        if verb.dep_ not in {"ROOT", "conj"} or subject_tokens(verb, self.words):
            return False
        return not any(
            c.lower_ == "se" and c.dep_ in {"expl:pass", "expl:impers"} for c in verb.children
        )

    def is_possessor(self, doc: Doc, m: Mention) -> bool:
        """A mention that only qualifies another noun: "Trump's deputy", "el portavoz
        de Lula"."""
        root = m.tokens(doc).root
        if root.dep_ == "poss":
            return True
        return (
            root.head.pos_ == "NOUN"
            and root.head.i != root.i
            and any(c.dep_ == "case" and c.lower_ in self.words.genitive for c in root.children)
        )

    def in_anchor(self, sent: Span, tok: Token, verb: Token | None = None) -> bool:
        """Whether ``tok`` sits in a phrase that dates by another event ("after the
        attack", "tras la cumbre"); with its ``verb``, only when that verb is outside
        the phrase ("after Beijing removed tariffs": the tariffs are that clause's)."""
        for anchor in sent:
            if fold(anchor.text) not in self.lex.time_anchors:
                continue
            root = anchor_phrase(anchor)
            if root.i == root.head.i:
                continue
            inside = range(root.left_edge.i, root.right_edge.i + 1)
            if tok.i in inside and not (
                verb is not None
                and verb.i != tok.i
                and verb.i in inside
                and verb.pos_ in {"VERB", "AUX"}
            ):
                return True
        return False

    def governing_genitive(self, verb: Token, actors: list[Mention]) -> list[Mention]:
        """A "de X" on a noun above the clause: "la decisión de China de permitir ..."."""
        for anc in list(verb.ancestors)[:3]:
            if anc.pos_ in {"NOUN", "PROPN"}:
                found = [m for m in actors if self.is_genitive(m.tokens(verb.doc).root, anc)]
                if found:
                    return found[:1]
        return []

    def credited(self, noun: Token, actors: list[Mention]) -> list[Mention]:
        """The one thanked or praised for what a possessive event noun says ("thanked
        Milei for his support for Israel", "agradeció a Milei su apoyo"): the object of
        the verb of thanking above it, who is the possessor; else nothing."""
        if possessive(noun) is None:
            return []
        verb = self._thanking_verb(noun)
        if verb is None:
            return []
        # "expressed her gratitude to China for its support": the noun's "to" too
        objs = {i for c in verb.children if _thanked(c, self.words) for i in subtree(c)} | {
            i
            for t in verb.children
            if _thanked(t, self.words) and self._thanks(t)
            for c in t.children
            for i in _dative_of_noun(c, self.words)
        }
        return [m for m in actors if m.start in objs - subtree(noun)][:1]

    def _thanking_verb(self, noun: Token) -> Token | None:
        """The verb governing an event noun (its nearest verbal ancestor, up to three
        up) when it thanks or praises ("agradeció", "thanked") or has a noun of thanks
        for object ("expresó su agradecimiento", "expressed her gratitude"), else None."""
        verb = next((a for a in list(noun.ancestors)[:3] if a.pos_ in VERBAL), None)
        if verb is None:
            return None
        thanking = fold(verb.lemma_) in self.lex.credit or any(
            _thanked(c, self.words) and self._thanks(c) for c in verb.children
        )
        return verb if thanking else None

    def _thanks(self, tok: Token) -> bool:
        """Whether ``tok`` is a noun of thanks ("su agradecimiento", "her gratitude")."""
        return tok.pos_ == "NOUN" and fold(tok.lemma_) in self.lex.credit

    def thanker(self, noun: Token, actors: list[Mention], credited: list[Mention]) -> list[Mention]:
        """The subject of the verb of thanking above a credited event noun ("Manele
        thanked Fiji for its support", "Zelenski agradeció a Alemania su apoyo",
        "expressed her gratitude to China for its support")."""
        verb = self._thanking_verb(noun)
        if verb is None:
            return []
        subj = subject_tokens(verb, self.words)
        return [m for m in actors if m.start in subj and m not in credited]

    def possessor(self, noun: Token, actors: list[Mention], others: list[Mention]) -> list[Mention]:
        """The actor a possessive pronoun on an event noun stands for ("her call with
        Carney", "su reunión con Lula"): the subject of the nearest clause above that
        names one. A possessive of several ("their summit", "su cumbre" of "Modi e
        Ishiba") stands for all of that subject; "his", "her" and "its" for one."""
        poss = possessive(noun)
        if poss is None:
            return []
        for anc in noun.ancestors:
            if anc.pos_ == "NOUN":
                # "las palabras de Bukele en su visita": the genitive of the noun above
                found = [m for m in actors if m.start in self._genitive_of(anc) and m not in others]
                if found:
                    return found if _of_several(poss) else found[:1]
            if anc.pos_ not in {"VERB", "AUX"}:
                continue
            subj = subject_tokens(anc, self.words)
            if noun.i in subj:
                continue
            found = [m for m in actors if m.start in subj and m not in others]
            if found and len(found) == 1 and "Plur" in poss.morph.get("Number"):
                # "Trump met with Sharaa … after their first meeting": "their" is the
                # subject and the one it met with
                objs = {
                    i
                    for c in anc.children
                    if c.dep_ in {"obj", "dobj", "prep", "obl"} and c.i < noun.left_edge.i
                    for i in subtree(c)
                }
                found += [m for m in actors if m.start in objs and m not in found]
            if found:
                return found if _of_several(poss) else found[:1]
        return []

    def _genitive_of(self, noun: Token) -> set[int]:
        """Tokens of the "de X" / "X's" complements on a noun (whose it is)."""
        return {
            i
            for tok in noun.subtree
            if tok.i != noun.i and self.is_genitive(tok, noun)
            for i in subtree(tok)
        }

    def about_tokens(self, sent: Span, trigger: Token) -> set[int]:
        """Tokens of "sobre X" / "about X" phrases: what is talked about, not who talks.

        The phrase runs on through a list ("sobre TikTok, el comercio y Taiwán"). A
        phrase that holds the trigger itself ("le contó sobre una llamada con X") is the
        event, not its topic.
        """
        out: set[int] = set()
        if not self._may_hold(sent, self.words.about):
            return out
        doc = sent.doc
        for tok in sent:
            if tok.lower_ not in self.words.about or tok.dep_ != "case":
                continue
            head = tok.head
            if head.left_edge.i <= trigger.i <= head.right_edge.i:
                continue
            span = subtree(head)
            j = head.right_edge.i + 1
            while j + 1 < sent.end and doc[j].lower_ in self.words.list_joiners:
                nxt = doc[j + 1]
                while nxt.lower_ in self.words.determiners and nxt.i + 1 < sent.end:
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

    def partners_inside(
        self, doc: Doc, about: set[int], mentions: list[Mention], state: ArticleState
    ) -> set[int]:
        """Tokens of the "with/con" phrases inside ``about`` that name a person."""
        out: set[int] = set()
        for i in sorted(about):
            tok = doc[i]
            if self.opens_with(tok):
                span = subtree(tok)
                if any(
                    m.start in span and self.etype(m.key, state) is EntityType.PERSON
                    for m in mentions
                ):
                    out |= span
        return out

    def discussed(self, verb: Token) -> set[int]:
        """Tokens of the direct object of a verb of discussing ("discussed the war
        between A and B"): the subject of the talks, not a side of them. A "with"
        phrase the parser hangs inside it ("discussed the war with Zelensky") names the
        other side."""
        if fold(verb.lemma_) not in self.lex.topic_verbs:
            return set()
        out: set[int] = set()
        for obj in (c for c in verb.children if c.dep_ in {"obj", "dobj"}):
            out |= subtree(obj)
            for tok in obj.subtree:
                if tok.i != obj.i and self.opens_with(tok):
                    out -= subtree(tok)
        return out

    def opens_with(self, tok: Token) -> bool:
        """Whether ``tok`` heads a "with/con" phrase: the English preposition, or a
        Spanish noun marked by it."""
        with_ = self.words.with_
        return (tok.dep_ == "prep" and tok.lower_ in with_) or any(
            c.dep_ == "case" and c.lower_ in with_ for c in tok.children
        )

    @staticmethod
    def _may_hold(sent: Span, words: frozenset[str]) -> bool:
        """Whether one of ``words`` may be a token of ``sent`` (lower case): when none
        is in its text, a scan of its tokens can be skipped."""
        text = span_text(sent).lower()
        return any(w in text for w in words)

    def inside_about(self, sent: Span, tok: Token) -> bool:
        """Whether ``tok`` sits in a "sobre X" / "about X" phrase."""
        if not self._may_hold(sent, self.words.about):
            return False
        for case in sent:
            if case.lower_ in self.words.about and case.dep_ == "case":
                head = case.head
                for anc in [head, *[c for c in head.children if c.dep_ in {"conj", "appos"}]]:
                    if anc.left_edge.i <= tok.i <= anc.right_edge.i:
                        return True
        return False

    def anchor_tokens(self, sent: Span, trigger: Token) -> set[int]:
        """Tokens of phrases that date a fact by another event ("antes de la cumbre de
        la OTAN"), unless the trigger itself sits in one ("tras reunirse con Xi")."""
        out: set[int] = set()
        folded = fold(span_text(sent))
        if not any(w in folded for w in self.lex.time_anchors):
            return out  # a token folds to a part of its sentence's folded text
        for tok in sent:
            if fold(tok.text) not in self.lex.time_anchors:
                continue
            root = anchor_phrase(tok)
            if root.i == root.head.i:  # an anchor word parsed as the root: no phrase
                continue
            span = subtree(root)
            if trigger.i not in span:
                out |= span
        return out

    def is_locative(self, doc: Doc, m: Mention) -> bool:
        """Whether a mention sits under a locative preposition ("en", "in", "a")."""
        prev = doc[m.start - 1].lower_ if m.start > 0 else ""
        locative = self.words.locative
        if prev in locative or (m.start > 1 and doc[m.start - 2].lower_ in locative):
            return True
        return governing_case(m.tokens(doc).root) in locative

    def located(self, doc: Doc, m: Mention, state: ArticleState) -> bool:
        """A country or place named as where something happens ("se reunieron en
        China", "in Jeddah, Saudi Arabia"): a place, not a participant."""
        if self.etype(m.key, state) not in {EntityType.PLACE, EntityType.COUNTRY}:
            return False
        root = m.tokens(doc).root
        case = governing_case(root)
        if case is None and m.kind == "demonym":
            # "la ciudad brasileña de Belém": the adjective of a locative phrase
            case = governing_case(root.head) if root.dep_ == "amod" else None
        return case in self.words.stative_locative

    def fought_in(self, doc: Doc, m: Mention, noun: Token, state: ArticleState) -> bool:
        """A country a war noun is fought in ("Russia's war in Ukraine", "la guerra en
        Ucrania"): a side of the war, not only where it happens."""
        if self.etype(m.key, state) is not EntityType.COUNTRY:
            return False
        return governor(m.tokens(doc).root).i == noun.i

    def topic_mentions(self, sent: Span, doc: Doc, mentions: list[Mention]) -> set[str]:
        """Keys of mentions that sit inside a topic phrase (not actors of the relation):
        "Taiwán" in "apoya a Taiwán como parte integral del territorio de China"."""
        folded = fold(span_text(sent))
        spans = [
            (m.start(), m.end())
            for m in self.topics.pattern.finditer(folded)
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


def _phrase_root(doc: Doc, m: Mention) -> Token:
    """The word a mention's phrase hangs by: up from its first token through the
    parts of a name and the lists and appositions it is in."""
    tok = doc[m.start]
    while tok.dep_ in {"flat", "flat:name", "compound", "conj", "appos"} and tok.head != tok:
        tok = tok.head
    return tok


def anchor_phrase(word: Token) -> Token:
    """The head of the phrase an anchor word opens: the noun or verb after "tras",
    and after a multi-word preposition ("en medio de", parsed as "en" + fixed
    words)."""
    tok = word
    while tok.dep_ in {"fixed", "flat"} and tok.head.i != tok.i:
        tok = tok.head
    return tok.head if tok.dep_ in {"case", "mark"} else tok


def phrase_text(verb: Token, trigger: Token, clause: set[int], sent: Span) -> str:
    """Text of the trigger's verb phrase, infinitives included ("apoya el diálogo para
    poner fin a la guerra"), coordinated clauses ("..., y Modi dijo ...") not."""
    if not clause:
        return span_text(sent)
    tokens = set(subtree(verb))
    for child in verb.children:
        if child.dep_ in {"conj", "parataxis"} and not (
            child.left_edge.i <= trigger.i <= child.right_edge.i
        ):
            tokens -= subtree(child)
    doc = sent.doc
    return " ".join(doc[i].text for i in sorted(tokens))


def speech_content(verb: Token) -> set[int]:
    """Tokens of what a reporting verb reports (its complement clause or object)."""
    out: set[int] = set()
    for child in verb.children:
        if child.dep_ in {"ccomp", "parataxis", "xcomp", "obj", "dobj"}:
            out |= subtree(child)
    return out


def is_directed(ttype: TriggerType) -> bool:
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


def holds(tok: Token, noun: Token) -> bool:
    """Whether ``tok`` (a name or demonym) modifies ``noun`` without a preposition:
    an English noun before it ("US support"), an adjective ("apoyo estadounidense")."""
    cur = tok
    while cur.dep_ in {"flat", "compound"} and cur.head.i != noun.i and cur.head.i != cur.i:
        cur = cur.head
    if cur.head.i != noun.i or any(c.dep_ in {"case", "prep"} for c in cur.children):
        return False
    return cur.dep_ == "amod" or (cur.dep_ == "compound" and cur.i < noun.i)


def is_adjunct(noun: Token) -> bool:
    """A noun in a prepositional adjunct of its verb ("durante la cumbre", "at the
    summit"), not its subject or object."""
    if noun.dep_ not in {"obl", "nmod", "pobj", "obl:tmod", "advmod"}:
        return False
    return any(c.dep_ == "case" for c in noun.children) or noun.dep_ == "pobj"


def _of_several(poss: Token) -> bool:
    """Whether a possessive may stand for several: English "their", Spanish "su"/"sus"
    (which say nothing of the possessor's number), not "his", "her" or "its"."""
    if "Sing" in poss.morph.get("Number[psor]"):
        return False
    return poss.lang_ != "en" or "Plur" in poss.morph.get("Number")


def verb_clause_text(frame: Frame) -> str:
    """The words of the clause of the trigger's verb (its subtree), folded and joined
    by spaces: what the phrase lists of a clause are searched in (``words_re``)."""
    return " ".join(fold(t.text) for t in frame.verb.subtree)


def _thanked(child: Token, words: FunctionWords) -> bool:
    """Whether ``child`` of a verb of thanking names the one thanked: its object, or
    a dative ("agradeció a Alemania su apoyo": "a Alemania" parsed as an oblique)."""
    if child.dep_ in {"obj", "dobj", "iobj", "dative"}:
        return True
    return child.dep_ == "obl" and any(
        c.dep_ == "case" and c.lower_ in words.dative for c in child.children
    )


def _dative_of_noun(child: Token, words: FunctionWords) -> set[int]:
    """Tokens of the "to X" / "a X" phrase ``child`` of a noun of thanks opens."""
    if child.dep_ == "prep" and child.lower_ in words.dative:
        return {i for c in child.children if c.dep_ == "pobj" for i in subtree(c)}
    if child.dep_ == "nmod" and any(
        c.dep_ == "case" and c.lower_ in words.dative for c in child.children
    ):
        return set(subtree(child))
    return set()
