"""Scoring of ``diplokg eval`` on small hand-built gold tables and predictions."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from diplokg.config import Settings
from diplokg.evaluate.gold import (
    Fact,
    Gold,
    GoldError,
    Participant,
    normalise,
    parse_gold,
    parse_participants,
)
from diplokg.evaluate.hierarchy import Hierarchy, hierarchy_from_turtle
from diplokg.evaluate.matching import (
    Counts,
    dates_match,
    evaluate,
    facts_match,
    match,
    score,
    types_match,
)
from diplokg.evaluate.report import to_json, to_text
from diplokg.rdf.ontology import ontology_path

REPO = Path(__file__).resolve().parents[2]
HEADER = "article\tkind\ttype\tparticipants\tdate\tstatus\ttopic\tnote\n"

H = Hierarchy(
    [
        ("Call", "Event"),
        ("VideoCall", "Call"),
        ("PhoneCall", "Call"),
        ("Statement", "Event"),
        ("Visit", "Event"),
        ("Meeting", "Event"),
        ("Support", "Relation"),
        ("Supply", "Relation"),
        ("Person", "Actor"),
        ("Country", "Actor"),
        ("Place", "Place"),
    ]
)


def who(label: str, qid: str | None = None, leads: tuple[str, ...] = ()) -> Participant:
    return Participant(label, qid, frozenset({normalise(label)}), frozenset(leads))


XI = who("Xi Jinping", "Q15031", ("Q148",))
PUTIN = who("Vladimir Putin", "Q7747", ("Q159",))
CHINA = who("China", "Q148")
RUSSIA = who("Russia", "Q159")


def fact(kind="event", type_="VideoCall", parts=(XI, PUTIN), date=None, status=None, art="a1"):
    return Fact(art, kind, type_, participants=tuple(parts), date=date, status=status)


def gold_of(*facts: Fact, articles: tuple[str, ...] = ("a1",)) -> Gold:
    return Gold(facts=list(facts), articles=list(articles))


# --------------------------------------------------------------------------- parsing


def test_parse_gold_reads_rows_comments_and_article_declarations():
    text = (
        "# a comment\n"
        + HEADER
        + "a1\tevent\tVideoCall\tXi Jinping [Q15031]|Vladimir Putin [Q7747]"
        + "\t2025-01-21\thappened\t\tvideollamada\n"
        + "\n"
        + "a1\trelation\tSupply\tRusia [Q159]|China\t\t\tgas natural\n"
        + "a1\tentity\tPerson\tYuri Ushakov\n"
        + "a2\tarticle\n"
    )
    gold = parse_gold(text, H, "g.tsv")
    assert gold.articles == ["a1", "a2"]
    assert [f.kind for f in gold.facts] == ["event", "relation", "entity"]
    call = gold.facts[0]
    assert call.date == "2025-01-21" and call.status == "happened"
    assert [p.qid for p in call.participants] == ["Q15031", "Q7747"]
    supply = gold.facts[1]
    assert supply.topics == ("gas natural",)
    assert supply.participants[1].qid is None and supply.participants[1].labels == {"china"}
    assert gold.facts[0].ref == "g.tsv:3"


def test_parse_participants_forms():
    ps = parse_participants("Xi Jinping [Q15031]| Q159 |Yuri Ushakov")
    assert [(p.display, p.qid) for p in ps] == [
        ("Xi Jinping", "Q15031"),
        ("Q159", "Q159"),
        ("Yuri Ushakov", None),
    ]
    with pytest.raises(ValueError):
        parse_participants("Xi [Q-1]")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("a1\tincident\tVisit\tX", "kind must be one of"),
        ("a1\tevent\tSupport\tX", "'Support' is not a event class"),
        ("a1\tevent\tVisit\tX\t2025-13-01", "date must be"),
        ("a1\tevent\tVisit\tX\t21/01/2025", "date must be"),
        ("a1\tevent\tVisit\tX [Q12x]", "not a Wikidata QID"),
        ("a1\tevent\tVisit\t", "needs at least one participant"),
        ("a1\tentity\tPerson\tA|B", "exactly one entity"),
        ("a1\tevent\tVisit\tX\t\tdone", "status must be"),
        ("\tevent\tVisit\tX", "empty article id"),
        ("a1\tevent\tVisit\tX\t\t\t\tnote\textra", "9 cells but 8 columns"),
    ],
)
def test_bad_rows_name_file_and_line(row, message):
    with pytest.raises(GoldError) as exc:
        parse_gold("# comment\n" + HEADER + row + "\n", H, "gold.tsv")
    assert str(exc.value).startswith("gold.tsv:3: ")
    assert message in str(exc.value)


def test_missing_or_bad_header():
    with pytest.raises(GoldError, match="no header"):
        parse_gold("", H, "g.tsv")
    with pytest.raises(GoldError, match=r"g\.tsv:1: unknown column 'who'"):
        parse_gold("article\tkind\ttype\twho\n", H, "g.tsv")
    with pytest.raises(GoldError, match="lacks column 'participants'"):
        parse_gold("article\tkind\ttype\n", H, "g.tsv")


def test_alternative_types_are_validated_and_accepted():
    gold = parse_gold(HEADER + "a1\tevent\tMeeting/VideoCall\tX\n", H)
    g = gold.facts[0]
    assert (g.type, g.alternatives) == ("Meeting", ("VideoCall",))
    assert facts_match(g, fact(parts=(who("X"),)), H, "strict")
    with pytest.raises(GoldError, match="'Supply' is not a event class"):
        parse_gold(HEADER + "a1\tevent\tMeeting/Supply\tX\n", H)


# --------------------------------------------------------------------------- rules


def test_dates_at_gold_precision():
    assert dates_match("2026-02", "2026-02-04", "strict")
    assert not dates_match("2026-02-04", "2026-02", "strict")
    assert dates_match("2026-02-04", "2026-02", "lenient")
    assert not dates_match("2026-02-04", "2026-02-05", "lenient")
    assert not dates_match("2026-02", None, "strict")
    assert dates_match("2026-02", None, "lenient")
    assert dates_match(None, "1999", "strict")


def test_types_strict_and_through_subclasses():
    assert types_match("Call", "Call", H, "strict")
    assert not types_match("Call", "VideoCall", H, "strict")
    assert types_match("Call", "VideoCall", H, "lenient")
    assert types_match("VideoCall", "Call", H, "lenient")
    assert not types_match("VideoCall", "PhoneCall", H, "lenient")
    assert not types_match("Statement", "Event", H, "lenient")


def test_participants_strict_needs_all_lenient_half_and_leaders():
    g = fact(parts=(XI, PUTIN, who("Yuri Ushakov")))
    assert not facts_match(g, fact(parts=(XI, PUTIN)), H, "strict")
    assert facts_match(g, fact(parts=(XI, PUTIN)), H, "lenient")
    assert not facts_match(g, fact(parts=(XI,)), H, "lenient")
    # unlinked label on both sides, compared without accents or case
    assert facts_match(
        fact(parts=(who("Yuri Ushakóv"),)), fact(parts=(who("yuri ushakov"),)), H, "strict"
    )
    # a leader stands for the country only in lenient mode
    countries = fact(parts=(CHINA, RUSSIA))
    assert facts_match(countries, fact(parts=(XI, PUTIN)), H, "lenient")
    assert not facts_match(countries, fact(parts=(XI, PUTIN)), H, "strict")
    # same label but a different QID is a different entity
    assert not facts_match(
        fact(parts=(who("X", "Q1"),)), fact(parts=(who("X", "Q2"),)), H, "lenient"
    )


def test_status_only_in_strict():
    g = fact(date="2026-03", status="expected")
    p = fact(date="2026-03", status="happened")
    assert not facts_match(g, p, H, "strict")
    assert facts_match(g, p, H, "lenient")


def test_entities_need_the_gold_qid_strictly():
    g = fact("entity", "Person", (who("Xi Jinping", "Q15031"),))
    unlinked = fact("entity", "Person", (who("Xi Jinping"),))
    assert not facts_match(g, unlinked, H, "strict")
    assert facts_match(g, unlinked, H, "lenient")
    wrong_class = fact("entity", "Place", (who("Xi Jinping", "Q15031"),))
    assert not facts_match(g, wrong_class, H, "strict")
    assert facts_match(g, wrong_class, H, "lenient")


def test_matching_is_maximum_and_one_to_one():
    gold = ["A", "B"]
    pred = ["p1", "p2"]
    ok = {("A", "p1"), ("A", "p2"), ("B", "p1")}
    m = match(gold, pred, lambda g, p: (g, p) in ok)
    assert m == {0: 1, 1: 0}
    assert match([], pred, lambda g, p: True) == {}
    assert match(gold, [], lambda g, p: True) == {}


# --------------------------------------------------------------------------- scores


def test_counts_scores_and_undefined_ratios():
    assert Counts(2, 1, 1).scores()["f1"] == pytest.approx(2 / 3)
    none = Counts().scores()
    assert none["precision"] is None and none["recall"] is None and none["f1"] is None
    assert Counts(0, 3, 0).scores()["f1"] == 0.0


def test_empty_gold_makes_every_prediction_spurious():
    gold = gold_of()  # the article is declared, with no facts
    res = score(gold, [fact(), fact(type_="Statement", parts=(XI,))], H, "strict")
    s = res.overall().scores()
    assert (s["tp"], s["fp"], s["fn"], s["precision"], s["recall"], s["f1"]) == (
        0,
        2,
        0,
        0.0,
        None,
        0.0,
    )


def test_empty_prediction_misses_everything():
    res = score(gold_of(fact(), fact(type_="Statement", parts=(XI,))), [], H, "lenient")
    s = res.overall().scores()
    assert (s["tp"], s["fn"], s["precision"], s["recall"]) == (0, 2, None, 0.0)
    assert len(res.misses) == 2


def test_duplicates_count_once_each_side():
    res = score(gold_of(fact()), [fact(), fact()], H, "strict")
    assert (res.overall().tp, res.overall().fp) == (1, 1)
    res = score(gold_of(fact(), fact()), [fact()], H, "strict")
    assert (res.overall().tp, res.overall().fn) == (1, 1)


def test_other_articles_and_kinds_are_kept_apart():
    preds = [fact(art="unannotated"), fact(art="a1", kind="relation", type_="Support")]
    res = score(gold_of(fact()), preds, H, "lenient")
    assert res.counts["event"]["VideoCall"].fn == 1
    assert res.counts["relation"]["Support"].fp == 1
    assert res.overall().scores()["predicted"] == 1


def test_per_type_counts_under_gold_type_when_classes_differ():
    res = score(gold_of(fact(type_="Call")), [fact(type_="VideoCall")], H, "lenient")
    assert res.counts["event"]["Call"].tp == 1
    assert "VideoCall" not in res.counts["event"]
    strict = score(gold_of(fact(type_="Call")), [fact(type_="VideoCall")], H, "strict")
    assert strict.counts["event"]["Call"].fn == 1
    assert strict.counts["event"]["VideoCall"].fp == 1


def test_gold_leader_stands_for_predicted_country_leniently():
    gold = gold_of(fact(type_="Statement", parts=(who("Xi Jinping", "Q15031"),)))
    preds = [fact(type_="Statement", parts=(CHINA,)), fact(type_="VideoCall", parts=(XI, PUTIN))]
    ev = evaluate(gold, preds, H)
    assert ev.results["lenient"].counts["event"]["Statement"].tp == 1
    assert ev.results["strict"].counts["event"]["Statement"].fn == 1


def test_reports_text_and_json():
    gold = gold_of(fact(date="2025-01-21"), fact(type_="Statement", parts=(who("Yuri Ushakov"),)))
    preds = [fact(date="2025-01"), fact(type_="Visit", parts=(XI,))]
    ev = evaluate(gold, [*preds, fact(art="a2")], H)
    data = json.loads(json.dumps(to_json(ev)))
    assert set(data["modes"]) == {"strict", "lenient"}
    strict, lenient = data["modes"]["strict"], data["modes"]["lenient"]
    assert strict["kinds"]["event"]["overall"]["tp"] == 0
    assert lenient["kinds"]["event"]["overall"]["tp"] == 1
    assert [m["type"] for m in lenient["misses"]] == ["Statement"]
    assert [s["type"] for s in lenient["spurious"]] == ["Visit"]
    assert data["near_misses"][0]["reason"].startswith("date 2025-01")
    text = to_text(ev)
    assert "== strict ==" in text and "== lenient ==" in text
    assert re.search(r"OVERALL \(event\+relation\)\s+2\s+2\s+1", text)


# --------------------------------------------------------------------------- shipped gold


def test_real_ontology_hierarchy():
    h = hierarchy_from_turtle(ontology_path(Settings()))
    assert h.is_a("VideoCall", "Call") and h.is_a("PhoneCall", "Event")
    assert h.kind_of("Supply") == "relation"
    assert h.kind_of("Pipeline") == "entity" and h.kind_of("Country") == "entity"
    assert h.most_specific({"Call", "VideoCall", "Event"}) == ["VideoCall"]


def _gazetteer_qids() -> dict[str, set[str]]:
    qids: dict[str, set[str]] = {}
    for path in (REPO / "src/diplokg/data/gazetteer").glob("*.tsv"):
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                q = (row.get("qid") or "").strip()
                if q:
                    names = {row.get(k) or "" for k in ("name", "name_en", "name_es")}
                    qids.setdefault(q, set()).update(normalise(n) for n in names if n)
    return qids


#: the parts of the real development set (eval/real/articles.tsv), tuned on and held out
REAL_PARTS = (
    "tune",
    "test",
    "fresh",
    "blind",
    "held",
    "held2",
    "held3",
    "held4",
    "held5",
    "held6",
    "held7",
    "held8",
    "held9",
    "held10",
)


@pytest.mark.parametrize(
    "name",
    [
        "seeds.tsv",
        "dev.tsv",
        *(f"real-{p}.tsv" for p in REAL_PARTS),
    ],
)
def test_shipped_gold_parses_and_every_qid_comes_from_the_gazetteer(name):
    h = hierarchy_from_turtle(ontology_path(Settings()))
    gold = parse_gold((REPO / "eval/gold" / name).read_text(encoding="utf-8"), h, name)
    assert gold.facts
    known = _gazetteer_qids()
    for f in gold.facts:
        for p in f.participants:
            if p.qid:
                assert p.qid in known, f"{f.ref}: {p.qid} is not in the gazetteer"
                assert p.labels <= known[p.qid], f"{f.ref}: {p.display} is not {p.qid}"


@pytest.mark.parametrize("part", REAL_PARTS)
def test_every_gold_event_and_relation_has_one_sentence_anchor(part):
    """eval/gold/anchors/real-PART.tsv: one row per gold event or relation, in its
    article, with well-formed spans unless the fact is absent from the text."""
    gold = f"eval/gold/real-{part}.tsv"
    expected = {}
    for n, line in enumerate((REPO / gold).read_text(encoding="utf-8").splitlines(), 1):
        cols = line.split("\t")
        if len(cols) > 2 and cols[1] in {"event", "relation"}:
            expected[f"{gold}:{n}"] = cols[0]
    text = (REPO / f"eval/gold/anchors/real-{part}.tsv").read_text(encoding="utf-8")
    rows = list(
        csv.DictReader((r for r in text.splitlines() if not r.startswith("#")), delimiter="\t")
    )
    assert sorted(r["ref"] for r in rows) == sorted(expected)
    for r in rows:
        assert r["article"] == expected[r["ref"]], r["ref"]
        assert r["how"] in {"stated", "inferred", "absent"}, r["ref"]
        spans = [tuple(map(int, s.split("-"))) for s in r["spans"].split(",") if s]
        assert bool(spans) == (r["how"] != "absent"), r["ref"]
        assert all(0 <= a < b for a, b in spans), r["ref"]
