"""Stage 2b of extraction: which role each actor of a frame plays.

The trigger type's ``roles`` map the subject side and the other actors onto role
properties (speaker, visitor and host, issuer and applies-to, supporter and
supported, ...). Statements keep one kind of speaker; policies take a state or
organisation as issuer; a verbless headline takes its first actor as the one acting;
mediators keep the mediator role.
"""

from __future__ import annotations

from diplokg.extract.clauses import governor, marked_phrase
from diplokg.extract.frame import Frame, FrameReader
from diplokg.extract.phrases import is_fragment
from diplokg.knowledge.text import fold
from diplokg.link.linker import ArticleState, Mention
from diplokg.model import EntityType, Participant

#: event classes that third parties can mediate
MEDIATED = {"Agreement", "Negotiation", "Meeting"}


def assign_roles(frame: Frame, reader: FrameReader, state: ArticleState) -> list[Participant]:
    """The participants of the fact ``frame`` describes, each in its role."""
    ttype = frame.type
    participants = _roles(
        frame,
        reader,
        state,
        subject_side=frame.subject_side,
        others=frame.others,
        fragment=frame.fallback or is_fragment(frame.sent),
    )
    topic = frame.topic
    obj_role = ttype.roles.get("object")
    if ttype.family == "relation" and topic and not any(p.role == obj_role for p in participants):
        # "apoya la soberanía de Venezuela": the position's country is the other side
        entry = reader.gz.get(topic)
        entity = entry.country if entry else None
        if entity and obj_role and entity not in {p.entity for p in participants}:
            participants.append(Participant(entity, obj_role))
    if ttype.cls in MEDIATED:
        keys = {p.entity for p in participants}
        for m in frame.mediators:
            if m.key not in keys:
                participants.append(Participant(m.key, "mediator"))
    return participants


def _roles(
    frame: Frame,
    reader: FrameReader,
    state: ArticleState,
    *,
    subject_side: list[Mention],
    others: list[Mention],
    fragment: bool,
) -> list[Participant]:
    """Map the clause's actors onto the trigger type's roles."""
    ttype = frame.type
    out: list[Participant] = []
    seen: set[tuple[str, str]] = set()

    def add(key: str, role: str) -> None:
        if (key, role) not in seen:
            seen.add((key, role))
            out.append(Participant(key, role))

    def etype(key: str) -> EntityType | None:
        return reader.etype(key, state)

    subj_role = ttype.roles.get("subject", "participant")
    obj_role = ttype.roles.get("object", "participant")
    if ttype.speech:
        # joint statements ("ambos países elogiaron", "Xi y Putin dijeron") have
        # several speakers of one kind
        first = etype(subject_side[0].key) if subject_side else None
        for m in subject_side:
            if etype(m.key) is first:
                add(m.key, "speaker")
        return out
    if ttype.policy:
        # issuer: a state or organisation; applies to: the people/states concerned
        pool = subject_side + others
        # "aranceles a China", "sanctions on Iran": the target never issues it
        targets = {m.key for m in others if reader.is_target(frame, m)}
        states = [
            m
            for m in pool
            if m.kind != "demonym"
            and etype(m.key) is not EntityType.PERSON
            and m.key not in targets
        ]
        subject_states = [m for m in states if m in subject_side]
        people = [m for m in subject_side if etype(m.key) is EntityType.PERSON]
        # the subject issues it: its states ("la UE y Francia anunciaron la suspensión
        # de su cooperación": both), or a person ("Trump impuso aranceles a Brasil");
        # else the first state named
        issuer = subject_states or people[:1] or states[:1]
        issuer = issuer or reader.governing_genitive(frame.verb, frame.actors)
        # "Milei anunció el traslado de la embajada argentina": the verb's subject, when
        # the noun's own complement is only a demonym
        issuer = (
            issuer or [m for m in frame.actors if m.start in frame.subj and m.kind != "demonym"][:1]
        )
        if frame.nominal:  # a headline "Sanciones de EEUU": the first actor named
            issuer = issuer or [m for m in pool if m.kind != "demonym" and m.key not in targets][:1]
        if not issuer:
            return []
        # applies to: the states and people it targets, not the people announcing it
        speakers = {m.key for m in subject_side if etype(m.key) is EntityType.PERSON}
        subject_side = issuer
        others = [m for m in pool if m not in issuer and m.key not in speakers]
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
    if ttype.cls == "Visit":
        # "llegó a la India en un momento de máxima tensión con Washington": a state
        # named "with" another noun is no place visited
        others = [
            m
            for m in others
            if not _with_another_noun(frame, m, reader) and not _on_another_event(frame, m)
        ]
        # "viajó a China con el canciller Vieira": who goes with the visitor visits too
        companions = [m for m in others if subject_side and _with(frame, m, reader) == frame.head.i]
        if not subject_side:
            # "El ministro peruano X visita Chile", its verb read as a noun: people
            # go, states and places are gone to (unless marked so: "la visita a Lula")
            people = [
                m
                for m in others
                if etype(m.key) is EntityType.PERSON and not _gone_to(frame, m, reader)
            ]
            if people and len(people) < len(others):
                subject_side = people
                titles = {_title_of(frame, m) for m in people}
                # "el ministro peruano": the visitor's own state, not one gone to
                others = [
                    m
                    for m in others
                    if m not in people
                    and not (m.kind == "demonym" and _title_of(frame, m) in titles)
                ]
        subject_side = [*subject_side, *companions]
        others = [m for m in others if m not in companions]
    for m in subject_side:
        add(m.key, subj_role)
    subject_keys = {m.key for m in subject_side}
    for m in others:
        if m.key in subject_keys and obj_role != subj_role:
            continue
        add(m.key, obj_role)
    return out


def _with(frame: Frame, m: Mention, reader: FrameReader) -> int | None:
    """The position of the word mention ``m`` hangs from by "con" / "with", if it does."""
    root = m.tokens(frame.sent.doc).root
    # "con el canciller Mauro Vieira", "con Albares y Cuerpo": the phrase the name is in
    while root.dep_ in {"appos", "conj", "flat"} and root.head.i != root.i:
        root = root.head
    marks, head = marked_phrase(root)
    if not any(fold(t.text) in reader.words.with_ for t in marks):
        return None
    return head.i


def _title_of(frame: Frame, m: Mention) -> int:
    """The position of the noun mention ``m`` qualifies or names ("el ministro
    peruano Elmer Schialer": "ministro" for both "peruano" and the name)."""
    root = m.tokens(frame.sent.doc).root
    return root.head.i if root.dep_ in {"amod", "appos", "flat", "flat:name", "nmod"} else root.i


def _gone_to(frame: Frame, m: Mention, reader: FrameReader) -> bool:
    """Whether mention ``m`` is marked as where one goes ("a Lula", "to Lula")."""
    marks, _ = marked_phrase(m.tokens(frame.sent.doc).root)
    return any(fold(t.text) in reader.words.locative for t in marks)


def _with_another_noun(frame: Frame, m: Mention, reader: FrameReader) -> bool:
    """Whether mention ``m`` hangs by "con" / "with" from a noun other than the trigger."""
    at = _with(frame, m, reader)
    if at is None or at == frame.head.i:
        return False
    return frame.sent.doc[at].pos_ in {"NOUN", "PROPN"}


def _on_another_event(frame: Frame, m: Mention) -> bool:
    """Whether mention ``m`` hangs from a noun of another event of the sentence
    ("his visit … in response to an assault on Kyiv by Russian forces"): not a place
    visited."""
    tok = m.tokens(frame.sent.doc).root
    for _ in range(4):
        while tok.dep_ in {"appos", "conj", "flat", "compound", "amod"} and tok.head.i != tok.i:
            tok = tok.head
        head = governor(tok)
        if head.i == tok.i or head.i in (frame.head.i, frame.verb.i):
            return False
        if head.pos_ in {"VERB", "AUX"}:
            return False
        if head.i in frame.event_nouns:
            return True
        tok = head
    return False
