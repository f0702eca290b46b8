"""Reports of an :class:`~diplokg.evaluate.matching.Evaluation`: JSON and plain text."""

from __future__ import annotations

import json

from diplokg.evaluate.gold import KINDS, Fact
from diplokg.evaluate.matching import Counts, Evaluation, topic_agreement


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
    if ev.evidence is not None:
        out["evidence"] = {
            "cited": ev.evidence.cited,
            "matched": ev.evidence.matched,
            "unanchored": ev.evidence.unanchored,
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
    if ev.evidence is not None:
        lines += ["", "== evidence of the lenient matches (sentence anchors) =="]
        for how in ("stated", "inferred"):
            cited, matched = ev.evidence.cited[how], ev.evidence.matched[how]
            share = f" ({cited / matched:.0%})" if matched else ""
            lines.append(f"  gold {how}: {cited} of {matched} cite an anchored sentence{share}")
        if ev.evidence.unanchored:
            lines.append(f"  without an anchor or a text: {ev.evidence.unanchored}")
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
