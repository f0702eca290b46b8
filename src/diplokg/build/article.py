"""One article → its facts: the nlp, link and extract stages wired together."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from diplokg.config import Settings
from diplokg.extract.article_dates import date_by_publication, lede_day, unresolved_dates
from diplokg.extract.dates import DateResolver
from diplokg.extract.extractor import Extractor, PassageContext
from diplokg.extract.hosts import presence_visits
from diplokg.extract.implied import implied_relations
from diplokg.extract.merge import merge_events, merge_relations
from diplokg.extract.occasion import at_the_occasion
from diplokg.extract.spans import locate_facts, mention_spans
from diplokg.extract.states import with_body_states, with_led_states
from diplokg.extract.status import plan_events_after
from diplokg.extract.triggers import load_lexicon
from diplokg.knowledge.gazetteer import Gazetteer, load_gazetteer
from diplokg.knowledge.text import fold
from diplokg.link.linker import ArticleState, Linker, Mention
from diplokg.link.names import load_name_rules
from diplokg.model import (
    Article,
    ArticleFacts,
    DateValue,
    EntityType,
    Event,
    OfficeHolding,
    Participant,
    PassageKind,
    Relation,
)
from diplokg.nlp.pipelines import Pipelines
from diplokg.nlp.text import span_text
from diplokg.read.clean import place_dateline_end
from diplokg.read.langid import guess_language

#: gazetteer kinds of organisations that are a side of what they do
CORE_ORGANIZATION_KINDS = {"party", "company"}


#: how many passages after the first body passage a wire dateline may open the lede
LEDE_SEARCH = 4


class ArticleProcessor:
    """Turns articles into facts. Models load once, on first use."""

    def __init__(self, settings: Settings, gazetteer: Gazetteer | None = None) -> None:
        self.settings = settings
        self.gazetteer = gazetteer or load_gazetteer(settings.data_dir)
        self.pipelines = Pipelines(settings, self.gazetteer)
        self.linker = Linker(self.gazetteer, load_name_rules(settings.data_dir))
        self.extractor = Extractor(
            load_lexicon(settings.data_dir / "lexicon" / "triggers.yaml"), self.gazetteer
        )

    def process(self, article: Article) -> ArticleFacts:
        """Entities, events and relations of one article.

        The article is parsed in a memory zone (:meth:`Pipelines.memory_zone`): what
        spaCy adds to its vocabulary for it is freed once its facts, plain data, are
        made, so that a long build's memory does not grow with every new word.
        """
        default = article.lang or self.settings.default_lang
        langs = [p.lang or guess_language(p.text) or default for p in article.passages]
        with self.pipelines.memory_zone(dict.fromkeys(langs)):
            return self._process(article, langs)

    def _process(self, article: Article, langs: list[str]) -> ArticleFacts:
        docs: dict[int, object] = {}
        for lang in dict.fromkeys(langs):
            idx = [i for i, lg in enumerate(langs) if lg == lang]
            parsed = self.pipelines.parse([article.passages[i].text for i in idx], lang)
            docs.update(zip(idx, parsed, strict=True))
        state = ArticleState(
            published=article.published,
            text=fold(" ".join(p.text for p in article.passages)),
        )
        events: list[Event] = []
        relations: list[Relation] = []
        found: list[tuple[int, object, list]] = []  # passage, doc, mentions
        first_body = next(
            (i for i, p in enumerate(article.passages) if p.kind is PassageKind.BODY),
            len(article.passages),
        )
        # a wire dateline a little further down ("New Delhi: ...") opens the report
        # proper after a summary paragraph: that paragraph is part of the lede too
        datelined = [
            place_dateline_end(p.text) if p.kind is PassageKind.BODY else None
            for p in article.passages
        ]
        wire_lede = next(
            (
                i
                for i in range(first_body + 1, min(len(datelined), first_body + LEDE_SEARCH))
                if datelined[i] is not None
            ),
            None,
        )
        for i, passage in enumerate(article.passages):
            doc = docs[i]
            mentions = self.linker.link(
                doc, langs[i], state, allow_new=passage.kind is not PassageKind.TITLE
            )
            lede = i <= first_body or (i == wire_lede)
            dateline_place = None
            if datelined[i] is not None:
                dateline_place = self._dateline_place(mentions, state)
                mentions = self._after_dateline(doc, mentions, datelined[i], state)
            ctx = PassageContext(
                doc,
                langs[i],
                passage.kind,
                mentions,
                state,
                lede=lede,
                dateline_place=dateline_place,
                dateline_end=datelined[i] or 0,
            )
            ev, rel = self.extractor.extract(ctx)
            found.append((i, doc, mentions))
            events += ev
            relations += rel

        unnamed = [e for e in events if e.unnamed]
        events = [e for e in events if not e.unnamed]
        unnamed_relations = [r for r in relations if r.unnamed]
        relations = [r for r in relations if not r.unnamed]
        events, relations = self._one_person_per_name(events, relations, found, state)
        events = [with_body_states(e, self.gazetteer) for e in events]
        relations = [with_body_states(r, self.gazetteer) for r in relations]
        self._register_referenced(events, relations, state)

        def core(key: str) -> bool:
            # leaders, states, and organisations that act for themselves (parties,
            # armed groups, companies); not blocs, agencies or unknown bodies
            ent = state.entities.get(key)
            if ent is None:
                return False
            if ent.type in {EntityType.PERSON, EntityType.COUNTRY}:
                return True
            entry = self.gazetteer.get(key)
            return bool(entry and entry.kind in CORE_ORGANIZATION_KINDS)

        served: dict[str, str] = {}

        def serves(key: str) -> str:
            # the state a person acts for: the one they lead, else the one whose office
            # the gazetteer says they held ("S. Jaishankar": India's foreign minister);
            # kept per article, as the merge asks again for every pair of events
            if key not in served:
                led = state.side(key)
                if led == key and key.startswith("person/"):
                    states = {
                        t.of for t in self.gazetteer.offices_of(key) if t.of.startswith("country/")
                    }
                    # else the state a title names them an officer of ("la canciller de
                    # Colombia, Laura Sarabia")
                    led = states.pop() if len(states) == 1 else state.serving.get(key, key)
                served[key] = led
            return served[key]

        merged = merge_events(events, state.side, article.published, core, serves)
        merged += presence_visits(merged, self.gazetteer, state)
        plan_events_after(merged, article.published)
        day, lede_mentions = self._lede_day(article, found, langs, first_body)
        date_by_publication(
            merged,
            article.published,
            day,
            frozenset(k for m in lede_mentions for k in (m.key, state.side(m.key))),
        )
        merged += at_the_occasion(unnamed, merged, state.side)
        relations += at_the_occasion(unnamed_relations, merged, state.side)
        holdings = self._holdings(state)
        relations += implied_relations(merged, self.extractor.lex.implies, state.side)
        relations = [with_led_states(r, serves) for r in relations]
        facts = ArticleFacts(
            article, state.entities, merged, merge_relations(relations), holdings=holdings
        )
        facts.unresolved_dates = unresolved_dates(merged, article.published)
        keys = set(state.entities)
        facts.mentions = [s for i, doc, ms in found for s in mention_spans(doc, ms, i, keys)]
        locate_facts([*facts.events, *facts.relations], article.passages)
        facts.warnings += [f"{article.id}: {note}" for note in article.notes]
        if not facts.events and not facts.relations:
            facts.warnings.append(f"{article.id}: no events or relations found")
        return facts

    @staticmethod
    def _lede_day(
        article: Article, found: list, langs: list[str], first_body: int
    ) -> tuple[DateValue | None, list]:
        """The one recent day the first body passage names in its sentences told in the
        past ("transmitió este lunes", "met on Monday"), with the mentions of the
        passages read for it. When the first body passage names no such day (a
        standfirst under the headline), the next body passage, the lede proper, is
        read too."""
        read: list = []
        for i, doc, mentions in found:
            if i < first_body or article.passages[i].kind is not PassageKind.BODY:
                continue
            read += mentions
            if article.published is None:
                return None, read
            resolver = DateResolver(langs[i], article.published)
            past = [
                m
                for sent in doc.sents
                if "Past" in sent.root.morph.get("Tense")
                for m in resolver.find(span_text(sent), forward=False)
            ]
            day = lede_day(past, article.published)
            if day is not None or i > first_body:
                return day, read
        return None, read

    def _one_person_per_name(
        self, events: list[Event], relations: list[Relation], found: list, state: ArticleState
    ) -> tuple[list[Event], list[Relation]]:
        """A person first named by a bare surname and later in full ("PM Luxon" …
        "Christopher Luxon") is one person: facts and mentions of the surname's entity
        go to the full name's, and the surname's entity is dropped."""
        renamed = self.linker.surnames_named_first(state)
        if not renamed:
            return events, relations
        for _, _, mentions in found:
            for m in mentions:
                m.key = renamed.get(m.key, m.key)
        for key in renamed:
            del state.entities[key]
        return _renamed(events, renamed), _renamed(relations, renamed)

    @staticmethod
    def _dateline_place(mentions, state: ArticleState) -> str | None:
        """The place the wire dateline opening a body passage names ("WASHINGTON —
        ..."), if the linker knows it as a place or city."""
        first = min(mentions, key=lambda m: m.start, default=None)
        if first is None or first.start != 0:
            return None
        entity = state.entities.get(first.key)
        return first.key if entity is not None and entity.type is EntityType.PLACE else None

    @staticmethod
    def _after_dateline(
        doc: Doc, mentions: list[Mention], end: int, state: ArticleState
    ) -> list[Mention]:
        """The mentions a passage's facts may take, without the places and states of
        the wire dateline it opens with ("Luxemburgo (EFE).- ..."): where the report
        was filed, not who acted."""
        where = {EntityType.PLACE, EntityType.COUNTRY}
        return [
            m
            for m in mentions
            if doc[m.start].idx >= end
            or (m.key in state.entities and state.entities[m.key].type not in where)
        ]

    def _register_referenced(
        self, events: list[Event], relations: list[Relation], state: ArticleState
    ) -> None:
        """Every entity a fact points to is a typed, labelled node of the article."""
        keys = {p.entity for f in [*events, *relations] for p in f.participants}
        keys |= {e.place for e in events if e.place} | {r.via for r in relations if r.via}
        keys |= {c for ent in list(state.entities.values()) for c in ent.leader_of}
        for key in keys - set(state.entities):
            entry = self.gazetteer.get(key)
            if (
                entry is not None
                and key not in self.gazetteer.topics
                and key not in self.gazetteer.commodities
            ):
                self.linker.register(entry, state)

    def _holdings(self, state: ArticleState) -> list[OfficeHolding]:
        """Every known term in office of the people the article names; the country or
        organisation of each becomes a node of the article too."""
        out: list[OfficeHolding] = []
        for key, ent in list(state.entities.items()):
            if ent.type is not EntityType.PERSON:
                continue
            for term in self.gazetteer.offices_of(key):
                entry = self.gazetteer.get(term.of)
                if entry is None or entry.type not in (EntityType.COUNTRY, EntityType.ORGANIZATION):
                    continue
                self.linker.register(entry, state)
                names = self.gazetteer.office_names.get(term.office) or {
                    "en": term.office.replace("_", " ")
                }
                out.append(
                    OfficeHolding(
                        key, term.office, term.of, names, term.start, term.end, term.source
                    )
                )
        return out

    def value_labels(self) -> dict[str, dict[str, str]]:
        """Labels of topic and commodity nodes, for the RDF mapper."""
        return self.gazetteer.value_labels()


def _renamed(facts: list, renamed: dict[str, str]) -> list:
    """The facts with each participant known by a later, fuller name renamed to it
    (a fact naming the person twice, by both names, keeps one)."""
    out = []
    for fact in facts:
        if not any(p.entity in renamed for p in fact.participants):
            out.append(fact)
            continue
        parts = list(
            dict.fromkeys(
                Participant(renamed.get(p.entity, p.entity), p.role) for p in fact.participants
            )
        )
        out.append(replace(fact, participants=parts))
    return out
