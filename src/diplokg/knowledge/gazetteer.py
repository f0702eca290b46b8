"""The offline gazetteer: canonical entities, their names, QIDs and office holders.

Everything comes from TSV files under ``data/gazetteer/`` (see ``data/README.md`` for
sources and licences). Cells holding several values separate them with ``|``.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from diplokg.knowledge.text import fold
from diplokg.model import EntityType

QID_RE = re.compile(r"^Q[1-9][0-9]*$")


@dataclass(frozen=True)
class Alias:
    """A surface form of an entity in one language ('*' = any language).

    ``case_sensitive`` marks a form that is an ordinary word or very short ("UN",
    "WHO"): it is only ever matched exactly as written."""

    form: str
    lang: str = "*"
    case_sensitive: bool = True


@dataclass(frozen=True)
class GazetteerEntry:
    """One canonical entity known offline."""

    key: str
    type: EntityType
    labels: dict[str, str]
    qid: str | None = None
    aliases: tuple[Alias, ...] = ()
    kind: str = ""
    country: str | None = None  # country key the entity belongs to
    stands_for: str | None = None  # country key a place name is a metonym for
    commodity: str | None = None  # pipelines: commodity key

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or next(iter(self.labels.values()))

    def names(self) -> set[str]:
        """Every name the entry goes by: its labels and aliases."""
        return {a.form for a in self.aliases} | set(self.labels.values())


@dataclass(frozen=True)
class OfficeTerm:
    """A person holding an office of a country or organisation for a time."""

    person: str
    office: str
    of: str
    start: date | None
    end: date | None
    source: str = ""

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Title:
    """A title word ("presidente", "canciller") and the office it denotes."""

    lang: str
    title: str
    office: str
    country: str  # country key, or "*" for any
    rank: int = 0


@dataclass
class Gazetteer:
    """All offline knowledge the linker uses, indexed for lookup."""

    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    demonyms: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (lang, folded demonym) → the states it may stand for, when more than one
    #: ("congoleño": both Congos); the article tells which (``Linker``)
    shared_demonyms: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    titles: list[Title] = field(default_factory=list)
    terms: list[OfficeTerm] = field(default_factory=list)
    leader_office: dict[str, str] = field(default_factory=dict)
    epithets: dict[tuple[str, str], str] = field(default_factory=dict)
    #: country key → UN M49 regions it lies in ("Asia", "Eastern Asia")
    regions: dict[str, frozenset[str]] = field(default_factory=dict)
    #: (lang, folded adjective) → region ("asiático" → "Asia")
    region_adjectives: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (lang, folded noun) of state institutions: "el Gobierno chino" is China
    institution_nouns: frozenset[tuple[str, str]] = frozenset()
    #: office code → its name per language ("head_of_state" → "jefe de Estado")
    office_names: dict[str, dict[str, str]] = field(default_factory=dict)
    topics: dict[str, GazetteerEntry] = field(default_factory=dict)
    commodities: dict[str, GazetteerEntry] = field(default_factory=dict)
    _folded: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    _iso3: dict[str, str] = field(default_factory=dict)
    #: office terms by person and by state or body, and titles by (lang, folded
    #: title), indexed on first use (again if terms or titles were added since)
    _indexed: tuple[int, int] = (-1, -1)
    _terms_of_person: dict[str, list[OfficeTerm]] = field(default_factory=dict)
    _terms_of_body: dict[str, list[OfficeTerm]] = field(default_factory=dict)
    _titles_by_word: dict[tuple[str, str], list[Title]] = field(default_factory=dict)

    # -- lookups --------------------------------------------------------------
    def get(self, key: str) -> GazetteerEntry | None:
        return self.entries.get(key) or self.topics.get(key) or self.commodities.get(key)

    def lookup(self, surface: str) -> list[GazetteerEntry]:
        """Entries whose name or alias folds to ``surface``."""
        return [self.entries[k] for k in self._folded.get(fold(surface), ())]

    def country_by_iso3(self, iso3: str) -> str | None:
        return self._iso3.get(iso3.upper())

    def demonym(self, word: str, lang: str) -> str | None:
        """Country key for a demonym ("chino", "Russian"), else None; None too for a
        demonym several states share (:meth:`demonym_states`)."""
        if (lang, fold(word)) in self.shared_demonyms:
            return None
        return self.demonyms.get((lang, fold(word))) or self.demonyms.get(("*", fold(word)))

    def demonym_states(self, word: str, lang: str) -> tuple[str, ...]:
        """The states a demonym several of them share may stand for, else ()."""
        return self.shared_demonyms.get((lang, fold(word)), ())

    def names_of_state(self, key: str) -> set[str]:
        """Folded names that tell a state apart in a text: its own, those of its places
        and bodies, and those of the people who held its offices."""
        people = {t.person for t in self._terms_of(key)}
        return {
            fold(name)
            for entry in self.entries.values()
            if entry.key == key or entry.country == key or entry.key in people
            for name in entry.names()
        }

    def _terms_of(self, of: str) -> list[OfficeTerm]:
        self._index()
        return self._terms_of_body.get(of, [])

    def region_of_adjective(self, word: str, lang: str) -> str | None:
        """The region a regional adjective names ("asiático" → "Asia"), else None."""
        return self.region_adjectives.get((lang, fold(word)))

    def in_region(self, country: str, region: str) -> bool:
        return region in self.regions.get(country, frozenset())

    def epithet(self, phrase: str, lang: str) -> str | None:
        return self.epithets.get((lang, fold(phrase)))

    def _index(self) -> None:
        if self._indexed == (len(self.terms), len(self.titles)):
            return
        by_person: dict[str, list[OfficeTerm]] = defaultdict(list)
        by_body: dict[str, list[OfficeTerm]] = defaultdict(list)
        for term in self.terms:
            by_person[term.person].append(term)
            by_body[term.of].append(term)
        by_word: dict[tuple[str, str], list[Title]] = defaultdict(list)
        for title in self.titles:
            by_word[(title.lang, fold(title.title))].append(title)
        self._terms_of_person, self._terms_of_body = dict(by_person), dict(by_body)
        self._titles_by_word = dict(by_word)
        self._indexed = (len(self.terms), len(self.titles))

    def title_office(self, lang: str, title: str, country: str | None) -> str | None:
        """The office a title denotes for a country ("canciller" + Germany → head of govt)."""
        self._index()
        best: Title | None = None
        for cand in self._titles_by_word.get((lang, fold(title)), ()):
            if cand.country not in ("*", country):
                continue
            specific = cand.country != "*"
            if (
                best is None
                or (specific and best.country == "*")
                or (specific == (best.country != "*") and cand.rank > best.rank)
            ):
                best = cand
        return best.office if best else None

    def is_title(self, lang: str, word: str) -> bool:
        self._index()
        return (lang, fold(word)) in self._titles_by_word

    def holders(self, office: str, of: str, on: date) -> list[str]:
        """People holding ``office`` of ``of`` on ``on``."""
        if office == "leader":
            office = self.leader_office.get(of, "head_of_state")
        self._index()
        terms = self._terms_of_body.get(of, ())
        return [t.person for t in terms if t.office == office and t.covers(on)]

    def has_offices(self, of: str) -> bool:
        """Whether the gazetteer knows who held an office of ``of`` (a state or a body)."""
        self._index()
        return of in self._terms_of_body

    def offices_of(self, person: str, on: date | None = None) -> list[OfficeTerm]:
        self._index()
        terms = self._terms_of_person.get(person, ())
        return [t for t in terms if on is None or t.covers(on)]

    def leads(self, person: str, on: date | None = None) -> list[str]:
        """Countries/organisations the person leads (head of state or government)."""
        leading = {"head_of_state", "head_of_government", "paramount_leader", "secretary_general"}
        return sorted({t.of for t in self.offices_of(person, on) if t.office in leading})

    def value_labels(self) -> dict[str, dict[str, str]]:
        """Labels of topic and commodity nodes (value nodes of relations)."""
        return {k: dict(e.labels) for k, e in {**self.topics, **self.commodities}.items()}

    def iter_aliases(self) -> Iterator[tuple[GazetteerEntry, Alias]]:
        for entry in self.entries.values():
            for alias in entry.aliases:
                yield entry, alias

    # -- building -------------------------------------------------------------
    def add(self, entry: GazetteerEntry) -> None:
        self.entries[entry.key] = entry
        for form in entry.names():
            keys = self._folded[fold(form)]
            if entry.key not in keys:
                keys.append(entry.key)


def _split(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split("|") if v.strip()]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield {k: (v or "").strip() for k, v in row.items() if k}


def _qid(cell: str) -> str | None:
    cell = cell.strip().rsplit("/", 1)[-1]
    return cell if QID_RE.match(cell) else None


def _date(cell: str) -> date | None:
    return date.fromisoformat(cell) if cell else None


def _names(row: dict[str, str], case_sensitive: frozenset[str] = frozenset()) -> tuple:
    labels = {lang: row[f"name_{lang}"] for lang in ("en", "es") if row.get(f"name_{lang}")}
    aliases = [Alias(v, lang) for lang, v in labels.items()]
    for lang in ("en", "es"):
        aliases += [Alias(a, lang) for a in _split(row.get(f"aliases_{lang}"))]
    aliases += [Alias(a, "*") for a in _split(row.get("abbreviations"))]
    return labels, tuple(aliases)


def _entry(gz: Gazetteer, row: dict[str, str], etype: EntityType, **fields) -> GazetteerEntry:
    """A gazetteer entry from a table row with ``key``, ``qid``, names and aliases."""
    labels, aliases = _names(row)
    fields.setdefault("aliases", aliases)
    fields.setdefault("kind", row.get("kind", ""))
    if row.get("country"):
        fields.setdefault("country", gz.country_by_iso3(row["country"]))
    return GazetteerEntry(row["key"], etype, labels, _qid(row.get("qid", "")), **fields)


@cache
def load_gazetteer(data_dir: Path) -> Gazetteer:
    """Load every gazetteer table under ``data_dir/gazetteer`` (cached per folder)."""
    gz_dir = data_dir / "gazetteer"
    gz = Gazetteer()
    for row in _rows(gz_dir / "countries.tsv"):
        labels, aliases = _names(row)
        key = row["key"]
        gz._iso3[row["iso3"].upper()] = key
        gz.add(
            GazetteerEntry(
                key,
                EntityType.COUNTRY,
                labels,
                _qid(row.get("qid", "")),
                aliases,
                kind="state" if row.get("independent") == "yes" else "territory",
            )
        )
        for lang in ("en", "es"):
            for dem in _split(row.get(f"demonyms_{lang}")):
                known = gz.demonyms.setdefault((lang, fold(dem)), key)
                if known != key:
                    shared = gz.shared_demonyms.get((lang, fold(dem)), (known,))
                    gz.shared_demonyms[(lang, fold(dem))] = (*shared, key)
        gz.regions[key] = frozenset(_split(row.get("regions")))
    for row in _rows(gz_dir / "region_adjectives.tsv"):
        gz.region_adjectives[(row["lang"], fold(row["adjective"]))] = row["region"]
    gz.institution_nouns = frozenset(
        (row["lang"], fold(row["noun"])) for row in _rows(gz_dir / "institution_nouns.tsv")
    )
    for row in _rows(gz_dir / "office_names.tsv"):
        gz.office_names[row["office"]] = {"en": row["name_en"], "es": row["name_es"]}
    for row in _rows(gz_dir / "places.tsv"):
        stands = gz.country_by_iso3(row["stands_for"]) if row.get("stands_for") else None
        gz.add(_entry(gz, row, EntityType.PLACE, stands_for=stands))
    for row in _rows(gz_dir / "organizations.tsv"):
        labels, aliases = _names(row)
        if not labels:
            continue
        sensitive = set(_split(row.get("case_sensitive_aliases")))
        aliases = tuple(Alias(a.form, a.lang, a.form in sensitive) for a in aliases) + tuple(
            Alias(a, "*", True) for a in sensitive if a not in {x.form for x in aliases}
        )
        gz.add(_entry(gz, row, EntityType.ORGANIZATION, aliases=aliases))
    for row in _rows(gz_dir / "people.tsv"):
        name = row["name"]
        aliases = (Alias(name), *(Alias(a) for a in _split(row.get("aliases"))))
        gz.add(
            GazetteerEntry(
                row["key"],
                EntityType.PERSON,
                {"en": name, "es": name},
                _qid(row.get("qid", "")),
                aliases,
                kind=row.get("gender", ""),
            )
        )
    for row in _rows(gz_dir / "infrastructure.tsv"):
        gz.add(
            _entry(
                gz,
                row,
                EntityType.PIPELINE,
                kind=row.get("type", "Pipeline"),
                commodity=row.get("commodity") or None,
            )
        )
    for row in _rows(gz_dir / "commodities.tsv"):
        labels, aliases = _names(row)
        gz.commodities[row["key"]] = GazetteerEntry(
            row["key"], EntityType.PLACE, labels, None, aliases, kind="commodity"
        )
    for row in _rows(gz_dir / "topics.tsv"):
        labels, aliases = _names(row)
        gz.topics[row["key"]] = GazetteerEntry(
            row["key"],
            EntityType.PLACE,
            labels,
            None,
            aliases,
            kind="topic",
            country=row.get("entity") or None,
        )
    for row in _rows(gz_dir / "office_holders.tsv"):
        of = row["of"]
        of_key = gz.country_by_iso3(of) if len(of) == 3 and of.isupper() else of
        gz.terms.append(
            OfficeTerm(
                row["person"],
                row["office"],
                of_key or of,
                _date(row.get("start", "")),
                _date(row.get("end", "")),
                row.get("source", ""),
            )
        )
    for row in _rows(gz_dir / "offices.tsv"):
        country = row.get("country") or "*"
        if country != "*":
            country = gz.country_by_iso3(country) or country
        gz.titles.append(
            Title(row["lang"], row["title"], row["office"], country, int(row.get("rank") or 0))
        )
    for row in _rows(gz_dir / "leader_office.tsv"):
        key = gz.country_by_iso3(row["iso3"])
        if key:
            gz.leader_office[key] = row["office"]
    for row in _rows(gz_dir / "epithets.tsv"):
        key = gz.country_by_iso3(row["country"])
        if key:
            gz.epithets[(row["lang"], fold(row["phrase"]))] = key
    return gz
