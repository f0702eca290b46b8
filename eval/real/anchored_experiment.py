"""Would a classifier trained on sentence-anchored gold add the facts the rules miss?

    python eval/real/anchored_experiment.py [--parts tune test fresh blind held held2]

For each part: build it with the rules (as ``make eval-real`` does), and list every
sentence's actors (as the linker finds them) alone and in pairs. A candidate is labelled
with the types of the gold facts anchored to its sentence (``eval/gold/anchors/``) whose
participants include its actors. Leaving out one part at a time, a bag-of-words spaCy
``textcat_multilabel`` is trained on the others' candidates (actors masked as
ENTA/ENTB/ENTX) and the facts it proposes on the left-out part, where the rules have
no fact of that type for those actors, are added to the rules' facts and scored
(lenient events + relations) at several thresholds. Needs the texts
(eval/real/README.md); writes only to a temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import spacy
from spacy.training import Example

from diplokg.build.article import ArticleProcessor
from diplokg.cli import main as cli
from diplokg.config import Settings
from diplokg.evaluate.gold import Fact, Participant, normalise, read_gold
from diplokg.evaluate.hierarchy import hierarchy_from_turtle
from diplokg.evaluate.matching import participant_found, score, with_leaders
from diplokg.evaluate.predictions import read_predictions
from diplokg.model import EntityType
from diplokg.read import read_inputs
from diplokg.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from texts_for import main as texts_for

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TYPES = ["Statement", "Meeting", "Visit", "PhoneCall", "Negotiation", "Agreement",
         "PolicyAnnouncement", "MilitaryAction", "Support", "Opposition", "Cooperation",
         "Trade", "Supply"]  # fmt: skip
ACTORS = {EntityType.PERSON, EntityType.COUNTRY, EntityType.ORGANIZATION}
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


class Recording:
    """Wraps the extractor: keeps each passage's sentences and mentions as plain data."""

    def __init__(self, inner) -> None:
        self.inner, self.lex, self.passages = inner, inner.lex, []

    def extract(self, ctx):
        doc = ctx.doc
        mentions = [
            (m.start, m.key, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
            for m in ctx.mentions
        ]
        sents = [(s.start, s.end, s.text, s.start_char) for s in doc.sents]
        self.passages.append((sents, mentions, ctx.kind.name))
        return self.inner.extract(ctx)


def participant(entities, key: str) -> Participant | None:
    """An article entity as the evaluator's participant (leaders stand for their state)."""
    e = entities.get(key)
    if e is None:
        return None
    leads = set()
    for c in e.leader_of:
        if (ce := entities.get(c)) is not None:
            leads |= {normalise(n) for n in ce.labels.values()} | ({ce.qid} if ce.qid else set())
    names = {normalise(n) for n in [*e.labels.values(), *e.aliases]}
    return Participant(display=key, qid=e.qid, labels=frozenset(names), leads=frozenset(leads))


def candidates(proc: ArticleProcessor, path: Path) -> list[dict]:
    """Every sentence's actors, alone and in pairs, with the sentence's span in the text."""
    out = []
    for article in read_inputs([path]):
        if not hasattr(article, "passages"):
            continue
        raw = (HERE / "texts" / f"{article.id}.jsonl").read_text(encoding="utf-8")
        raw = json.loads(raw.splitlines()[0])["text"]
        proc.extractor.passages = []
        ents = proc.process(article).entities
        for sents, mentions, kind in proc.extractor.passages:
            for s0, s1, text, offset in sents:
                where: dict[str, list[tuple[int, int]]] = {}
                for start, key, c0, c1 in mentions:
                    if s0 <= start < s1 and key in ents and ents[key].type in ACTORS:
                        where.setdefault(key, []).append((c0 - offset, c1 - offset))
                pos = raw.find(text.strip()[:40])
                span = (pos, pos + len(text)) if pos >= 0 else None
                for a, b in [*((k, None) for k in where), *itertools.combinations(where, 2)]:
                    pa, pb = participant(ents, a), b and participant(ents, b)
                    if pa is None or (b and pb is None):
                        continue
                    types = (ents[a].type.name, ents[b].type.name if b else "NONE")
                    out.append(dict(article=article.id, text=text, span=span, a=a, b=b,
                                    pa=pa, pb=pb, types=types, kind=kind, where=where))  # fmt: skip
    return out


def anchors(part: str) -> dict[str, list[tuple[int, int]]]:
    """Gold ref → the character spans of its stating sentences (absent rows left out)."""
    out = {}
    with (REPO / f"eval/gold/anchors/real-{part}.tsv").open(encoding="utf-8") as fh:
        rows = csv.DictReader((r for r in fh if not r.startswith("#")), delimiter="\t")
        for r in rows:
            if r["spans"]:
                out[r["ref"]] = [tuple(map(int, s.split("-"))) for s in r["spans"].split(",")]
    return out


def labels(c: dict, gold: list[Fact], spans: dict) -> set[str]:
    """Types of the gold facts anchored to the candidate's sentence, with its actors."""
    out = set()
    for g in gold:
        where = spans.get(g.ref, [])
        if g.article != c["article"] or not c["span"]:
            continue
        if not any(c["span"][0] < e and s < c["span"][1] for s, e in where):
            continue
        actors = [c["pa"]] if c["pb"] is None else [c["pa"], c["pb"]]
        if c["pb"] is None and (g.type == "Statement" or len(g.participants) == 1):
            if any(participant_found(x, [c["pa"]], via_leader=True) for x in g.participants):
                out.add(g.type)
        elif (
            c["pb"] is not None
            and len(g.participants) >= 2
            and all(
                any(participant_found(x, [p], via_leader=True) for x in g.participants)
                for p in actors
            )
        ):
            out.add(g.type)
    return out


def masked(c: dict) -> str:
    """The sentence with its actors masked, after tokens for their kinds and the passage."""
    text, marks = c["text"], {}
    for key, spans in c["where"].items():
        tag = "ENTA" if key == c["a"] else "ENTB" if key == c["b"] else "ENTX"
        for span in spans:
            old = marks.get(span)
            marks[span] = "ENTAB" if old and {old, tag} == {"ENTA", "ENTB"} else old or tag
    for (s0, s1), tag in sorted(marks.items(), reverse=True):
        text = f"{text[:s0]} {tag} {text[s1:]}"
    return f"TA_{c['types'][0]} TB_{c['types'][1]} K_{c['kind']} {text[:600]}"


def train(cands: list[dict], seed: int = 0):
    """A bag-of-words multi-label classifier over the masked sentences."""
    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("xx")
    model = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False,
             "ngram_size": 2, "no_output_layer": False}  # fmt: skip
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": model})
    for t in TYPES:
        textcat.add_label(t)
    cats = [{t: float(t in c["labels"]) for t in TYPES} for c in cands]
    examples = [
        Example.from_dict(nlp.make_doc(masked(c)), {"cats": y})
        for c, y in zip(cands, cats, strict=True)
    ]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(10):
        random.shuffle(examples)
        for batch in spacy.util.minibatch(examples, 16):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    return nlp


def proposed(nlp, cands: list[dict], rules: list[Fact], hierarchy, threshold: float) -> list[Fact]:
    """Facts the classifier proposes that no rule fact of the same type already holds."""
    out, seen = [], set()

    def held(c: dict, t: str) -> bool:
        actors = [c["pa"]] if c["pb"] is None else [c["pa"], c["pb"]]
        for p in rules:
            if p.article != c["article"] or p.type != t:
                continue
            if all(participant_found(a, p.participants, via_leader=True) for a in actors) and (
                c["pb"] is not None or c["text"][:40] in p.evidence
            ):
                return True
        return False

    for c, doc in zip(cands, nlp.pipe(masked(c) for c in cands), strict=True):
        for t in TYPES:
            key = (c["article"], t, c["text"][:40] if c["pb"] is None else "", c["a"], c["b"])
            if doc.cats[t] < threshold or key in seen or held(c, t):
                continue
            seen.add(key)
            actors = (c["pa"],) if c["pb"] is None else (c["pa"], c["pb"])
            out.append(Fact(c["article"], hierarchy.kind_of(t), t, participants=actors))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--parts", nargs="+", default=["tune", "test", "fresh", "blind", "held", "held2"]
    )
    args = ap.parse_args(argv)
    settings = Settings()
    hierarchy = hierarchy_from_turtle(REPO / "ontology" / "diplomacy.ttl")
    proc = ArticleProcessor(settings)
    proc.extractor = Recording(proc.extractor)
    data = {}
    with tempfile.TemporaryDirectory() as tmp:
        for part in args.parts:
            texts = Path(tmp) / f"{part}.jsonl"
            with texts.open("w", encoding="utf-8") as fh, redirect_stdout(fh):
                texts_for(part)
            store = Path(tmp) / f"{part}-store"
            with open(os.devnull, "w") as null, redirect_stdout(null), redirect_stderr(null):
                cli(["build", str(texts), "--store", str(store)])
            gold = read_gold(REPO / f"eval/gold/real-{part}.tsv", hierarchy)
            gold.facts = [
                Fact(**{**g.__dict__, "ref": g.ref.replace(str(REPO) + "/", "")})
                for g in gold.facts
            ]
            st = open_store(Settings(store=str(store)), read_only=True)
            rules = [
                f for f in read_predictions(st, gold.articles, hierarchy) if f.kind != "entity"
            ]
            st.close()
            gold = with_leaders(gold, rules)  # as `diplokg eval` scores
            cands = candidates(proc, texts)
            spans = anchors(part)
            for c in cands:
                c["labels"] = labels(c, gold.facts, spans)
            data[part] = (gold, rules, cands)
            print(f"{part}: {len(rules)} rule facts, {len(cands)} candidates", file=sys.stderr)
    totals = {th: [0, 0, 0] for th in (None, *THRESHOLDS)}
    for part in args.parts:
        gold, rules, cands = data[part]
        nlp = train([c for p in args.parts if p != part for c in data[p][2]])
        row = [part]
        for th in (None, *THRESHOLDS):
            extra = [] if th is None else proposed(nlp, cands, rules, hierarchy, th)
            c = score(gold, rules + extra, hierarchy, "lenient").overall()
            totals[th] = [a + b for a, b in zip(totals[th], (c.tp, c.fp, c.fn), strict=True)]
            row.append(f"{th or 'rules'}: tp {c.tp} fp {c.fp}")
        print(" | ".join(row))
    for th, (tp, fp, fn) in totals.items():
        print(f"all parts, {th or 'rules alone'}: P {tp / (tp + fp):.3f} R {tp / (tp + fn):.3f} "
              f"(tp {tp}, fp {fp}, fn {fn})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
