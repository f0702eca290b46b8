#!/usr/bin/env python3
"""Build and check the offline gazetteer under ``src/diplokg/data/gazetteer/``.

Generated tables (do not edit by hand; edit the sources and re-run):

* ``countries.tsv``     – ``country-codes.csv`` (codes, QIDs, UN names) merged with the
  hand-written ``hand/countries.tsv`` (common es/en names, aliases, demonyms, capitals),
  leaving out the source names ``hand/not_names.tsv`` lists as common words;
* ``places.tsv``        – capitals from ``hand/countries.tsv`` merged with
  ``hand/places.tsv`` (aliases, metonyms, QIDs, other cities, regions, buildings);
* ``organizations.tsv`` – ``supraverden_intl_orgs.tsv`` (CC BY-SA 4.0) plus
  ``hand/organization_extras.tsv`` (Spanish names and abbreviations for known QIDs)
  plus ``hand/organizations.tsv`` (news agencies, state bodies, companies, parties),
  less the names ``hand/organization_name_fixes.tsv`` takes from a row (a source error,
  or an acronym two organisations share: a name must never link at random).

Hand-written tables that are checked, not generated: ``people.tsv``,
``office_holders.tsv``, ``offices.tsv``, ``leader_office.tsv``, ``infrastructure.tsv``,
``commodities.tsv``.

Usage::

    python scripts/build_gazetteer.py                 # rebuild from ../shared/data
    python scripts/build_gazetteer.py --shared DIR    # reference data elsewhere
    python scripts/build_gazetteer.py --check         # fail if the output is stale

The project never reads the reference data at run time: only the TSVs written here.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAZ = ROOT / "src" / "diplokg" / "data" / "gazetteer"
HAND = GAZ / "hand"
DEFAULT_SHARED = ROOT.parent / "shared" / "data"

QID_RE = re.compile(r"^Q[1-9][0-9]*$")
ISO3_RE = re.compile(r"^[A-Z]{3}$")


def _columns(names: str) -> list[str]:
    """Column names from a space-separated string."""
    return names.split()


COUNTRY_COLUMNS = _columns(
    "key iso3 iso2 qid qid_source independent status name_en name_es aliases_en aliases_es "
    "demonyms_en demonyms_es capital_key regions"
)
PLACE_COLUMNS = _columns(
    "key qid qid_source name_en name_es aliases_en aliases_es country kind stands_for"
)
ORG_COLUMNS = _columns(
    "key qid qid_source name_en name_es abbreviations aliases_en aliases_es kind country "
    "case_sensitive_aliases family"
)
#: columns of the hand-written tables (checked, not generated)
HAND_COLUMNS: dict[str, list[str]] = {
    "people.tsv": _columns("key qid qid_source name aliases gender description_en"),
    "office_holders.tsv": _columns("person office of start end source"),
    "offices.tsv": _columns("lang title office country rank"),
    "leader_office.tsv": _columns("iso3 office"),
    "infrastructure.tsv": _columns(
        "key type qid qid_source name_en name_es aliases_en aliases_es countries commodity"
    ),
    "commodities.tsv": _columns("key name_en name_es aliases_en aliases_es"),
}

SUPRAVERDEN_SOURCE = "supraverden general_list.yaml (CC BY-SA 4.0)"
COUNTRY_CODES_SOURCE = "datasets/country-codes wikidata_id (ODC-PDDL)"

#: QIDs missing from country-codes.csv, confirmed in public data (see README)
COUNTRY_QID_SUPPLEMENT = {
    "NAM": ("Q1030", "public code index: several independent country tables (checked 2026-11)"),
    "XKX": ("Q1246", "public code index: several independent country tables (checked 2026-11)"),
}
#: countries not in country-codes.csv at all: iso3 -> (iso2, status)
EXTRA_COUNTRIES = {"XKX": ("XK", "Partially recognized")}
#: abbreviations this short always match case-sensitively ("UN", "EU", "WHO")
SHORT_ABBREVIATION = 3


# ----------------------------------------------------------------------------- helpers


def slugify(text: str) -> str:
    """ASCII slug: ``Ciudad de México`` → ``ciudad-de-mexico``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def split_cell(cell: str | None) -> list[str]:
    """Values of a ``|``-separated cell."""
    return [v.strip() for v in (cell or "").split("|") if v.strip()]


def join_cell(values: Iterable[str], *, exclude: Iterable[str] = ()) -> str:
    """Join values with ``|``, dropping empties and case-insensitive duplicates."""
    seen = {v.casefold() for v in exclude if v}
    out: list[str] = []
    for value in values:
        value = " ".join(value.split())
        if not value or value.casefold() in seen:
            continue
        if "|" in value or "\t" in value:
            raise ValueError(f"value contains a separator: {value!r}")
        seen.add(value.casefold())
        out.append(value)
    return "|".join(out)


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 TSV file with a header row."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def render_tsv(columns: list[str], rows: list[dict[str, str]]) -> str:
    """TSV text (header + rows, ``\\n`` line ends)."""
    lines = ["\t".join(columns)]
    for row in rows:
        cells = [row.get(c, "") or "" for c in columns]
        for cell in cells:
            if "\t" in cell or "\n" in cell:
                raise ValueError(f"cell contains a tab or newline: {cell!r}")
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- demonyms


_ES_ACCENTLESS = str.maketrans("áéíóú", "aeiou")


def es_feminine(word: str) -> str:
    """Feminine singular of a Spanish demonym (invariable ones are returned as is)."""
    if word.endswith("o"):
        return word[:-1] + "a"
    for ending in ("és", "án", "ín", "ón", "ís"):
        if word.endswith(ending):
            return word[:-2] + ending[0].translate(_ES_ACCENTLESS) + ending[1] + "a"
    if word.endswith("ol"):
        return word + "a"
    return word


def es_plurals(word: str) -> list[str]:
    """Plural(s) of a Spanish demonym: chino → chinos, francés → franceses, iraní →
    iraníes (and iranís)."""
    last = word[-1]
    if last in "íú":
        return [word + "es", word + "s"]
    if last in "aeiou":
        return [word + "s"]
    for ending in ("és", "án", "ín", "ón", "ís"):
        if word.endswith(ending):
            return [word[:-2] + ending[0].translate(_ES_ACCENTLESS) + ending[1] + "es"]
    if last in "sx":
        return [word]
    return [word + "es"]


def es_forms(token: str) -> list[str]:
    """All four forms (m/f, sg/pl) of a Spanish demonym, lower case.

    ``token`` is the masculine singular, or ``masc/fem`` for an irregular feminine.
    """
    token = token.strip().lower()
    if "/" in token:
        masc, fem = (t.strip() for t in token.split("/", 1))
    else:
        masc, fem = token, es_feminine(token)
    forms = [masc, fem, *es_plurals(masc), *es_plurals(fem)]
    return list(dict.fromkeys(forms))


_EN_NO_PLURAL = ("ese", "sh", "tch", "nch", "ss", "ic", "y", "s", "x", "z")


def en_forms(token: str) -> list[str]:
    """An English demonym and its plural noun (American → Americans; Chinese stays).

    A trailing ``*`` marks a form with no regular plural (``Vatican*``, ``Basotho*``).
    """
    token = token.strip()
    if token.endswith("*"):
        return [token[:-1]]
    if token.endswith(_EN_NO_PLURAL) and not token.endswith("ech"):
        return [token]
    return [token, token + "s"]


# ----------------------------------------------------------------------------- countries


_ARTICLE = re.compile(r"^(?:the|el|la|los|las)\s+", re.I)
_TRAILING_PAREN = re.compile(r"\s*\((?:the|el|la|los|las|le|les|l')\)\s*$", re.I)
_OF_PAREN = re.compile(r"^(.+?)\s+\(((?:.+\s)?(?:of|of the|de|del|de la|de los|de las))\)$")


def clean_un_name(name: str) -> str | None:
    """A usable alias from a UN/ISO name, or None.

    ``the Russian Federation`` → ``Russian Federation``; ``Afganistán (el)`` →
    ``Afganistán``; ``Bolivia (Estado Plurinacional de)`` → ``Estado Plurinacional de
    Bolivia``. Names with commas or left-over parentheses are dropped.
    """
    name = name.replace("*", "").strip()
    name = _TRAILING_PAREN.sub("", name)
    name = _ARTICLE.sub("", name)
    match = _OF_PAREN.match(name)
    if match:
        name = f"{match[2]} {match[1]}"
    name = " ".join(name.split())
    if not name or "," in name or "(" in name or ")" in name:
        return None
    return name


def build_countries(shared: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """countries.tsv rows, and the capital place rows they refer to."""
    csv_rows = {}
    with (shared / "country-codes.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            iso3 = row["ISO3166-1-Alpha-3"].strip()
            if ISO3_RE.match(iso3):
                csv_rows[iso3] = {k: (v or "").replace("\xa0", " ").strip() for k, v in row.items()}
    hand = {row["iso3"]: row for row in read_tsv(HAND / "countries.tsv")}
    # names in the source data that are common words in a language ("Reunión")
    not_names: dict[str, set[str]] = {"es": set(), "en": set()}
    for row in read_tsv(HAND / "not_names.tsv"):
        not_names[row["lang"]].add(row["name"])
    missing = [
        iso3
        for iso3, row in csv_rows.items()
        if row["is_independent"] == "Yes" and iso3 not in hand
    ]
    if missing:
        raise SystemExit(f"hand/countries.tsv lacks sovereign states: {', '.join(missing)}")

    countries: list[dict[str, str]] = []
    capitals: list[dict[str, str]] = []
    for iso3 in sorted(set(csv_rows) | set(hand)):
        src = csv_rows.get(iso3, {})
        extra = hand.get(iso3, {})
        status = src.get("is_independent") or EXTRA_COUNTRIES.get(iso3, ("", ""))[1]
        iso2 = src.get("ISO3166-1-Alpha-2") or EXTRA_COUNTRIES.get(iso3, ("", ""))[0]
        qid = src.get("wikidata_id", "").rsplit("/", 1)[-1]
        qid_source = COUNTRY_CODES_SOURCE if QID_RE.match(qid) else ""
        if not QID_RE.match(qid):
            qid, qid_source = COUNTRY_QID_SUPPLEMENT.get(iso3, ("", ""))
        name_en = extra.get("name_en") or src.get("CLDR display name") or src["official_name_en"]
        name_es = extra.get("name_es") or clean_un_name(src.get("official_name_es", "")) or ""
        un_en = [
            src.get(col, "")
            for col in ("official_name_en", "UNTERM English Formal", "UNTERM English Short")
        ]
        un_es = [
            src.get(col, "")
            for col in ("official_name_es", "UNTERM Spanish Formal", "UNTERM Spanish Short")
        ]
        cldr = src.get("CLDR display name", "")
        if " - " not in cldr and "&" not in cldr:
            un_en.append(cldr)
        aliases_en = split_cell(extra.get("aliases_en")) + [
            n for n in (clean_un_name(x) for x in un_en if x) if n and n not in not_names["en"]
        ]
        aliases_es = split_cell(extra.get("aliases_es")) + [
            n for n in (clean_un_name(x) for x in un_es if x) if n and n not in not_names["es"]
        ]
        demonyms_en = [f for t in split_cell(extra.get("demonyms_en")) for f in en_forms(t)]
        demonyms_es = [f for t in split_cell(extra.get("demonyms_es")) for f in es_forms(t)]
        capital_key = ""
        if extra.get("capital_en"):
            capital_key = extra.get("capital_key") or "place/" + slugify(extra["capital_en"])
            capitals.append(
                {
                    "key": capital_key,
                    "name_en": extra["capital_en"],
                    "name_es": extra.get("capital_es") or extra["capital_en"],
                    "country": iso3,
                    "kind": "capital",
                }
            )
        countries.append(
            {
                "key": f"country/{iso3.lower()}",
                "iso3": iso3,
                "iso2": iso2,
                "qid": qid,
                "qid_source": qid_source,
                "independent": "yes" if status == "Yes" else "no",
                "status": status,
                "name_en": name_en,
                "name_es": name_es,
                "aliases_en": join_cell(aliases_en, exclude=[name_en]),
                "aliases_es": join_cell(aliases_es, exclude=[name_es]),
                "demonyms_en": join_cell(demonyms_en),
                "demonyms_es": join_cell(demonyms_es),
                "capital_key": capital_key,
                # UN M49 region, sub-region and intermediate region ("Americas|Latin
                # America and the Caribbean|South America"): for "el mandatario asiático"
                "regions": join_cell(
                    src.get(col, "")
                    for col in ("Region Name", "Sub-region Name", "Intermediate Region Name")
                    if src.get(col)
                ),
            }
        )
    return countries, capitals


# ----------------------------------------------------------------------------- places


def build_places(capitals: list[dict[str, str]]) -> list[dict[str, str]]:
    """places.tsv rows: capitals merged with hand/places.tsv (hand values win)."""
    places: dict[str, dict[str, str]] = {}
    for cap in capitals:
        if cap["key"] in places:
            raise SystemExit(f"two capitals share the key {cap['key']}; set capital_key")
        places[cap["key"]] = {c: cap.get(c, "") for c in PLACE_COLUMNS}
    for row in read_tsv(HAND / "places.tsv"):
        key = row["key"]
        base = places.setdefault(key, {c: "" for c in PLACE_COLUMNS} | {"key": key})
        for col in PLACE_COLUMNS:
            if col.startswith("aliases_"):
                base[col] = join_cell(split_cell(base[col]) + split_cell(row.get(col)))
            elif row.get(col):
                base[col] = row[col]
    for row in places.values():
        if not row["name_en"]:
            raise SystemExit(f"hand/places.tsv: {row['key']} has no name_en (not a capital)")
        row["name_es"] = row["name_es"] or row["name_en"]
        row["aliases_en"] = join_cell(split_cell(row["aliases_en"]), exclude=[row["name_en"]])
        row["aliases_es"] = join_cell(split_cell(row["aliases_es"]), exclude=[row["name_es"]])
    return sorted(places.values(), key=lambda r: r["key"])


# ----------------------------------------------------------------------------- organisations


def build_organizations(shared: Path) -> list[dict[str, str]]:
    """organizations.tsv rows from supraverden + hand supplements."""
    sv_rows = read_tsv(shared / "supraverden_intl_orgs.tsv")
    qid_count: dict[str, int] = defaultdict(int)
    for row in sv_rows:
        if row.get("qid"):
            qid_count[row["qid"]] += 1
    extras = {row["qid"]: row for row in read_tsv(HAND / "organization_extras.tsv")}
    out: dict[str, dict[str, str]] = {}

    def add(row: dict[str, str]) -> None:
        key = row["key"]
        n = 2
        while key in out:
            key = f"{row['key']}-{n}"
            n += 1
        row["key"] = key
        out[key] = row

    for row in sv_rows:
        name_en = row.get("name_en", "")
        if not name_en:
            continue
        qid = row.get("qid", "")
        # a QID given to two different organisations cannot be right for both
        if qid and (not QID_RE.match(qid) or qid_count[qid] > 1):
            qid = ""
        extra = extras.get(qid, {}) if qid else {}
        name_es = extra.get("name_es") or row.get("name_es", "")
        abbreviations = split_cell(row.get("abbreviation_en")) + split_cell(
            extra.get("abbreviations")
        )
        aliases_en = [a for a in split_cell(row.get("other_names_en")) if a != "None"] + split_cell(
            extra.get("aliases_en")
        )
        sensitive = split_cell(extra.get("case_sensitive_aliases")) + [
            a for a in abbreviations if len(a) <= SHORT_ABBREVIATION and a.isupper()
        ]
        family = row.get("org_family", "")
        add(
            {
                "key": f"org/{qid.lower()}" if qid else "org/" + slugify(name_en),
                "qid": qid,
                "qid_source": SUPRAVERDEN_SOURCE if qid else "",
                "name_en": name_en,
                "name_es": name_es,
                "abbreviations": join_cell(abbreviations),
                "aliases_en": join_cell(aliases_en, exclude=[name_en]),
                "aliases_es": join_cell(split_cell(extra.get("aliases_es")), exclude=[name_es]),
                "kind": "igo",
                "country": "",
                "case_sensitive_aliases": join_cell(sensitive),
                "family": "" if family in ("", "none") else family,
            }
        )
    unknown = set(extras) - {r["qid"] for r in out.values()}
    if unknown:
        raise SystemExit(f"hand/organization_extras.tsv: QIDs not in supraverden: {unknown}")
    for row in read_tsv(HAND / "organizations.tsv"):
        if row["key"] in out:
            raise SystemExit(f"hand/organizations.tsv: key {row['key']} already exists")
        abbreviations = split_cell(row.get("abbreviations"))
        sensitive = split_cell(row.get("case_sensitive_aliases")) + [
            a for a in abbreviations if len(a) <= SHORT_ABBREVIATION and a.isupper()
        ]
        merged = {c: row.get(c, "") for c in ORG_COLUMNS}
        merged["abbreviations"] = join_cell(abbreviations)
        merged["aliases_en"] = join_cell(
            split_cell(row.get("aliases_en")), exclude=[row["name_en"]]
        )
        merged["aliases_es"] = join_cell(
            split_cell(row.get("aliases_es")), exclude=[row["name_es"]]
        )
        merged["case_sensitive_aliases"] = join_cell(sensitive)
        out[row["key"]] = merged
    for fix in read_tsv(HAND / "organization_name_fixes.tsv"):
        row = out.get(fix["key"])
        if row is None or not _drop_org_name(row, fix["name"]):
            raise SystemExit(
                f"hand/organization_name_fixes.tsv: {fix['key']} has no name {fix['name']!r}"
            )
    return sorted(out.values(), key=lambda r: r["key"])


#: the organisation columns that hold names (``case_sensitive_aliases`` only marks some)
ORG_NAME_COLUMNS = ("name_en", "name_es", "abbreviations", "aliases_en", "aliases_es")


def _drop_org_name(row: dict[str, str], name: str) -> bool:
    """Remove ``name`` from every name column of an organisation row; False if absent."""
    found = False
    for col in (*ORG_NAME_COLUMNS, "case_sensitive_aliases"):
        values = split_cell(row[col])
        kept = [v for v in values if v != name]
        if len(kept) != len(values):
            found = found or col != "case_sensitive_aliases"
            row[col] = join_cell(kept)
    return found


def name_fold(text: str) -> str:
    """Case-, accent- and space-insensitive form of a name: ``diplokg.knowledge.text.fold``,
    written again because this script runs on the standard library alone."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


# ----------------------------------------------------------------------------- checks


def _parse_date(value: str, where: str, problems: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: bad date {value!r}")
        return None


def check(tables: dict[str, list[dict[str, str]]]) -> list[str]:
    """Consistency problems across all tables (empty list = fine)."""
    problems: list[str] = []
    iso3s = {r["iso3"] for r in tables["countries.tsv"]}
    keys_by_table = {name: [r.get("key", "") for r in rows] for name, rows in tables.items()}
    for name, keys in keys_by_table.items():
        if not keys or not keys[0]:
            continue
        seen: set[str] = set()
        for key in keys:
            if key in seen:
                problems.append(f"{name}: duplicate key {key}")
            seen.add(key)
    patterns = {
        "countries.tsv": r"^country/[a-z]{3}$",
        "places.tsv": r"^place/[a-z0-9-]+$",
        "organizations.tsv": r"^org/[a-z0-9-]+$",
        "people.tsv": r"^person/[a-z0-9-]+$",
        "infrastructure.tsv": r"^pipeline/[a-z0-9-]+$",
        "commodities.tsv": r"^commodity/[a-z0-9-]+$",
    }
    qid_owner: dict[str, str] = {}
    for name, pattern in patterns.items():
        for row in tables[name]:
            if not re.match(pattern, row["key"]):
                problems.append(f"{name}: malformed key {row['key']!r}")
            qid = row.get("qid", "")
            if qid:
                if not QID_RE.match(qid):
                    problems.append(f"{name}: {row['key']}: bad QID {qid!r}")
                if not row.get("qid_source"):
                    problems.append(f"{name}: {row['key']}: QID without qid_source")
                if qid in qid_owner and qid_owner[qid] != row["key"]:
                    problems.append(f"{name}: {row['key']}: QID {qid} also on {qid_owner[qid]}")
                qid_owner[qid] = row["key"]
    place_keys = set(keys_by_table["places.tsv"])
    for row in tables["countries.tsv"]:
        if row["capital_key"] and row["capital_key"] not in place_keys:
            problems.append(f"countries.tsv: {row['key']}: unknown capital {row['capital_key']}")
        if row["independent"] == "yes" and not (row["demonyms_en"] and row["demonyms_es"]):
            problems.append(f"countries.tsv: {row['key']}: sovereign state without demonyms")
    for row in tables["places.tsv"]:
        for col in ("country", "stands_for"):
            if row[col] and row[col] not in iso3s:
                problems.append(f"places.tsv: {row['key']}: unknown {col} {row[col]}")
        if row["kind"] not in {"capital", "city", "region", "building"}:
            problems.append(f"places.tsv: {row['key']}: bad kind {row['kind']!r}")
    for row in tables["organizations.tsv"]:
        if row["country"] and row["country"] not in iso3s:
            problems.append(f"organizations.tsv: {row['key']}: unknown country {row['country']}")
        if row["kind"] not in {"igo", "agency", "company", "party", "ngo", "government"}:
            problems.append(f"organizations.tsv: {row['key']}: bad kind {row['kind']!r}")
    org_name_owner: dict[str, str] = {}
    for row in tables["organizations.tsv"]:
        for col in ORG_NAME_COLUMNS:
            for name in split_cell(row[col]):
                # one name of two organisations would be linked to whichever loads first
                owner = org_name_owner.setdefault(name_fold(name), row["key"])
                if owner != row["key"]:
                    problems.append(f"organizations.tsv: {name!r} names {owner} and {row['key']}")
    people = set(keys_by_table["people.tsv"])
    orgs = set(keys_by_table["organizations.tsv"])
    alias_owner: dict[str, str] = {}
    for row in tables["people.tsv"]:
        if row["gender"] not in {"m", "f"}:
            problems.append(f"people.tsv: {row['key']}: gender must be m or f")
        aliases = split_cell(row["aliases"])
        if row["name"] in aliases or len(aliases) != len(set(aliases)):
            problems.append(f"people.tsv: {row['key']}: repeated name or alias")
        for alias in [row["name"], *aliases]:
            # one surface form naming two people would be linked at random
            if alias_owner.setdefault(alias, row["key"]) != row["key"]:
                problems.append(
                    f"people.tsv: {alias!r} names {alias_owner[alias]} and {row['key']}"
                )
    spans: dict[tuple[str, str], list[tuple[date, date | None, str]]] = defaultdict(list)
    for i, row in enumerate(tables["office_holders.tsv"], start=2):
        where = f"office_holders.tsv:{i}"
        if row["person"] not in people:
            problems.append(f"{where}: unknown person {row['person']}")
        if row["of"] not in iso3s and row["of"] not in orgs:
            problems.append(f"{where}: unknown country or organisation {row['of']}")
        if not row["source"]:
            problems.append(f"{where}: no source")
        start = _parse_date(row["start"], where, problems)
        end = _parse_date(row["end"], where, problems)
        if start is None:
            problems.append(f"{where}: no start date")
            continue
        if end is not None and not start < end:
            problems.append(f"{where}: start {start} not before end {end}")
        spans[(row["office"], row["of"])].append((start, end, row["person"]))
    for (office, of), terms in spans.items():
        terms.sort(key=lambda t: t[0])
        for (s1, e1, p1), (s2, _e2, p2) in itertools.pairwise(terms):
            if e1 is None or e1 > s2:
                problems.append(f"office_holders.tsv: {office} of {of}: {p1} ({s1}–) overlaps {p2}")
    held = {(r["office"], r["of"]) for r in tables["office_holders.tsv"]}
    for row in tables["leader_office.tsv"]:
        if row["iso3"] not in iso3s:
            problems.append(f"leader_office.tsv: unknown country {row['iso3']}")
        if (row["office"], row["iso3"]) not in held:
            problems.append(f"leader_office.tsv: {row['iso3']}: nobody holds {row['office']}")
    countries_held = {of for (_o, of) in held if of in iso3s}
    missing_leader = countries_held - {r["iso3"] for r in tables["leader_office.tsv"]}
    if missing_leader:
        problems.append(f"leader_office.tsv: no row for {sorted(missing_leader)}")
    for row in tables["offices.tsv"]:
        if row["lang"] not in {"es", "en"}:
            problems.append(f"offices.tsv: bad lang {row['lang']!r}")
        if row["title"] != row["title"].lower():
            problems.append(f"offices.tsv: title not lower case {row['title']!r}")
        if row["country"] != "*" and row["country"] not in iso3s:
            problems.append(f"offices.tsv: unknown country {row['country']!r}")
        if not row["rank"].isdigit():
            problems.append(f"offices.tsv: rank must be a number ({row['title']})")
    commodities = set(keys_by_table["commodities.tsv"])
    for row in tables["infrastructure.tsv"]:
        for iso3 in split_cell(row["countries"]):
            if iso3 not in iso3s:
                problems.append(f"infrastructure.tsv: {row['key']}: unknown country {iso3}")
        if row["commodity"] and row["commodity"] not in commodities:
            problems.append(f"infrastructure.tsv: {row['key']}: unknown {row['commodity']}")
    return problems


# ----------------------------------------------------------------------------- main


def build(shared: Path) -> dict[str, str]:
    """Every generated table's text, keyed by file name (also runs the checks)."""
    countries, capitals = build_countries(shared)
    places = build_places(capitals)
    organizations = build_organizations(shared)
    tables: dict[str, list[dict[str, str]]] = {
        "countries.tsv": countries,
        "places.tsv": places,
        "organizations.tsv": organizations,
    }
    for name, columns in HAND_COLUMNS.items():
        rows = read_tsv(GAZ / name)
        if rows and list(rows[0]) != columns:
            raise SystemExit(f"{name}: columns {list(rows[0])} != {columns}")
        tables[name] = rows
    problems = check(tables)
    if problems:
        raise SystemExit("gazetteer problems:\n  " + "\n  ".join(problems))
    return {
        "countries.tsv": render_tsv(COUNTRY_COLUMNS, countries),
        "places.tsv": render_tsv(PLACE_COLUMNS, places),
        "organizations.tsv": render_tsv(ORG_COLUMNS, organizations),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="reference data")
    parser.add_argument("--check", action="store_true", help="fail if outputs are stale")
    args = parser.parse_args(argv)
    outputs = build(args.shared)
    stale = []
    for name, text in outputs.items():
        path = GAZ / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)} ({text.count(chr(10)) - 1} rows)")
    if stale:
        print(f"stale: {', '.join(stale)} (run scripts/build_gazetteer.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
