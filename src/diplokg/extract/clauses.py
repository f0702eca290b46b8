"""Dependency-tree helpers: which tokens belong to a trigger's clause.

Participants of a fact are the actors of the clause that holds its trigger, not of
every clause in the sentence: in "Xi y Putin se comprometieron en una videollamada
después de que Trump volviera a la Casa Blanca", Trump sits in a nested adverbial
clause and takes no part in the call.
"""

from __future__ import annotations

from spacy.tokens import Token

from diplokg.extract.words import FunctionWords, load_words
from diplokg.link.names import load_name_rules

NESTED_CLAUSES = {"advcl", "acl", "acl:relcl", "relcl", "ccomp", "parataxis", "csubj"}
SUBJECTS = {"nsubj", "nsubj:pass", "nsubjpass", "expl:pass"}
VERBAL = {"VERB", "AUX"}


def clause_head(tok: Token) -> Token:
    """The verb that governs ``tok`` (``tok`` itself if it is a verb)."""
    cur = tok
    for _ in range(50):
        if cur.pos_ in VERBAL or cur.head.i == cur.i:
            return cur
        if cur.dep_ in SUBJECTS:
            return cur.head
        cur = cur.head
    return cur


def clause_tokens(head: Token, keep: Token | None = None) -> set[int]:
    """Token indices of ``head``'s clause, without nested clauses.

    A nested clause that contains ``keep`` (the trigger) is kept.
    """
    out: set[int] = set()
    stack = [head]
    while stack:
        cur = stack.pop()
        out.add(cur.i)
        for child in cur.children:
            nested = child.dep_ in NESTED_CLAUSES or (
                child.dep_ == "conj" and child.pos_ in VERBAL and cur.i == head.i
            )
            if nested and (keep is None or not _contains(child, keep)):
                continue
            stack.append(child)
    return out


RELATIVE_CLAUSES = {"acl", "acl:relcl", "relcl"}


def subject_tokens(head: Token, words: FunctionWords | None = None) -> set[int]:
    """Tokens of the subject of ``head``'s clause (inherited by coordinated verbs).

    A relative pronoun stands for its antecedent: in "el portavoz, Mao Ning, quien
    detalló que ...", Mao Ning is the one who detailed. The agent of a passive verb is
    its subject ("fue firmado por Colombia").
    """
    words = words or load_words()
    cur = head
    for _ in range(5):
        agent = passive_agent(cur, words)
        if agent:
            return agent  # "el acuerdo fue firmado por Colombia y el ELN"
        subs = [c for c in cur.children if c.dep_ in SUBJECTS]
        if subs:
            if (
                len(subs) == 1
                and subs[0].lower_ in words.relative_pronouns
                and subs[0].pos_ == "PRON"
                and cur.dep_ in RELATIVE_CLAUSES
                and cur.head.i != cur.i
            ):
                antecedent = cur.head
                if antecedent.lower_ in words.time_nouns and antecedent.head.i != antecedent.i:
                    # "aseguró este domingo que impidió…": a "que" misread as a relative
                    # pronoun on the day; the clause is what the verb reports
                    cur = antecedent.head
                    continue
                return {t.i for t in antecedent.subtree} - {t.i for t in cur.subtree}
            return {t.i for s in subs for t in s.subtree} - _relative_clauses(subs, words)
        # coordinated and controlled verbs share the subject; so does a subjectless
        # reported clause ("Putin dijo que visitará China": Putin will visit)
        # (an adjective predicate too: "Putin is due to meet Sisi", "is ready to sign")
        if cur.dep_ in {"conj", "xcomp", "ccomp", "acomp"} and cur.head.i != cur.i:
            cur = cur.head
            continue
        if (
            cur.dep_ == "pcomp"
            and cur.tag_ == "VBG"
            and cur.head.dep_ == "prep"
            and cur.head.head.pos_ in VERBAL | {"ADJ"}
        ):
            # a gerund after a preposition: "committed to enhancing cooperation"
            cur = cur.head.head
            continue
        if (
            cur.dep_ == "pcomp"
            and cur.tag_ == "VBG"
            and cur.head.dep_ == "prep"
            and cur.head.head.dep_ in {"obj", "dobj"}
            and cur.head.head.head.i != cur.head.head.i
            and any(c.lower_ in words.possessives for c in cur.head.head.children)
        ):
            # "reasserted their commitment to enhancing cooperation": theirs, as in
            # "their commitment to enhance" (below)
            cur = cur.head.head.head
            continue
        if (
            cur.dep_ in RELATIVE_CLAUSES
            and any(_where(c, words) for c in cur.children)
            and cur.head.dep_ in {"obl", "pobj", "obj", "dobj"}
            and cur.head.head.i != cur.head.i
        ):
            # "llegó a Lima, donde se reunirá con Boluarte", "llegó para una visita, en la
            # que se reunirá con Putin": the one who came meets
            cur = clause_head(cur.head)
            continue
        if cur.dep_ == "advcl" and "Inf" in cur.morph.get("VerbForm") and cur.head.i != cur.i:
            # a purpose infinitive: "llegó a Lima para reunirse con Boric"
            cur = cur.head
            continue
        if (
            cur.dep_ in {"acl", "relcl"}  # English parses "ways to strengthen" as relcl
            and "Inf" in cur.morph.get("VerbForm")
            and cur.head.dep_ in {"obj", "dobj", "obl", "pobj"}
            and cur.head.head.pos_ in VERBAL
            and purpose_marked(cur, words)
        ):
            # "llegó a un acuerdo para imponer sanciones": who reached it imposes them
            cur = cur.head.head
            continue
        if (
            cur.dep_ == "acl"
            and "Inf" in cur.morph.get("VerbForm")
            and cur.head.dep_ in {"obj", "dobj"}
            and cur.head.head.i != cur.head.i
            and any(c.lower_ in words.possessives for c in cur.head.children)
        ):
            # "sustentó su decisión de incluir a Petro": the one who decided includes
            # ("aplaudió la decisión de China de permitir…" is China's, not the subject's)
            cur = cur.head.head
            continue
        before = _coordinated_after(cur)
        if before is not None:
            cur = before
            continue
        break
    return set()


def _coordinated_after(verb: Token) -> Token | None:
    """The finite verb a subjectless "y ordenó" follows when the parser did not attach
    it as a conjunct ("Petro respondió … y ordenó aumentar los aranceles", parsed as
    two loose clauses): the nearest finite verb before its "y"."""
    cc = next((c for c in verb.children if c.dep_ == "cc" and c.i < verb.i), None)
    if cc is None or verb.dep_ == "conj" or "Fin" not in verb.morph.get("VerbForm"):
        return None
    for tok in reversed(verb.sent[: cc.i - verb.sent.start]):
        if tok.pos_ in {"VERB", "AUX"} and "Fin" in tok.morph.get("VerbForm"):
            return tok
    return None


def _relative_clauses(nouns: list[Token], words: FunctionWords) -> set[int]:
    """Tokens of relative clauses on ``nouns`` ("Milei, que asistirá a la cumbre del
    G20, ..."): what the subject does elsewhere, not the subject."""
    out: set[int] = set()
    for noun in nouns:
        for tok in noun.subtree:
            if tok.dep_ in RELATIVE_CLAUSES and any(
                c.lower_ in words.relative_pronouns and c.pos_ == "PRON" for c in tok.children
            ):
                out |= {t.i for t in tok.subtree}
    return out


def _where(child: Token, words: FunctionWords) -> bool:
    """A relative of place or occasion on a clause: "donde", "where", "en la que",
    "in which", "during which"."""
    if child.lower_ in words.place_relatives:
        return True
    cases = words.stative_locative | words.during
    if child.dep_ == "prep" and child.lower_ in cases:  # English: "during" → "which"
        return any(c.dep_ == "pobj" and c.lower_ in words.relative_pronouns for c in child.children)
    return child.lower_ in words.relative_pronouns and any(
        c.dep_ == "case" and c.lower_ in cases for c in child.children
    )


def passive_voice(verb: Token) -> bool:
    """Whether ``verb`` is a passive ("fue proclamado", "was declared")."""
    return any(c.dep_ in {"aux:pass", "auxpass"} for c in verb.children) or (
        "Part" in verb.morph.get("VerbForm")
        and any(c.dep_ in {"aux", "cop"} and c.lemma_ in {"ser", "be"} for c in verb.children)
    )


def passive_agent(verb: Token, words: FunctionWords | None = None) -> set[int]:
    """Tokens of the agent of a passive verb ("fue revelada por Lula", "was signed by
    Israel and Hamas"), or an empty set."""
    if verb.pos_ not in VERBAL:
        return set()
    for child in verb.children:
        if child.dep_ == "agent":  # English: by → pobj
            return {t.i for c in child.children if c.dep_ == "pobj" for t in c.subtree}
    if not passive_voice(verb):
        return set()
    for child in verb.children:
        if child.dep_ in {"obl", "obj", "obl:agent"} and any(
            c.dep_ == "case" and c.lower_ in (words or load_words()).agent_cases
            for c in child.children
        ):
            return {t.i for t in child.subtree}
    return set()


def noun_agent(noun: Token, words: FunctionWords | None = None) -> set[int]:
    """Tokens of a "por X" / "by X" complement right on a noun, where the parser took
    a participle for a noun ("los aranceles impuestos por Trump"), or nothing."""
    cases = (words or load_words()).agent_cases
    for child in noun.children:
        if child.dep_ in {"nmod", "obl"} and any(
            c.dep_ == "case" and c.lower_ in cases for c in child.children
        ):
            return {t.i for t in child.subtree}
    return set()


def governor(tok: Token) -> Token:
    """The word ``tok`` hangs from, through its preposition when it has one: "Ukraine"
    in "war in Ukraine" hangs from "war", "visit" in "in a visit" from the verb."""
    head = tok.head
    return head.head if head.pos_ == "ADP" else head


def marked_phrase(root: Token) -> tuple[list[Token], Token]:
    """The prepositions on the phrase of ``root`` (Spanish: the case on it; English:
    the preposition it hangs from), and the word the phrase hangs from ("con Lula",
    "with Lula"; "en un discurso", "in a speech")."""
    head = root.head
    marks = [c for c in root.children if c.dep_ == "case"]
    if head.dep_ == "prep" or head.pos_ == "ADP":
        marks.append(head)
        head = head.head
    return marks, head


def purpose_marked(verb: Token, words: FunctionWords) -> bool:
    """Whether an infinitive is marked as a purpose ("para reunirse", "to strengthen")."""
    return any(c.dep_ in {"mark", "aux"} and c.lower_ in words.purpose for c in verb.children)


def possessive(noun: Token) -> Token | None:
    """The possessive pronoun on a noun ("su guerra", "their war", "her call"), if any."""
    return next(
        (c for c in noun.children if c.dep_ in {"poss", "det"} and "Yes" in c.morph.get("Poss")),
        None,
    )


#: key of a Doc's token subtrees in its ``user_data``
_SUBTREES = "diplokg.subtrees"


def subtree(tok: Token) -> set[int]:
    """Positions of ``tok`` and every token under it (a new set each call: callers
    change it). The frames of a sentence ask for the same few verbs' subtrees again
    and again, so each is walked once per Doc and kept in its ``user_data``."""
    cache = tok.doc.user_data.setdefault(_SUBTREES, {})
    found = cache.get(tok.i)
    if found is None:
        found = cache[tok.i] = frozenset(t.i for t in tok.subtree)
    return set(found)


def is_negated(head: Token, negation: frozenset[str]) -> bool:
    """Whether the clause is negated ("no se reunieron", "did not meet")."""
    return any(c.dep_ in {"advmod", "neg"} and c.lower_ in negation for c in head.children)


#: links that stay inside one noun phrase: "la ciudad brasileña de Belém",
#: "Jeddah, Saudi Arabia", "Nueva Delhi"
PHRASE_LINKS = {"flat", "appos", "compound", "nmod", "amod", "conj", "pobj", "flat:name"}


#: the Spanish preposition that marks a person as object ("recibió a Petro")
PERSONAL_A = {"a"}
PERSON_LABELS = {"PER", "PERSON", "Person"}


def governing_case(tok: Token, max_steps: int = 4) -> str | None:
    """The preposition that introduces the noun phrase holding ``tok`` (lower-cased).

    Walks up through the links that stay inside a noun phrase, so "Belém" in "en la
    ciudad brasileña de Belém" is under "en" (not "de") and "Saudi Arabia" in "in
    Jeddah, Saudi Arabia" is under "in".
    """
    cur = tok
    found: str | None = None
    place_nouns = load_name_rules().words("place_nouns")
    for _ in range(max_steps):
        case = [c.lower_ for c in cur.children if c.dep_ == "case"]
        if case and case[0] in PERSONAL_A and cur.ent_type_ in PERSON_LABELS:
            return found  # "a Gustavo Petro, presidente de Colombia": a person, not a place
        if case:
            found = case[0]
        if cur.dep_ == "pobj" and cur.head.pos_ == "ADP":
            return cur.head.lower_
        if cur.dep_ not in PHRASE_LINKS or cur.head.i == cur.i or cur.head.pos_ == "VERB":
            return found
        if found and cur.dep_ == "nmod" and cur.head.lemma_.lower() not in place_nouns:
            # "en medio de las tensiones con Estados Unidos": "con" introduces it; only
            # a place noun passes its "de X" on ("en la ciudad brasileña de Belém")
            return found
        cur = cur.head
    return found


def _contains(root: Token, tok: Token) -> bool:
    return root.left_edge.i <= tok.i <= root.right_edge.i
