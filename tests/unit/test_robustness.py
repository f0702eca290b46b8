"""Robustness: messy input never crashes the reader, the extractor or the mapper.

Property-based (hypothesis) over random Unicode text: mixed scripts, control
characters, emoji, right-to-left text and marks, stacked combining marks, very long
paragraphs, random header lines and random JSON Lines. The properties:

* :func:`read_inputs` never raises: it yields an :class:`Article` or a
  :class:`ReadError` for whatever bytes a file holds;
* :meth:`ArticleProcessor.process` never raises on an Article the reader yields, and
  its :class:`ArticleFacts` are valid (confidences in [0, 1], every participant a
  known entity, every fact with non-empty evidence);
* :meth:`Mapper.quads` puts every quad in the article's own graph, and the quads
  load into an (in-memory) :class:`EmbeddedStore`.

Extraction costs about 0.1 ms per character, so texts that reach the
processor are capped (long paragraphs, up to 50k characters, go through the reader
only) to keep this module well under a minute on two cores. Generated text is
NUL-free and holds no lone surrogates. Inputs that once crashed a later stage (lone
surrogates from JSON escapes, a ``url`` that is not an IRI, a publication date at the
ends of the calendar) have regression tests at the end of this module.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from diplokg.build.article import ArticleProcessor
from diplokg.config import Settings
from diplokg.model import Article, ArticleFacts, Passage, PassageKind
from diplokg.rdf.iris import Iris
from diplokg.rdf.mapping import Mapper
from diplokg.read import ReadError, read_inputs
from diplokg.read.headers import HEADER_KEYS
from diplokg.store.embedded import EmbeddedStore

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout; failures print a blob
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

# ------------------------------------------------------------------ strategies

#: any character a UTF-8 file can hold, except NUL (control characters included)
CHARS = st.characters(codec="utf-8", exclude_characters="\x00")

#: pieces that exercise the pipeline: real sentences, other scripts, chrome, markup
FRAGMENTS: tuple[str, ...] = (
    "El presidente chino, Xi Jinping, habló por teléfono con Vladimir Putin el martes.",
    "Rusia y China firmaron un acuerdo de suministro de gas en Pekín.",
    "Ambos líderes se reunieron hace cinco años en Moscú.",
    "su homólogo estadounidense",
    "Donald Trump met Emmanuel Macron in Paris on Monday to discuss Ukraine.",
    "Russia's President Vladimir Putin called both leaders last month.",
    "التقى الرئيس الروسي فلاديمير بوتين بنظيره الصيني في موسكو.",
    "习近平与普京举行视频会晤，双方讨论了能源合作。",
    "Президент России Владимир Путин встретился с Си Цзиньпином в Пекине.",
    "שלום עולם",
    "नमस्ते दुनिया",
    "👍🏽🇺🇦🔥👨‍👩‍👧‍👦",
    "\u202eRTL override\u202c \u200fمرحبا\u200e",
    "e\u0301\u0308\u0323\u0330 Z\u0334\u0321\u0322a\u0335l\u0337g\u0338o\u0336",
    "TE PUEDE INTERESAR",
    "LEA TAMBIÉN: Rusia y China sellan su alianza",
    "Foto: EFE / Archivo",
    "© 2025 Todos los derechos reservados",
    "Síguenos en Twitter",
    "TAGS: Rusia, China",
    "el mes pasado",
    "2025-01-21",
    "\t\x0b\x0c\x1b[31m\x7f\x85",
    "\u2028\u2029\ufeff\u00ad\u200b\u2060",
    "**negrita** _cursiva_ [enlace](http://example.org/x) <b>tag</b> `code`",
    "---",
    "```",
    "# ",
    "> cita",
    "- ",
)
CHUNK = st.one_of(st.sampled_from(FRAGMENTS), st.text(CHARS, max_size=30))
SEPARATORS = st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", " ", "\n\n\n", "\u2029"])


def paragraph(max_chunks: int) -> st.SearchStrategy[str]:
    """A paragraph-sized run of fragments and random text."""
    return st.lists(CHUNK, max_size=max_chunks).map(" ".join)


def body(max_paragraphs: int, max_chunks: int) -> st.SearchStrategy[str]:
    """Paragraphs with random line breaks between them."""
    return st.lists(st.tuples(paragraph(max_chunks), SEPARATORS), max_size=max_paragraphs).map(
        lambda parts: "".join(p + sep for p, sep in parts)
    )


def _stretch(unit: str, size: int) -> str:
    """``unit`` repeated into one line of ``size`` characters."""
    unit = " ".join(unit.split()) or "x"
    return ((unit + " ") * (size // (len(unit) + 1) + 1))[:size]


#: one very long paragraph (no line breaks), built cheaply by repetition
LONG_PARAGRAPH = st.builds(_stretch, paragraph(6), st.integers(min_value=15_000, max_value=20_000))

HEADER_KEY = st.one_of(
    st.sampled_from([*HEADER_KEYS, "Published", "LANG", "Title", "autor", "tags"]),
    st.from_regex(r"[A-Za-z_]{1,12}", fullmatch=True),
)
HEADER_VALUE = st.one_of(
    st.sampled_from(
        [
            "2025-01-21",
            "2025-13-45",
            "2024-02-30",
            "2025-02-03T10:00:00Z",
            "0000-00-00",
            "es",
            "en-US",
            "zh-Hant-TW",
            "xx-YY-ZZ-long-tag",
            "e",
            "",
            "https://example.org/a?b=1",
            "not a url",
            "'quoted'",
        ]
    ),
    st.text(CHARS, max_size=40),
)
HEADER_LINE = st.builds(
    lambda prefix, key, sep, value: f"{prefix}{key}{sep}{value}",
    st.sampled_from(["", "# ", "## ", "#", "  "]),
    HEADER_KEY,
    st.sampled_from([": ", ":", " : ", " :"]),
    HEADER_VALUE,
)


@st.composite
def header_block(draw: st.DrawFn) -> str:
    """Random header lines, sometimes as a ``---`` front matter block."""
    lines = draw(st.lists(HEADER_LINE, max_size=6))
    style = draw(st.sampled_from(["plain", "front", "open-front"]))
    if style == "front":
        lines = ["---", *lines, "---"]
    elif style == "open-front":
        lines = ["---", *lines]
    return "\n".join(lines) + draw(st.sampled_from(["\n", "\n\n", ""]))


JSON_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(CHARS, max_size=40),
    st.sampled_from(["2025-01-21", "2025-99-01", "es", "EN", "e", "", " "]),
)
JSON_VALUE = st.one_of(
    JSON_SCALAR,
    st.lists(JSON_SCALAR, max_size=3),
    st.dictionaries(st.text(max_size=5), JSON_SCALAR, max_size=3),
)
FIELDS = ("id", "url", "title", "published", "lang", "publisher")


def json_line(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A JSON Lines line: an article object (fields of any type), or any JSON or junk."""
    article = st.fixed_dictionaries(
        {},
        optional={
            "text": st.one_of(text, JSON_VALUE),
            **{name: JSON_VALUE for name in FIELDS},
            "extra": JSON_VALUE,
        },
    )
    encoded = st.builds(
        lambda obj, ascii_only: json.dumps(obj, ensure_ascii=ascii_only),
        st.one_of(article, article, JSON_VALUE),
        st.booleans(),
    )
    junk = st.text(CHARS, max_size=60).map(lambda s: s.replace("\n", " "))
    return st.one_of(encoded, encoded, encoded, junk)


def jsonl_bytes(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """A JSON Lines file: random lines, some blank, some not valid UTF-8."""
    line = st.one_of(
        json_line(text).map(lambda s: s.encode("utf-8")),
        st.just(b""),
        st.binary(max_size=12).map(lambda b: b.replace(b"\x00", b"").replace(b"\n", b"")),
    )
    return st.lists(line, max_size=6).map(b"\n".join)


#: whole sentences the pipeline can find facts in (the first fragments)
SENTENCE = st.sampled_from(FRAGMENTS[:9])


def small_body() -> st.SearchStrategy[str]:
    """Text that reaches the processor: 1-3 short paragraphs, each with a real sentence.

    Kept short because extraction costs about a millisecond per character.
    """
    para = st.builds(
        lambda before, sentence, after, sep: " ".join([*before, sentence, *after]) + sep,
        st.lists(CHUNK, max_size=3),
        SENTENCE,
        st.lists(CHUNK, max_size=2),
        SEPARATORS,
    )
    return st.lists(para, min_size=1, max_size=3).map("".join)


SMALL_BODY = small_body()


def article_jsonl_bytes() -> st.SearchStrategy[bytes]:
    """A JSON Lines file of mostly well-formed articles (metadata of any type)."""
    article = st.fixed_dictionaries(
        {"text": SMALL_BODY},
        optional={
            "id": st.one_of(st.text(CHARS, min_size=1, max_size=20), st.integers(), JSON_VALUE),
            "published": st.one_of(st.dates().map(date.isoformat), JSON_VALUE),
            "lang": st.one_of(st.sampled_from(["es", "en", "ar", "zh", "ES-es", "xx"]), JSON_VALUE),
            "title": st.one_of(paragraph(3), JSON_VALUE),
            "url": st.one_of(st.just("https://example.org/n/1"), JSON_VALUE),
            "publisher": JSON_VALUE,
        },
    )
    line = st.one_of(
        st.builds(lambda o, a: json.dumps(o, ensure_ascii=a), article, st.booleans()),
        json_line(SMALL_BODY),
    )
    return st.lists(line, min_size=1, max_size=3).map(lambda ls: "\n".join(ls).encode("utf-8"))


# ------------------------------------------------------------------ fixtures/helpers


@pytest.fixture(scope="module")
def processor() -> ArticleProcessor:
    """One processor (both spaCy pipelines loaded) for the whole module."""
    proc = ArticleProcessor(Settings())
    for lang in proc.pipelines.languages:
        proc.pipelines.get(lang)
    return proc


@pytest.fixture(scope="module")
def mapper(processor: ArticleProcessor) -> Mapper:
    """The RDF mapper, with the processor's topic and commodity labels."""
    return Mapper(Iris(processor.settings.base_iri), processor.value_labels())


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    """An in-memory store the mapped quads are loaded into (graph by graph)."""
    return EmbeddedStore(None)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the generated input files (overwritten example by example)."""
    return tmp_path_factory.mktemp("robustness")


def read_bytes_as(folder: Path, name: str, data: bytes) -> list[Article | ReadError]:
    """Write ``data`` to ``folder/name`` and read it back with :func:`read_inputs`."""
    path = folder / name
    path.write_bytes(data)
    items = list(read_inputs([path]))
    assert items, "read_inputs yielded nothing for an existing file"
    for item in items:
        assert isinstance(item, Article | ReadError), item
        if isinstance(item, Article):
            check_article(item)
        else:
            assert str(item).strip() and "\n" not in str(item)
    return items


def articles_of(items: list[Article | ReadError]) -> Iterator[Article]:
    """The Articles among reader results."""
    return (item for item in items if isinstance(item, Article))


def check_article(article: Article) -> None:
    """What the reader promises about an Article."""
    assert article.id
    assert article.passages
    assert all(p.text.strip() for p in article.passages)


def check_facts(
    processor: ArticleProcessor,
    mapper: Mapper,
    article: Article,
    facts: ArticleFacts,
    store: EmbeddedStore | None = None,
) -> None:
    """Valid ArticleFacts for ``article``, mapped entirely into the article's graph.

    With a ``store``, the quads are also written to it and read back.
    """
    assert isinstance(facts, ArticleFacts)
    assert facts.article is article
    gazetteer = processor.gazetteer
    for key, entity in facts.entities.items():
        assert entity.key == key
        assert entity.labels, f"entity {key} has no label"
    for fact in [*facts.events, *facts.relations]:
        assert math.isfinite(fact.confidence) and 0.0 <= fact.confidence <= 1.0, fact
        assert fact.evidence, f"{fact.type} without evidence"
        assert all(ev.sentence.strip() for ev in fact.evidence), fact.evidence
        for participant in fact.participants:
            key = participant.entity
            assert key in facts.entities or gazetteer.get(key) is not None, key
    for ev in facts.events:
        if ev.place:
            assert ev.place in facts.entities or gazetteer.get(ev.place), ev.place
    quads = mapper.quads(facts)
    graph = mapper.graph_of(facts)
    assert quads, "an article maps to at least its NewsArticle node"
    assert all(q.graph_name == graph for q in quads)
    if store is not None:  # the quads also survive the store's SPARQL update
        store.replace_graph(graph, quads)
        dumped = store.dump_graph(graph.value, "application/n-triples").decode("utf-8")
        assert len([line for line in dumped.split("\n") if line.strip()]) == len(
            {(q.subject, q.predicate, q.object) for q in quads}
        )


def note_outcome(facts: ArticleFacts) -> None:
    """Tell hypothesis' statistics whether the article gave any facts."""
    found = "some" if facts.events or facts.relations else "no"
    event(f"processed an article with {found} facts")


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def process_checked(
    processor: ArticleProcessor,
    mapper: Mapper,
    article: Article,
    store: EmbeddedStore | None = None,
) -> ArticleFacts:
    """Process ``article`` and check the result (and its load into ``store``)."""
    facts = processor.process(article)
    check_facts(processor, mapper, article, facts, store)
    return facts


# ------------------------------------------------------------------ reader properties


@PROPERTY
@given(
    headers=header_block(),
    text=body(max_paragraphs=8, max_chunks=10),
    suffix=st.sampled_from([".txt", ".md"]),
)
def test_text_files_never_raise(workdir: Path, headers: str, text: str, suffix: str) -> None:
    read_bytes_as(workdir, f"nota{suffix}", (headers + text).encode("utf-8"))


@PROPERTY
@given(headers=header_block(), long=LONG_PARAGRAPH, text=body(max_paragraphs=2, max_chunks=4))
def test_long_paragraphs_never_raise(workdir: Path, headers: str, long: str, text: str) -> None:
    items = read_bytes_as(workdir, "larga.txt", (headers + text + "\n\n" + long).encode("utf-8"))
    for article in articles_of(items):
        assert max(len(p.text) for p in article.passages) <= len(long) + len(text) + 2


@PROPERTY
@given(
    headers=header_block(),
    title=paragraph(3),
    paragraphs=st.lists(paragraph(6), max_size=5),
    lang=st.sampled_from(["es", "en", "ar", "zh", "", "x y"]),
)
def test_html_files_never_raise(
    workdir: Path, headers: str, title: str, paragraphs: list[str], lang: str
) -> None:
    markup = (
        f'<html lang="{lang}"><head><title>{title}</title></head><body><nav>Inicio</nav>'
        "<article><h1>"
        + title
        + "</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article><footer>© 2025</footer></body></html>"
    )
    read_bytes_as(workdir, "pagina.html", (headers + markup).encode("utf-8"))


@PROPERTY
@given(data=jsonl_bytes(body(max_paragraphs=6, max_chunks=8)))
def test_jsonl_files_never_raise(workdir: Path, data: bytes) -> None:
    read_bytes_as(workdir, "lote.jsonl", data)


@PROPERTY
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_arbitrary_bytes_never_raise(workdir: Path, data: bytes, suffix: str) -> None:
    read_bytes_as(workdir, f"bytes{suffix}", data)


# ------------------------------------------------------------------ processor properties


@PROPERTY
@given(headers=header_block(), text=SMALL_BODY)
def test_processing_text_articles_never_raises(
    processor: ArticleProcessor,
    mapper: Mapper,
    store: EmbeddedStore,
    workdir: Path,
    headers: str,
    text: str,
) -> None:
    for article in articles_of(read_bytes_as(workdir, "p.txt", (headers + text).encode())):
        note_outcome(process_checked(processor, mapper, article, store))


@PROPERTY
@given(data=article_jsonl_bytes())
def test_processing_jsonl_articles_never_raises(
    processor: ArticleProcessor, mapper: Mapper, store: EmbeddedStore, workdir: Path, data: bytes
) -> None:
    for article in articles_of(read_bytes_as(workdir, "p.jsonl", data)):
        note_outcome(process_checked(processor, mapper, article, store))


# ------------------------------------------------------------------ explicit edge cases


def write(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``folder/name``."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text",
    [
        "\n\n \t \n\u200b\u00a0\n\ufeff\n",
        "url: https://example.org/x\npublished: 2025-01-21\n\n\n   \n",
        "# título\n\n---\n\n```\ncode only\n```\n\n<!-- comentario -->\n",
        "**\n\n__\n\n[](http://x)\n\n![foto](img.png)\n",
    ],
)
def test_nothing_left_after_cleaning_is_a_read_error(workdir: Path, text: str) -> None:
    items = list(read_inputs([write(workdir, "vacio.md", text)]))
    assert len(items) == 1
    assert isinstance(items[0], ReadError)


def test_article_with_no_passages_processes(processor: ArticleProcessor, mapper: Mapper) -> None:
    # the reader never yields this, but a caller building Articles by hand may
    article = Article(id="sin-pasajes", passages=(), source="test")
    facts = process_checked(processor, mapper, article)
    assert not facts.events and not facts.relations


def test_only_upper_case_chrome(processor: ArticleProcessor, mapper: Mapper, workdir: Path) -> None:
    text = (
        "TE PUEDE INTERESAR\n\n"
        "RUSIA Y CHINA SELLAN SU ALIANZA ENERGÉTICA EN PEKÍN\n\n"
        "LEA TAMBIÉN: XI JINPING RECIBE A PUTIN\n\n"
        "SÍGUENOS EN TWITTER\n\n"
        "TAGS: RUSIA, CHINA, GAS\n"
    )
    items = list(read_inputs([write(workdir, "mayusculas.txt", text)]))
    assert len(items) == 1
    for article in articles_of(items):  # a ReadError is fine; an Article must process
        process_checked(processor, mapper, article)


def test_fifty_thousand_char_paragraph_reads(workdir: Path) -> None:
    unit = "El presidente chino, Xi Jinping, habló con Vladimir Putin sobre el gas ruso y "
    text = _stretch(unit, 50_000) + "."
    items = list(read_inputs([write(workdir, "enorme.txt", f"lang: es\n\n{text}\n")]))
    assert len(items) == 1
    article = items[0]
    assert isinstance(article, Article), str(article)
    assert sum(len(p.text) for p in article.passages) >= 49_000


def test_fifty_thousand_char_paragraph_processes(
    processor: ArticleProcessor, mapper: Mapper, workdir: Path
) -> None:
    unit = "El presidente chino, Xi Jinping, habló con Vladimir Putin sobre el gas ruso y "
    path = write(workdir, "enorme-p.txt", f"lang: es\n\n{_stretch(unit, 50_000)}.\n")
    items = list(read_inputs([path]))
    assert len(items) == 1
    article = items[0]
    assert isinstance(article, Article), str(article)  # read, not a ReadError
    process_checked(processor, mapper, article)


def test_long_single_paragraph_processes(
    processor: ArticleProcessor, mapper: Mapper, workdir: Path
) -> None:
    # one unpunctuated run-on paragraph: a single huge "sentence" for the parser
    unit = "Xi Jinping habló con Vladimir Putin sobre el gas ruso y la cooperación con China y "
    path = write(workdir, "larga-p.txt", f"lang: es\n\n{_stretch(unit, 2_500)}\n")
    articles = list(articles_of(list(read_inputs([path]))))
    assert len(articles) == 1
    process_checked(processor, mapper, articles[0])


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param(
            "arabe",
            "التقى الرئيس الصيني شي جين بينغ بالرئيس الروسي فلاديمير بوتين في موسكو "
            "يوم الثلاثاء لبحث التعاون في مجال الطاقة.",
            id="arabe",
        ),
        pytest.param(
            "arabe-lang",
            "lang: ar\n\nوقّعت روسيا والصين اتفاقاً لتوريد الغاز عبر خط أنابيب "
            "قوة سيبيريا، وقال الكرملين إن المحادثات كانت بنّاءة.",
            id="arabe-lang",
        ),
        pytest.param(
            "chino",
            "中国 国家主席 习近平 周二 在 北京 会见了 俄罗斯 总统 普京 ，双方 讨论了 "
            "乌克兰 问题 和 能源 合作。",
            id="chino",
        ),
        pytest.param(
            "chino-sin-espacios",
            "lang: zh\n\n中国国家主席习近平周二在北京会见了俄罗斯总统普京，"
            "双方讨论了乌克兰问题和能源合作。",
            id="chino-sin-espacios",
        ),
        pytest.param(
            "cirilico",
            "Президент России Владимир Путин провёл телефонный разговор с "
            "председателем КНР Си Цзиньпином во вторник.",
            id="cirilico",
        ),
        pytest.param(
            "mezcla",
            "El presidente ruso, Vladimir Putin (Владимир Путин), habló con Xi Jinping "
            "(习近平) y con el emir de Catar (أمير قطر) sobre Ucrania 🇺🇦.\n\n"
            "Russia's President Vladimir Putin also called Narendra Modi on Monday.",
            id="mezcla",
        ),
    ],
)
def test_other_scripts(
    processor: ArticleProcessor, mapper: Mapper, workdir: Path, name: str, text: str
) -> None:
    items = list(read_inputs([write(workdir, f"{name}.txt", text + "\n")]))
    assert len(items) == 1
    for article in articles_of(items):
        process_checked(processor, mapper, article)


def test_no_publication_date_leaves_relative_dates_unresolved(
    processor: ArticleProcessor, mapper: Mapper, workdir: Path
) -> None:
    text = (
        "lang: es\n\n"
        "El presidente chino, Xi Jinping, habló por teléfono el martes con el presidente "
        "ruso, Vladimir Putin, sobre la guerra en Ucrania.\n\n"
        "Ambos líderes se reunieron el mes pasado en Moscú y firmaron hace cinco años un "
        "acuerdo de suministro de gas.\n"
    )
    items = list(read_inputs([write(workdir, "sin-fecha.txt", text)]))
    assert len(items) == 1
    article = items[0]
    assert isinstance(article, Article), str(article)
    assert article.published is None
    facts = process_checked(processor, mapper, article)
    assert all(event.date is None for event in facts.events), [
        (e.type, e.date) for e in facts.events
    ]


def test_no_publication_date_built_by_hand(processor: ArticleProcessor, mapper: Mapper) -> None:
    article = Article(
        id="sin-fecha-manual",
        passages=(
            Passage("Putin y Xi conversan", PassageKind.TITLE, "es"),
            Passage(
                "Su homólogo estadounidense llamó ayer al presidente chino.",
                PassageKind.BODY,
                "es",
            ),
            Passage("Both leaders met last week in Beijing.", PassageKind.CAPTION, "en"),
        ),
        source="test",
        lang="es",
    )
    process_checked(processor, mapper, article)


def test_published_date_in_far_past_and_future_without_relative_dates(
    processor: ArticleProcessor, mapper: Mapper
) -> None:
    passage = Passage("El presidente ruso se reunió con el presidente chino en Moscú.")
    for day in (date(1, 1, 1), date(1900, 2, 28), date(9999, 12, 31)):
        article = Article(id=f"d-{day}", passages=(passage,), source="test", published=day)
        process_checked(processor, mapper, article)


# ------------------------------------------------------------------ regressions
# Inputs the reader accepts that once crashed a later stage (found by the properties
# above): lone surrogates, non-IRI urls, relative dates at the ends of the calendar.


def test_lone_surrogate_in_jsonl_text(
    processor: ArticleProcessor, mapper: Mapper, workdir: Path
) -> None:
    line = json.dumps(
        {"id": "sur", "text": "El presidente chino, Xi Jinping, habl\ud800 con Vladimir Putin."}
    )
    items = list(read_inputs([write(workdir, "surrogate.jsonl", line + "\n")]))
    assert len(items) == 1
    for article in articles_of(items):
        process_checked(processor, mapper, article)


@pytest.mark.parametrize("field", ["title", "publisher"])
def test_lone_surrogate_in_jsonl_metadata(
    processor: ArticleProcessor, mapper: Mapper, workdir: Path, field: str
) -> None:
    line = json.dumps(
        {
            "id": f"sur-{field}",
            field: "Diario \udfff",
            "text": "El presidente chino, Xi Jinping, habló con Vladimir Putin en Moscú.",
        }
    )
    items = list(read_inputs([write(workdir, f"surrogate-{field}.jsonl", line + "\n")]))
    assert len(items) == 1
    for article in articles_of(items):
        process_checked(processor, mapper, article)


@pytest.mark.parametrize("url", ["not a url", "https://example.org/a b", "quoted"])
def test_invalid_url_header(
    processor: ArticleProcessor, mapper: Mapper, workdir: Path, url: str
) -> None:
    text = f"url: {url}\n\nEl presidente chino, Xi Jinping, habló con Vladimir Putin.\n"
    items = list(read_inputs([write(workdir, "url.txt", text)]))
    assert len(items) == 1
    for article in articles_of(items):
        process_checked(processor, mapper, article)


@pytest.mark.parametrize(
    ("published", "when"), [("0001-01-01", "el martes"), ("9999-12-31", "el próximo martes")]
)
def test_relative_date_at_the_ends_of_the_calendar(
    processor: ArticleProcessor, mapper: Mapper, workdir: Path, published: str, when: str
) -> None:
    text = (
        f"published: {published}\n\n"
        f"El presidente ruso se reunió {when} con el presidente chino en Moscú.\n"
    )
    items = list(read_inputs([write(workdir, "extremo.txt", text)]))
    assert len(items) == 1
    for article in articles_of(items):
        process_checked(processor, mapper, article)
