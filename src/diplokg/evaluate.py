"""Score a build against a gold table (``diplokg eval GOLD``).

The gold format and the matching rules are documented in ``docs/eval.md``. In short:
a gold table lists, per article, the facts an analyst expects (events, relations,
entities); the predictions are the facts the store derives from the same articles.
Each gold fact is paired with at most one predicted fact and vice versa (a maximum
bipartite matching per article and kind), under two sets of rules:

* ``strict``: same class, every gold participant found, date equal at the gold
  precision, status equal when the gold gives one; entities need the gold QID.
* ``lenient``: classes related through ``rdfs:subClassOf`` (gold ``Call`` matches a
  predicted ``VideoCall``), at least half of the gold participants found (a leader
  stands for the country he or she leads), dates compatible or missing.

Everything except :func:`read_predictions` is pure: it works on plain values, so the
scoring is tested on small hand-built inputs.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

KINDS = ("event", "relation", "entity")
ARTICLE_KIND = "article"  # a gold row that only declares an annotated article
MODES = ("strict", "lenient")
STATUSES = ("happened", "planned", "expected")
COLUMNS = ("article", "kind", "type", "participants", "date", "status", "topic", "note")
REQUIRED_COLUMNS = ("article", "kind", "type", "participants")
#: Root classes per kind: what a gold or predicted type must be a subclass of.
ROOTS = {
    "event": ("Event",),
    "relation": ("Relation",),
    "entity": ("Actor", "Place", "Infrastructure"),
}

_QID = re.compile(r"Q[1-9][0-9]*")
_ITEM = re.compile(r"^(?P<label>.*?)\s*(?:\[(?P<qid>[^\]]*)\])?\s*$")
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")


class GoldError(ValueError):
    """The gold table is malformed; ``str()`` is ``file:line: message``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path, self.line, self.message = path, line, message


# --------------------------------------------------------------------------- values


def normalise(text: str) -> str:
    """A label folded for comparison: no accents, case or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", bare.casefold()).split())


@dataclass(frozen=True)
class Participant:
    """An actor of a fact: a Wikidata QID and/or labels.

    ``leads`` holds the keys (QIDs or normalised labels) of what this person leads,
    from ``dip:leaderOf``; lenient matching lets a leader stand for the country.
    """

    display: str
    qid: str | None = None
    labels: frozenset[str] = frozenset()
    leads: frozenset[str] = frozenset()

    def ids(self) -> frozenset[str]:
        """QID and normalised labels: what other participants are compared with."""
        return self.labels | ({self.qid} if self.qid else set())


@dataclass(frozen=True)
class Fact:
    """One expected (gold) or predicted fact of one article."""

    article: str
    kind: str  # event | relation | entity
    type: str  # local name of the dip: class
    alternatives: tuple[str, ...] = ()  # gold only: other classes the annotator accepts
    participants: tuple[Participant, ...] = ()
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    status: str | None = None
    topics: tuple[str, ...] = ()
    evidence: str = ""  # gold: the annotator's hint; predicted: the source sentence
    ref: str = ""  # gold: file:line; predicted: the node IRI


@dataclass
class Gold:
    """A parsed gold table: its facts and every article it annotates."""

    facts: list[Fact] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


class Hierarchy:
    """``rdfs:subClassOf`` between ``dip:`` classes (local names), transitively."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._parents: dict[str, set[str]] = defaultdict(set)
        self.classes: set[str] = set()
        for child, parent in pairs:
            self._parents[child].add(parent)
            self.classes.update((child, parent))

    def ancestors(self, cls: str) -> set[str]:
        """Every superclass of ``cls`` (not ``cls`` itself)."""
        seen: set[str] = set()
        todo = list(self._parents.get(cls, ()))
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(self._parents.get(c, ()))
        return seen

    def is_a(self, cls: str, ancestor: str) -> bool:
        """``cls rdfs:subClassOf* ancestor``."""
        return cls == ancestor or ancestor in self.ancestors(cls)

    def kind_of(self, cls: str) -> str | None:
        """``event``, ``relation`` or ``entity`` for a class, or None."""
        for kind, roots in ROOTS.items():
            if any(self.is_a(cls, r) for r in roots):
                return kind
        return None

    def most_specific(self, classes: Iterable[str]) -> list[str]:
        """Drop every class that is a superclass of another one in ``classes``."""
        cs = set(classes)
        return sorted(c for c in cs if not any(c != o and self.is_a(o, c) for o in cs))


def hierarchy_from_turtle(path: Path) -> Hierarchy:
    """The ``dip:`` class hierarchy declared in an ontology file (Turtle)."""
    from pyoxigraph import NamedNode, RdfFormat, parse

    from diplokg.rdf.vocab import DIP, RDFS

    sub = NamedNode(RDFS + "subClassOf")
    pairs = []
    with path.open("rb") as f:
        for t in parse(f, format=RdfFormat.TURTLE):
            if t.predicate == sub and isinstance(t.object, NamedNode):
                s, o = t.subject.value, t.object.value
                if s.startswith(DIP) and o.startswith(DIP):
                    pairs.append((s[len(DIP) :], o[len(DIP) :]))
    return Hierarchy(pairs)


# --------------------------------------------------------------------------- gold


def parse_participants(text: str) -> tuple[Participant, ...]:
    """``Xi Jinping [Q15031]|Rusia|[Q159]`` → participants (label and/or QID)."""
    out = []
    for raw in text.split("|"):
        raw = raw.strip()
        if not raw:
            continue
        m = _ITEM.match(raw)
        label, qid = (m.group("label") or "").strip(), m.group("qid")
        if qid is None and _QID.fullmatch(label):
            label, qid = "", label
        if qid is not None:
            qid = qid.strip()
            if not _QID.fullmatch(qid):
                raise ValueError(f"not a Wikidata QID: {qid!r}")
        if not label and not qid:
            raise ValueError(f"empty participant in {text!r}")
        labels = frozenset({normalise(label)}) if label else frozenset()
        out.append(Participant(display=label or qid or "", qid=qid, labels=labels))
    return tuple(out)


def _valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    parts = [int(p) for p in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def parse_gold(text: str, hierarchy: Hierarchy, path: str = "<gold>") -> Gold:
    """Parse a gold table (TSV with a header row); raise :class:`GoldError` on bad rows."""
    gold = Gold()
    header: list[str] | None = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = [c.lower() for c in cells]
            unknown = [c for c in header if c not in COLUMNS]
            if unknown:
                raise GoldError(path, lineno, f"unknown column {unknown[0]!r} (known: {COLUMNS})")
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise GoldError(path, lineno, f"header lacks column {missing[0]!r}")
            continue
        if len(cells) > len(header):
            raise GoldError(path, lineno, f"{len(cells)} cells but {len(header)} columns")
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        gold_fact = _gold_row(row, hierarchy, path, lineno)
        if row["article"] not in gold.articles:
            gold.articles.append(row["article"])
        if gold_fact is not None:
            gold.facts.append(gold_fact)
    if header is None:
        raise GoldError(path, 1, f"no header row (expected: {chr(9).join(COLUMNS)})")
    return gold


def _gold_row(row: dict[str, str], hierarchy: Hierarchy, path: str, line: int) -> Fact | None:
    def fail(msg: str) -> GoldError:
        return GoldError(path, line, msg)

    article, kind = row["article"], row["kind"].lower()
    cls, *alternatives = [c.strip() for c in row["type"].split("/")]
    if not article:
        raise fail("empty article id")
    if kind == ARTICLE_KIND:
        return None
    if kind not in KINDS:
        raise fail(f"kind must be one of {', '.join((*KINDS, ARTICLE_KIND))}, not {kind!r}")
    for c in (cls, *alternatives):
        if hierarchy.kind_of(c) != kind:
            known = sorted(k for k in hierarchy.classes if hierarchy.kind_of(k) == kind)
            raise fail(f"{c!r} is not a {kind} class of the ontology (known: {', '.join(known)})")
    try:
        participants = parse_participants(row["participants"])
    except ValueError as exc:
        raise fail(str(exc)) from None
    if kind == "entity" and len(participants) != 1:
        raise fail("an entity row names exactly one entity in 'participants'")
    if kind != "entity" and not participants:
        raise fail(f"a {kind} needs at least one participant")
    when = row.get("date", "") or None
    if when and not _valid_date(when):
        raise fail(f"date must be YYYY, YYYY-MM or YYYY-MM-DD, not {when!r}")
    status = (row.get("status", "") or "").lower() or None
    if status and status not in STATUSES:
        raise fail(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    topic = row.get("topic", "")
    return Fact(
        article=article,
        kind=kind,
        type=cls,
        alternatives=tuple(alternatives),
        participants=participants,
        date=when,
        status=status,
        topics=(topic,) if topic else (),
        evidence=row.get("note", ""),
        ref=f"{path}:{line}",
    )


def read_gold(path: Path, hierarchy: Hierarchy) -> Gold:
    """Read a gold table file (see :func:`parse_gold`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(str(path), 0, f"cannot read: {exc}") from None
    return parse_gold(text, hierarchy, str(path))


# --------------------------------------------------------------------------- matching


def _found(g: Participant, pred: Iterable[Participant], *, via_leader: bool) -> bool:
    for p in pred:
        if g.qid and p.qid:
            if g.qid == p.qid:
                return True
        elif g.ids() & p.ids():
            return True
        if via_leader and (g.ids() & p.leads or p.ids() & g.leads):
            return True
    return False


def participants_match(gold: Fact, pred: Fact, mode: str) -> bool:
    """Strict: every gold participant found. Lenient: at least half (leaders count)."""
    if not gold.participants:
        return True
    lenient = mode == "lenient"
    found = sum(_found(g, pred.participants, via_leader=lenient) for g in gold.participants)
    if lenient:
        return found >= max(1, math.ceil(len(gold.participants) / 2))
    return found == len(gold.participants)


def dates_match(gold: str | None, pred: str | None, mode: str) -> bool:
    """Strict: the prediction has the gold date at least at the gold precision.

    Lenient: one date is a prefix of the other (same at the coarser precision), or
    the prediction has none. A gold row without a date accepts any prediction.
    """
    if not gold:
        return True
    if not pred:
        return mode == "lenient"
    if mode == "strict":
        return pred.startswith(gold)
    return pred.startswith(gold) or gold.startswith(pred)


def types_match(gold: str, pred: str, hierarchy: Hierarchy, mode: str) -> bool:
    """Strict: the same class. Lenient: one is a subclass of the other (not a root)."""
    if gold == pred:
        return True
    if mode == "strict":
        return False
    roots = {r for rs in ROOTS.values() for r in rs}
    if gold in roots or pred in roots:
        return False
    return hierarchy.is_a(pred, gold) or hierarchy.is_a(gold, pred)


def facts_match(gold: Fact, pred: Fact, hierarchy: Hierarchy, mode: str) -> bool:
    """Whether ``pred`` counts as ``gold`` under ``mode`` (same article and kind)."""
    if gold.article != pred.article or gold.kind != pred.kind:
        return False
    if gold.kind == "entity":
        return _entity_match(gold, pred, hierarchy, mode)
    if not any(types_match(t, pred.type, hierarchy, mode) for t in (gold.type, *gold.alternatives)):
        return False
    if mode == "strict" and gold.status and gold.status != pred.status:
        return False
    return dates_match(gold.date, pred.date, mode) and participants_match(gold, pred, mode)


def _entity_match(gold: Fact, pred: Fact, hierarchy: Hierarchy, mode: str) -> bool:
    g, p = gold.participants[0], pred.participants[0]
    if mode == "strict":
        if gold.type != pred.type:
            return False
        if g.qid:
            return g.qid == p.qid
        return bool(g.labels & p.labels)
    if g.qid and p.qid:
        return g.qid == p.qid
    return bool(g.labels & p.labels)


def match(
    gold: list[Fact],
    pred: list[Fact],
    ok: Callable[[Fact, Fact], bool],
    rank: Callable[[Fact, Fact], tuple] | None = None,
) -> dict[int, int]:
    """A maximum one-to-one matching ``{gold index: pred index}`` (augmenting paths).

    ``rank`` orders each gold fact's candidates, best first, so that among matchings
    of the same size the closer partners are preferred.
    """
    edges = [[j for j, p in enumerate(pred) if ok(g, p)] for g in gold]
    if rank is not None:
        for i, g in enumerate(gold):
            edges[i].sort(key=lambda j, g=g: rank(g, pred[j]), reverse=True)
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    # the most constrained gold facts first, so easy ones do not take their partner
    for i in sorted(range(len(gold)), key=lambda i: len(edges[i])):
        augment(i, set())
    return {i: j for j, i in owner.items()}


# --------------------------------------------------------------------------- scores


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        """Accumulate ``other`` into this one."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def scores(self) -> dict[str, float | int | None]:
        """Counts plus precision, recall and F1 (None where undefined: 0/0)."""
        npred, ngold = self.tp + self.fp, self.tp + self.fn
        p = self.tp / npred if npred else None
        r = self.tp / ngold if ngold else None
        if npred == 0 and ngold == 0:
            f1 = None
        elif self.tp == 0:
            f1 = 0.0
        else:
            f1 = 2 * p * r / (p + r)
        return {
            "gold": ngold,
            "predicted": npred,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": p,
            "recall": r,
            "f1": f1,
        }


@dataclass
class ModeResult:
    """The outcome of one mode: counts per kind and type, misses and spurious facts."""

    mode: str
    counts: dict[str, dict[str, Counts]]  # kind -> type -> counts
    misses: list[Fact]
    spurious: list[Fact]
    pairs: list[tuple[Fact, Fact]]

    def kind_counts(self, kind: str) -> Counts:
        """All types of one kind added up."""
        total = Counts()
        for c in self.counts.get(kind, {}).values():
            total.add(c)
        return total

    def overall(self, kinds: Iterable[str] = ("event", "relation")) -> Counts:
        """Events and relations together (entities are reported on their own)."""
        total = Counts()
        for k in kinds:
            total.add(self.kind_counts(k))
        return total


def score(gold: Gold, predictions: list[Fact], hierarchy: Hierarchy, mode: str) -> ModeResult:
    """Match predictions of the gold's articles to the gold facts and count.

    Predictions of articles the gold does not annotate are ignored. Per type, true
    positives and misses count under the gold type, spurious facts under the
    predicted type.
    """
    articles = set(gold.articles)
    preds = [p for p in predictions if p.article in articles]
    counts: dict[str, dict[str, Counts]] = {k: defaultdict(Counts) for k in KINDS}
    misses: list[Fact] = []
    spurious: list[Fact] = []
    pairs: list[tuple[Fact, Fact]] = []
    groups: dict[tuple[str, str], tuple[list[Fact], list[Fact]]] = defaultdict(lambda: ([], []))
    for f in gold.facts:
        groups[(f.article, f.kind)][0].append(f)
    for f in preds:
        groups[(f.article, f.kind)][1].append(f)
    for (_article, kind), (gs, ps) in sorted(groups.items()):
        m = match(
            gs,
            ps,
            lambda g, p: facts_match(g, p, hierarchy, mode),
            lambda g, p: closeness(g, p, hierarchy),
        )
        for i, g in enumerate(gs):
            if i in m:
                counts[kind][g.type].tp += 1
                pairs.append((g, ps[m[i]]))
            else:
                counts[kind][g.type].fn += 1
                misses.append(g)
        used = set(m.values())
        for j, p in enumerate(ps):
            if j not in used:
                counts[kind][p.type].fp += 1
                spurious.append(p)
    return ModeResult(mode, {k: dict(v) for k, v in counts.items()}, misses, spurious, pairs)


def topic_agreement(pairs: list[tuple[Fact, Fact]]) -> tuple[int, int]:
    """Among matched relations whose gold row names a topic: how many predicted it."""
    agreed = total = 0
    for g, p in pairs:
        if g.kind != "relation" or not g.topics:
            continue
        total += 1
        want = normalise(g.topics[0])
        have = {normalise(t) for t in p.topics}
        if any(want == h or want in h or (h and h in want) for h in have):
            agreed += 1
    return agreed, total


def closeness(gold: Fact, pred: Fact, hierarchy: Hierarchy) -> tuple:
    """How close a candidate is (higher is closer): strict match, then shared details."""
    found = sum(_found(g, pred.participants, via_leader=False) for g in gold.participants)
    return (
        facts_match(gold, pred, hierarchy, "strict"),
        found,
        gold.type == pred.type,
        bool(gold.date) and gold.date == pred.date,
        gold.status == pred.status,
    )


def with_leaders(gold: Gold, predictions: list[Fact]) -> Gold:
    """Give gold participants the ``leads`` the store knows for the same entity.

    Lenient matching can then let a gold leader stand for a predicted country too.
    """
    index: dict[str, set[str]] = defaultdict(set)
    for f in predictions:
        for p in f.participants:
            if p.leads:
                for k in p.ids():
                    index[k] |= p.leads

    def enrich(g: Participant) -> Participant:
        keys = {g.qid} if g.qid else g.labels
        leads = frozenset().union(*(index.get(k, set()) for k in keys))
        return replace(g, leads=g.leads | leads) if leads else g

    facts = [replace(f, participants=tuple(enrich(g) for g in f.participants)) for f in gold.facts]
    return Gold(facts=facts, articles=list(gold.articles))


def near_miss_reason(gold: Fact, pred: Fact, hierarchy: Hierarchy) -> str:
    """Why a leniently matched pair fails the strict rules (for the report)."""
    if gold.kind == "entity":
        if gold.type != pred.type:
            return f"class {pred.type}, gold {gold.type}"
        return f"QID {pred.participants[0].qid or 'missing'}, gold {gold.participants[0].qid}"
    reasons = []
    if pred.type not in (gold.type, *gold.alternatives):
        reasons.append(f"type {pred.type}, gold {gold.type}")
    if not dates_match(gold.date, pred.date, "strict"):
        reasons.append(f"date {pred.date or 'missing'}, gold {gold.date}")
    if gold.status and gold.status != pred.status:
        reasons.append(f"status {pred.status or 'missing'}, gold {gold.status}")
    if not participants_match(gold, pred, "strict"):
        lost = [
            g.display
            for g in gold.participants
            if not _found(g, pred.participants, via_leader=False)
        ]
        reasons.append("participants missing: " + ", ".join(lost))
    return "; ".join(reasons) or "its strict candidates are paired with other gold rows"


# --------------------------------------------------------------------------- report


@dataclass
class Evaluation:
    """Both modes' results for one gold table and one store."""

    gold: Gold
    results: dict[str, ModeResult]
    warnings: list[str]
    near_misses: list[tuple[Fact, Fact, str]]


def evaluate(gold: Gold, predictions: list[Fact], hierarchy: Hierarchy) -> Evaluation:
    """Score ``predictions`` against ``gold`` in both modes."""
    gold = with_leaders(gold, predictions)
    results = {m: score(gold, predictions, hierarchy, m) for m in MODES}
    present = {p.article for p in predictions}
    warnings = [
        f"article {a!r} of the gold table has no facts in the store (not built?)"
        for a in gold.articles
        if a not in present
    ]
    strict_hits = {id(g) for g, _ in results["strict"].pairs}
    near = [
        (g, p, near_miss_reason(g, p, hierarchy))
        for g, p in results["lenient"].pairs
        if id(g) not in strict_hits
    ]
    return Evaluation(gold, results, warnings, near)


def _fact_json(f: Fact) -> dict:
    return {
        "article": f.article,
        "kind": f.kind,
        "type": f.type,
        "alternatives": list(f.alternatives),
        "participants": [{"label": p.display, "qid": p.qid} for p in f.participants],
        "date": f.date,
        "status": f.status,
        "topics": list(f.topics),
        "evidence": f.evidence,
        "ref": f.ref,
    }


def to_json(ev: Evaluation) -> dict:
    """The evaluation as plain JSON-ready data."""
    out: dict = {"articles": ev.gold.articles, "warnings": ev.warnings, "modes": {}}
    for mode, res in ev.results.items():
        kinds = {}
        for kind in KINDS:
            kinds[kind] = {
                "overall": res.kind_counts(kind).scores(),
                "types": {t: c.scores() for t, c in sorted(res.counts.get(kind, {}).items())},
            }
        agreed, total = topic_agreement(res.pairs)
        out["modes"][mode] = {
            "overall": res.overall().scores(),
            "kinds": kinds,
            "topic_agreement": {"agreed": agreed, "of": total},
            "misses": [_fact_json(f) for f in res.misses],
            "spurious": [_fact_json(f) for f in res.spurious],
        }
    out["near_misses"] = [
        {"gold": _fact_json(g), "predicted": _fact_json(p), "reason": r}
        for g, p, r in ev.near_misses
    ]
    return out


def _num(x: float | None) -> str:
    return "  n/a" if x is None else f"{x:5.2f}"


def _describe(f: Fact) -> str:
    who = ", ".join(
        p.display + (f" [{p.qid}]" if p.qid and p.display != p.qid else "") for p in f.participants
    )
    bits = [f"{f.type}({who})"]
    if f.date:
        bits.append(f.date)
    if f.status:
        bits.append(f.status)
    if f.topics:
        bits.append("topic: " + "; ".join(f.topics))
    return " ".join(bits)


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def to_text(ev: Evaluation) -> str:
    """A human-readable report: score tables per mode, then misses and spurious facts."""
    lines = [f"gold: {len(ev.gold.facts)} facts in {len(ev.gold.articles)} articles"]
    lines += [f"warning: {w}" for w in ev.warnings]
    head = (
        f"  {'kind/type':<24} {'gold':>5} {'pred':>5} {'tp':>4} {'fp':>4} {'fn':>4}"
        "    P     R    F1"
    )
    for mode, res in ev.results.items():
        lines += ["", f"== {mode} ==", head]

        def row(name: str, c: Counts) -> str:
            s = c.scores()
            return (
                f"  {name:<24} {s['gold']:>5} {s['predicted']:>5} {s['tp']:>4} {s['fp']:>4}"
                f" {s['fn']:>4} {_num(s['precision'])} {_num(s['recall'])} {_num(s['f1'])}"
            )

        for kind in KINDS:
            lines.append(row(kind.upper(), res.kind_counts(kind)))
            for t, c in sorted(res.counts.get(kind, {}).items()):
                lines.append(row("  " + t, c))
        lines.append(row("OVERALL (event+relation)", res.overall()))
        agreed, total = topic_agreement(res.pairs)
        if total:
            lines.append(f"  relation topics agreed: {agreed}/{total}")
    lenient = ev.results["lenient"]
    lines += ["", f"== misses (lenient, {len(lenient.misses)}) =="]
    for f in lenient.misses:
        lines.append(f"  {f.article} {f.kind} {_describe(f)}  [{f.ref}]")
        if f.evidence:
            lines.append(f"      hint: {_short(f.evidence)}")
    lines += ["", f"== spurious (lenient, {len(lenient.spurious)}) =="]
    for f in lenient.spurious:
        lines.append(f"  {f.article} {f.kind} {_describe(f)}")
        if f.evidence:
            lines.append(f"      evidence: {_short(f.evidence)}")
    lines += ["", f"== matched leniently, not strictly ({len(ev.near_misses)}) =="]
    for g, _p, reason in ev.near_misses:
        lines.append(f"  {g.article} {g.kind} {_describe(g)}  [{g.ref}]: {reason}")
    return "\n".join(lines) + "\n"


def dumps(ev: Evaluation) -> str:
    """The JSON report as text."""
    return json.dumps(to_json(ev), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- store


def _local(iri: str, ns: str) -> str | None:
    return iri[len(ns) :] if iri.startswith(ns) else None


def _rows(store, sparql: str) -> list[dict[str, str]]:
    from diplokg.rdf.vocab import sparql_prefixes

    result = store.query(sparql_prefixes() + sparql, "application/sparql-results+json")
    data = json.loads(result.body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def _values(articles: Iterable[str]) -> str:
    return " ".join(json.dumps(a, ensure_ascii=False) for a in articles)


def read_predictions(store, articles: list[str], hierarchy: Hierarchy) -> list[Fact]:
    """Events, relations and mentioned entities the store derives from ``articles``.

    Evidence is read from each article's own named graph, so a node merged across
    articles shows the sentence of the article being scored.
    """
    from diplokg.rdf.vocab import DIP, WD

    if not articles:
        return []
    vals = _values(articles)
    nodes = _rows(
        store,
        f"""SELECT DISTINCT ?id ?n ?t ?d ?st WHERE {{
          VALUES ?id {{ {vals} }}
          ?a schema:identifier ?id . ?n prov:wasDerivedFrom ?a ; a ?t .
          OPTIONAL {{ ?n dip:date ?d }} OPTIONAL {{ ?n dip:status ?st }} }}""",
    )
    evidence = _rows(
        store,
        f"""SELECT DISTINCT ?id ?n ?ev WHERE {{
          VALUES ?id {{ {vals} }}
          ?a schema:identifier ?id .
          GRAPH ?g {{ ?n prov:wasDerivedFrom ?a ; dip:evidence ?ev }} }}""",
    )
    parts = _rows(
        store,
        f"""SELECT DISTINCT ?n ?p WHERE {{
          VALUES ?id {{ {vals} }}
          ?a schema:identifier ?id . ?n prov:wasDerivedFrom ?a ; dip:participant ?p }}""",
    )
    topics = _rows(
        store,
        f"""SELECT DISTINCT ?n ?l WHERE {{
          VALUES ?id {{ {vals} }}
          ?a schema:identifier ?id . ?n prov:wasDerivedFrom ?a .
          {{ ?n dip:topic ?x }} UNION {{ ?n dip:commodity ?x }}
          ?x rdfs:label ?l }}""",
    )
    mentions = _rows(
        store,
        f"""SELECT DISTINCT ?id ?x ?t WHERE {{
          VALUES ?id {{ {vals} }}
          ?a schema:identifier ?id ; schema:mentions ?x . ?x a ?t }}""",
    )
    info = _rows(
        store,
        f"""SELECT DISTINCT ?x ?l ?ll ?same ?lead ?leadsame ?leadl WHERE {{
          VALUES ?id {{ {vals} }}
          ?a schema:identifier ?id .
          {{ ?a schema:mentions ?x }} UNION {{ ?n prov:wasDerivedFrom ?a ; dip:participant ?x }}
          {{ ?x rdfs:label ?l BIND(LANG(?l) AS ?ll) }} UNION {{ ?x owl:sameAs ?same }}
          UNION {{ ?x dip:leaderOf ?lead
                   OPTIONAL {{ ?lead owl:sameAs ?leadsame }}
                   OPTIONAL {{ ?lead rdfs:label ?leadl }} }} }}""",
    )
    labels: dict[str, set[str]] = defaultdict(set)
    english: dict[str, str] = {}
    qids: dict[str, str] = {}
    leads: dict[str, set[str]] = defaultdict(set)
    for r in info:
        x = r["x"]
        if "l" in r:
            labels[x].add(r["l"])
            if r.get("ll") == "en":
                english[x] = r["l"]
        if "same" in r and (q := _local(r["same"], WD)):
            qids[x] = q
        if "leadsame" in r and (q := _local(r["leadsame"], WD)):
            leads[x].add(q)
        if "leadl" in r:
            leads[x].add(normalise(r["leadl"]))

    def participant(x: str) -> Participant:
        names = sorted(labels.get(x, ()))
        shown = english.get(x) or (names[0] if names else x.rsplit("/", 1)[-1])
        return Participant(
            display=shown,
            qid=qids.get(x),
            labels=frozenset(normalise(n) for n in names),
            leads=frozenset(leads.get(x, ())),
        )

    by_node: dict[tuple[str, str], dict] = {}
    for r in nodes:
        t = _local(r["t"], DIP)
        if t is None:
            continue
        entry = by_node.setdefault(
            (r["id"], r["n"]), {"types": set(), "dates": set(), "status": None}
        )
        entry["types"].add(t)
        if "d" in r:
            entry["dates"].add(r["d"])
        if "st" in r:
            entry["status"] = (_local(r["st"], DIP) or "").lower() or None
    ev_by: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in evidence:
        ev_by[(r["id"], r["n"])].append(r["ev"])
    part_by: dict[str, list[str]] = defaultdict(list)
    for r in parts:
        part_by[r["n"]].append(r["p"])
    topic_by: dict[str, set[str]] = defaultdict(set)
    for r in topics:
        topic_by[r["n"]].add(r["l"])

    facts: list[Fact] = []
    for (article, node), entry in sorted(by_node.items()):
        specific = [t for t in hierarchy.most_specific(entry["types"]) if hierarchy.kind_of(t)]
        kinds = {hierarchy.kind_of(t) for t in specific} - {"entity"}
        if not kinds:
            continue
        kind = sorted(kinds)[0]
        cls = next(t for t in specific if hierarchy.kind_of(t) == kind)
        facts.append(
            Fact(
                article=article,
                kind=kind,
                type=cls,
                participants=tuple(participant(p) for p in sorted(part_by.get(node, ()))),
                date=min(entry["dates"], key=len) if entry["dates"] else None,
                status=entry["status"],
                topics=tuple(sorted(topic_by.get(node, ()))),
                evidence=" | ".join(sorted(ev_by.get((article, node), ()))),
                ref=node,
            )
        )
    ent_types: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in mentions:
        t = _local(r["t"], DIP)
        if t and hierarchy.kind_of(t) == "entity":
            ent_types[(r["id"], r["x"])].add(t)
    for (article, x), types in sorted(ent_types.items()):
        facts.append(
            Fact(
                article=article,
                kind="entity",
                type=hierarchy.most_specific(types)[0],
                participants=(participant(x),),
                ref=x,
            )
        )
    return facts


def evaluate_store(store, gold_path: Path, ontology_path: Path) -> Evaluation:
    """Read the gold table and the store's predictions, and score them."""
    hierarchy = hierarchy_from_turtle(ontology_path)
    gold = read_gold(gold_path, hierarchy)
    return evaluate(gold, read_predictions(store, gold.articles, hierarchy), hierarchy)


__all__ = [
    "Fact",
    "Gold",
    "GoldError",
    "Hierarchy",
    "Participant",
    "evaluate",
    "evaluate_store",
    "facts_match",
    "match",
    "parse_gold",
    "read_gold",
    "read_predictions",
    "score",
]
