"""Which date expression of a sentence dates which fact.

``dates.py`` finds and resolves date expressions in text; this module reads the
dependency tree to decide (1) the tense that resolves each expression (the verb that
governs it, climbing from an infinitive to the verb that controls it) and (2) which
of them belongs to a trigger: only one in the trigger's own clause, and not one that
sits in the clause's subject ("Modi, bajo presión desde las elecciones de 2024,
aseguró…": 2024 belongs to the elections), in a reported statement's content or
quote (a date the speaker talks about is not when the speaker spoke), or after
"desde"/"since" (a bound, not when an event took place).

An event with no date in its own clause may take one from the clause it hangs from:

* a coordinated verb shares the dates placed before the first one ("el miércoles
  tuvieron una conversación y llegaron a acuerdos");
* an event reported in a complement takes the reporting verb's date when the text
  marks it as just done ("Lee said Friday that her just-finished call with Ishiba…",
  "anunció el martes que Chile y Perú han firmado un acuerdo": a present perfect,
  or a "just" word of ``dates.yaml``), and a date after the publication day in any
  case, since it cannot be when the report was made ("el mes que viene se espera
  que el canciller visite China").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span, Token

from diplokg.extract.clauses import (
    SUBJECTS,
    VERBAL,
    clause_head,
    clause_tokens,
    governor,
    subject_tokens,
    subtree,
)
from diplokg.extract.dates import DateMention, DateResolver
from diplokg.extract.words import load_words
from diplokg.knowledge.text import fold
from diplokg.nlp.text import span_text

#: a quoted passage (the speaker's words): dates in it are what was said, not when
QUOTED = re.compile(r"[«“\"]([^«»“”\"]{12,})[»”\"]")
#: children of a reporting verb that hold what was said
CONTENT = {"ccomp", "parataxis", "xcomp", "obj", "dobj"}
#: dependents through which a verb without tense takes the tense of its governor
CONTROLLED = {"xcomp", "ccomp", "csubj", "advcl"}
#: how a reported clause hangs from the verb that reports it
COMPLEMENT = {"ccomp", "parataxis", "csubj"}
PERFECT_AUX = {"have", "haber"}


@dataclass(frozen=True)
class SentenceDates:
    """The date mentions of one sentence, the words of its language that mark an
    event as just done ("recién", "just"), and the publication date."""

    mentions: list[DateMention]
    recent: re.Pattern[str]
    published: date | None = None
    #: one-word bounds of the language ("desde", "since")
    bounds: frozenset[str] = frozenset()

    def after_publication(self, d: DateMention) -> bool:
        """Whether ``d`` lies after the publication day (at its own precision)."""
        if d.value is None or self.published is None:
            return False
        value = d.value.value
        return value > self.published.isoformat()[: len(value)]


@dataclass(frozen=True)
class UnresolvedDate:
    """A date expression that could not be resolved (no article date): kept as text."""

    text: str
    value: None = None


def date_mentions(sent: Span, resolver: DateResolver) -> SentenceDates:
    """Date mentions of ``sent``, each resolved in the direction of the verb governing it.

    "anunció el martes que negociarán en diciembre": "el martes" looks back (its verb
    is past), "en diciembre" ahead (future tense). "decidirá si viaja a Lima en mayo"
    takes the future of "decidirá" through the tenseless verb it controls. Without a
    tense anywhere up the tree, the sentence's own markers decide.
    """
    default = resolver.find(span_text(sent))
    tenses = []
    for d in default:
        span = sent.char_span(d.start, d.end, alignment_mode="expand")
        tenses.append(governing_tense(span.root) if span is not None else None)
    if not any(tenses):
        return SentenceDates(
            default, resolver.lex.recent, resolver.published, resolver.lex.bound_words
        )
    ahead = resolver.find(span_text(sent), forward=True)
    back = resolver.find(span_text(sent), forward=False)
    found = [
        fwd if tense == "Fut" else bwd if tense == "Past" else d
        for d, fwd, bwd, tense in zip(default, ahead, back, tenses, strict=True)
    ]
    return SentenceDates(found, resolver.lex.recent, resolver.published, resolver.lex.bound_words)


def governing_tense(tok: Token) -> str | None:
    """ "Fut" or "Past" of the verb governing ``tok``, or of the verb that controls it."""
    verb = clause_head(tok)
    for _ in range(4):
        tense = verb_tense(verb)
        if tense or verb.dep_ not in CONTROLLED or verb.head.i == verb.i:
            return tense
        if fold(verb.head.text) in load_words().scheduled:
            return "Fut"  # "is due to meet", "is set to appear": ahead
        if "Fin" in verb.morph.get("VerbForm"):
            return None  # a finite verb without past or future is present: no direction
        verb = clause_head(verb.head)
    return None


def verb_tense(verb: Token) -> str | None:
    """ "Fut" or "Past" for a verb whose form (or auxiliary: "will", "va a"; or copula:
    "será sede de la cumbre") says so;
    a predicate of schedule ("is set to", "está previsto que") looks ahead."""
    if fold(verb.text) in load_words().scheduled and any(
        c.dep_ in {"xcomp", "ccomp", "csubj"} for c in verb.children
    ):
        return "Fut"
    for tok in [verb, *(c for c in verb.children if c.dep_ in {"aux", "aux:pass", "cop"})]:
        tense = tok.morph.get("Tense")
        if tense and tense[0] in {"Fut", "Past"}:
            return tense[0]
        if tense == ["Pres"] and "Sub" in tok.morph.get("Mood") and verb.dep_ != "ROOT":
            return "Fut"  # "agradeció que Guatemala acoja en abril la cumbre": ahead
        if tok.tag_ == "MD" and tok.lower_ in {"will", "'ll", "shall"}:
            return "Fut"
    return None


def attach_date(
    sent: Span,
    dates: SentenceDates,
    *,
    trigger: Token,
    verb: Token,
    clause: set[int],
    speech: bool,
) -> DateMention | UnresolvedDate | None:
    """The date of the event whose trigger is ``trigger`` (governed by ``verb``).

    ``clause``: the trigger's clause (``clauses.clause_tokens``); ``speech``: the
    trigger reports speech. In a verbless sentence (a headline) every date counts
    but a bound.
    """
    resolved = [d for d in dates.mentions if d.value is not None] or dates.mentions
    if not resolved:
        return None
    fragment = not any(t.pos_ in VERBAL for t in sent)
    pool = [
        d
        for d in resolved
        if _owns(sent, d, trigger, verb, clause, speech, fragment)
        and not _under_a_bound(sent, d, trigger, verb, dates.bounds)
    ]
    parent = verb.head
    if not pool and parent.i != verb.i and verb.dep_ in COMPLEMENT | {"conj"}:
        outer = clause_tokens(parent)
        pool = [d for d in resolved if _owns(sent, d, parent, parent, outer, True, fragment)]
        if verb.dep_ == "conj":
            pool = [d for d in pool if d.end <= parent.idx - sent.start_char]
        elif not _just_done(trigger, verb, dates.recent):
            pool = [d for d in pool if dates.after_publication(d)]
    if not pool:
        return None
    best = max(pool, key=lambda d: (d.value is not None, len(d.value.value) if d.value else 0))
    return best if best.value else UnresolvedDate(best.text)


def _owns(
    sent: Span,
    d: DateMention,
    trigger: Token,
    verb: Token,
    clause: set[int],
    speech: bool,
    fragment: bool,
) -> bool:
    """Whether date ``d`` belongs to the trigger's clause (see the module docstring)."""
    if d.bound:
        return False
    if speech and any(m.start() <= d.start < m.end() for m in QUOTED.finditer(span_text(sent))):
        return False
    doc = sent.doc
    span = doc.char_span(sent.start_char + d.start, sent.start_char + d.end, "expand")
    if span is None:
        return False
    if fragment:
        return True
    root = span.root.i
    if root not in clause:
        return False
    governor = clause_head(span.root)
    if (
        governor.i not in (verb.i, trigger.i)
        and "Fin" in governor.morph.get("VerbForm")
        and not _governs(governor, verb)
        and not (trigger.pos_ not in VERBAL and _governs(trigger, governor))
    ):
        # a finite verb of its own ("y que asumirá el 1 de marzo"), unless it says
        # more of a nominal trigger ("una llamada que tuvo con Trump el viernes")
        return False
    subj = subject_tokens(verb)
    if (
        root in subj
        and trigger.i not in subj
        and doc[root].dep_ not in SUBJECTS
        and not _on_a_name(doc[root])
    ):
        return False  # a date inside the subject phrase (a date parsed as one is not)
    if speech:
        for child in verb.children:
            inside = child.left_edge.i <= trigger.i <= child.right_edge.i
            if child.dep_ in CONTENT and not inside and root in subtree(child):
                return False
    return True


#: how many words a bound phrase may run before the date it ends with ("desde el
#: comienzo de la pandemia en marzo de 2020")
BOUND_REACH = 9
NOMINAL_PHRASE = frozenset({"DET", "NOUN", "PROPN", "ADP", "ADJ", "NUM"})


def _under_a_bound(
    sent: Span, d: DateMention, trigger: Token, verb: Token, bounds: frozenset[str]
) -> bool:
    """Whether date ``d`` dates what a bound phrase below the trigger names: "su primera
    visita desde el comienzo de la invasión en febrero de 2022", "the first visit since
    the start of the war in 2022" (a reference point, not when the visit is)."""
    if not bounds:
        return False
    span = sent.doc.char_span(sent.start_char + d.start, sent.start_char + d.end, "expand")
    if span is None:
        return False
    for tok in [span.root, *span.root.ancestors]:
        if tok.i in (trigger.i, verb.i):
            break
        if tok.lower_ in bounds and tok.dep_ in {"prep", "case", "mark"}:
            return True
        if any(c.dep_ in {"case", "mark"} and c.lower_ in bounds for c in tok.children):
            return True
    # the parser may hang the date on the verb: read the words before it instead
    for tok in reversed(sent.doc[max(sent.start, span.start - BOUND_REACH) : span.start]):
        if tok.lower_ in bounds:
            return trigger.i < tok.i
        if tok.pos_ not in NOMINAL_PHRASE:
            return False
    return False


def _on_a_name(root: Token) -> bool:
    """Whether a date hangs straight from a subject that is a name: "Albanese on Monday
    hailed…" is a parse that put the verb's date on the speaker, since a name takes
    no date of its own (unlike "las elecciones de 2024")."""
    head = governor(root)
    return head.pos_ == "PROPN" and head.dep_ in SUBJECTS


def _governs(tok: Token, other: Token) -> bool:
    """Whether ``tok`` is ``other`` or one of its ancestors."""
    return tok.i == other.i or any(a.i == tok.i for a in other.ancestors)


def _just_done(trigger: Token, verb: Token, recent: re.Pattern[str]) -> bool:
    """Whether the text marks the event as just done: a present perfect ("have
    reached", "han firmado") or a "just" word on the trigger or its verb."""
    if any(
        aux.dep_ == "aux" and aux.lemma_.lower() in PERFECT_AUX and "Pres" in aux.morph.get("Tense")
        for aux in verb.children
    ):
        return True
    words = {t.i: t for t in [*trigger.subtree, *verb.children]}
    text = " ".join(words[i].lower_ for i in sorted(words))
    return bool(recent.search(text))
