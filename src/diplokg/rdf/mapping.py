"""ArticleFacts → RDF quads in the article's named graph (see docs/graph-shape.md)."""

from __future__ import annotations

from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad

from diplokg.model import (
    Article,
    ArticleFacts,
    DatePrecision,
    DateValue,
    Entity,
    Event,
    OfficeHolding,
    Relation,
    TextSpan,
)
from diplokg.rdf.iris import Iris
from diplokg.rdf.vocab import (
    DCTERMS_SOURCE,
    ITS_IDENT_REF,
    NIF_BEGIN,
    NIF_CONTEXT,
    NIF_END,
    NIF_IS_STRING,
    OWL_SAME_AS,
    PASSAGE_CLASSES,
    PROV_DERIVED,
    RDF_TYPE,
    RDFS_LABEL,
    SKOS_ALT_LABEL,
    STATUSES,
    WD,
    XSD_DATE,
    XSD_DECIMAL,
    XSD_GYEAR,
    XSD_GYEARMONTH,
    XSD_INTEGER,
    dip,
    schema,
)

DATE_TYPES = {
    DatePrecision.DAY: XSD_DATE,
    DatePrecision.MONTH: XSD_GYEARMONTH,
    DatePrecision.YEAR: XSD_GYEAR,
}
#: gazetteer kinds mapped to ontology classes (commodities and topics are value nodes)
VALUE_CLASSES = {"commodity": "Commodity", "topic": "Topic"}


def date_literal(value: DateValue) -> Literal:
    """The typed literal for a date at its precision."""
    return Literal(value.value, datatype=DATE_TYPES[value.precision])


class Mapper:
    """Maps the facts of one article onto quads in that article's graph."""

    def __init__(self, iris: Iris, labels: dict[str, dict[str, str]] | None = None) -> None:
        self.iris = iris
        self._value_labels = labels or {}

    def graph_of(self, facts: ArticleFacts) -> NamedNode:
        return NamedNode(self.iris.graph(facts.article.id))

    def quads(self, facts: ArticleFacts) -> list[Quad]:
        """Every quad the article contributes, all in its named graph."""
        g = self.graph_of(facts)
        out: list[Quad] = []

        def add(s: NamedNode, p: NamedNode, o) -> None:
            out.append(Quad(s, p, o, g))

        art = facts.article
        a = NamedNode(self.iris.article(art.id))
        lang = art.lang or "und"
        add(a, RDF_TYPE, schema("NewsArticle"))
        add(a, schema("identifier"), Literal(art.id))
        if art.url:
            add(a, schema("url"), NamedNode(art.url))
        if art.published:
            add(a, schema("datePublished"), Literal(art.published.isoformat(), datatype=XSD_DATE))
        if art.lang:
            add(a, schema("inLanguage"), Literal(art.lang))
        if art.title:
            add(a, schema("headline"), Literal(art.title, language=lang))
        if art.publisher:
            pub = NamedNode(self.iris.publisher(art.publisher))
            add(a, schema("publisher"), pub)
            add(pub, RDF_TYPE, schema("Organization"))
            add(pub, schema("name"), Literal(art.publisher))

        used: set[str] = set()
        self._names = {
            k: e.labels.get("en") or next(iter(e.labels.values()))
            for k, e in facts.entities.items()
        }
        marks: dict[TextSpan, set[str]] = {}
        for span, key in facts.mentions:
            marks.setdefault(span, set()).add(self.iris.entity(key))
        for ev in facts.events:
            node = self._event(ev, a, add, used)
            for span in ev.spans:
                marks.setdefault(span, set()).add(node.value)
        for rel in facts.relations:
            node = self._relation(rel, a, add, used)
            for span in rel.spans:
                marks.setdefault(span, set()).add(node.value)
        self._text(art, a, marks, add)
        for key, ent in facts.entities.items():
            node = NamedNode(self.iris.entity(key))
            add(a, schema("mentions"), node)
            self._entity(ent, add)
        for key in sorted(used - set(facts.entities)):
            self._value_node(key, add)
        for holding in facts.holdings:
            self._holding(holding, add)
        return out

    def fingerprint_quads(self, facts: ArticleFacts, content_hash: str, version: str) -> list[Quad]:
        """The article's content hash and extractor version, in its graph."""
        g = self.graph_of(facts)
        a = NamedNode(self.iris.article(facts.article.id))
        return [
            Quad(a, dip("contentHash"), Literal(content_hash), g),
            Quad(a, dip("extractorVersion"), Literal(version), g),
        ]

    # -- pieces -----------------------------------------------------------------------
    def _text(self, art: Article, a: NamedNode, marks: dict[TextSpan, set[str]], add) -> None:
        """The article's passages (``schema:hasPart``, ``nif:isString``) and the page
        chrome the reader dropped, in order, and a ``#char=start,end`` string (RFC
        5147) for every stretch that names an entity or reports a fact
        (``itsrdf:taIdentRef``). See docs/graph-shape.md, "The source text"."""
        texts = [(p.kind.value, p.text, p.lang) for p in art.passages]
        texts += [("chrome", text, None) for text in art.dropped_chrome]
        iris = []
        for position, (kind, text, lang) in enumerate(texts, start=1):
            node = NamedNode(self.iris.passage(art.id, position))
            iris.append(node)
            add(a, schema("hasPart"), node)
            add(node, RDF_TYPE, dip(PASSAGE_CLASSES[kind]))
            add(node, schema("position"), Literal(str(position), datatype=XSD_INTEGER))
            add(node, NIF_IS_STRING, Literal(text, language=lang or art.lang or "und"))
        for span in sorted(marks, key=lambda s: (s.passage, s.start, s.end)):
            context = iris[span.passage]
            mark = NamedNode(f"{context.value}#char={span.start},{span.end}")
            add(mark, NIF_CONTEXT, context)
            add(mark, NIF_BEGIN, Literal(str(span.start), datatype=XSD_INTEGER))
            add(mark, NIF_END, Literal(str(span.end), datatype=XSD_INTEGER))
            for target in sorted(marks[span]):
                add(mark, ITS_IDENT_REF, NamedNode(target))

    def _entity(self, ent: Entity, add) -> None:
        node = NamedNode(self.iris.entity(ent.key))
        add(node, RDF_TYPE, dip(ent.type.value))
        labels = dict(ent.labels)
        labels.setdefault("en", next(iter(labels.values())))
        for lang, label in sorted(labels.items()):
            add(node, RDFS_LABEL, Literal(label, language=lang))
        for name in ent.aliases:  # "Joseph Nyumah Boakai", "OTAN": found by any name
            add(node, SKOS_ALT_LABEL, Literal(name))
        if ent.qid:
            add(node, OWL_SAME_AS, NamedNode(WD + ent.qid))
        for led in ent.leader_of:
            add(node, dip("leaderOf"), NamedNode(self.iris.entity(led)))

    def _holding(self, h: OfficeHolding, add) -> None:
        """A term in office of a person the article names (reference data: its source
        is the table's, ``dcterms:source``, not the article)."""
        node = NamedNode(self.iris.holding(h))
        add(node, RDF_TYPE, dip("OfficeHolding"))
        add(node, dip("holder"), NamedNode(self.iris.entity(h.person)))
        add(node, dip("officeIn"), NamedNode(self.iris.entity(h.of)))
        for lang, name in sorted(h.names.items()):
            add(node, dip("officeTitle"), Literal(name, language=lang))
        label = f"{self._names.get(h.person, h.person)}: {h.names.get('en', h.office)}"
        add(node, RDFS_LABEL, Literal(label, language="en"))
        if h.start:
            add(node, dip("startDate"), Literal(h.start.isoformat(), datatype=XSD_DATE))
        if h.end:
            add(node, dip("endDate"), Literal(h.end.isoformat(), datatype=XSD_DATE))
        if h.source:
            add(node, DCTERMS_SOURCE, Literal(h.source))

    def _value_node(self, key: str, add) -> None:
        kind = key.split("/", 1)[0]
        node = NamedNode(self.iris.entity(key))
        add(node, RDF_TYPE, dip(VALUE_CLASSES.get(kind, "Topic")))
        labels = self._value_labels.get(key) or {"en": key.split("/", 1)[-1].replace("-", " ")}
        for lang, label in sorted(labels.items()):
            add(node, RDFS_LABEL, Literal(label, language=lang))

    def _provenance(self, node: NamedNode, fact: Event | Relation, article, add) -> None:
        add(node, PROV_DERIVED, article)
        for ev in fact.evidence:
            add(node, dip("evidence"), Literal(ev.sentence, language=ev.lang))
        add(
            node,
            dip("confidence"),
            Literal(str(Decimal(str(fact.confidence))), datatype=XSD_DECIMAL),
        )
        if fact.trigger:
            add(node, dip("trigger"), Literal(fact.trigger, language=fact.evidence[0].lang))

    def _participants(self, node: NamedNode, fact: Event | Relation, add) -> list[str]:
        names = []
        for p in fact.participants:
            target = NamedNode(self.iris.entity(p.entity))
            add(node, dip("participant"), target)
            if p.role != "participant":
                add(node, dip(p.role), target)
            names.append(p.entity)
        return names

    def _event(self, ev: Event, article: NamedNode, add, used: set[str]) -> NamedNode:
        node = NamedNode(self.iris.event(ev))
        add(node, RDF_TYPE, dip(ev.type))
        keys = self._participants(node, ev, add)
        when = f" ({ev.date.value})" if ev.date else ""
        names = sorted(self._names.get(k, k) for k in dict.fromkeys(keys))
        add(node, RDFS_LABEL, Literal(f"{ev.type}: {', '.join(names)}{when}", language="en"))
        if ev.date:
            add(node, dip("date"), date_literal(ev.date))
        if ev.date_text:
            add(node, dip("dateText"), Literal(ev.date_text, language=ev.evidence[0].lang))
        if ev.place:
            add(node, dip("place"), NamedNode(self.iris.entity(ev.place)))
        add(node, dip("status"), dip(STATUSES[ev.status.value]))
        if ev.quote:
            add(node, dip("quote"), Literal(ev.quote, language=ev.evidence[0].lang))
        if ev.topic:
            add(node, dip("topic"), NamedNode(self.iris.entity(ev.topic)))
            used.add(ev.topic)
        self._provenance(node, ev, article, add)
        return node

    def _relation(self, rel: Relation, article: NamedNode, add, used: set[str]) -> NamedNode:
        node = NamedNode(self.iris.relation(rel))
        add(node, RDF_TYPE, dip(rel.type))
        keys = self._participants(node, rel, add)
        names = [self._names.get(k, k) for k in dict.fromkeys(keys)]
        add(node, RDFS_LABEL, Literal(f"{rel.type}: {', '.join(names)}", language="en"))
        for prop, key in (("topic", rel.topic), ("commodity", rel.commodity), ("via", rel.via)):
            if key:
                add(node, dip(prop), NamedNode(self.iris.entity(key)))
                used.add(key)
        self._provenance(node, rel, article, add)
        return node
