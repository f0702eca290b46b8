"""Mentions → canonical entities.

Works on one parsed passage at a time and keeps per-article state, so that a surname
met later ("Ushakov") joins the full name met earlier ("Yuri Ushakov") and "ambos"
can point back to the last two leaders. Resolution order per passage:

1. names from the gazetteer ruler and the statistical NER;
2. titles ("el presidente chino", "su homólogo estadounidense", "Russia's President",
   "los primeros ministros británico y canadiense"): linked to the name next to them
   when there is one, else to the office holder on the article date;
3. demonyms and epithets that stand for a country ("la invasión rusa", "el gigante
   asiático"), place names used for their government ("Moscú abordó ...");
4. "ambos" / "both" → the last two people (or countries) mentioned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from diplokg.knowledge.gazetteer import Gazetteer, GazetteerEntry
from diplokg.knowledge.text import fold, slugify
from diplokg.link.names import NameRules, load_name_rules, name_like, same_name_word
from diplokg.model import Entity, EntityType
from diplokg.nlp.text import doc_text

NER_TYPES = {
    "PER": EntityType.PERSON,
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "LOC": EntityType.PLACE,
    "GPE": EntityType.PLACE,
    "FAC": EntityType.PLACE,
}
LEADING_OFFICES = {"head_of_state", "head_of_government", "leader", "paramount_leader"}
_WORD_RE = re.compile(r"\w+")
SUBJECT_DEPS = {"nsubj", "nsubj:pass", "nsubjpass", "csubj"}


@dataclass
class Mention:
    """An entity mention: tokens ``start:end`` of a Doc refer to ``key``."""

    start: int
    end: int
    key: str
    kind: str
    consumed: bool = False

    def tokens(self, doc: Doc) -> Span:
        return doc[self.start : self.end]


@dataclass
class ArticleState:
    """What the linker remembers across the passages of one article."""

    published: date | None
    entities: dict[str, Entity] = field(default_factory=dict)
    surnames: dict[str, str] = field(default_factory=dict)
    recent: list[str] = field(default_factory=list)
    #: title → the last person named with it ("el Presidente Gabriel Boric"), for a
    #: later bare "el Presidente"
    titled: dict[str, str] = field(default_factory=dict)
    #: the last body sentence's subject, for a next paragraph that drops it
    subjects: list[str] = field(default_factory=list)
    #: person → the state a title of theirs names them an officer of, other than its
    #: leader ("la canciller de Colombia, Laura Sarabia")
    serving: dict[str, str] = field(default_factory=dict)
    #: the whole article's text, folded: what tells apart the states a demonym may
    #: stand for ("congoleño")
    text: str = ""
    #: states a shared demonym may stand for → the one the article names (or None)
    told_apart: dict[tuple[str, ...], str | None] = field(default_factory=dict)

    def side(self, key: str) -> str:
        """The side an actor stands for: a leader the country they lead, anyone else
        themselves."""
        ent = self.entities.get(key)
        return ent.leader_of[0] if ent is not None and ent.leader_of else key


#: share of capitalised words above which a sentence is a headline in title case
TITLE_CASE_SHARE = 0.6


def in_title_case(sent: Span) -> bool:
    """Whether a sentence is a headline written in title case ("UK Pledges Support For
    Kyiv"), where capitals mark no name."""
    alpha = [t for t in sent if t.is_alpha]
    return sum(t.is_title for t in alpha) > TITLE_CASE_SHARE * len(alpha)


#: kinds of organisations that are a state's own bodies (a ministry, an agency)
STATE_BODIES = frozenset({"government", "agency"})


class Linker:
    """Links the mentions of parsed passages to canonical entities."""

    def __init__(self, gazetteer: Gazetteer, names: NameRules | None = None) -> None:
        self.gz = gazetteer
        self.names = names or load_name_rules()
        # people of the gazetteer by the first (0) or last (-1) word of their name
        self._by_name_part: dict[int, dict[str, list[str]]] = {}
        self._spelling_index: dict[str, set[str]] | None = None
        self._state_names: dict[str, set[str]] = {}
        self._counterpart = frozenset(fold(c) for c in self.names.words("counterpart"))
        self._title_words = {(t.lang, fold(t.title)) for t in gazetteer.titles}
        self._title_langs = {lang for lang, _ in self._title_words}
        self._max_title_len = max((len(t.title.split()) for t in gazetteer.titles), default=1)
        # first words of titles, to skip most tokens without trying combinations
        self._title_starts = {(lang, title.split()[0]) for lang, title in self._title_words}
        self._title_prefixes = {
            (lang, " ".join(title.split()[:k]))
            for lang, title in self._title_words
            for k in range(1, len(title.split()))
        }
        # every token of every passage is asked; its words decide, so remember them
        self._starts_title = lru_cache(maxsize=65_536)(self._could_start_title)

    # -- public -------------------------------------------------------------------
    def link(
        self, doc: Doc, lang: str, state: ArticleState, *, allow_new: bool = True
    ) -> list[Mention]:
        """All entity mentions of ``doc``, registered in ``state.entities``.

        With ``allow_new`` false (headlines and subheads, where capitalised words are
        not names: "Alianza China-Rusia") only gazetteer entities are linked.
        """
        mentions = self._names(doc, lang, state, allow_new)
        roles, titles = self._roles(doc, lang, state, mentions)
        mentions += roles
        for m in [
            *self._demonyms(doc, lang, mentions, titles, state),
            *self._epithets(doc, lang, mentions),
        ]:
            entry = self.gz.get(m.key)
            if entry is not None:
                self.register(entry, state)
                mentions.append(m)
        mentions += self._both(doc, state, mentions)
        mentions += self._latter(doc, state, mentions)
        self._remember_monarchs(doc, mentions, state)
        mentions += self._royal_address(doc, state, mentions)
        mentions.sort(key=lambda m: (m.start, m.end))
        for m in mentions:
            etype = self.type_of(m.key, state)
            person = etype is EntityType.PERSON and not m.consumed
            if person or (etype is EntityType.COUNTRY and m.kind != "demonym"):
                if m.key in state.recent:
                    state.recent.remove(m.key)
                state.recent.append(m.key)
        del state.recent[:-12]
        return mentions

    def type_of(self, key: str, state: ArticleState) -> EntityType | None:
        ent = state.entities.get(key)
        return ent.type if ent else None

    # -- registry -----------------------------------------------------------------
    def register(self, entry: GazetteerEntry, state: ArticleState) -> str:
        """Add a gazetteer entity to the article's entities (once); its key."""
        if entry.key not in state.entities:
            leads: tuple[str, ...] = ()
            if entry.type is EntityType.PERSON:
                leads = tuple(self.gz.leads(entry.key, state.published))
            state.entities[entry.key] = Entity(
                entry.key, entry.type, dict(entry.labels), entry.qid, leads, _other_names(entry)
            )
            if entry.type is EntityType.PERSON:
                # "Badr Albusaidi" is also "Badr al-Busaidi": each written form's surname
                forms = [entry.label(), *(a.form for a in entry.aliases if " " in a.form)]
                for form in dict.fromkeys(forms):
                    _remember_name_parts(form, entry.key, state)
        return entry.key

    @staticmethod
    def surnames_named_first(state: ArticleState) -> dict[str, str]:
        """People first named by a bare surname the gazetteer does not know ("PM
        Luxon", in a headline) and later in full ("Christopher Luxon"): the surname's
        key → the full name's. A surname two people of the article share maps to
        neither."""
        out: dict[str, str] = {}
        for key, ent in state.entities.items():
            if ent.type is not EntityType.PERSON or ent.qid:
                continue
            names = set(ent.labels.values())
            if len(names) != 1:
                continue
            words = next(iter(names)).split()
            if len(words) != 1:
                continue
            full = state.surnames.get(fold(words[0]))
            if full and full != key and full in state.entities:
                out[key] = full
        return out

    def _register_new(self, text: str, etype: EntityType, lang: str, state: ArticleState) -> str:
        prefix = {EntityType.PERSON: "person", EntityType.ORGANIZATION: "org"}.get(etype, "place")
        key = f"{prefix}/{slugify(text)}"
        if key not in state.entities:
            state.entities[key] = Entity(key, etype, {lang: text, "en": text})
        return key

    def _add_leader(self, person: str, country: str, state: ArticleState) -> None:
        ent = state.entities.get(person)
        if ent and country not in ent.leader_of:
            ent.leader_of = (*ent.leader_of, country)

    # -- 1. names -----------------------------------------------------------------
    def _names(
        self, doc: Doc, lang: str, state: ArticleState, allow_new: bool = True
    ) -> list[Mention]:
        out: list[Mention] = []
        for ent in doc.ents:
            if ent.ent_id_ and self.gz.get(ent.ent_id_):
                entry = self.gz.get(ent.ent_id_)
                assert entry is not None
                if entry.stands_for and _is_metonymic(ent, self.names):
                    country = self.gz.get(entry.stands_for)
                    if country:
                        out.append(
                            Mention(ent.start, ent.end, self.register(country, state), "metonym")
                        )
                        continue
                entry = self._named_before(ent.text, entry, state)
                person = self._place_as_first_name(doc, ent, entry, lang)
                if person is not None:
                    # "Santiago Peña", "Victoria Villarruel": a first name, not a place
                    key = self._resolve_name(person, EntityType.PERSON, lang, state, True)
                    if key:
                        out.append(Mention(person.start, person.end, key, "ner"))
                        continue
                namesake = self._namesake(doc, ent, entry)
                if namesake is not None:
                    # "Karina Milei" is not Javier Milei: a first name the gazetteer
                    # does not know before a known surname names someone else
                    key = self._register_new(namesake, EntityType.PERSON, lang, state)
                    out.append(Mention(ent.start - 1, ent.end, key, "ner"))
                    continue
                if entry.type is EntityType.ORGANIZATION and self._tail_of_a_name(doc, ent, lang):
                    continue  # "la política de Paz Total" is no TotalEnergies
                owner = self._other_state(ent, entry.key, lang, state)
                if owner is not None:  # "Pakistan's Foreign Office" is Pakistan's
                    out.append(Mention(ent.start, ent.end, owner, "institution"))
                    continue
                out.append(Mention(ent.start, ent.end, self.register(entry, state), "name"))
                continue
            ent = _without_article(ent)  # "the European Political Community"
            titled = self._titled_person(doc, ent, lang, state)
            if titled is not None:  # "FM Bilawal" taken for an organisation
                out.append(titled)
                continue
            etype = NER_TYPES.get(ent.label_)
            if etype is None and self._named_after_title(ent, lang):
                etype = EntityType.PERSON  # "el portavoz de Exteriores, Majed al Ansari"
            if etype is None or not _plausible_name(ent) or self._only_a_title(doc, ent, lang):
                continue
            if self._a_portfolio(doc, ent, etype):
                continue  # "el ministro de Planificación y Cooperación Externa"
            if etype is EntityType.ORGANIZATION:
                body_of = self._generic_body_of(doc, ent, lang, state)
                if body_of is not None:  # "Iran's Ministry of Foreign Affairs" is Iran
                    out.append(
                        Mention(ent.start, ent.end, self.register(body_of, state), "institution")
                    )
                    continue
            if etype is EntityType.PERSON:
                owner = self._part_of_next_name(doc, ent)
                if owner is not None:  # "(Luiz Inácio) Lula da Silva": one person
                    out.append(Mention(ent.start, ent.end, self.register(owner, state), "name"))
                    continue
            key = self._resolve_name(ent, etype, lang, state, allow_new)
            if key:
                out.append(Mention(ent.start, ent.end, key, "ner"))
        return out + _bare_surnames(doc, state, out, self._a_title_word)

    def _a_title_word(self, word: str) -> bool:
        """Whether a word is a title in any language ("PM", "presidente")."""
        return any((lang, fold(word)) in self._title_words for lang in self._title_langs)

    def _titled_person(self, doc: Doc, ent: Span, lang: str, state: ArticleState) -> Mention | None:
        """A recognised span that is a title and the name of a person the article or
        the gazetteer knows ("FM Bilawal", "PM Shehbaz"), whatever the recogniser took
        it for: a mention of that person, on the name."""
        n = self._title_at(doc, ent.start, lang)[0]
        if not n or n >= len(ent):
            return None
        name = doc[ent.start + n : ent.end]
        key = self._known(name.text, EntityType.PERSON, state)
        if key is None or self.type_of(key, state) is not EntityType.PERSON:
            return None
        return Mention(name.start, name.end, key, "ner")

    def _only_a_title(self, doc: Doc, ent: Span, lang: str) -> bool:
        """Whether a recognised span is titles and demonyms only ("Greek PM", "US
        President"): an office, whose holder the title rules find, not a name."""
        j = ent.start
        while j < ent.end:
            if self.gz.demonym(doc[j].text, lang) or self.gz.demonym_states(doc[j].text, lang):
                j += 1
                continue
            n = self._title_at(doc, j, lang)[0]
            if not n or j + n > ent.end:
                return False
            j += n
        return True

    def _a_portfolio(self, doc: Doc, ent: Span, etype: EntityType) -> bool:
        """Whether a recognised span the gazetteer does not know names a minister's
        portfolio: after "ministro de" / "Minister of", over capitalised words and list
        joiners ("el ministro de Planificación y Cooperación Externa"), right after
        "de" or "y", with no comma between (a list of people goes on after one). A name
        of two words or more taken for a person ("el ministro de Defensa y Pedro Soto")
        stays, unless the minister's name follows it ("y Crédito Público, Pedro
        Soto"); so does one after a title word."""
        if (
            etype is not EntityType.PERSON
            and ent.end < len(doc)
            and doc[ent.end].lower_ in self.names.words("portfolio_before")
        ):
            return True  # "Trade and Industry Minister Lim"
        if etype is EntityType.PERSON and len(ent) > 1 and not _named_next(doc, ent.end):
            return False
        heads = self.names.words("portfolio_heads")
        joiners = self.names.words("portfolio_joiners")
        genitive = self.names.words("genitive")
        j = ent.start - 1
        if j < 1 or doc[j].lower_ not in joiners:
            return False  # "Secretary of State Smith", "el ministro de Exteriores, Albares"
        while j > 0 and (doc[j].is_title or doc[j].lower_ in joiners):
            if doc[j].lower_ in genitive and doc[j - 1].lower_ in heads:
                return True
            j -= 1
        return False

    def _tail_of_a_name(self, doc: Doc, ent: Span, lang: str) -> bool:
        """Whether a known organisation's name ends a longer capitalised name the
        gazetteer does not know ("Paz Total"): the capitalised word before it is no
        title, no sentence start and no name of its own. Not in a headline written in
        title case."""
        sent = doc[ent.start].sent
        if ent.start == sent.start:
            return False
        before = doc[ent.start - 1]
        if not (before.is_alpha and before.is_title) or before.i == sent.start:
            return False
        if before.ent_type_ or before.is_stop or self.gz.is_title(lang, before.text):
            return False
        return not in_title_case(sent)

    def _leader_by_surname(self, text: str, state: ArticleState) -> GazetteerEntry | None:
        """The one leader in office whose surname this is and whose country the
        article names: "Sánchez" in an article about Spain is Pedro Sánchez. A leader
        taking office within ``leader_elect_days`` counts (a president-elect). With
        two candidates, or none, no link."""
        words = fold(text).split()
        if len(words) != 1:
            return None
        days = [state.published]
        if state.published is not None and self.names.leader_elect_days:
            # "el presidente electo ... Arévalo": in office a few weeks later
            days.append(state.published + timedelta(days=self.names.leader_elect_days))
        found = [
            key
            for key in self._people_by_name_part(-1).get(words[0], [])
            if any(c in state.entities for day in days for c in self.gz.leads(key, day))
        ]
        return self.gz.get(found[0]) if len(found) == 1 else None

    def _people_by_name_part(self, part: int) -> dict[str, list[str]]:
        """The gazetteer's people with a name of two words or more, by one word of it
        (``part`` 0: the first, -1: the last), folded; built once."""
        index = self._by_name_part.get(part)
        if index is None:
            index = {}
            for entry in self.gz.entries.values():
                words = fold(entry.label()).split()
                if entry.type is EntityType.PERSON and len(words) > 1:
                    index.setdefault(words[part], []).append(entry.key)
            self._by_name_part[part] = index
        return index

    def _royal_title_before(self, ent: Span) -> str | None:
        """The royal title ("King", "rey") among the honorifics opening a recognised
        name, or right before it, folded; else None."""
        titles = self.names.words("royal_titles")
        for tok in ent[:-1]:  # "Majesty King Abdullah": over the honorifics in front
            if fold(tok.text) in titles:
                return fold(tok.text)
            if not self.names.is_honorific(tok.text):
                break
        before = fold(ent.doc[ent.start - 1].text) if ent.start > 0 else ""
        return before if before in titles else None

    def _monarch_by_name(self, text: str, state: ArticleState) -> GazetteerEntry | None:
        """The one head of state in office on the article's date whose given name
        (the first word of the name) this is: a monarch named as the article's royal
        title names them ("King Abdullah", "el rey Felipe"). With two, or none, no link."""
        words = fold(text).split()
        if len(words) != 1 or state.published is None:
            return None
        found = [
            key
            for key in self._people_by_name_part(0).get(words[0], [])
            if any(t.office == "head_of_state" for t in self.gz.offices_of(key, state.published))
        ]
        return self.gz.get(found[0]) if len(found) == 1 else None

    def _part_of_next_name(self, doc: Doc, ent: Span) -> GazetteerEntry | None:
        """The known person whose name goes on right after ``ent`` and contains it:
        "(Luiz Inácio) Lula da Silva" names Lula once, not a "Luiz Inácio" too."""
        j = ent.end
        while j < len(doc) and doc[j].text in {")", "(", ","}:
            j += 1
        if j >= len(doc) or not doc[j].ent_id_:
            return None
        entry = self.gz.get(doc[j].ent_id_)
        if entry is None or entry.type is not EntityType.PERSON:
            return None
        words = [w for w in ent.text.strip("() ").split() if not self.names.is_honorific(w)]
        label = entry.label().split()
        # "Seyed Abás Araqchi": an honorific and a first name spelt another way
        if words and all(any(same_name_word(w, x) for x in label) for w in words):
            return entry
        # "Muhammad Shehbaz Sharif": one more given name right before a full name (a
        # bare surname after a first name names someone else: "Karina Milei")
        full = " " in doc[j].text or (j + 1 < len(doc) and doc[j + 1].ent_id_ == entry.key)
        return entry if j == ent.end and len(words) == 1 and full else None

    def _named_before(
        self, text: str, entry: GazetteerEntry, state: ArticleState
    ) -> GazetteerEntry:
        """A short form that stands for an entity the article already named
        (``short_forms`` in ``names.yaml``): "el Congo" after "la República
        Democrática del Congo" is that Congo, not the Republic of the Congo."""
        for key in self.names.short_forms.get(fold(text.strip()), ()):
            if key != entry.key and key in state.entities and entry.key not in state.entities:
                other = self.gz.get(key)
                if other is not None:
                    return other
        return entry

    def _place_as_first_name(
        self, doc: Doc, ent: Span, entry: GazetteerEntry, lang: str
    ) -> Span | None:
        """A one-word place name that is the first name of the person named with the
        capitalised word joined to it ("Santiago Peña", parsed as one name), or None.
        A country's name is a first name only in apposition to an office ("la
        vicepresidenta de Ecuador, Francia Gómez"): "Israel Katz" alone stays open."""
        if entry.type not in {EntityType.PLACE, EntityType.COUNTRY}:
            return None
        if len(ent) != 1 or ent.end >= len(doc):
            return None
        nxt = doc[ent.end]
        if nxt.ent_id_ or nxt.pos_ != "PROPN" or not name_like(nxt.text):
            return None
        joined = (nxt.dep_ in {"flat", "flat:name"} and nxt.head.i == ent.start) or (
            ent.root.dep_ in {"flat", "flat:name", "compound"} and ent.root.head.i == nxt.i
        )
        if not joined:
            return None
        name = doc[ent.start : ent.end + 1]
        if entry.type is EntityType.COUNTRY and not self._named_after_title(name, lang):
            return None
        return name

    def _namesake(self, doc: Doc, ent: Span, entry: GazetteerEntry) -> str | None:
        """The full name when a one-word gazetteer surname follows an unknown first
        name ("Karina Milei"), else None."""
        if entry.type is not EntityType.PERSON or " " in ent.text or ent.start == 0:
            return None
        prev = doc[ent.start - 1]
        if prev.ent_type_ or prev.pos_ != "PROPN" or not prev.text[:1].isupper():
            return None
        if self.names.clean(prev.text, EntityType.PERSON) is None:
            return None  # "Presidente Milei", "Sheikh Tamim"
        if any(self._title_at(doc, prev.i, lang)[0] for lang in ("es", "en")):
            return None
        if any(same_name_word(label.split()[0], prev.text) for label in entry.labels.values()):
            return None  # "Volodymyr Zelenskiy", "Abás Araqchi": their own first name
        full = f"{prev.text} {ent.text}"
        return None if self.gz.lookup(full) else full

    def _known(self, text: str, etype: EntityType, state: ArticleState) -> str | None:
        """The key of a gazetteer name (of the NER's type when it is ambiguous) or of a
        person's surname named in full earlier in the article."""
        candidates = self.gz.lookup(text)
        if candidates:
            preferred = [c for c in candidates if c.type is etype] or candidates
            return self.register(preferred[0], state)
        if (etype is EntityType.PERSON or " " not in text) and state.surnames.get(fold(text)):
            # one word the gazetteer does not know that a person of the article is named
            # by, whatever the recogniser took it for ("conversaciones con Shehbaz")
            return state.surnames[fold(text)]
        if etype is EntityType.PERSON:
            entry = self._spelt_otherwise(text)
            words = text.split()
            if entry is None and len(words) == 2:
                # "Hayashi Yoshimasa": the family name first, as Japanese, Chinese,
                # Korean and Vietnamese names are often written
                entry = self._spelt_otherwise(f"{words[1]} {words[0]}")
            if entry is not None:  # "Radoslaw Sikorsky" is Radosław Sikorski
                key = self.register(entry, state)
                ent = state.entities[key]
                if text not in ent.aliases and text not in ent.labels.values():
                    ent.aliases = (*ent.aliases, text)  # found by the article's spelling too
                return key
        return None

    def _spelt_otherwise(self, text: str) -> GazetteerEntry | None:
        """The one person of the gazetteer whose name or alias is ``text`` spelt
        another way (``NameRules.spelling_key``), or None."""
        key = self.names.spelling_key(text)
        if " " not in key:
            return None  # one word says too little
        if self._spelling_index is None:
            index: dict[str, set[str]] = {}
            for entry in self.gz.entries.values():
                if entry.type is EntityType.PERSON:
                    for form in entry.names():
                        index.setdefault(self.names.spelling_key(form), set()).add(entry.key)
            self._spelling_index = index
        found = self._spelling_index.get(key, set())
        return self.gz.get(next(iter(found))) if len(found) == 1 else None

    def _resolve_name(
        self, ent: Span, etype: EntityType, lang: str, state: ArticleState, allow_new: bool
    ) -> str | None:
        text = ent.text.strip(" ,.;:«»\"'“”")
        known = self._known(text, etype, state)
        if known is not None:
            # "Pakistan's Foreign Office" is not the British one
            return self._other_state(ent, known, lang, state) or known
        if etype is EntityType.PERSON:
            leader = self._leader_by_surname(text, state)
            if leader is not None:  # "Sánchez" in an article about Spain
                return self.register(leader, state)
        country = self._institution_of(ent, lang, state)
        if country is not None:  # "Gobierno chino" taken by the NER for a name
            entry = self.gz.get(country)
            return self.register(entry, state) if entry else None
        cleaned = self.names.clean(text, etype)
        if cleaned is None:
            return None
        if (etype is not EntityType.PERSON or " " in cleaned) and self.gz.demonym(cleaned, lang):
            # "Ukrainian" tagged as a place, "Sri Lankan" as a person: an adjective, not
            # a name (a one-word person may be a surname: Arnoldo Alemán)
            return None
        if cleaned != text:
            # "Prince Mohammed's", "Gobierno de": look the bare name up again
            text = cleaned
            known = self._known(text, etype, state)
            if known is not None:
                return known
        royal = self._royal_title_before(ent) if etype is EntityType.PERSON else None
        if royal is not None:
            monarch = self._monarch_by_name(text, state)
            if monarch is not None:  # "King Abdullah" in 2024: Abdullah II of Jordan
                return self.register(monarch, state)
        if not allow_new:
            return None
        if etype is EntityType.PERSON:
            parts = text.split()
            key = self._register_new(text, etype, lang, state)
            if len(parts) > 1:
                _remember_name_parts(text, key, state)
            return key
        if etype is EntityType.ORGANIZATION and len(ent) < 2:
            return None  # single-word unknown ORGs from the small models are mostly noise
        if etype is EntityType.PLACE and len(ent) > 3:
            return None
        return self._register_new(text, etype, lang, state)

    # -- 2. titles ----------------------------------------------------------------
    def _named_after_title(self, ent: Span, lang: str) -> bool:
        """Whether a name the recogniser could not type stands in apposition to an
        office ("el portavoz de Exteriores qatarí, Majed al Ansari"): a person."""
        root = ent.root
        if root.dep_ != "appos" or root.head.i == root.i or not (2 <= len(ent) <= 4):
            return False
        return all(t.text[:1].isupper() or t.pos_ == "ADP" for t in ent) and (
            self._title_at(ent.doc, root.head.i, lang)[0] > 0
        )

    def _title_at(self, doc: Doc, i: int, lang: str) -> tuple[int, str]:
        """Length in tokens and canonical form of a title starting at token ``i``.

        Plural titles match their singular ("presidentes", "primeros ministros").
        Returns ``(0, "")`` when no title starts there.
        """
        tok = doc[i]
        if not self._starts_title(lang, tok.text, tok.lemma_):
            return 0, ""
        # depth first over the tokens' variants, in the order of their product, only
        # along folded word prefixes of some title (or a whole one, which a variant
        # folded to nothing may lengthen): the longest title, the first found
        options = [_variants(t) for t in doc[i : i + self._max_title_len]]
        best: tuple[int, str] = (0, "")
        stack = [[v] for v in reversed(options[0])]
        while stack:
            combo = stack.pop()
            text = fold(" ".join(combo))
            if len(combo) > best[0] and (lang, text) in self._title_words:
                best = (len(combo), text)
            if len(combo) < len(options) and (
                (lang, text) in self._title_prefixes or (lang, text) in self._title_words
            ):
                stack += [[*combo, v] for v in reversed(options[len(combo)])]
        return best

    def _could_start_title(self, lang: str, text: str, lemma: str) -> bool:
        """Whether a token with this text and lemma may open a title."""
        return any((lang, fold(v)) in self._title_starts for v in _word_variants(text, lemma))

    def _roles(
        self, doc: Doc, lang: str, state: ArticleState, names: list[Mention]
    ) -> tuple[list[Mention], list[tuple[int, int]]]:
        """Mentions resolved from titles, and the token spans of the titles whose
        country words ("chino" in "el presidente chino") name no actor of their own."""
        out: list[Mention] = []
        by_start = {m.start: m for m in names}
        titles: list[tuple[int, int]] = []
        # "de China, Xi Jinping": a country qualifying the name after it
        for m in names:
            if (
                m.start > 0
                and doc[m.start - 1].lower_ in self.names.words("genitive")
                and self.type_of_entry(m.key) is EntityType.COUNTRY
                and _name_after(doc, m.end, by_start, state, self) is not None
            ):
                m.consumed = True
        for m in names:
            # "King Abdullah II of Jordan": the title inside the recognised name
            n, title = self._title_at(doc, m.start, lang)
            if n and m.end - m.start > n and self.type_of(m.key, state) is EntityType.PERSON:
                for c in self._country_after_name(doc, m, lang, title, by_start):
                    self._add_leader(m.key, c, state)
        i = 0
        while i < len(doc):
            tok = doc[i]
            counterpart = fold(tok.text) in self._counterpart
            n, title = (1, "") if counterpart else self._title_at(doc, i, lang)
            if not n or any(m.start <= i < m.end for m in names):
                i += 1
                continue
            countries, qualifier_end, q_start = self._role_countries(
                doc, i, n, lang, by_start, state
            )
            office = self._counterpart_office(doc, i, names, state) if counterpart else None
            if not countries and qualifier_end < len(doc):
                region = self.gz.region_of_adjective(doc[qualifier_end].text, lang)
                leader, country = self._regional(region, state) if region else (None, None)
                if leader is not None:
                    # "el mandatario asiático": the article's one Asian leader
                    out.append(Mention(i, qualifier_end + 1, leader, "role"))
                    titles.append((q_start, qualifier_end + 1))
                    i = qualifier_end + 1
                    continue
                if country is not None:
                    countries, qualifier_end = [country], qualifier_end + 1
            titles.append((q_start, qualifier_end))
            person_after = _name_after(doc, qualifier_end, by_start, state, self)
            if person_after is not None and not countries:
                countries = self._country_after_name(doc, person_after, lang, title, by_start)
            if person_after is not None:
                if title and not countries:
                    state.titled[title] = person_after.key
                for c in countries:
                    office_c = office or self.gz.title_office(lang, title, c) or ""
                    if office_c in LEADING_OFFICES:
                        self._add_leader(person_after.key, c, state)
                    elif office_c and self.type_of_entry(c) is EntityType.COUNTRY:
                        state.serving.setdefault(person_after.key, c)
                self._consume(names, i, qualifier_end)
                i = qualifier_end
                continue
            resolved = False
            if countries and state.published is not None:
                for c in countries:
                    office_c = office or self.gz.title_office(lang, title, c)
                    if not office_c:
                        continue
                    for person in self.gz.holders(office_c, c, state.published):
                        entry = self.gz.get(person)
                        if entry:
                            key = self.register(entry, state)
                            if office_c in LEADING_OFFICES:
                                self._add_leader(key, c, state)
                            out.append(Mention(i, qualifier_end, key, "role"))
                            resolved = True
            bare = self._bare_title(doc, i, n, title, countries, state, lang, by_start)
            if bare is not None:
                # "el Presidente concretó ...": the one named with that title just before
                out.append(Mention(i, i + n, bare, "role"))
                resolved = True
            if resolved:
                # the country only qualified the title: the person is the actor
                self._consume(names, i, qualifier_end)
            else:
                # unresolved ("los delegados de Rusia"): the country stays an actor
                titles.pop()
            i = max(qualifier_end, i + 1)
        return out, titles

    def _counterpart_office(
        self, doc: Doc, i: int, names: list[Mention], state: ArticleState
    ) -> str | None:
        """The office of the counterpart at ``i``: that of the person named before it in
        the sentence, whose counterpart it is (a foreign minister's counterpart is the
        other state's foreign minister, not its leader); "leader" when that person
        leads a state or holds no office the gazetteer knows, or when none is named."""
        start = doc[i].sent.start
        before = [
            m
            for m in names
            if start <= m.start and m.end <= i and self.type_of(m.key, state) is EntityType.PERSON
        ]
        if not before:
            return "leader"
        offices = {t.office for t in self.gz.offices_of(before[-1].key, state.published)}
        if not offices or offices & LEADING_OFFICES:
            return "leader"
        return min(offices)

    def _country_after_name(
        self, doc: Doc, person: Mention, lang: str, title: str, by_start: dict[int, Mention]
    ) -> list[str]:
        """The country named right after a titled leader's name ("el rey Abdullah II de
        Jordania", "King Abdullah II of Jordan"): the one the title is of, taken as no
        actor of its own. Only for leading offices: a minister's country stays a side."""
        genitive = self.names.words("genitive")
        j = person.end - 1 if doc[person.end - 1].lower_ in genitive else person.end
        if j + 1 >= len(doc) or doc[j].lower_ not in genitive:
            return []
        m = by_start.get(j + 1)
        if m is None or self.type_of_entry(m.key) is not EntityType.COUNTRY:
            return []
        if (self.gz.title_office(lang, title, m.key) or "") not in LEADING_OFFICES:
            return []
        m.consumed = True
        return [m.key]

    def _bare_title(
        self,
        doc: Doc,
        i: int,
        n: int,
        title: str,
        countries: list[str],
        state: ArticleState,
        lang: str,
        by_start: dict[int, Mention],
    ) -> str | None:
        """The person a singular, definite title with no country stands for: the last
        one the article named with that title, else the one person named before who
        holds the office the title names, else None."""
        if countries or not title:
            return None
        articles = self.names.words("singular_articles")
        before = i - 1
        if before > 0 and doc[before].pos_ == "ADJ" and before not in by_start:
            before -= 1  # "the Republican president"
        # English news may drop the article on a capitalised title that opens the
        # sentence and is its subject: "President thanked his Majesty"
        headless = (
            lang == "en"
            and i == doc[i].sent.start
            and doc[i].is_title
            and doc[i + n - 1].dep_ in {"nsubj", "nsubjpass"}
        )
        if not headless and (before < 0 or doc[before].lower_ not in articles):
            return None
        if "Plur" in doc[i + n - 1].morph.get("Number"):
            return None
        if title in state.titled:
            return state.titled[title]
        if i + n < len(doc) and doc[i + n].lower_ in self.names.words("genitive"):
            return None  # "el presidente de la Comisión": the office of something else
        sent = doc[i].sent
        in_sentence = {m.key for m in by_start.values() if sent.start <= m.start < sent.end}
        return self._sole_holder(lang, title, state, in_sentence)

    def _sole_holder(
        self, lang: str, title: str, state: ArticleState, in_sentence: set[str]
    ) -> str | None:
        """The one person the article named earlier who holds, on its publication
        date, the office ``title`` denotes ("el presidente republicano" after Trump
        and Carney: Trump is the only president). Persons of the same sentence do not
        count ("el presidente recibió a Lula" is not Lula); two holders are no answer."""
        if state.published is None:
            return None
        wanted = self.gz.title_office(lang, title, None)
        found: set[str] = set()
        for key, ent in state.entities.items():
            if ent.type is not EntityType.PERSON or key in in_sentence:
                continue
            terms = self.gz.offices_of(key, state.published)
            if ent.leader_of and not terms and wanted in LEADING_OFFICES:
                found.add(key)  # a leader the article itself titled (not in the gazetteer)
            for term in terms:
                office = self.gz.title_office(lang, title, term.of)
                if office == term.office or (office == "leader" and term.office in LEADING_OFFICES):
                    found.add(key)
        # a person named with a title of the same office ("President William Ruto")
        found |= {
            key
            for named_title, key in state.titled.items()
            if key not in in_sentence and self.gz.title_office(lang, named_title, None) == wanted
        }
        return next(iter(found)) if len(found) == 1 else None

    def _regional(self, region: str, state: ArticleState) -> tuple[str | None, str | None]:
        """The article's one leader from ``region``, else its one country there.

        Ambiguity resolves to nothing: with Merz and Macron in the article, "el
        mandatario europeo" names neither.
        """
        leaders = {
            key
            for key, ent in state.entities.items()
            if ent.type is EntityType.PERSON
            and any(self.gz.in_region(c, region) for c in ent.leader_of)
        }
        if len(leaders) == 1:
            return next(iter(leaders)), None
        if leaders:
            return None, None
        countries = {
            key
            for key, ent in state.entities.items()
            if ent.type is EntityType.COUNTRY and self.gz.in_region(key, region)
        }
        return None, (next(iter(countries)) if len(countries) == 1 else None)

    def _role_countries(
        self,
        doc: Doc,
        i: int,
        n: int,
        lang: str,
        by_start: dict[int, Mention],
        state: ArticleState,
    ) -> tuple[list[str], int, int]:
        """Countries qualifying the title at ``i``, where the phrase ends and starts."""
        countries: list[str] = []
        start = i
        j = i + n
        # after: "presidente chino", "primeros ministros británico y canadiense"
        while j < len(doc):
            word = doc[j]
            c = self._demonym(word.text, lang, state)
            if c:
                countries.append(c)
                j += 1
                continue
            if (
                countries
                and word.text.lower() in {"y", "e", "and", ","}
                and j + 1 < len(doc)
                and self._demonym(doc[j + 1].text, lang, state)
            ):
                j += 1
                continue
            break
        # after: "presidente de Rusia" / "President of Russia", "la alta representante
        # de la UE": a state, or a body the gazetteer knows the offices of
        if not countries and j + 1 < len(doc) and doc[j].lower_ in self.names.words("genitive"):
            k = j + 1
            if doc[k].lower_ in self.names.words("singular_articles") and k + 1 < len(doc):
                k += 1
            m = by_start.get(k)
            kind = self.type_of_entry(m.key) if m else None
            if m and (
                kind is EntityType.COUNTRY
                or (kind is EntityType.ORGANIZATION and self.gz.has_offices(m.key))
            ):
                countries.append(m.key)
                m.consumed = True
                j = m.end
        # before: "Russian President", "Russia's President", "US President", "South
        # Korean President"
        if not countries and i > 0:
            k = i - 1
            if doc[k].text in {"'s", "’s"} and k > 0:
                k -= 1
            c = self._demonym(doc[k].text, lang, state)
            pair = self._two_word_demonym(doc, k - 1, lang) if k > 0 and not c else None
            if pair:
                c, k = pair, k - 1
            before = next((m for m in by_start.values() if m.end == k + 1), None)
            if c:
                countries.append(c)
                start = k
            elif before and self.type_of_entry(before.key) is EntityType.COUNTRY:
                countries.append(before.key)
                before.consumed = True
                start = before.start
        return countries, j, start

    def type_of_entry(self, key: str) -> EntityType | None:
        entry = self.gz.get(key)
        return entry.type if entry else None

    @staticmethod
    def _consume(names: list[Mention], start: int, end: int) -> None:
        for m in names:
            if start <= m.start and m.end <= end:
                m.consumed = True

    # -- 3. demonyms, epithets ------------------------------------------------------
    def _demonyms(
        self,
        doc: Doc,
        lang: str,
        taken: list[Mention],
        titles: list[tuple[int, int]],
        state: ArticleState,
    ) -> list[Mention]:
        out: list[Mention] = []
        covered = {i for m in taken for i in range(m.start, m.end)}
        covered |= {i for s, e in titles for i in range(s, e)}
        languages = self.names.words("language_cases")
        for tok in doc:
            if tok.i in covered or (tok.is_title and lang == "es" and tok.i > 0):
                continue  # Spanish demonyms are lower case; capitalised = a name
            pair = self._two_word_demonym(doc, tok.i, lang)
            if pair and tok.i + 1 not in covered:
                # "South Korean", "Sri Lankan": the second word alone names no state
                second = doc[tok.i + 1]
                kind = "institution" if self._qualifies_institution(second, lang) else "demonym"
                out.append(Mention(tok.i, tok.i + 2, pair, kind))
                covered.add(tok.i + 1)
                continue
            parts = tok.text.split("-") if "-" in tok.text else [tok.text]
            for part in parts:
                c = self._demonym(part, lang, state)
                if c and (lang != "en" or tok.is_title or tok.is_upper):
                    if _a_language(tok, languages):
                        break  # "una versión en portugués", "said in Russian"
                    kind = "institution" if self._qualifies_institution(tok, lang) else "demonym"
                    out.append(Mention(tok.i, tok.i + 1, c, kind))
        return out

    def _demonym(self, word: str, lang: str, state: ArticleState) -> str | None:
        """The state a demonym stands for in this article: for one several states
        share ("congoleño", "Dominican"), the one the article names, by its name or
        by a name of its places, bodies or leaders ("Brazzaville", "Sassou Nguesso");
        None when it names both or neither (a wrong link is worse than none)."""
        country = self.gz.demonym(word, lang)
        states = () if country else self.gz.demonym_states(word, lang)
        if not states:
            return country
        if states not in state.told_apart:
            names = {s: self._names_of_state(s) for s in states}
            named = [
                s
                for s in states
                if any(
                    _has_words(state.text, name)
                    for name in names[s] - set().union(*(names[o] for o in states if o != s))
                )
            ]
            state.told_apart[states] = named[0] if len(named) == 1 else None
        return state.told_apart[states]

    def _names_of_state(self, key: str) -> set[str]:
        if key not in self._state_names:
            self._state_names[key] = self.gz.names_of_state(key)
        return self._state_names[key]

    def _two_word_demonym(self, doc: Doc, i: int, lang: str) -> str | None:
        """The state of an English demonym of two capitalised words starting at ``i``
        ("South Korean", "New Zealand"), else None."""
        if lang != "en" or i + 1 >= len(doc) or not (doc[i].is_title and doc[i + 1].is_title):
            return None
        return self.gz.demonym(f"{doc[i].text} {doc[i + 1].text}", lang)

    def _other_state(self, ent: Span, key: str, lang: str, state: ArticleState) -> str | None:
        """The state a state body's name is said to be of, when another than the one
        the gazetteer knows it for ("Pakistan's Foreign Office", "the Pakistani Foreign
        Office": the generic name of a ministry many states have), registered in the
        article; else None. Only a state's own bodies (``government``, ``agency``), and
        only a possessor or a demonym right on the name: "Israel and Hamas" is no
        Israeli Hamas."""
        entry = self.gz.get(key)
        if (
            entry is None
            or entry.type is not EntityType.ORGANIZATION
            or entry.kind not in STATE_BODIES
            or not entry.country
        ):
            return None
        country = self._country_on_name(ent, lang, state)
        if country is None or country == entry.country:
            return None
        owner = self.gz.get(country)
        return self.register(owner, state) if owner is not None else None

    def _generic_body_of(
        self, doc: Doc, ent: Span, lang: str, state: ArticleState
    ) -> GazetteerEntry | None:
        """The country an unknown organisation named like a state body belongs to: a
        ministry, government or presidency with a country as possessor, demonym or
        complement right on its name ("Iran's Ministry of Foreign Affairs", "el
        Ministerio de Exteriores de Argelia"). None for any other name."""
        if (lang, fold(ent[0].text)) not in self.gz.institution_nouns:
            return None
        country = self._country_on_name(ent, lang, state)
        genitive = self.names.words("genitive")
        if country is None and ent.end + 1 < len(doc) and doc[ent.end].lower_ in genitive:
            country = self._country_named(doc[ent.end + 1].text)
        return self.gz.get(country) if country is not None else None

    def _country_on_name(self, ent: Span, lang: str, state: ArticleState) -> str | None:
        """The country a demonym or a possessor right before a name says it is of
        ("the Pakistani Foreign Office", "Iran's Ministry of Foreign Affairs")."""
        doc = ent.doc
        if ent.start == 0:
            return None
        before = doc[ent.start - 1]
        country = self._demonym(before.text, lang, state)
        if country is None and before.lower_ in {"'s", "’s"} and ent.start > 1:
            country = self._country_named(doc[ent.start - 2].text)
        return country

    def _country_named(self, text: str) -> str | None:
        """The country a word names, if any."""
        hits = [c for c in self.gz.lookup(text) if c.type is EntityType.COUNTRY]
        return hits[0].key if hits else None

    def _institution_of(self, ent: Span, lang: str, state: ArticleState) -> str | None:
        """The country of a span like "Gobierno chino" / "Chinese Government"."""
        has_noun = any((lang, fold(t.text)) in self.gz.institution_nouns for t in ent)
        if not has_noun:
            return None
        countries = {c for t in ent if (c := self._demonym(t.text, lang, state))}
        return next(iter(countries)) if len(countries) == 1 else None

    def _qualifies_institution(self, tok: Token, lang: str) -> bool:
        """Whether the demonym qualifies a state institution ("el Gobierno chino", "the
        Chinese foreign ministry"): then it names the state, an actor in its own right."""
        doc = tok.doc
        neighbours = [tok.head] if tok.head.i != tok.i else []
        neighbours += [doc[j] for j in (tok.i - 1, tok.i + 1) if 0 <= j < len(doc)]
        for nb in neighbours:
            words = {fold(nb.text), fold(nb.lemma_)}
            if nb.i + 1 < len(doc):
                words.add(fold(f"{nb.text} {doc[nb.i + 1].text}"))
            if any((lang, w) in self.gz.institution_nouns for w in words):
                return True
        return False

    def _epithets(self, doc: Doc, lang: str, taken: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        phrases = [phrase for lg, phrase in self.gz.epithets if lg == lang]
        folded = fold(doc_text(doc))
        if not any(phrase in folded for phrase in phrases):
            return out  # a run of tokens folds to a part of the passage's folded text
        starts = {phrase.split()[0] for phrase in phrases}
        for i in range(len(doc)):
            if fold(doc[i].text) not in starts:
                continue
            for n in (4, 3, 2):
                if i + n > len(doc):
                    continue
                c = self.gz.epithet(doc[i : i + n].text, lang)
                if c:
                    out.append(Mention(i, i + n, c, "epithet"))
                    break
        return out

    # -- 4. "ambos" -----------------------------------------------------------------
    def _both(self, doc: Doc, state: ArticleState, taken: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        both, two_words = self.names.words("both"), self.names.words("two")
        groups, people = self.names.words("group_nouns"), self.names.words("people_nouns")
        articles = self.names.words("plural_articles")
        words = set(_WORD_RE.findall(doc_text(doc).lower()))
        if not (words & both or words & two_words or words & (people | groups)):
            return out  # most passages: no "ambos" / "los dos" to resolve
        for tok in doc:
            two = (
                tok.lower_ in articles
                and tok.i + 1 < len(doc)
                and doc[tok.i + 1].lower_ in two_words
            )
            if (
                tok.lower_ not in both
                and not two
                and not _bare_plural_subject(tok, articles, people | groups)
            ):
                continue
            if two:
                tok = doc[tok.i + 1]
            nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
            want = EntityType.COUNTRY if nxt in groups else EntityType.PERSON
            end = tok.i + 2 if nxt in groups | people else tok.i + 1
            before = [m.key for m in taken if m.end <= tok.i and m.kind != "demonym"]
            pool = [*state.recent, *before]
            picked: list[str] = []
            for key in reversed(pool):
                if want is EntityType.COUNTRY and self.type_of(key, state) is EntityType.PERSON:
                    led = state.entities[key].leader_of
                    key = led[0] if led else key
                etype = self.type_of(key, state) or self.type_of_entry(key)
                if etype is want and key not in picked:
                    entry = self.gz.get(key)
                    if key not in state.entities and entry is not None:
                        self.register(entry, state)  # "the two countries" → Russia, China
                    picked.append(key)
                if len(picked) == 2:
                    break
            if len(picked) == 2:
                out += [Mention(tok.i, end, k, "anaphor") for k in picked]
        return out

    # -- "este último" ---------------------------------------------------------------
    def _latter(self, doc: Doc, state: ArticleState, taken: list[Mention]) -> list[Mention]:
        """ "Este último viajó luego a…", "the latter met…": the person named
        last before it (not "este último acuerdo": a noun after it is what is last)."""
        phrases = {tuple(p.split()) for p in self.names.words("latter")}
        text = doc_text(doc).lower()
        if not phrases or not any(p[-1] in text for p in phrases):
            return []
        out: list[Mention] = []
        for tok in doc[1:]:
            pair = (doc[tok.i - 1].lower_, tok.lower_)
            if pair not in phrases:
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ in {"NOUN", "PROPN", "ADJ"}:
                continue
            before = [m.key for m in sorted(taken, key=lambda m: m.end) if m.end < tok.i]
            for key in reversed([*state.recent, *before]):
                if self.type_of(key, state) is EntityType.PERSON:
                    out.append(Mention(tok.i - 1, tok.i + 1, key, "anaphor"))
                    break
        return out

    def _remember_monarchs(self, doc: Doc, mentions: list[Mention], state: ArticleState) -> None:
        """Note each person named with a royal title ("King Abdullah", "el rey Felipe
        VI", one token when the gazetteer knows the name) as the holder of that title."""
        royal = self.names.words("royal_titles")
        for m in mentions:
            if self.type_of(m.key, state) is not EntityType.PERSON:
                continue
            words = fold(doc[m.start].text).split()
            if len(words) > 1 and words[0] in royal:
                state.titled[words[0]] = m.key  # one token: "rey Felipe VI"
                continue
            title = self._royal_title_before(doc[m.start : m.end])
            if title is not None:
                state.titled[title] = m.key

    def _royal_address(self, doc: Doc, state: ArticleState, taken: list[Mention]) -> list[Mention]:
        """ "His Majesty met…", "Su Majestad dijo…": the one monarch the article named
        with a royal title. Not where a name follows ("His Majesty King Abdullah":
        the name is the mention)."""
        phrases = {tuple(p.split()) for p in self.names.words("royal_address")}
        text = doc_text(doc).lower()
        if not any(p[-1] in text for p in phrases):
            return []
        royal = self.names.words("royal_titles")
        articles = self.names.words("singular_articles")
        monarchs = {key for title, key in state.titled.items() if title in royal}
        if len(monarchs) != 1:
            return []
        (key,) = monarchs
        covered = {i for m in taken for i in range(m.start, m.end)}
        out: list[Mention] = []
        for tok in doc:
            for phrase in phrases:
                end = tok.i + len(phrase)
                if end > len(doc) or tuple(fold(t.text) for t in doc[tok.i : end]) != phrase:
                    continue
                # "Su Majestad el Rey Felipe", "His Majesty King Abdullah"
                after = [fold(t.text) for t in doc[end : end + 2]]
                if end in covered or (after and after[0] in royal):
                    continue
                if after[:1] and after[0] in articles and after[1:] and after[1] in royal:
                    continue
                out.append(Mention(tok.i, end, key, "anaphor"))
        return out


def _a_language(tok: Token, cases: frozenset[str]) -> bool:
    """Whether a demonym names a language: right after "en" / "in", before no noun it
    could qualify ("in Russian territory" is Russia's)."""
    doc = tok.doc
    if tok.i == 0 or doc[tok.i - 1].lower_ not in cases:
        return False
    return not (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ in {"NOUN", "PROPN"})


def _bare_plural_subject(tok: Token, articles: frozenset[str], nouns: frozenset[str]) -> bool:
    """ "Los mandatarios se comprometieron", "the leaders agreed": a plural article
    before a bare noun of leaders or states that is a clause's subject (nothing more on
    it: "los presidentes de la región" are others) names the two last named."""
    doc = tok.doc
    if tok.lower_ not in articles or tok.i + 1 >= len(doc):
        return False
    noun = doc[tok.i + 1]
    return (
        noun.lower_ in nouns
        and noun.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"}
        and all(c.dep_ in {"det", "punct"} for c in noun.children)
    )


def _bare_surnames(
    doc: Doc, state: ArticleState, taken: list[Mention], is_title: Callable[[str], bool]
) -> list[Mention]:
    """Surnames of people named in full earlier in the article that the recogniser
    did not tag on their own ("al-Busaidi said", "Ghazouani handed over", "PM
    Shehbaz"): a single name-like token, not part of a longer name (a title before it
    is no name)."""
    covered = {i for m in taken for i in range(m.start, m.end)}
    out: list[Mention] = []
    for tok in doc:
        if tok.i in covered or len(tok.text) < 2 or not name_like(tok.text):
            continue
        key = state.surnames.get(fold(tok.text))
        if not key:
            continue
        neighbours = [doc[j] for j in (tok.i - 1, tok.i + 1) if 0 <= j < len(doc)]
        if any(
            n.pos_ == "PROPN" and name_like(n.text) and not is_title(n.text) for n in neighbours
        ):
            continue  # "Santiago Peña" is not a bare "Peña"
        out.append(Mention(tok.i, tok.i + 1, key, "name"))
    return out


def _remember_name_parts(name: str, key: str, state: ArticleState) -> None:
    """Let a later bare surname find the person: the last word ("Putin") and, for
    names written surname first, the first ("Lee" of Lee Jae-myung). A part shared by
    two people of the article resolves to neither (an empty entry)."""
    parts = [p for p in name.split() if len(p) > 1 and name_like(p)]
    if len(parts) < 2:
        return
    ends = {parts[0], parts[-1]}
    # "al-Busaidi" is also written, and tokenised, as "Busaidi"
    ends |= {p.partition("-")[2] for p in ends if p[:1].islower()}
    # a surname with its particle: "van Klaveren" (and "Van Klaveren" at a sentence's
    # start), "da Silva", "de la Fuente"
    words = name.split()
    first_particle = next(
        (i for i, w in enumerate(words) if i > 0 and w[:1].islower() and "-" not in w), None
    )
    if first_particle is not None and first_particle < len(words) - 1:
        ends.add(" ".join(words[first_particle:]))
    for part in ends:
        known = state.surnames.get(fold(part))
        if known is None:
            state.surnames[fold(part)] = key
        elif known != key:
            state.surnames[fold(part)] = ""


#: entity types whose other names the graph carries: people go by full and short
#: names ("Joseph Nyumah Boakai"), organisations by acronyms in each language ("OTAN")
NAMED_OTHERWISE = {EntityType.PERSON, EntityType.ORGANIZATION}


def _other_names(entry: GazetteerEntry) -> tuple[str, ...]:
    """The gazetteer's aliases of a person or organisation that are not its labels."""
    if entry.type not in NAMED_OTHERWISE:
        return ()
    labels = {fold(label) for label in entry.labels.values()}
    names = {a.form for a in entry.aliases if len(a.form) > 2 and fold(a.form) not in labels}
    return tuple(sorted(names))


def _is_metonymic(span: Span, names: NameRules) -> bool:
    """Whether a place name stands for its government ("Moscú abordó ...", "la alianza
    entre Moscú y Pekín", "la economía de Moscú") rather than naming the place
    ("en Moscú", "visitó Moscú", "conversaciones en Abu Dabi"); the other side of a
    relation noun is the government too ("la tensión con Washington")."""
    root = span.root
    cases = {c.lower_ for c in root.children if c.dep_ == "case"}
    between = names.words("between")
    if cases & names.words("locative_cases"):
        return False
    doc = span.doc
    before = {doc[span.start - 1].lower_} if span.start > 0 else set()
    if span.start > 1:
        before.add(f"{doc[span.start - 2].lower_} {doc[span.start - 1].lower_}")
    if (cases | before) & names.words("sources"):
        return True  # "según Pekín", "according to Moscow": the government speaks
    if root.dep_ in SUBJECT_DEPS or cases & between:
        return True
    if cases & names.words("counterpart_cases") and root.head.pos_ == "NOUN":
        return True  # "la tensión con Washington": the other side of a relation
    if cases & names.words("genitive") and root.head.pos_ == "NOUN":
        return root.head.lemma_.lower() not in names.words("place_nouns")
    if root.dep_ == "conj" and root.head.i != root.i:
        head = root.head
        return head.dep_ in SUBJECT_DEPS or any(
            c.dep_ == "case" and c.lower_ in between for c in head.children
        )
    return False


#: shortest organisation name kept without the article the recogniser took in: shorter
#: ones are mostly rooms and offices ("the Oval Office")
ARTICLE_NAME_MIN = 3


def _named_next(doc: Doc, end: int) -> bool:
    """Whether a comma and a capitalised name follow token ``end - 1``."""
    return end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].pos_ == "PROPN"


def _without_article(ent: Span) -> Span:
    """An organisation's name without the lower-case article the English recogniser
    takes in ("the European Political Community"; "El Mostrador" keeps its own)."""
    start = ent.start
    while start < ent.end - 1 and ent.doc[start].pos_ == "DET" and ent.doc[start].is_lower:
        start += 1
    if start == ent.start or ent.label_ != "ORG" or ent.end - start < ARTICLE_NAME_MIN:
        return ent
    return Span(ent.doc, start, ent.end, label=ent.label_)


def _plausible_name(ent: Span) -> bool:
    """Filter NER noise: names start upper-case, are short, hold no digits and no
    symbols ("Ctrl + Enter" is a key, not a person)."""
    text = ent.text.strip()
    if len(text) < 2 or len(ent) > 6 or any(c.isdigit() for c in text):
        return False
    if any(c in "+=@#<>|{}[]*%$€£/\\" for c in text):
        return False
    if not text[0].isupper():
        return False
    if text.isupper() and len(ent) > 1:
        return False  # upper-case headline fragments
    return any(t.pos_ == "PROPN" for t in ent) or ent.label_ in {"PERSON", "GPE", "ORG"}


def _variants(tok: Token) -> list[str]:
    """The token, its lemma and naive singulars ("ministros" → "ministro")."""
    return _word_variants(tok.text, tok.lemma_)


def _word_variants(text: str, lemma: str) -> list[str]:
    w = text.lower()
    out = [w, lemma.lower()]
    if w.endswith("s"):
        out += [w[:-1], w[:-2]]
    return out


def _name_after(
    doc: Doc, j: int, by_start: dict[int, Mention], state: ArticleState, linker: Linker
) -> Mention | None:
    """A person name right after a title ("presidente chino, Xi Jinping")."""
    k = j
    while k < len(doc) and doc[k].text in {",", "(", "—", "-"} and k - j < 2:
        k += 1
    m = by_start.get(k)
    if m and linker.type_of(m.key, state) is EntityType.PERSON:
        return m
    return None


def _has_words(text: str, phrase: str) -> bool:
    """Whether folded ``text`` holds folded ``phrase`` as whole words."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
