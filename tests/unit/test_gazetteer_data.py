"""Consistency of the gazetteer TSVs under ``src/diplokg/data/gazetteer``."""

from __future__ import annotations

import csv
import importlib.util
import itertools
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from diplokg.config import DATA_DIR

GAZ = DATA_DIR / "gazetteer"
ROOT = Path(__file__).parents[2]
SHARED_DATA = ROOT.parent / "shared" / "data"
QID = re.compile(r"^Q[1-9][0-9]*$")

COLUMNS = {
    name: cols.split()
    for name, cols in {
        "countries.tsv": "key iso3 iso2 qid qid_source independent status name_en name_es "
        "aliases_en aliases_es demonyms_en demonyms_es capital_key regions",
        "places.tsv": "key qid qid_source name_en name_es aliases_en aliases_es country kind "
        "stands_for",
        "organizations.tsv": "key qid qid_source name_en name_es abbreviations aliases_en "
        "aliases_es kind country case_sensitive_aliases family",
        "people.tsv": "key qid qid_source name aliases gender description_en",
        "office_holders.tsv": "person office of start end source",
        "offices.tsv": "lang title office country rank",
        "leader_office.tsv": "iso3 office",
        "infrastructure.tsv": "key type qid qid_source name_en name_es aliases_en aliases_es "
        "countries commodity",
        "commodities.tsv": "key name_en name_es aliases_en aliases_es",
        "region_adjectives.tsv": "lang adjective region note",
        "institution_nouns.tsv": "lang noun note",
    }.items()
}
KEY_PATTERNS = {
    "countries.tsv": r"^country/[a-z]{3}$",
    "places.tsv": r"^place/[a-z0-9]+(?:-[a-z0-9]+)*$",
    "organizations.tsv": r"^org/[a-z0-9]+(?:-[a-z0-9]+)*$",
    "people.tsv": r"^person/[a-z0-9]+(?:-[a-z0-9]+)*$",
    "infrastructure.tsv": r"^pipeline/[a-z0-9]+(?:-[a-z0-9]+)*$",
    "commodities.tsv": r"^commodity/[a-z0-9]+(?:-[a-z0-9]+)*$",
}


def load(name: str) -> list[dict[str, str]]:
    with (GAZ / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == COLUMNS[name], (name, reader.fieldnames)
        rows = list(reader)
    for n, row in enumerate(rows, start=2):
        assert None not in row, f"{name}:{n}: too many cells"
        assert all(v is not None for v in row.values()), f"{name}:{n}: too few cells"
    return rows


@pytest.fixture(scope="module")
def tables() -> dict[str, list[dict[str, str]]]:
    return {name: load(name) for name in COLUMNS}


def by_key(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r["key"]: r for r in rows}


def cells(value: str) -> list[str]:
    return [v for v in value.split("|") if v]


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_table_parses_with_expected_columns(name: str) -> None:
    rows = load(name)
    assert rows, name
    text = (GAZ / name).read_text(encoding="utf-8")
    assert "\r" not in text and text.endswith("\n")
    for row in rows:
        for value in row.values():
            assert value == value.strip(), (name, value)
            assert "||" not in value and not value.startswith("|") and not value.endswith("|")


@pytest.mark.parametrize("name", sorted(KEY_PATTERNS))
def test_keys_unique_and_well_formed(tables: dict, name: str) -> None:
    keys = [r["key"] for r in tables[name]]
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1][:5]
    bad = [k for k in keys if not re.match(KEY_PATTERNS[name], k)]
    assert not bad, bad[:5]


def test_qids_well_formed_sourced_and_unique(tables: dict) -> None:
    owner: dict[str, str] = {}
    for name in KEY_PATTERNS:
        for row in tables[name]:
            qid = row.get("qid", "")
            if not qid:
                continue
            assert QID.match(qid), (name, row["key"], qid)
            assert row["qid_source"], (name, row["key"])
            assert owner.setdefault(qid, row["key"]) == row["key"], (qid, owner[qid], row["key"])


def test_known_qids(tables: dict) -> None:
    countries = by_key(tables["countries.tsv"])
    assert countries["country/chn"]["qid"] == "Q148"
    assert countries["country/rus"]["qid"] == "Q159"
    assert by_key(tables["organizations.tsv"])["org/q243630"]["name_en"] == "BRICS"
    assert by_key(tables["places.tsv"])["place/kyiv"]["qid"] == "Q1899"
    people = by_key(tables["people.tsv"])
    assert people["person/xi-jinping"]["qid"] == "Q15031"
    assert people["person/vladimir-putin"]["qid"] == "Q7747"
    assert people["person/donald-trump"]["qid"] == "Q22686"
    assert people["person/volodymyr-zelenskyy"]["qid"] == "Q3874799"
    assert people["person/claudia-sheinbaum"]["qid"] == "Q5771800"
    assert people["person/sergio-mattarella"]["qid"] == "Q3956186"
    assert people["person/abdel-fattah-el-sisi"]["qid"] == "Q307871"
    assert people["person/wang-yi"]["qid"] == "Q701801"
    assert people["person/mikhail-mishustin"]["qid"] == "Q4298520"
    assert people["person/miguel-diaz-canel"]["qid"] == "Q1932603"
    assert not people["person/bashar-al-assad"]["qid"]  # sources disagree
    assert people["person/nicolas-maduro"]["qid"] == "Q58132"
    assert people["person/joao-lourenco"]["qid"] == "Q28650390"
    assert not people["person/yamandu-orsi"]["qid"]  # single source so far
    places = by_key(tables["places.tsv"])
    assert places["place/quito"]["qid"] == "Q2900"
    assert places["place/busan"]["qid"] == "Q16520"
    assert not places["place/riyadh"]["qid"]  # sources disagree
    assert places["place/mexico-city"]["qid"] == "Q1489"
    assert places["place/kingston"]["country"] == "JAM"  # Q34692 is Kingston, Jamaica
    assert "Q47722" not in {r["qid"] for r in tables["organizations.tsv"]}
    assert "Q29520" not in {r["qid"] for r in tables["countries.tsv"]}


def test_countries_cover_sovereign_states_with_names_and_demonyms(tables: dict) -> None:
    states = [r for r in tables["countries.tsv"] if r["independent"] == "yes"]
    assert len(states) >= 193
    for row in states:
        assert row["name_en"] and row["name_es"], row["key"]
        assert row["demonyms_en"] and row["demonyms_es"], row["key"]
        assert row["capital_key"], row["key"]
        assert row["regions"], row["key"]  # UN M49 region, for "el mandatario asiático"
    for row in tables["countries.tsv"]:
        assert row["demonyms_es"] == row["demonyms_es"].lower(), row["key"]
    c = by_key(tables["countries.tsv"])
    assert c["country/usa"]["name_es"] == "Estados Unidos"
    assert c["country/rus"]["name_es"] == "Rusia"
    assert {"EE.UU.", "EEUU", "EE. UU."} <= set(cells(c["country/usa"]["aliases_es"]))
    assert {"US", "USA", "U.S."} <= set(cells(c["country/usa"]["aliases_en"]))
    assert "Gran Bretaña" in cells(c["country/gbr"]["aliases_es"])
    assert cells(c["country/chn"]["demonyms_es"]) == ["chino", "china", "chinos", "chinas"]
    assert {"alemán", "alemana", "alemanes", "alemanas"} <= set(
        cells(c["country/deu"]["demonyms_es"])
    )
    assert {"británico", "británicas"} <= set(cells(c["country/gbr"]["demonyms_es"]))
    assert {"estadounidense", "estadounidenses", "norteamericana"} <= set(
        cells(c["country/usa"]["demonyms_es"])
    )
    assert "American" in cells(c["country/usa"]["demonyms_en"])
    for extra in ("country/twn", "country/pse", "country/xkx", "country/vat"):
        assert extra in c


def test_country_capitals_exist_in_places(tables: dict) -> None:
    places = by_key(tables["places.tsv"])
    iso3s = {r["iso3"] for r in tables["countries.tsv"]}
    for row in tables["countries.tsv"]:
        if row["capital_key"]:
            assert row["capital_key"] in places, row["key"]
            assert places[row["capital_key"]]["country"] == row["iso3"]
    for row in tables["places.tsv"]:
        assert row["kind"] in {"capital", "city", "region", "building"}, row["key"]
        assert not row["country"] or row["country"] in iso3s, row["key"]
        assert not row["stands_for"] or row["stands_for"] in iso3s, row["key"]
    assert places["place/kremlin"]["stands_for"] == "RUS"
    assert places["place/white-house"]["stands_for"] == "USA"
    assert places["place/beijing"]["name_es"] == "Pekín"
    assert not places["place/brussels"]["stands_for"]


def test_organizations(tables: dict) -> None:
    orgs = by_key(tables["organizations.tsv"])
    assert len(orgs) >= 617
    un = orgs["org/q1065"]
    assert {"ONU", "UN"} <= set(cells(un["abbreviations"]))
    assert "UN" in cells(un["case_sensitive_aliases"])
    assert {"OTAN", "NATO"} <= set(cells(orgs["org/q7184"]["abbreviations"]))
    assert {"UE", "EU"} <= set(cells(orgs["org/q458"]["case_sensitive_aliases"]))
    for key in ("org/xinhua", "org/reuters", "org/afp", "org/efe", "org/tass", "org/gazprom"):
        assert key in orgs, key
    assert orgs["org/xinhua"]["kind"] == "agency"
    for row in orgs.values():
        assert row["kind"] in {"igo", "agency", "company", "party", "ngo", "government"}
        for alias in cells(row["case_sensitive_aliases"]):
            assert alias in cells(row["abbreviations"]) + cells(row["aliases_en"]) + cells(
                row["aliases_es"]
            ), (row["key"], alias)


def test_office_holders_consistent(tables: dict) -> None:
    people = by_key(tables["people.tsv"])
    iso3s = {r["iso3"] for r in tables["countries.tsv"]}
    orgs = by_key(tables["organizations.tsv"])
    spans: dict[tuple[str, str], list[tuple[date, date | None, str]]] = defaultdict(list)
    for n, row in enumerate(tables["office_holders.tsv"], start=2):
        assert row["person"] in people, (n, row["person"])
        assert row["of"] in iso3s or row["of"] in orgs, (n, row["of"])
        assert row["source"], n
        start = date.fromisoformat(row["start"])
        end = date.fromisoformat(row["end"]) if row["end"] else None
        assert end is None or start < end, n
        spans[(row["office"], row["of"])].append((start, end, row["person"]))
    for key, terms in spans.items():
        terms.sort(key=lambda t: t[0])
        for (s1, e1, p1), (s2, _e2, p2) in itertools.pairwise(terms):
            assert e1 is not None and e1 <= s2, (key, p1, s1, p2, s2)


def holder(tables: dict, office: str, of: str, day: date) -> list[str]:
    out = []
    for row in tables["office_holders.tsv"]:
        if row["office"] != office or row["of"] != of:
            continue
        start = date.fromisoformat(row["start"])
        end = date.fromisoformat(row["end"]) if row["end"] else None
        if start <= day and (end is None or day < end):
            out.append(row["person"])
    return out


@pytest.mark.parametrize(
    ("office", "of", "day", "who"),
    [
        ("head_of_state", "CHN", date(2026, 2, 4), "person/xi-jinping"),
        ("paramount_leader", "CHN", date(2012, 12, 1), "person/xi-jinping"),
        ("head_of_government", "CHN", date(2026, 2, 4), "person/li-qiang"),
        ("head_of_state", "RUS", date(2025, 1, 21), "person/vladimir-putin"),
        ("head_of_state", "USA", date(2025, 1, 21), "person/donald-trump"),
        ("head_of_state", "USA", date(2024, 6, 1), "person/joe-biden"),
        ("head_of_government", "DEU", date(2026, 2, 4), "person/friedrich-merz"),
        ("head_of_government", "DEU", date(2020, 1, 1), "person/angela-merkel"),
        ("head_of_government", "GBR", date(2026, 1, 15), "person/keir-starmer"),
        ("head_of_government", "CAN", date(2026, 1, 15), "person/mark-carney"),
        ("foreign_minister", "RUS", date(2026, 2, 4), "person/sergey-lavrov"),
        ("foreign_minister", "CHN", date(2026, 2, 4), "person/wang-yi"),
        ("foreign_minister", "USA", date(2026, 2, 4), "person/marco-rubio"),
        ("secretary_general", "org/q7184", date(2026, 2, 4), "person/mark-rutte"),
        # beyond the G20: every region's states, caretakers and successions included
        ("head_of_state", "ECU", date(2025, 8, 29), "person/daniel-noboa"),
        ("head_of_state", "ECU", date(2023, 6, 1), "person/guillermo-lasso"),
        ("head_of_government", "GRC", date(2023, 6, 1), "person/ioannis-sarmas"),
        ("head_of_government", "GRC", date(2023, 7, 1), "person/kyriakos-mitsotakis"),
        ("head_of_government", "NLD", date(2026, 3, 1), "person/rob-jetten"),
        ("paramount_leader", "IRN", date(2026, 4, 1), "person/mojtaba-khamenei"),
        ("head_of_state", "SEN", date(2024, 6, 1), "person/bassirou-diomaye-faye"),
        ("head_of_state", "LTU", date(2025, 1, 1), "person/gitanas-nauseda"),
    ],
)
def test_office_holders_on_a_date(tables: dict, office: str, of: str, day: date, who: str) -> None:
    assert holder(tables, office, of, day) == [who]


def test_every_sovereign_state_has_a_leader_in_the_years_of_the_news(tables: dict) -> None:
    """ "El presidente ecuatoriano", "Kenya's president": a leader for every state, not
    only the ones some article named (2023 to 2025, the years the real sets cover)."""
    leader = {r["iso3"]: r["office"] for r in tables["leader_office.tsv"]}
    missing = []
    for row in tables["countries.tsv"]:
        if row["independent"] != "yes":
            continue
        for day in (date(2023, 7, 1), date(2025, 7, 1)):
            offices = {leader.get(row["iso3"]), "head_of_state", "head_of_government"}
            if not any(holder(tables, office, row["iso3"], day) for office in offices if office):
                missing.append((row["iso3"], day.isoformat()))
    assert missing == []


def test_nobody_heads_two_states_at_once(tables: dict) -> None:
    """Every state a person leads takes part in what the person does: a monarch of
    fifteen realms would bring all of them to each of the King's audiences."""
    iso3s = {r["iso3"] for r in tables["countries.tsv"]}
    terms: dict[str, list[tuple[date, date | None, str]]] = defaultdict(list)
    for row in tables["office_holders.tsv"]:
        if row["office"] in {"head_of_state", "head_of_government"} and row["of"] in iso3s:
            end = date.fromisoformat(row["end"]) if row["end"] else None
            terms[row["person"]].append((date.fromisoformat(row["start"]), end, row["of"]))
    for person, held in terms.items():
        for s1, e1, of1 in held:
            for s2, e2, of2 in held:
                if of1 < of2:
                    assert (e1 is not None and e1 <= s2) or (e2 is not None and e2 <= s1), (
                        person, of1, of2,
                    )  # fmt: skip


def test_leader_office_and_titles(tables: dict) -> None:
    iso3s = {r["iso3"] for r in tables["countries.tsv"]}
    leader = {r["iso3"]: r["office"] for r in tables["leader_office.tsv"]}
    assert leader["CHN"] == "head_of_state" and leader["RUS"] == "head_of_state"
    assert leader["GBR"] == "head_of_government" and leader["DEU"] == "head_of_government"
    held = {(r["office"], r["of"]) for r in tables["office_holders.tsv"]}
    for iso3, office in leader.items():
        assert (office, iso3) in held, iso3
    countries_held = {of for _office, of in held if of in iso3s}
    assert countries_held <= set(leader)
    titles = tables["offices.tsv"]
    for row in titles:
        assert row["lang"] in {"es", "en"}
        assert row["title"] == row["title"].lower()
        assert row["country"] == "*" or row["country"] in iso3s
        assert row["rank"].isdigit()
    pairs = {(r["lang"], r["title"], r["country"]): r["office"] for r in titles}
    assert pairs[("es", "canciller", "DEU")] == "head_of_government"
    assert pairs[("es", "canciller", "*")] == "foreign_minister"
    assert pairs[("es", "secretario de estado", "USA")] == "foreign_minister"
    assert pairs[("es", "mandatario", "*")] == "leader"
    assert pairs[("en", "prime minister", "*")] == "head_of_government"


def test_people(tables: dict) -> None:
    people = by_key(tables["people.tsv"])
    owner: dict[str, str] = {}
    for row in people.values():
        assert row["gender"] in {"m", "f"}, row["key"]
        assert row["name"] and row["description_en"], row["key"]
        for alias in [row["name"], *cells(row["aliases"])]:
            assert owner.setdefault(alias, row["key"]) == row["key"], (alias, owner[alias])
    assert "Xi" in cells(people["person/xi-jinping"]["aliases"])
    assert {"Putin", "Vladímir Putin"} <= set(cells(people["person/vladimir-putin"]["aliases"]))
    for key in ("yuri-ushakov", "sergey-lavrov", "wang-yi", "marco-rubio", "dmitry-peskov"):
        assert f"person/{key}" in people


def test_pipelines_and_commodities(tables: dict) -> None:
    iso3s = {r["iso3"] for r in tables["countries.tsv"]}
    commodities = by_key(tables["commodities.tsv"])
    pipes = by_key(tables["infrastructure.tsv"])
    for row in pipes.values():
        assert row["type"] == "Pipeline"
        assert set(cells(row["countries"])) <= iso3s, row["key"]
        assert row["commodity"] in commodities, row["key"]
    pos = pipes["pipeline/power-of-siberia"]
    assert "Fuerza de Siberia" in cells(pos["aliases_es"])
    assert pos["commodity"] == "commodity/natural-gas"
    assert "gas" in cells(commodities["commodity/natural-gas"]["aliases_es"])
    assert "tierras raras" in cells(commodities["commodity/critical-minerals"]["aliases_es"])


# ----------------------------------------------------------------------------- the script


def _script() -> ModuleType:
    path = ROOT / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spanish_and_english_demonym_forms() -> None:
    s = _script()
    assert s.es_forms("alemán") == ["alemán", "alemana", "alemanes", "alemanas"]
    assert s.es_forms("francés") == ["francés", "francesa", "franceses", "francesas"]
    assert s.es_forms("estadounidense") == ["estadounidense", "estadounidenses"]
    assert s.es_forms("iraní")[:2] == ["iraní", "iraníes"]
    assert s.es_forms("español") == ["español", "española", "españoles", "españolas"]
    assert s.es_forms("kirguís/kirguisa") == ["kirguís", "kirguisa", "kirguises", "kirguisas"]
    assert s.en_forms("American") == ["American", "Americans"]
    assert s.en_forms("Chinese") == ["Chinese"]
    assert s.en_forms("Czech") == ["Czech", "Czechs"]
    assert s.en_forms("Vatican*") == ["Vatican"]
    assert s.clean_un_name("Bolivia (Estado Plurinacional de)") == "Estado Plurinacional de Bolivia"
    assert s.clean_un_name("the Russian Federation") == "Russian Federation"
    assert s.clean_un_name("Afganistán (el)") == "Afganistán"


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="shared reference data not present")
def test_generated_tables_are_up_to_date() -> None:
    outputs = _script().build(SHARED_DATA)
    for name, text in outputs.items():
        assert (GAZ / name).read_text(encoding="utf-8") == text, f"{name} is stale"


def test_loader_resolves_leaders_and_titles() -> None:
    from diplokg.knowledge.gazetteer import load_gazetteer

    gz = load_gazetteer(DATA_DIR)
    chn = gz.country_by_iso3("CHN")
    assert chn == "country/chn"
    assert gz.holders("leader", chn, date(2026, 2, 4)) == ["person/xi-jinping"]
    assert gz.holders("leader", "country/rus", date(2025, 1, 21)) == ["person/vladimir-putin"]
    assert gz.title_office("es", "canciller", "country/deu") == "head_of_government"
    assert gz.title_office("es", "canciller", "country/rus") == "foreign_minister"
    assert gz.title_office("en", "Taoiseach", "country/irl") == "head_of_government"
    assert gz.demonym("chinos", "es") == chn
    assert gz.demonym("Russian", "en") == "country/rus"
    assert [e.key for e in gz.lookup("EE.UU.")] == ["country/usa"]
    assert any(e.key == "place/kremlin" for e in gz.lookup("Kremlin"))
    assert any(e.key == "pipeline/power-of-siberia" for e in gz.lookup("Poder de Siberia"))


def test_region_adjectives_name_regions_some_country_lies_in(tables: dict) -> None:
    regions = {r for row in tables["countries.tsv"] for r in row["regions"].split("|") if r}
    for row in tables["region_adjectives.tsv"]:
        assert row["lang"] in {"es", "en"}, row
        assert row["region"] in regions, row


def test_institution_nouns_are_per_language_words() -> None:
    rows = load("institution_nouns.tsv")
    assert {r["lang"] for r in rows} == {"es", "en"}
    assert all(r["noun"] == r["noun"].lower() for r in rows)


def test_no_name_links_two_organisations() -> None:
    from diplokg.knowledge.gazetteer import load_gazetteer

    gz = load_gazetteer(DATA_DIR)
    # the source gave the APEC secretariat the forum's abbreviation
    assert [e.key for e in gz.lookup("APEC")] == ["org/apec"]
    assert [e.key for e in gz.lookup("OPEC")] == ["org/q7795"]
    assert [e.key for e in gz.lookup("Organization of the Petroleum Exporting Countries")] == [
        "org/q7795"
    ]
    # an acronym two organisations share links to neither
    assert gz.lookup("ECA") == [] and gz.lookup("ISA") == []
    assert gz.lookup("ANSA")[0].key == "org/ansa"


def test_the_build_check_reports_a_name_of_two_organisations() -> None:
    s = _script()
    org = dict.fromkeys(s.ORG_COLUMNS, "")
    a = {**org, "key": "org/a", "name_en": "Alpha Forum", "abbreviations": "AF", "kind": "igo"}
    b = {**org, "key": "org/b", "name_en": "Alpha Fund", "aliases_en": "af", "kind": "igo"}
    empty: dict[str, list[dict[str, str]]] = {
        name: [] for name in ("countries.tsv", "places.tsv", *s.HAND_COLUMNS)
    }
    problems = s.check({**empty, "organizations.tsv": [a, b]})
    assert problems == ["organizations.tsv: 'af' names org/a and org/b"]
    assert s.check({**empty, "organizations.tsv": [a]}) == []
