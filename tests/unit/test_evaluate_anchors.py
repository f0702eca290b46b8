"""Sentence anchors of gold facts (diplokg.evaluate.anchors), on sentences of our own."""

from __future__ import annotations

import json

import pytest

from diplokg.evaluate.anchors import (
    Anchor,
    Anchors,
    anchor_key,
    cites,
    evidence_agreement,
    read_anchors,
    read_texts,
)
from diplokg.evaluate.gold import Fact, Gold, GoldError, Participant
from diplokg.evaluate.hierarchy import Hierarchy
from diplokg.evaluate.matching import score

HEADER = "# a comment\nref\tarticle\thow\tspans\n"
TEXT = "Lula recibió a Boric en Brasilia. Ambos firmaron un acuerdo. LEA TAMBIÉN: otra nota"


def _table(tmp_path, rows: str):
    path = tmp_path / "anchors.tsv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_anchors_are_keyed_by_gold_file_name_and_line(tmp_path):
    path = _table(
        tmp_path,
        "eval/gold/real-x.tsv:8\ta-1\tstated\t0-33,34-61\n\n"
        "eval/gold/real-x.tsv:9\ta-1\tabsent\t\n\n",  # blank lines are skipped
    )
    anchors = read_anchors(path)
    assert anchors[("real-x.tsv", 8)] == Anchor("a-1", "stated", ((0, 33), (34, 61)))
    assert anchors[("real-x.tsv", 9)].spans == ()
    assert anchor_key("/somewhere/else/real-x.tsv:8") == ("real-x.tsv", 8)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("g.tsv:8\ta-1\tguessed\t0-5\n", "how must be one of"),
        ("g.tsv:8\ta-1\tstated\t5-5\n", "not a span"),
        ("g.tsv:8\ta-1\tstated\t5-x\n", "not a span"),
        ("g.tsv:8\ta-1\tstated\t\n", "spans are given exactly"),
        ("g.tsv:8\ta-1\tabsent\t0-5\n", "spans are given exactly"),
        ("g.tsv\ta-1\tstated\t0-5\n", "not a gold ref"),
    ],
)
def test_a_malformed_anchor_row_is_reported_with_its_line(tmp_path, row, message):
    path = _table(tmp_path, "g.tsv:7\ta-1\tstated\t0-5\n" + row)
    with pytest.raises(GoldError, match=message) as err:
        read_anchors(path)
    assert ":4" in str(err.value)  # two header lines, one good row, then this one


def test_an_anchor_table_without_its_columns_is_refused(tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text("ref\tspans\ng.tsv:8\t0-5\n", encoding="utf-8")
    with pytest.raises(GoldError, match="header"):
        read_anchors(path)


def test_texts_are_read_by_article_id(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a-1", "text": TEXT}) + "\n\n", encoding="utf-8")
    assert read_texts([path]) == {"a-1": TEXT}


def test_evidence_cites_a_sentence_up_to_case_punctuation_and_trimming():
    sentence = "Lula recibió a Boric en Brasilia."
    assert cites("lula recibió a Boric, en Brasilia", sentence)
    assert cites("Otra frase. | Lula recibió a Boric en Brasilia", sentence)
    # cleaning cut a dateline from the evidence, or page chrome from the anchored text
    assert cites(
        "Lula recibió a Boric en Brasilia.", "BRASILIA (EFE).- Lula recibió a Boric en Brasilia."
    )
    assert cites("BRASILIA (EFE).- Lula recibió a Boric en Brasilia.", sentence)
    # a short fragment is no citation of a longer sentence
    assert cites("Boric", sentence) is False
    assert cites("Lula recibió a Boric en Brasilia.", "Boric") is False
    assert cites("Ambos firmaron un acuerdo.", sentence) is False
    assert cites("", sentence) is False


def _fact(ref: str, evidence: str = "", article: str = "a-1", kind: str = "event") -> Fact:
    return Fact(
        article,
        kind,
        "Meeting",
        participants=(Participant("Lula", labels=frozenset({"lula"})),),
        evidence=evidence,
        ref=ref,
    )


def test_agreement_counts_matched_facts_by_how_their_gold_is_stated():
    anchors = {
        ("g.tsv", 1): Anchor("a-1", "stated", ((0, 33),)),
        ("g.tsv", 2): Anchor("a-1", "stated", ((34, 61),)),
        ("g.tsv", 3): Anchor("a-1", "inferred", ((0, 33), (34, 61))),
    }
    pairs = [
        (_fact("g.tsv:1"), _fact("iri1", "Lula recibió a Boric en Brasilia.")),
        (_fact("g.tsv:2"), _fact("iri2", "LEA TAMBIÉN: otra nota")),  # chrome: not cited
        (_fact("g.tsv:3"), _fact("iri3", "Ambos firmaron un acuerdo.")),
        (_fact("g.tsv:4"), _fact("iri4", "Ambos firmaron un acuerdo.")),  # no anchor
        (_fact("g.tsv:1", article="b-2"), _fact("iri5", "x", article="b-2")),  # no text
        (_fact("g.tsv:9", kind="entity"), _fact("iri6", kind="entity")),  # not counted
    ]
    got = evidence_agreement(pairs, Anchors(anchors, {"a-1": TEXT}))
    assert got.matched == {"stated": 2, "inferred": 1, "absent": 0}
    assert got.cited == {"stated": 1, "inferred": 1, "absent": 0}
    assert got.unanchored == 2


def test_anchors_decide_which_of_two_like_facts_pairs_with_which_gold_row():
    """Two undated meetings of the same leaders: without anchors the matching pairs them
    crosswise (the augmenting path moves the first gold row off its first candidate);
    with them, each takes the one built from its sentence. The counts are the same."""
    gold = Gold(
        facts=[_fact("g.tsv:1"), _fact("g.tsv:2")],
        articles=["a-1"],
    )
    preds = [_fact("iri2", TEXT[:33]), _fact("iri1", "Ambos firmaron un acuerdo.")]
    anchors = Anchors(
        {("g.tsv", 1): Anchor("a-1", "stated", ((0, 33),)),
         ("g.tsv", 2): Anchor("a-1", "stated", ((34, 61),))},
        {"a-1": TEXT},
    )  # fmt: skip
    hierarchy = Hierarchy([])
    plain = score(gold, preds, hierarchy, "lenient")
    anchored = score(gold, preds, hierarchy, "lenient", anchors.cited)
    assert plain.overall().tp == anchored.overall().tp == 2
    assert {g.ref: p.ref for g, p in anchored.pairs} == {"g.tsv:1": "iri2", "g.tsv:2": "iri1"}
    assert evidence_agreement(anchored.pairs, anchors).cited["stated"] == 2
    assert evidence_agreement(plain.pairs, anchors).cited["stated"] < 2
