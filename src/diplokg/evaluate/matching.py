"""Pairing predicted facts with gold facts, and counting (``docs/eval.md``).

Each gold fact is paired with at most one predicted fact and vice versa (a maximum
bipartite matching per article and kind), under two sets of rules:

* ``strict``: same class, every gold participant found, date equal at the gold
  precision, status equal when the gold gives one; entities need the gold QID.
* ``lenient``: classes related through ``rdfs:subClassOf`` (gold ``Call`` matches a
  predicted ``VideoCall``), at least half of the gold participants found (a leader
  stands for the country he or she leads), dates compatible or missing.

Everything here is pure: it works on plain values, so the scoring is tested on small
hand-built inputs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from diplokg.evaluate.gold import KINDS, MODES, Fact, Gold, Participant, normalise
from diplokg.evaluate.hierarchy import ROOTS, Hierarchy

if TYPE_CHECKING:
    from diplokg.evaluate.anchors import EvidenceAgreement

#: whether a prediction cites a sentence its gold fact is anchored to
Citation = Callable[[Fact, Fact], bool]

# --------------------------------------------------------------------------- matching


def participant_found(g: Participant, pred: Iterable[Participant], *, via_leader: bool) -> bool:
    """Whether gold participant ``g`` is among ``pred`` (by QID when both have one, else
    by label; with ``via_leader``, a leader stands for the country he or she leads)."""
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
    found = sum(
        participant_found(g, pred.participants, via_leader=lenient) for g in gold.participants
    )
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


def score(
    gold: Gold,
    predictions: list[Fact],
    hierarchy: Hierarchy,
    mode: str,
    cited: Citation | None = None,
) -> ModeResult:
    """Match predictions of the gold's articles to the gold facts and count.

    Predictions of articles the gold does not annotate are ignored. Per type, true
    positives and misses count under the gold type, spurious facts under the
    predicted type. ``cited`` (sentence anchors) only orders each gold fact's
    candidates, so it changes which facts pair, never how many.
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
            lambda g, p: closeness(g, p, hierarchy, cited),
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


def closeness(gold: Fact, pred: Fact, hierarchy: Hierarchy, cited: Citation | None = None) -> tuple:
    """How close a candidate is (higher is closer): strict match, then (with sentence
    anchors) whether it cites a sentence the gold fact is anchored to, then shared
    details."""
    found = sum(
        participant_found(g, pred.participants, via_leader=False) for g in gold.participants
    )
    return (
        facts_match(gold, pred, hierarchy, "strict"),
        cited is not None and cited(gold, pred),
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
            if not participant_found(g, pred.participants, via_leader=False)
        ]
        reasons.append("participants missing: " + ", ".join(lost))
    return "; ".join(reasons) or "its strict candidates are paired with other gold rows"


# --------------------------------------------------------------------------- evaluation


@dataclass
class Evaluation:
    """Both modes' results for one gold table and one store."""

    gold: Gold
    results: dict[str, ModeResult]
    warnings: list[str]
    near_misses: list[tuple[Fact, Fact, str]]
    #: whether matched facts cite the sentences the gold is anchored to (with anchors)
    evidence: EvidenceAgreement | None = None


def evaluate(
    gold: Gold, predictions: list[Fact], hierarchy: Hierarchy, cited: Citation | None = None
) -> Evaluation:
    """Score ``predictions`` against ``gold`` in both modes (``cited``: see :func:`score`)."""
    gold = with_leaders(gold, predictions)
    results = {m: score(gold, predictions, hierarchy, m, cited) for m in MODES}
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
