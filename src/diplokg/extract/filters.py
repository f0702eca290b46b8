"""Stage 5 of extraction: whether a trigger's frame makes a fact at all.

Two checks. ``rejects_frame`` runs before roles are assigned: a negated or denied
trigger ("no se reunieron", "no hay acuerdo", "desmintió cualquier reunión"), a
source ("de acuerdo con el ministro"), a topic of talk ("hablaron sobre comercio",
"abordarán las relaciones"), a policy only discussed, a passive "se celebró".
``rejects_fact`` runs on the participants: too few actors, a relation with one side
and no position, a statement without a speaker, a journey without a destination.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from diplokg.extract.clauses import (
    is_negated,
    marked_phrase,
    noun_agent,
    passive_agent,
    purpose_marked,
    subtree,
)
from diplokg.extract.frame import Frame, FrameReader, is_directed, verb_clause_text
from diplokg.extract.hosts import goes_home
from diplokg.extract.phrases import is_fragment, words_re
from diplokg.extract.words import FunctionWords
from diplokg.knowledge.text import fold
from diplokg.link.linker import ArticleState, Mention
from diplokg.model import EntityType, Participant


class Filters:
    """The filters of stage 5, with the lexicon's word lists."""

    def __init__(self, reader: FrameReader) -> None:
        self.reader = reader
        self.lex = reader.lex
        self._reciprocal_re = words_re(self.lex.reciprocal)

    def rejects_frame(self, frame: Frame, attributed: set[int]) -> bool:
        """Whether the trigger names no fact, whatever its actors."""
        ttype, head, verb = frame.type, frame.head, frame.verb
        trigger_tokens = range(frame.trigger.start, frame.trigger.end)
        if head.i in attributed:
            return True  # "de acuerdo con el ministro": a source, not an agreement
        if is_negated(verb, self.lex.negation):
            return True
        if (
            verb.dep_ == "xcomp"
            and is_negated(verb.head, self.lex.negation)
            and fold(verb.head.lemma_) not in self.lex.denial
        ):
            return True  # "todavía no logra sellar un acuerdo" ("no descarta reunirse" is open)
        if ttype.cls == "Meeting" and self._with_the_press(frame):
            return True  # "en una reunión con la prensa", "met with reporters"
        if head.i == verb.i and self._done_without(verb):
            return True  # "lleva dos meses sin declarar", "left without meeting him"
        if frame.nominal and has_negator(head, self.lex.negators, trigger_tokens):
            return True  # "no hay acuerdo todavía", "talks without an agreement"
        if frame.nominal and self._hypothetical(frame):
            return True  # "un pacto de ayuda mutua en caso de agresión"
        if head.i != verb.i and fold(verb.lemma_) in self.lex.denial:
            return True  # "desmintió cualquier reunión": a denied event
        if self._denied_above(verb):
            # "desmiente que Al Sisi vaya a reunirse con Netanyahu", "desmintió las
            # informaciones según las cuales se reuniría": what is denied is no fact
            return True
        if head.i in frame.mediating:
            return True  # "tras la mediación de China": an attribute of the main event
        if ttype.family == "relation" and _prepositional(head, self.reader.words):
            return True  # "en relación con el comercio", "in relation to": about, not ties
        if ttype.family == "relation" and self.reader.inside_about(frame.sent, head):
            return True  # "hablaron sobre comercio": a topic of talk, not a trade relation
        if (
            ttype.family == "relation"
            and head.dep_ in {"obj", "dobj"}
            and fold(head.head.lemma_) in self.lex.topic_verbs
        ):
            return True  # "abordarán las relaciones con la UE": a subject of talks
        if (
            ttype.cls == "Visit"
            and frame.nominal
            and frame.head.dep_ == "conj"
            and not any(m.start in frame.own for m in frame.actors)
        ):
            return True  # "con fines de turismo, negocios o visitas a familiares"
        if ttype.policy and frame.nominal and not (frame.entry or self.announced(frame)):
            return True
        if ttype.cls == "Support" and head.i == verb.i and self._reflexive(verb):
            return True  # "Ukraine is defending itself from Russian aggression"
        if ttype.speech and frame.by_an_outlet:
            return True  # "la cadena Sur News publicó": an outlet's report, no one's words
        if ttype.speech and frame.nominal and self._where_it_was_said(head):
            return True  # "dijo Petro en un discurso": the speech is where, not a second one
        if ttype.speech and head.i == verb.i and self._intended(verb):
            return True  # "pretende reiterar su apoyo", "viajará para ratificar": not said yet
        if ttype.speech and head.i == verb.i and self.reader.controlling_object(verb):
            return True  # "instó al consejo a publicar los resultados": asked, not said
        if ttype.speech and head.i == verb.i and self._answers_with_an_act(verb, frame):
            return True  # "Bogotá respondió con aranceles": a measure, not words
        # "la cumbre se celebró en Montevideo": held, not hailed
        return ttype.speech and head.i == verb.i and is_impersonal(verb)

    def _where_it_was_said(self, noun: Token) -> bool:
        """Whether a speech noun is where a reporting verb's words were said, in a
        phrase of a preposition under that verb ("dijo Petro en un discurso", "said in
        a speech"): the verb's statement, not one of its own."""
        marks, verb = marked_phrase(noun)
        return (
            bool(marks) and verb.i != noun.i and verb.pos_ == "VERB" and self.lex.speech_lemma(verb)
        )

    def _hypothetical(self, frame: Frame) -> bool:
        """Whether the event noun is only supposed: after a phrase of hypothesis ("en
        caso de agresión", "in the event of an attack", an article or adjective in
        between), with a determiner of any ("cualquier ataque"), or the subject of a
        verb in the conditional ("an attack on X would be a danger to both")."""
        head = frame.head
        if any(
            c.dep_ == "det" and fold(c.text) in self.lex.hypothetical_determiners
            for c in head.children
        ):
            return True
        if head.dep_ in {"nsubj", "nsubjpass"} and self._conditional_predicate(head.head):
            return True
        doc, start = frame.sent.doc, frame.trigger.start
        while start > frame.sent.start and (
            doc[start - 1].pos_ in {"DET", "ADJ"} or doc[start - 1].is_quote
        ):
            start -= 1
        for phrase in self.lex.hypothetical:
            n = len(phrase)
            if (
                start - n >= frame.sent.start
                and tuple(fold(t.text) for t in doc[start - n : start]) == phrase
            ):
                return True
        return False

    def _conditional_predicate(self, verb: Token) -> bool:
        """Whether a verb says what something would be ("would be a danger", "sería un
        peligro"), not what it would do ("the strikes would continue")."""
        cop = [c for c in verb.children if c.dep_ == "cop"]
        if not cop and fold(verb.lemma_) not in {"be", "ser"}:
            return False
        words = [verb, *cop, *(c for c in verb.children if c.dep_ == "aux")]
        return any(
            "Cnd" in w.morph.get("Mood") or fold(w.text) in self.lex.conditional_auxiliaries
            for w in words
        )

    def _reflexive(self, verb: Token) -> bool:
        """Whether the verb's object is its own subject ("defending itself")."""
        reflexives = self.reader.words.reflexives
        return any(c.dep_ in {"dobj", "obj"} and c.lower_ in reflexives for c in verb.children)

    def _intended(self, verb: Token) -> bool:
        """Whether an infinitive reporting verb is only intended: governed by a verb of
        intending ("pretende reiterar", "wants to stress") or the purpose of a journey
        still ahead ("viajará a Nuakchot para ratificar"). A purpose already served
        ("aprovechó para reiterar su apoyo") is said."""
        words = self.reader.words
        if "Inf" not in verb.morph.get("VerbForm") or verb.head.i == verb.i:
            return False
        governor = verb.head
        if verb.dep_ == "xcomp" and fold(governor.lemma_) in words.intends:
            return True
        return purpose_marked(verb, words) and "Fut" in governor.morph.get("Tense")

    def _answers_with_an_act(self, verb: Token, frame: Frame) -> bool:
        """Whether a reporting verb is done "with" an event noun of the sentence
        ("respondió con un arancel", "responded with sanctions"): an act, not words."""
        return any(
            n.i in frame.event_nouns or self._enacts_a_measure(n, frame)
            for n in self._with_nouns(verb)
        )

    def _with_nouns(self, tok: Token) -> list[Token]:
        """The nouns of the "con" / "with" phrases on ``tok`` (English: "with" and its
        noun; Spanish: the noun "con" marks)."""
        nouns: list[Token] = []
        for child in tok.children:
            if self.reader.opens_with(child):
                nouns += (
                    [c for c in child.children if c.dep_ == "pobj"]
                    if child.dep_ == "prep"
                    else [child]
                )
        return nouns

    def _enacts_a_measure(self, noun: Token, frame: Frame) -> bool:
        """Whether ``noun`` enacts an event noun of the sentence hanging from it ("con la
        imposición de aranceles")."""
        if fold(noun.lemma_) not in self.lex.policy_acts:
            return False
        below = [c for c in noun.children if c.dep_ in {"nmod", "prep"}]
        below += [g for c in below if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        if any(c.i in frame.event_nouns for c in below):
            return True
        # "con la imposición inmediata de altos aranceles", the measure misread as a
        # name or an adjective: a measure's words under the act still enact it
        phrase = noun.doc[noun.i + 1 : noun.right_edge.i + 1]
        return any(t.type.policy for lang in ("es", "en") for t in self.lex.match(phrase, lang))

    def _with_the_press(self, frame: Frame) -> bool:
        """Whether the one met is the press: a press event, not a meeting."""
        press = self.reader.words.press
        return any(
            fold(n.lemma_) in press or fold(n.text) in press
            for tok in {frame.head, frame.verb}
            for n in self._with_nouns(tok)
        )

    def _done_without(self, verb: Token) -> bool:
        """Whether ``verb`` is governed by "sin" / "without": not done."""
        if verb.dep_ == "pcomp" and fold(verb.head.text) in self.lex.without:
            return True  # English: "without" heads the gerund
        return any(c.dep_ == "mark" and fold(c.text) in self.lex.without for c in verb.children)

    def _denied_above(self, verb: Token) -> bool:
        """Whether a verb above ``verb`` (through its complements and the noun they hang
        from) denies it."""
        tok = verb
        for _ in range(6):
            if tok.head.i == tok.i or tok.dep_ in {"conj", "parataxis"}:
                return False  # "rejected the terms, but Blinken said": beside it, not under
            tok = tok.head
            if tok.pos_ in {"VERB", "AUX"} and fold(tok.lemma_) in self.lex.denial:
                return True
        return False

    def rejects_fact(
        self, frame: Frame, participants: list[Participant], state: ArticleState
    ) -> bool:
        """Whether the actors found are not enough for a fact of this type."""
        ttype = frame.type
        keys = {p.entity for p in participants if p.role != "mediator"}
        if len(keys) < ttype.min_actors and not (
            ttype.organization_suffices
            and any(self.reader.etype(k, state) is EntityType.ORGANIZATION for k in keys)
        ):
            return True
        if ttype.guests_visit and (not frame.others or _welcomes_a_thing(frame)):
            return True  # "von der Leyen welcomed the decision": no one received
        sides = {state.side(k) for k in keys}
        if ttype.family == "relation" and len(sides) < 2:
            if not frame.topic or self._mutual_noun(frame):
                # one side and no position: "X expresó su apoyo" names no relation, nor
                # does a leader with their own country ("Starmer assured continued UK
                # support"); a war, rivalry or partnership is between two, whatever
                # its topic ("la guerra comercial de Trump" names one side only)
                return True
            holder = ttype.roles.get("subject")
            if holder and not any(p.role == holder for p in participants):
                # "…en la que ha recalcado que apoya la soberanía marroquí" with no one
                # found who supports: a position needs its holder, not only its object
                return True
        if (
            ttype.family == "relation"
            and is_directed(ttype)
            and not self._mutual_noun(frame)
            and fold(frame.verb.lemma_) not in self.lex.mutual
            and _one_list(frame.sent.doc, frame.subject_side)
            and {m.key for m in frame.subject_side} >= keys
            and not self._reciprocal(frame)
        ):
            # "las presiones de EEUU y Francia", "Colombia y Brasil han cuestionado la
            # transparencia del proceso": two holders of one stance, and no one it is
            # held towards
            return True
        if ttype.people_only:
            subject_role = ttype.roles.get("subject")
            if not any(
                p.role == subject_role and self.reader.etype(p.entity, state) is EntityType.PERSON
                for p in participants
            ):
                return True  # "Rusia está en Siria": a presence, no visit
        return ttype.speech and not any(p.role == "speaker" for p in participants)

    def _reciprocal(self, frame: Frame) -> bool:
        """Whether the trigger's clause says its holders hold it towards each other
        ("prometieron respaldarse mutuamente", "to back each other")."""
        return self._reciprocal_re.search(verb_clause_text(frame)) is not None

    def _mutual_noun(self, frame: Frame) -> bool:
        """Whether the trigger names a relation held between two ("guerra", "rivalry",
        "cooperación"), not by one towards another."""
        return bool({fold(frame.head.lemma_), fold(frame.head.text)} & self.lex.mutual)

    def lacks_destination(
        self, frame: Frame, place: str | None, participants: list[Participant], state: ArticleState
    ) -> bool:
        """A journey verb with nowhere to go ("llegaron a un acuerdo"), or only home
        ("Sánchez regresó a España")."""
        if frame.type.cls == "Visit" and goes_home(participants, state, self.reader.gz):
            return True
        if not frame.type.needs_destination or place:
            return False
        return not any(
            p.role == "host"
            and self.reader.etype(p.entity, state) in {EntityType.PLACE, EntityType.COUNTRY}
            for p in participants
        )

    def announced(self, frame: Frame) -> bool:
        """Whether a policy noun is being announced ("la UE aprobó sanciones", "las
        sanciones de la UE", a headline), not discussed or opposed."""
        verb, trigger = frame.verb, frame.head
        heads = [verb, verb.head] if verb.dep_ in {"xcomp", "acl", "ccomp"} else [verb]
        if any(fold(h.lemma_) in self.lex.policy_verbs for h in heads):
            return True
        if any(
            c.dep_ in {"acl", "amod"}
            and "Part" in c.morph.get("VerbForm")
            and passive_agent(c, self.reader.words)
            for c in trigger.children
        ):
            return True  # "las restricciones impuestas por Estados Unidos"
        if noun_agent(trigger, self.reader.words):
            return True  # the same, with "impuestos" parsed as a noun
        above = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
        if above.pos_ in {"VERB", "AUX"} and self._answers_with_an_act(above, frame):
            return True  # "Bogotá respondió con aranceles": the answer is the measure
        if above.pos_ == "NOUN" and fold(above.lemma_) in self.lex.policy_acts:
            return True  # "la imposición de aranceles", "the announcement of sanctions"
        own = subtree(trigger)
        doc = trigger.doc
        actors: list[Mention] = frame.actors
        if any(m.start in own and self.reader.is_genitive(doc[m.start], trigger) for m in actors):
            return True
        return is_fragment(frame.sent)


def says_nothing(sent: Span, complementizers: frozenset[str]) -> bool:
    """Whether a sentence stops on the word that opens what is said (a text cut off
    right after "dijo que", "told leaders that"): no statement yet."""
    words = [t for t in sent if not t.is_space]
    return bool(words) and words[-1].lower_ in complementizers


def _one_list(doc: Doc, mentions: list[Mention]) -> bool:
    """Whether several mentions are one coordinated list ("EEUU y Francia")."""
    if len(mentions) < 2:
        return False
    roots = sorted((m.tokens(doc).root for m in mentions), key=lambda t: t.i)
    first = roots[0]

    def joined(tok: Token) -> bool:
        for _ in range(len(roots) + 1):
            if tok.dep_ != "conj" or tok.head.i == tok.i:
                return False
            tok = tok.head
            if tok.i == first.i:
                return True
        return False

    return all(joined(t) for t in roots[1:])


def _prepositional(noun: Token, words: FunctionWords) -> bool:
    """A bare noun inside a fixed preposition: "en relación con", "con relación a",
    "in relation to"."""
    doc = noun.doc
    if noun.i == 0 or noun.i + 1 >= len(doc):
        return False
    before, after = doc[noun.i - 1].lower_, doc[noun.i + 1].lower_
    return (before in words.stative_locative or before in words.with_) and (
        after in words.comitative
    )


def has_negator(noun: Token, negators: frozenset[str], trigger: range) -> bool:
    """Whether a nominal trigger is denied by its own determiner or preposition (one
    outside the trigger: "sin visado" is a trigger, not a denial). An English
    preposition heads its noun ("ended without a deal"), a Spanish one hangs from it."""
    if noun.dep_ == "pobj" and fold(noun.head.text) in negators and noun.head.i not in trigger:
        return True
    return any(
        c.dep_ in {"det", "advmod", "case", "neg"}
        and fold(c.text) in negators
        and c.i not in trigger
        for c in noun.children
    )


def is_impersonal(verb: Token) -> bool:
    """A Spanish passive or impersonal "se" ("se celebró", "se dijo"): no speaker.
    Declaring oneself something ("Carney se dijo confiado", "se declaró dispuesto")
    has a subject and a predicate adjective: a personal statement."""
    if not any(
        c.lower_ == "se" and c.dep_ in {"expl:pass", "expl:impers", "obj", "iobj", "expl"}
        for c in verb.children
    ):
        return False
    deps = {c.dep_ for c in verb.children}
    predicate = any(c.pos_ == "ADJ" and c.dep_ in {"obj", "xcomp", "obl"} for c in verb.children)
    return not (predicate and "nsubj" in deps)


#: dependents through which a received noun names its actor ("al presidente argentino
#: Javier Milei"), unlike a complement ("the decision of the Dutch government")
NAMING = {"appos", "flat", "flat:name", "compound", "amod", "nmod:poss", "poss"}


def _welcomes_a_thing(frame: Frame) -> bool:
    """Whether a receiving verb's object is a thing, not someone: a common noun with no
    actor named on it ("welcomed the decision", "acogió con satisfacción el anuncio")."""
    verb = frame.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return False
    obj = next((c for c in verb.children if c.dep_ in {"obj", "dobj"}), None)
    if obj is None or obj.pos_ != "NOUN":
        return False
    naming = {obj.i}
    todo = [obj]
    while todo:
        tok = todo.pop()
        for c in tok.children:
            if c.dep_ in NAMING and c.i not in naming:
                naming.add(c.i)
                todo.append(c)
    # the passive's agent, parsed as an object ("fue recibido por el presidente
    # panameño, José Raúl Mulino"), names the one who received
    return not any(m.start in naming for m in (*frame.others, *frame.subject_side))
