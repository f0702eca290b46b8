"""Statements that no reporting verb announces.

* A quotation signed by a name and no verb: "“…” Ana Pérez, ministra de X" (in one
  sentence, or the name in a verbless sentence right after the quotation).
* A source named by "según" / "according to": "Según el canciller Mauro Vieira, la
  reunión fue productiva" is a statement by Vieira (never by a news agency, and not
  when a reporting verb of the sentence already made one: "dijo Putin, según un
  vídeo del Kremlin").
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from diplokg.extract.clauses import subject_tokens
from diplokg.extract.date_attachment import SentenceDates
from diplokg.extract.dates import DateMention
from diplokg.extract.frame import ACTORS, FrameReader, SentenceContext
from diplokg.extract.triggers import TriggerMatch
from diplokg.knowledge.text import fold
from diplokg.link.linker import ArticleState, Mention
from diplokg.model import EntityType, Event, Evidence, Participant, PassageKind
from diplokg.nlp.text import span_text

#: a whole sentence that is a quotation followed by who said it
SIGNED_QUOTE_RE = re.compile(
    r"^\s*[«“\"](?P<quote>[^«»“”\"]{12,})[»”\"]\s*[,.—–-]*\s*(?P<tail>\S.{0,120})$"
)
QUOTE_END_RE = re.compile(r"[»”\"]\s*$")
QUOTE_RE = re.compile(r"[«“\"]([^«»“”\"]{12,})[»”\"]")
#: a statement read without a reporting verb is less certain
FACTOR_NO_VERB = 0.8
FACTOR_CAPTION = 0.9


def quote_of(text: str) -> str | None:
    """The first quotation in ``text``."""
    m = QUOTE_RE.search(text)
    return m.group(1).strip() if m else None


class StatementFinder:
    """Statements of a sentence that no reporting verb makes."""

    def __init__(self, reader: FrameReader, confidence: float) -> None:
        self.reader = reader
        self.confidence = confidence

    def signed_quote(
        self,
        sent: Span,
        mentions: list[Mention],
        triggers: list[TriggerMatch],
        state: ArticleState,
        lang: str,
        kind: PassageKind,
    ) -> Event | None:
        """A quotation signed by a name and no verb: a statement by that person."""
        doc = sent.doc
        text, quote_sent = span_text(sent), sent
        m = SIGNED_QUOTE_RE.match(text)
        if m is not None:
            tail_start = sent.start_char + m.start("tail")
        else:
            prev = doc[sent.start - 1].sent if sent.start > 0 else None
            if prev is None or not QUOTE_END_RE.search(prev.text):
                return None
            m = SIGNED_QUOTE_RE.match(prev.text + " " + text)
            if m is None:
                return None
            tail_start, quote_sent = sent.start_char, prev
        tail = [t for t in sent if t.idx >= tail_start]
        if not tail or any(t.pos_ in {"VERB", "AUX"} for t in tail):
            return None
        if any(t.type.speech and doc[t.head].idx >= tail_start for t in triggers):
            return None  # "“…”, dijo Lula": the verb's own statement
        first = next((t for t in tail if not t.is_punct), None)
        speaker = next(
            (
                x
                for x in mentions
                if first is not None
                and x.start == first.i
                and self.reader.etype(x.key, state) is EntityType.PERSON
            ),
            None,
        )
        if speaker is None:
            return None
        confidence = self.confidence
        if kind is PassageKind.CAPTION:
            confidence *= FACTOR_CAPTION
        evidence = " ".join(dict.fromkeys([span_text(quote_sent).strip(), text.strip()]))
        return Event(
            type="Statement",
            participants=[Participant(speaker.key, "speaker")],
            evidence=[Evidence(evidence, lang, kind)],
            confidence=round(confidence, 3),
            quote=m.group("quote").strip(),
            trigger="“…”",
        )

    def attributed(
        self,
        sc: SentenceContext,
        found: list[Event],
        state: ArticleState,
        lang: str,
        kind: PassageKind,
        dates: SentenceDates | None = None,
    ) -> list[Event]:
        """Statements by the sources a sentence names ("según X", "according to X"),
        dated by a date inside the attribution ("según destacaron este lunes fuentes
        del Elíseo")."""
        if any(e.type == "Statement" for e in found):
            return []  # "dijo Putin, según un vídeo del Kremlin": the source of a report
        out: list[Event] = []
        sent, mentions = sc.sent, sc.mentions
        etype = self.reader.etype
        for span in sc.attribution:
            speakers = [m for m in mentions if m.start in span and self._may_speak(m, state)]
            if not speakers:
                continue
            # "according to White House Press Secretary Anne Kelly": the person speaks
            speakers.sort(key=lambda m: etype(m.key, state) is not EntityType.PERSON)
            first = etype(speakers[0].key, state)
            quoted = self._quoted_subject(sent, mentions, span, state)
            if first is not EntityType.PERSON and quoted:
                # "according to CNN, von der Leyen called Trump 'a tough negotiator'":
                # the medium reports, the words quoted are the subject's
                speakers, first = quoted, EntityType.PERSON
            keys = list(dict.fromkeys(m.key for m in speakers if etype(m.key, state) is first))
            trigger = sent.doc[span.start : span.start + 2].text
            statement = self._verbless(keys, sent, trigger, lang, kind)
            when = _date_within(span, sent, dates.mentions) if dates else None
            if when is not None:
                statement.date, statement.date_text = when.value, when.text
            out.append(statement)
        return out

    def _may_speak(self, m: Mention, state: ArticleState) -> bool:
        """Whether a mention can be the speaker of a statement: an actor, not a news
        agency (a source) nor a demonym."""
        return (
            m.kind != "demonym"
            and self.reader.etype(m.key, state) in ACTORS
            and not self.reader.is_agency(m.key)
        )

    def _verbless(
        self, speakers: list[str], sent: Span, trigger: str, lang: str, kind: PassageKind
    ) -> Event:
        """A statement no reporting verb makes, by ``speakers``, from ``sent``."""
        confidence = self.confidence * FACTOR_NO_VERB
        if kind is PassageKind.CAPTION:
            confidence *= FACTOR_CAPTION
        return Event(
            type="Statement",
            participants=[Participant(k, "speaker") for k in speakers],
            evidence=[Evidence(span_text(sent).strip(), lang, kind)],
            confidence=round(confidence, 3),
            quote=quote_of(span_text(sent)),
            trigger=trigger,
        )

    def _quoted_subject(
        self, sent: Span, mentions: list[Mention], span: range, state: ArticleState
    ) -> list[Mention]:
        """The people subject of the main verb of a sentence that quotes someone, outside
        the attribution ``span``."""
        if quote_of(span_text(sent)) is None:
            return []
        subj = subject_tokens(sent.root, self.reader.words)
        return [
            m
            for m in mentions
            if m.start in subj
            and m.start not in span
            and self.reader.etype(m.key, state) is EntityType.PERSON
        ]

    def in_medium(
        self,
        sc: SentenceContext,
        found: list[Event],
        state: ArticleState,
        lang: str,
        kind: PassageKind,
    ) -> list[Event]:
        """A statement by the subject of a main verb said in an interview, a post, a
        speech ("En una entrevista con Politico, Rubio atribuyó…", "In a post on X,
        the minister thanked…"), whatever the verb."""
        if any(e.type == "Statement" for e in found):
            return []
        sent = sc.sent
        verb = sent.root
        if verb.pos_ not in {"VERB", "AUX"}:
            return []
        media = self.reader.lex.speech_media
        doc = sent.doc

        def names_medium(noun) -> bool:
            words = [fold(w.text) for w in doc[noun.i : min(noun.i + 3, sent.end)]]
            return fold(noun.lemma_) in media or any(
                " ".join(words[:n]) in media for n in range(1, len(words) + 1)
            )

        if not any(
            names_medium(t)
            for c in verb.children
            if c.dep_ in {"obl", "prep", "nmod", "advmod", "npadvmod"}
            for t in (c, *(g for g in c.children if g.dep_ == "pobj"))
            if t.pos_ == "NOUN"
        ):
            return []
        subj = subject_tokens(verb, self.reader.words)
        speakers = [m for m in sc.mentions if m.start in subj and self._may_speak(m, state)]
        if not speakers:
            return []
        return [self._verbless([speakers[0].key], sent, verb.text, lang, kind)]


def _date_within(span: range, sent: Span, dates: list[DateMention]) -> DateMention | None:
    """The one resolved date mention inside the tokens ``span`` of ``sent``."""
    doc = sent.doc
    if not len(span):
        return None
    first, last = doc[span.start], doc[span.stop - 1]
    lo, hi = first.idx - sent.start_char, last.idx + len(last.text) - sent.start_char
    inside = [
        d for d in dates if d.value is not None and not d.bound and lo <= d.start and d.end <= hi
    ]
    return inside[0] if len(inside) == 1 else None
