"""Write N realistic synthetic diplomacy articles, for scale benchmarks of ``diplokg build``.

    .venv/bin/python bench/make_corpus.py 1000 /tmp/corpus-1k          # 1,000 articles
    .venv/bin/python bench/make_corpus.py 10000 /tmp/corpus-10k --seed 1

Every article is built from templates over the gazetteer: leaders who held office on
the article's date (``office_holders.tsv``) and their countries, capitals as places,
varied events (visits, phone and video calls, meetings, agreements, statements with
quotes, sanctions, summits), dates in several forms (explicit day, weekday, "last
month", undated), half in Spanish and half in English, with page chrome (share
buttons, newsletter prompts, "read also" links, bylines, adverts) that the reader must
drop. Most articles go to JSON Lines shards of 1,000; one in ten is an HTML page of
its own, with navigation and a footer. The corpus is deterministic for a seed.

Unlike ``bench_pipeline.py --synthetic`` (which recombines the real articles, so
their entities and triples repeat), actors, dates and events vary here as they do
in a news feed; that matters for the store, where shared triples are written once.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from diplokg.config import Settings
from diplokg.knowledge.gazetteer import Gazetteer, load_gazetteer
from diplokg.model import EntityType

SHARD = 1000
START, DAYS = date(2022, 1, 1), 4 * 365

MONTHS = {
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
WEEKDAYS = {
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
TITLE = {"es": "{o} de {c}", "en": "{o} of {c}"}

EVENTS = {
    "es": [
        "{a}, {ta}, visitó {p} {d} para reunirse con {b}, {tb}.",
        "{a} y {b} mantuvieron {d} una conversación telefónica sobre {topic}.",
        "{a} sostuvo {d} una videollamada con {b} para hablar de {topic}.",
        "{a} se reunió {d} con {b} en {p}, donde ambos abordaron {topic}.",
        "{ca} y {cb} firmaron {d} un acuerdo de cooperación sobre {topic}.",
        "{ca} anunció {d} nuevas sanciones contra {cb} por {topic}.",
        "{a} viajará a {p} el próximo mes para una cumbre con {b}.",
        "{a} felicitó {d} a {b} por su victoria electoral.",
    ],
    "en": [
        "{a}, {ta}, visited {p} {d} to meet {b}, {tb}.",
        "{a} and {b} held a phone call {d} about {topic}.",
        "{a} held a video call with {b} {d} to discuss {topic}.",
        "{a} met {b} in {p} {d}, where the two discussed {topic}.",
        "{ca} and {cb} signed a cooperation agreement {d} on {topic}.",
        "{ca} announced new sanctions against {cb} {d} over {topic}.",
        "{a} will travel to {p} next month for a summit with {b}.",
        "{a} congratulated {b} {d} on the election victory.",
    ],
}
QUOTES = {
    "es": '"{q}", declaró {a} a la prensa.',
    "en": '"{q}," {a} told reporters.',
}
QUOTE_TEXT = {
    "es": [
        "Nuestra relación atraviesa su mejor momento",
        "Seguiremos trabajando por la paz y la estabilidad",
        "Las diferencias se resuelven con diálogo",
    ],
    "en": [
        "Our relationship has never been stronger",
        "We will keep working for peace and stability",
        "Differences are settled through dialogue",
    ],
}
TOPICS = {
    "es": [
        "el comercio bilateral", "la seguridad regional", "la energía", "el cambio climático",
        "la guerra en Ucrania", "las inversiones", "la migración", "el gas natural",
    ],
    "en": [
        "bilateral trade", "regional security", "energy", "climate change",
        "the war in Ukraine", "investment", "migration", "natural gas",
    ],
}  # fmt: skip
FILLER = {
    "es": [
        "Los analistas consideran que el encuentro marca un nuevo capítulo en la relación.",
        "La oposición criticó la falta de transparencia de las negociaciones.",
        "Los mercados reaccionaron con cautela a la noticia.",
        "El comunicado oficial no dio más detalles sobre los próximos pasos.",
    ],
    "en": [
        "Analysts see the meeting as a new chapter in the relationship.",
        "The opposition criticised the lack of transparency in the talks.",
        "Markets reacted cautiously to the news.",
        "The official statement gave no further details on the next steps.",
    ],
}
CHROME = {
    "es": [
        "Compartir", "Publicidad", "Suscríbete a nuestro boletín y recibe las noticias del día",
        "Únete a nuestro canal de WhatsApp", "Lee también: Las claves de la cumbre",
        "Redacción Internacional", "Etiquetas: diplomacia, política exterior",
    ],
    "en": [
        "Share", "Advertisement", "Subscribe to our newsletter for the day's news",
        "Follow us on X", "Read more: What the summit means", "Sign up for alerts",
    ],
}  # fmt: skip
PUBLISHERS = ["Diario Global", "The World Desk", "Agencia Sur", "Daily Courier", "El Observador"]


@dataclass(frozen=True)
class Leader:
    """A person who led a country for a while, with its names."""

    name: str
    office: dict[str, str]
    country: dict[str, str]
    capital: dict[str, str] | None
    start: date | None
    end: date | None


def leaders(gz: Gazetteer) -> list[Leader]:
    """Heads of state or government in the gazetteer, with their country and capital."""
    capitals = {
        e.country: e.labels
        for e in gz.entries.values()
        if e.type is EntityType.PLACE and e.kind == "capital" and e.country
    }
    out = []
    for term in gz.terms:
        person, country = gz.get(term.person), gz.get(term.of)
        if person is None or country is None or country.type is not EntityType.COUNTRY:
            continue
        office = gz.office_names.get(term.office) or {"en": "leader"}
        capital = capitals.get(country.key)
        out.append(
            Leader(person.label("en"), office, country.labels, capital, term.start, term.end)
        )
    return out


def _title(leader: Leader, lang: str) -> str:
    office = leader.office.get(lang) or leader.office.get("en") or "leader"
    country = leader.country.get(lang) or leader.country["en"]
    return TITLE[lang].format(o=("el " + office) if lang == "es" else office, c=country)


def _date_phrase(lang: str, day: date, published: date, rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        weekday = WEEKDAYS[lang][day.weekday()]
        return f"el {weekday}" if lang == "es" else f"on {weekday}"
    if kind < 0.7:
        month = MONTHS[lang][day.month - 1]
        return f"el {day.day} de {month}" if lang == "es" else f"on {month} {day.day}"
    if kind < 0.85:
        return "el mes pasado" if lang == "es" else "last month"
    return "este año" if lang == "es" else "this year"


def article(i: int, pool: Sequence[Leader], rng: random.Random) -> dict[str, object]:
    """One article as a JSON Lines record (text with page chrome)."""
    lang = "es" if i % 2 == 0 else "en"
    published = START + timedelta(days=rng.randrange(DAYS))

    def in_office(leader: Leader) -> bool:
        return (leader.start is None or leader.start <= published) and (
            leader.end is None or published < leader.end
        )

    current = [x for x in pool if in_office(x)] or list(pool)
    paragraphs: list[str] = []
    main = rng.sample(current, 2)
    headline = ""
    for n in range(rng.randint(2, 5)):
        a, b = main if n == 0 else rng.sample(current, 2)
        day = published - timedelta(days=rng.randint(0, 6))
        values = {
            "a": a.name, "b": b.name,
            "ta": _title(a, lang), "tb": _title(b, lang),
            "ca": a.country.get(lang, a.country["en"]), "cb": b.country.get(lang, b.country["en"]),
            "p": (b.capital or b.country).get(lang) or (b.capital or b.country)["en"],
            "d": _date_phrase(lang, day, published, rng),
            "topic": rng.choice(TOPICS[lang]),
        }  # fmt: skip
        sentence = rng.choice(EVENTS[lang]).format(**values)
        if lang == "es":
            sentence = sentence.replace(" de el ", " del ").replace(" a el ", " al ")
        headline = headline or sentence.split(",")[0].rstrip(".")
        body = [sentence]
        if rng.random() < 0.5:
            body.append(QUOTES[lang].format(q=rng.choice(QUOTE_TEXT[lang]), a=a.name))
        body.append(rng.choice(FILLER[lang]))
        paragraphs.append(" ".join(body))
    for _ in range(rng.randint(1, 3)):
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(CHROME[lang]))
    return {
        "id": f"gen-{i:06d}",
        "published": published.isoformat(),
        "lang": lang,
        "title": headline,
        "url": f"https://news.example.org/{lang}/{published:%Y/%m}/gen-{i:06d}",
        "publisher": rng.choice(PUBLISHERS),
        "text": "\n\n".join(paragraphs),
    }


def as_html(record: dict[str, object]) -> str:
    """The article as a web page with navigation and a footer around it."""
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in str(record["text"]).split("\n\n"))
    return (
        f'<!doctype html><html lang="{record["lang"]}"><head><meta charset="utf-8">'
        f"<title>{html.escape(str(record['title']))}</title>"
        f'<meta property="article:published_time" content="{record["published"]}">'
        f'</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{html.escape(str(record['title']))}</h1>{paras}</article>"
        f"<footer><p>© {record['publisher']}. All rights reserved.</p></footer></body></html>"
    )


def write_corpus(n: int, out: Path, seed: int = 0) -> Path:
    """Write ``n`` articles under ``out`` (JSON Lines shards and some HTML pages)."""
    rng = random.Random(seed)
    pool = leaders(load_gazetteer(Settings().data_dir))
    out.mkdir(parents=True, exist_ok=True)
    shard = None
    try:
        for i in range(n):
            record = article(i, pool, rng)
            if i % 10 == 9:
                (out / f"{record['id']}.html").write_text(as_html(record), encoding="utf-8")
                continue
            if shard is None or i % SHARD == 0:
                if shard is not None:
                    shard.close()
                shard = (out / f"shard-{i // SHARD:04d}.jsonl").open("w", encoding="utf-8")
            shard.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if shard is not None:
            shard.close()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``make_corpus.py N OUT [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write_corpus(args.n, args.out, args.seed)
    print(f"wrote {args.n} articles to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
