"""A group named without names, then listed in the next sentence.

"Newly elected leaders made their inaugural remarks. Among them were A of Liberia,
B of Senegal and C of Chad." The first sentence has an event whose subject is a
plural common noun ("leaders", "los mandatarios"), so it names no actor and makes no
fact; the second names the members and has no event of its own. Read together, each
member took part: one statement each, or one event with them all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span

from diplokg.extract.date_attachment import SentenceDates
from diplokg.extract.frame import Frame, FrameReader
from diplokg.knowledge.text import fold
from diplokg.link.linker import ArticleState, Mention
from diplokg.model import EntityType


@dataclass(frozen=True)
class UnnamedGroup:
    """A frame whose subject is a group with no names, with what its sentence had."""

    frame: Frame
    mentions: list[Mention]
    dates: SentenceDates
    attributed: set[int]


class GroupLists:
    """Finds unnamed groups and the lists that name their members."""

    def __init__(self, reader: FrameReader) -> None:
        self.reader = reader
        self.openers = [tuple(fold(w) for w in o.split()) for o in reader.lex.group_openers]

    def unnamed(self, frame: Frame) -> bool:
        """An event frame with no actor on its subject side, whose subject is a plural
        common noun ("los mandatarios", "newly elected leaders")."""
        if frame.type.family != "event" or frame.subject_side:
            return False
        doc = frame.sent.doc
        return any(
            doc[i].pos_ == "NOUN"
            and "Plur" in doc[i].morph.get("Number")
            and doc[i].dep_ in {"nsubj", "nsubj:pass", "nsubjpass"}
            for i in frame.subj
        )

    def opens_list(self, sent: Span) -> bool:
        """Whether the sentence opens with a list opener ("Among them were")."""
        words = [fold(t.text) for t in sent[:6] if not t.is_punct]
        return any(tuple(words[: len(o)]) == o for o in self.openers)

    def members(self, sent: Span, mentions: list[Mention], state: ArticleState) -> list[Mention]:
        """The people a list sentence ("Among them were A, B and C") names, or none
        when the sentence does not open a list."""
        if not self.opens_list(sent):
            return []
        return [
            m
            for m in mentions
            if not m.consumed and self.reader.etype(m.key, state) is EntityType.PERSON
        ]

    @staticmethod
    def named(group: UnnamedGroup, members: list[Mention]) -> Frame:
        """The group's frame with the members as its subject."""
        frame = group.frame
        return replace(frame, subject_side=members, in_clause=members + frame.others)
