"""Tests of the read stage: formats, headers, errors, and chrome removal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from diplokg.model import Article, PassageKind
from diplokg.read import ReadError, clean_text, read_inputs
from diplokg.read.clean import ends_sentence, normalize_text
from diplokg.read.headers import parse_headers
from diplokg.read.langid import guess_language
from diplokg.read.text import strip_markdown

SHARED = Path(__file__).parents[2].parent / "shared"
CORPUS = SHARED / "corpus"


def read_all(*paths: Path, **kw: object) -> list[Article | ReadError]:
    return list(read_inputs(list(paths), **kw))  # type: ignore[arg-type]


def one_article(path: Path, **kw: object) -> Article:
    items = read_all(path, **kw)
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, Article), str(item)
    return item


def one_error(path: Path) -> ReadError:
    items = read_all(path)
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, ReadError), item
    return item


# ---------------------------------------------------------------- headers


@pytest.mark.parametrize("prefix", ["", "# "])
def test_headers_with_and_without_hash(tmp_path: Path, prefix: str) -> None:
    f = tmp_path / "nota.txt"
    f.write_text(
        f"{prefix}url: https://example.org/n/1\n"
        f"{prefix}published: 2026-02-04\n"
        f"{prefix}lang: es\n"
        f"{prefix}title: Putin y Xi conversan\n"
        f"{prefix}publisher: Diario X\n"
        "\n"
        "Putin y Xi conversan\n\n"
        "El presidente ruso, Vladimir Putin, habló con Xi Jinping el miércoles.\n",
        encoding="utf-8",
    )
    art = one_article(f)
    assert art.id == "nota"
    assert art.url == "https://example.org/n/1"
    assert art.published == date(2026, 2, 4)
    assert art.lang == "es"
    assert art.title == "Putin y Xi conversan"
    assert art.publisher == "Diario X"
    assert art.passages[0].kind is PassageKind.TITLE
    assert art.passages[0].text == "Putin y Xi conversan"
    assert art.passages[1].kind is PassageKind.BODY
    assert "url:" not in art.text


def test_header_id_and_stop_at_first_body_line(tmp_path: Path) -> None:
    f = tmp_path / "x.md"
    f.write_text("id: articulo-7\nEl texto empieza aquí: url: no es un header.\n", encoding="utf-8")
    art = one_article(f)
    assert art.id == "articulo-7"
    assert "url: no es un header" in art.text


def test_parse_headers_keeps_non_header_text() -> None:
    headers, body = parse_headers("Nota: esto no es un header\nOtra línea.")
    assert headers.values == {}
    assert body.startswith("Nota:")


def test_invalid_published_header_is_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.txt"
    f.write_text("url: https://x.org\npublished: 4 de febrero\n\nTexto de la nota.\n")
    err = one_error(f)
    assert err.line == 2
    assert "published" in str(err)
    assert str(err).startswith(f"{f}:2: ")


def test_defaults_apply_only_when_missing(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("published: 2025-01-21\nlang: en\n\nXi spoke with Putin on Tuesday.\n")
    b = tmp_path / "b.txt"
    b.write_text("El presidente habló el martes con su homólogo por teléfono.\n")
    arts = read_all(a, b, published=date(2026, 1, 1), lang="es")
    assert isinstance(arts[0], Article) and isinstance(arts[1], Article)
    assert arts[0].published == date(2025, 1, 21) and arts[0].lang == "en"
    assert arts[1].published == date(2026, 1, 1) and arts[1].lang == "es"


def test_unknown_date_stays_unknown(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("El presidente habló el martes con su homólogo por teléfono.\n")
    assert one_article(f).published is None


# ---------------------------------------------------------------- markdown / text


def test_markdown_markup_is_stripped(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text(
        "# Xi y Putin hablan\n\n"
        "El presidente **ruso**, [Vladimir Putin](https://kremlin.ru), habló con\n"
        "Xi Jinping el *miércoles*, según __Reuters__.\n\n"
        "![foto de archivo](foto.jpg)\n\n"
        "> «Es un factor de estabilidad», dijo Putin.\n",
        encoding="utf-8",
    )
    art = one_article(f)
    assert art.passages[0].kind is PassageKind.TITLE
    assert art.passages[0].text == "Xi y Putin hablan"
    body = art.passages[1].text
    assert body == (
        "El presidente ruso, Vladimir Putin, habló con Xi Jinping el miércoles, según Reuters."
    )
    assert "foto" not in art.text and "](" not in art.text and "*" not in art.text
    assert "«Es un factor de estabilidad», dijo Putin." in art.text


def test_strip_markdown_keeps_plain_text() -> None:
    text = "El 5 * 3 no cambia; snake_case_name tampoco."
    assert strip_markdown(text) == text


def test_double_comma_collapsed_without_inventing_a_name() -> None:
    assert normalize_text("El presidente chino, , y su homólogo") == (
        "El presidente chino, y su homólogo"
    )


def test_unicode_is_nfc_and_spaces_normalised(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(
        "Vladi\u0301mir\u00a0Putin  habló\u200b con Xi Jinping el martes por la tarde.\n",
        encoding="utf-8",
    )
    assert one_article(f).text == "Vladímir Putin habló con Xi Jinping el martes por la tarde."


# ---------------------------------------------------------------- html


HTML_PAGE = """<!DOCTYPE html>
<html lang="es"><head>
<meta charset="utf-8">
<title>Rusia y China firman un acuerdo energético | Diario X</title>
<meta property="og:title" content="Rusia y China firman un acuerdo energético">
<meta property="article:published_time" content="2026-02-04T10:00:00Z">
<meta property="og:site_name" content="Diario X">
<link rel="canonical" href="https://example.org/mundo/rusia-china">
</head><body>
<header><nav><ul><li><a href="/">Inicio</a></li><li><a href="/mundo">Mundo</a></li>
<li><a href="/deportes">Deportes</a></li><li><a href="/login">Iniciar sesión</a></li>
</ul></nav></header>
<aside class="ad banner">Publicidad: ofertas de verano en electrodomésticos</aside>
<main><article>
<h1>Rusia y China firman un acuerdo energético</h1>
<p>El presidente ruso, Vladimir Putin, y su homólogo chino, Xi Jinping, firmaron el
miércoles un acuerdo energético durante una videollamada, informó el Kremlin.</p>
<p>El acuerdo prevé aumentar el suministro de gas natural a China a través del
gasoducto Poder de Siberia, según un comunicado oficial publicado en Moscú.</p>
<p>Estados Unidos criticó el acuerdo y anunció nuevas sanciones contra empresas
energéticas rusas, dijo el Departamento de Estado en Washington.</p>
</article></main>
<footer><p>© 2026 Diario X. Todos los derechos reservados.</p>
<a href="/privacidad">Política de privacidad</a> <a href="/cookies">Cookies</a></footer>
</body></html>
"""


def test_html_body_survives_and_chrome_does_not(tmp_path: Path) -> None:
    f = tmp_path / "rusia-china.html"
    f.write_text(HTML_PAGE, encoding="utf-8")
    art = one_article(f)
    assert art.id == "rusia-china"
    assert art.title == "Rusia y China firman un acuerdo energético"
    assert art.published == date(2026, 2, 4)
    assert art.url == "https://example.org/mundo/rusia-china"
    assert art.publisher == "Diario X"
    assert art.lang == "es"
    text = art.text
    assert "firmaron el miércoles un acuerdo energético" in text
    assert "gasoducto Poder de Siberia" in text
    assert "Departamento de Estado" in text
    for chrome in ("Inicio", "Deportes", "Publicidad", "Iniciar sesión", "derechos", "Cookies"):
        assert chrome not in text
    assert art.passages[0].kind is PassageKind.TITLE
    assert sum(p.kind is PassageKind.TITLE for p in art.passages) == 1


def test_html_headers_override_page_metadata(tmp_path: Path) -> None:
    f = tmp_path / "p.htm"
    f.write_text("published: 2026-03-01\nid: mi-nota\n" + HTML_PAGE, encoding="utf-8")
    art = one_article(f)
    assert art.id == "mi-nota"
    assert art.published == date(2026, 3, 1)


def test_html_without_text_is_error(tmp_path: Path) -> None:
    f = tmp_path / "empty.html"
    f.write_text("<html><body><nav><a href='/'>Inicio</a></nav></body></html>")
    assert "no article text" in str(one_error(f))


# ---------------------------------------------------------------- jsonl


def test_jsonl_good_and_broken_lines(tmp_path: Path) -> None:
    f = tmp_path / "lote.jsonl"
    lines = [
        json.dumps(
            {"id": "a1", "text": "Putin habló con Xi el martes.", "published": "2025-01-21"}
        ),
        '{"text": "roto" "id": 2}',
        "",
        json.dumps({"title": "sin texto"}),
        json.dumps(
            {
                "text": "Xi Jinping y Donald Trump hablaron por teléfono el miércoles.",
                "lang": "es",
                "url": "https://example.org/2",
                "publisher": "Gestión",
            }
        ),
        json.dumps({"text": "Fecha mala.", "published": "2026-02-30"}),
        "[1, 2]",
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(f)
    arts = [i for i in items if isinstance(i, Article)]
    errs = [i for i in items if isinstance(i, ReadError)]
    assert [a.id for a in arts] == ["a1", "lote-5"]
    assert arts[0].published == date(2025, 1, 21)
    assert arts[1].publisher == "Gestión" and arts[1].url == "https://example.org/2"
    assert [e.line for e in errs] == [2, 4, 6, 7]
    assert str(errs[0]) == f"{f}:2: invalid JSON (Expecting ',' delimiter)"
    assert "text" in errs[1].message
    assert "published" in errs[2].message
    assert all("\n" not in str(e) for e in errs)


def test_jsonl_title_equal_to_first_line_is_title(tmp_path: Path) -> None:
    f = tmp_path / "t.jsonl"
    f.write_text(
        json.dumps(
            {
                "title": "Rusia y China refuerzan lazos",
                "text": "Rusia y China refuerzan lazos\n\nPutin y Xi hablaron el miércoles.",
            }
        )
        + "\n"
    )
    art = one_article(f)
    assert art.passages[0].kind is PassageKind.TITLE
    assert [p.kind for p in art.passages] == [PassageKind.TITLE, PassageKind.BODY]


def test_jsonl_invalid_utf8_line_reported_others_read(tmp_path: Path) -> None:
    f = tmp_path / "u.jsonl"
    good = json.dumps({"text": "Xi habló con Putin el martes por videollamada."}).encode()
    f.write_bytes(good + b"\n" + b'{"text": "mal \xff"}\n' + good + b"\n")
    items = read_all(f)
    assert [type(i).__name__ for i in items] == ["Article", "ReadError", "Article"]
    err = items[1]
    assert isinstance(err, ReadError) and err.line == 2
    assert "UTF-8" in err.message and f"offset {len(good) + 1 + 14}" in err.message


# ---------------------------------------------------------------- errors


def test_invalid_utf8_reports_byte_offset(tmp_path: Path) -> None:
    f = tmp_path / "latin1.txt"
    f.write_bytes("Línea uno.\nPekín".encode("latin-1"))
    err = one_error(f)
    assert "UTF-8" in err.message
    assert "offset 1" in err.message  # the 'í' of "Línea" is byte 1
    assert str(err).startswith(str(f))


def test_empty_file_is_error(tmp_path: Path) -> None:
    f = tmp_path / "vacio.txt"
    f.write_text("   \n\n")
    assert "empty" in one_error(f).message


def test_binary_file_is_error(tmp_path: Path) -> None:
    f = tmp_path / "bin.md"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in one_error(f).message


def test_only_chrome_is_error(tmp_path: Path) -> None:
    f = tmp_path / "chrome.txt"
    f.write_text("Únete a nuestro canal\nNewsletter Internacional\n\nTAGS\n")
    assert "no article text" in one_error(f).message


def test_unknown_extension(tmp_path: Path) -> None:
    f = tmp_path / "nota.pdf"
    f.write_text("texto")
    err = one_error(f)
    assert "unsupported" in err.message and ".pdf" in err.message


def test_empty_folder_is_error(tmp_path: Path) -> None:
    (tmp_path / "notas.pdf").write_text("x")
    assert "no .txt" in one_error(tmp_path).message


def test_upper_case_teaser_not_glued_to_next_line() -> None:
    result = clean_text(
        "El ministro llegó a Pekín el lunes.\nCHINA Y RUSIA FIRMAN UN ACUERDO DE\n"
        "Las conversaciones seguirán el martes.",
        lang="es",
    )
    assert [p.text for p in result.passages] == [
        "El ministro llegó a Pekín el lunes.",
        "Las conversaciones seguirán el martes.",
    ]


def test_missing_path(tmp_path: Path) -> None:
    assert "no such" in one_error(tmp_path / "nada.txt").message


def test_folder_recursive_sorted_and_skips_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Xi habló con Putin el martes por la tarde.")
    (tmp_path / "a.md").write_text("Putin habló con Xi el martes por la tarde.")
    (tmp_path / "notas.pdf").write_text("ignorar")
    (tmp_path / ".oculto.txt").write_text("ignorar también.")
    items = read_all(tmp_path)
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "z"]
    assert not [i for i in items if isinstance(i, ReadError)]


# ---------------------------------------------------------------- cleaning rules


def test_cleaning_rules_on_synthetic_page() -> None:
    text = "\n".join(
        [
            "El canciller ruso viaja a Pekín",
            "",
            "El ministro ruso de Exteriores llegó el lunes a Pekín para reunirse con su par.",
            "MACRON RECIBE A ZELENSKI EN PARÍS PARA HABLAR DE LA GUERRA",
            "Lee también: Japón y Corea del Sur firman un pacto de defensa",
            "In this handout photograph released by the Russian Foreign Ministry, the minister"
            " arrives in Beijing on March 3, 2026. (Photo by Handout / AFP)",
            "Las conversaciones se centrarán en la energía y el comercio bilateral.",
            "Más noticias",
            "Brasil y Argentina retoman el diálogo comercial",
            "La OTAN anuncia maniobras en el Báltico",
            "Síguenos en Google News",
            "Por Juan Pérez",
            "Todos los derechos reservados. Prohibida su reproducción.",
        ]
    )
    result = clean_text(text, lang="es")
    kinds = [(p.kind, p.text[:30]) for p in result.passages]
    assert kinds[0] == (PassageKind.TITLE, "El canciller ruso viaja a Pekí")
    texts = [p.text for p in result.passages]
    assert any(t.startswith("El ministro ruso") for t in texts)
    assert any(t.startswith("Las conversaciones") for t in texts)
    caption = [p for p in result.passages if p.kind is PassageKind.CAPTION]
    assert len(caption) == 1 and caption[0].lang == "en"
    assert "(Photo by" not in caption[0].text
    dropped = result.dropped_texts
    for gone in (
        "MACRON RECIBE A ZELENSKI EN PARÍS PARA HABLAR DE LA GUERRA",
        "Lee también: Japón y Corea del Sur firman un pacto de defensa",
        "Más noticias",
        "Brasil y Argentina retoman el diálogo comercial",
        "La OTAN anuncia maniobras en el Báltico",
        "Síguenos en Google News",
        "Por Juan Pérez",
        "(Photo by Handout / AFP)",
    ):
        assert gone in dropped, gone
        assert gone not in texts


def test_subheads_are_titles_and_lists_of_headlines_dropped() -> None:
    text = "\n\n".join(
        [
            "Primer párrafo de la nota, con una oración completa sobre la cumbre.",
            "Reacciones internacionales",
            "Alemania y Francia celebraron el acuerdo alcanzado en Ginebra.",
            "Japón sube aranceles al acero chino",
            "India compra más petróleo ruso",
            "Otro párrafo normal que termina con punto.",
            "Un subtítulo final sin texto",
        ]
    )
    result = clean_text(text, lang="es")
    by_text = {p.text: p.kind for p in result.passages}
    assert by_text["Reacciones internacionales"] is PassageKind.TITLE
    assert "Japón sube aranceles al acero chino" not in by_text
    assert "India compra más petróleo ruso" not in by_text
    assert "Un subtítulo final sin texto" not in by_text
    assert by_text["Otro párrafo normal que termina con punto."] is PassageKind.BODY


def test_hard_wrapped_lines_are_joined() -> None:
    result = clean_text(
        "El presidente chino se reunió el martes con\nsu homólogo ruso en Moscú, según la\n"
        "agencia Xinhua.",
        lang="es",
    )
    assert [p.text for p in result.passages] == [
        "El presidente chino se reunió el martes con su homólogo ruso en Moscú, según la "
        "agencia Xinhua."
    ]


def test_ends_sentence_and_language_guess() -> None:
    assert ends_sentence("«Es un factor de estabilidad», dijo Putin.")
    assert ends_sentence("Dijo que «sí».")
    assert not ends_sentence("“Un gran honor”: Trump destaca encuentro con Petro")
    assert guess_language("The call came just after Xi spoke to Russian leader Putin.") == "en"
    assert guess_language("La llamada se produjo de cara a la reunión prevista para abril.") == (
        "es"
    )
    assert guess_language("Xi Putin") is None


# ---------------------------------------------------------------- the real seeds

needs_seeds = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")

SEED_CHROME = [
    "TRUMP QUIERE VISITAR CHINA OTRA VEZ",
    "RUSIA E IRÁN SELLARÁN UN TRATADO",
    "TE PUEDE INTERESAR",
    "LEA TAMBIÉN",
    "Únete a nuestro canal",
    "Newsletter Internacional",
    "Redacción Gestión",
    "Estimado(a) lector(a)",
    "no está permitido, reproducir",
    "TAGS",
    "(Photo by",
    "Carney, Trump y el poder de un buen discurso",
    "Donald Trump firma la ley para reabrir",
    "Gracias por ayudarnos",
]


def _seed_articles() -> list[Article]:
    items = read_all(CORPUS)
    errors = [str(i) for i in items if isinstance(i, ReadError)]
    assert not errors, errors
    return [i for i in items if isinstance(i, Article)]


@needs_seeds
def test_seeds_read_without_errors() -> None:
    arts = _seed_articles()
    ids = {a.id for a in arts}
    assert {"seed-000", "seed-003", "seed-004"} <= ids
    assert len(arts) == 6  # three .txt files + three jsonl lines


@needs_seeds
def test_seed_chrome_is_gone() -> None:
    for art in _seed_articles():
        for passage in art.passages:
            for chrome in SEED_CHROME:
                assert chrome not in passage.text, (art.id, chrome)
            assert passage.text == passage.text.strip()
            assert ", ," not in passage.text


@needs_seeds
def test_seed_chrome_is_listed_for_audit() -> None:
    arts = {a.id: a for a in _seed_articles()}
    dropped = " ".join(arts["seed-004"].dropped_chrome)
    for chrome in ("TE PUEDE INTERESAR", "LEA TAMBIÉN", "Únete a nuestro canal", "TAGS"):
        assert chrome in dropped
    assert any(d.startswith("TRUMP QUIERE VISITAR") for d in arts["seed-000"].dropped_chrome)


@needs_seeds
def test_seed_captions_are_caption_passages_kept_once() -> None:
    arts = {a.id: a for a in _seed_articles()}
    for art_id in ("seed-004", "004_xi_trump_llamada_2026"):
        art = arts[art_id]
        captions = [p for p in art.passages if p.kind is PassageKind.CAPTION]
        assert len(captions) == 2, [c.text[:40] for c in captions]
        assert captions[0].text.startswith("(COMBO) This combination of pictures")
        assert captions[1].text.startswith("In this pool photograph")
        assert all(c.lang == "en" for c in captions)
        assert len({c.text for c in captions}) == 2
        body = [p for p in art.passages if p.kind is not PassageKind.CAPTION]
        assert all("combination of pictures" not in p.text for p in body)
        assert art.lang == "es"
        assert art.published == date(2026, 2, 4)


@needs_seeds
def test_seed_body_sentences_remain() -> None:
    arts = {a.id: a for a in _seed_articles()}
    expect = {
        "seed-000": [
            "El presidente chino, Xi Jinping, y el presidente ruso, Vladimir Putin, se "
            "comprometieron el martes",
            "Hace cinco años lanzamos juntos el gasoducto Poder de Siberia",
            "dijo a los periodistas el asesor de política exterior del Kremlin, Yuri Ushakov",
        ],
        "seed-003": [
            "los presidentes de Rusia, Vladímir Putin, y de China, Xi Jinping, tuvieron",
            "el canciller alemán también visite China",
            "Putin aplaudió la decisión de China de permitir la entrada sin visado",
        ],
        "seed-004": [
            "El presidente chino, y su homólogo estadounidense, Donald Trump, mantuvieron",
            "la alianza entre Moscú y Pekín es un importante factor de estabilidad",
            "Delegados de Rusia y Ucrania iniciaron este miércoles",
        ],
    }
    for art_id, sentences in expect.items():
        body = " ".join(p.text for p in arts[art_id].passages if p.kind is PassageKind.BODY)
        for sentence in sentences:
            assert sentence in body, (art_id, sentence)


@needs_seeds
def test_seed_titles() -> None:
    arts = {a.id: a for a in _seed_articles()}
    first = arts["seed-003"].passages[0]
    assert first.kind is PassageKind.TITLE
    assert first.text.startswith("Rusia y China refuerzan lazos")
    assert arts["003_rusia_china_videollamada_2026"].passages[0].kind is PassageKind.TITLE
    assert arts["seed-000"].passages[0].kind is PassageKind.BODY
    # a related-story headline right after the title is not kept
    assert "Rusia rompe la tregua" not in arts["seed-003"].text


# -- repaired, not dropped: odd input keeps its article and says what was fixed ------


def test_lone_surrogates_are_replaced_and_noted(tmp_path: Path) -> None:
    line = json.dumps(
        {
            "id": "s",
            "publisher": "Diario \udfff",
            "text": "El presidente chino habl\ud800 con su homólogo ruso.",
        }
    )
    path = tmp_path / "s.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    art = one_article(path)
    assert "\ufffd" in art.text and "\ufffd" in (art.publisher or "")
    assert not any("\ud800" <= c <= "\udfff" for c in art.text)
    assert {n.split(":")[0] for n in art.notes} == {"text", "publisher"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("not a url", None),
        ("ftp://example.org/x", None),
        ("https://example.org/ok?x=1#y", "https://example.org/ok?x=1#y"),
    ],
)
def test_urls_are_iris_or_left_out_with_a_note(tmp_path: Path, url: str, expected) -> None:
    path = tmp_path / "u.txt"
    path.write_text(f"url: {url}\n\nEl presidente ruso visitó Pekín el martes.\n", encoding="utf-8")
    art = one_article(path)
    assert art.url == expected
    assert bool(art.notes) == (expected is None)


def test_text_without_spaces_is_an_article(tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    path.write_text("lang: es\n\n习近平与普京举行视频会晤双方讨论了双边关系\n", encoding="utf-8")
    assert isinstance(read_all(path)[0], Article)


def test_a_paragraph_cut_mid_sentence_is_body_text_not_a_teaser(tmp_path: Path) -> None:
    f = tmp_path / "cut.txt"
    f.write_text(
        "Albanese y Prabowo firman un pacto de defensa\n\n"
        "Australia e Indonesia firmaron el lunes un acuerdo de defensa en Yakarta.\n\n"
        "El pacto es una victoria para ambos. En febrero, Canberra había pedido a Yakarta "
        "que firmara un acuerdo\n\n"
        "Lee también: Modi visita Japón\n",
        encoding="utf-8",
    )
    art = one_article(f)
    assert "En febrero, Canberra había pedido a Yakarta" in art.text
    assert "Modi visita Japón" not in art.text


# ------------------------------------------------------------ unknown header keys
@pytest.mark.parametrize(
    ("text", "unknown", "body"),
    [
        ("author: Ana\npublished: 2026-01-02\n\nTexto.", [("author", 1)], "Texto."),
        ("title: X\nauthor: Ana\n\nTexto.", [("author", 2)], "Texto."),
        ("---\ntitle: X\ntags: a, b\n---\nTexto.", [("tags", 3)], "Texto."),
        # not in a header block: text
        ("Nota: esto no es un header\nOtra línea.", [], "Nota: esto no es un header"),
        ("title: X\nWashington: el presidente dijo\n\nMás.", [], "Washington: el presidente"),
        ("title: X\nautor: Ana\nY aquí empieza el texto.", [], "autor: Ana"),
    ],
)
def test_unknown_header_keys_are_skipped_and_reported(text, unknown, body) -> None:
    headers, rest = parse_headers(text)
    assert headers.unknown == unknown
    assert rest.startswith(body)


def test_unknown_header_key_is_an_article_note_naming_file_and_key(tmp_path: Path) -> None:
    f = tmp_path / "nota.md"
    f.write_text("# author: Ana\n# lang: es\n\nPutin y Xi conversaron por teléfono.\n")
    art = one_article(f)
    assert art.notes == (f"{f}:1: unknown header key 'author' ignored",)
    assert "Ana" not in art.text


@pytest.mark.parametrize(
    ("date_line", "lang"),
    [
        ("Martes 3 de Marzo de 2026", "es"),
        ("03/03/2026", "es"),
        ("Hoy es martes 3 de marzo de 2026 y son las 10:15", "es"),
        ("Tuesday, March 3, 2026", "en"),
    ],
)
def test_a_page_date_line_is_not_the_headline(date_line: str, lang: str) -> None:
    headline = {
        "es": "La presidenta de Honduras viajó a Tegucigalpa para reunirse con su gabinete",
        "en": "Kenya's president flew to Addis Ababa to meet the Ethiopian prime minister",
    }[lang]
    body = {
        "es": "La reunión duró tres horas y terminó con un comunicado conjunto.",
        "en": "The meeting lasted three hours and ended with a joint statement.",
    }[lang]
    result = clean_text(f"{date_line}\n\n{headline}\n\n{body}", lang=lang)
    assert result.passages[0].kind is PassageKind.TITLE
    assert result.passages[0].text == headline
    assert any(kind == "line" and text == date_line for kind, text in result.dropped)


def test_a_long_standfirst_after_the_headline_is_kept_a_short_teaser_is_not() -> None:
    headline = "El presidente de Kenia llegó a Adís Abeba para reunirse con Abiy Ahmed"
    standfirst = (
        "Con la intención de firmar acuerdos en energía, transporte, agua y comercio "
        "regional, los dos mandatarios se reunirán este sábado en el palacio nacional"
    )
    teaser = "Etiopía abre su espacio aéreo a aerolíneas del Golfo antes de la cumbre de Nairobi"
    body = "La visita es la primera de un jefe de Estado keniano en dos años."
    kept = clean_text(f"{headline}\n\n{standfirst}\n\n{body}", lang="es")
    assert [p.text for p in kept.passages] == [headline, standfirst, body]
    dropped = clean_text(f"{headline}\n\n{teaser}\n\n{body}", lang="es")
    assert teaser not in [p.text for p in dropped.passages]


#: a headline and a body paragraph of one page, per language, for the chrome tests
ACCORD_HEADLINE = {
    "es": "Bolivia y Paraguay firman un acuerdo de integración energética",
    "en": "Bolivia and Paraguay sign an energy integration agreement",
}
ACCORD_BODY = {
    "es": "Los cancilleres firmaron el texto en Asunción.",
    "en": "The foreign ministers signed the text in Asunción.",
}


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("|", "es"),
        ("Getting your Trinity Audio player ready...", "en"),
        ("Updated June 2, 2026 at 8:10 AM EDT", "en"),
        ("Publicado por Agencia Sur Creado: Actualizado:", "es"),
        # a related link with no separator after its marker
        ("Leer más Argentina nombra a un nuevo embajador en Santiago", "es"),
        ("Lea también El canciller de Perú viaja a Quito", "es"),
        ("Read more Kenya names a new envoy to Addis Ababa", "en"),
    ],
)
def test_page_furniture_lines_are_chrome(line: str, lang: str) -> None:
    headline, body = ACCORD_HEADLINE[lang], ACCORD_BODY[lang]
    result = clean_text(f"{line}\n\n{headline}\n\n{body}", lang=lang)
    assert [p.text for p in result.passages] == [headline, body]


def test_a_month_only_machine_dateline_is_stripped_without_a_date() -> None:
    result = clean_text("date 2026-03 Los cancilleres firmaron el texto en Asunción.", lang="es")
    assert result.passages[0].text == "Los cancilleres firmaron el texto en Asunción."
    assert result.stated_date is None


@pytest.mark.parametrize(
    ("text", "opens"),
    [
        ("New Delhi: Prime Minister Modi met the crown prince.", True),
        ("WASHINGTON — US President Trump received the emir.", True),
        ("RÍO DE JANEIRO, 18 Nov.- La cumbre comenzó este lunes.", True),
        ("Moscú, 5 feb (EFE).- El presidente ruso habló.", True),
        ("Kananaskis (Canada): Prime Minister Modi spoke.", True),
        ("La presidenta de México dijo: hay acuerdo.", False),
        ('Lula: "Brasil está listo".', False),
        ("El 3 de mayo - dijo el canciller.", False),
    ],
)
def test_a_wire_dateline_opens_the_report(text: str, opens: bool) -> None:
    from diplokg.read.clean import opens_with_place_dateline

    assert opens_with_place_dateline(text) is opens


@pytest.mark.parametrize(
    "last",
    [
        "En tanto, el presidente Boric, que también asistirá a la cumbre de la CELAC, "
        "mantendrá un encuentro bilateral en Bogotá con su homólogo colombiano, informó el portavo",
        "Prince Hussein said the kingdom wants to join the regional accord",
    ],
)
def test_the_last_paragraph_of_a_text_cut_mid_sentence_is_body_text(last: str) -> None:
    body = "Lula recibió el lunes a Boric en Brasilia. Ambos firmaron un acuerdo de comercio."
    cut = clean_text(f"{body}\n\n{last}", lang="es")
    assert last in [p.text for p in cut.passages]
    # the same words inside the body, before other paragraphs, are still a teaser
    # (or a subhead), never the text's own words cut off
    inside = clean_text(f"{body}\n\n{last}\n\n{body}", lang="es")
    assert (last, PassageKind.BODY) not in [(p.text, p.kind) for p in inside.passages]


@pytest.mark.parametrize(
    ("body", "tail", "lang"),
    [
        (
            "Lula received Boric in Brasilia on Monday. Both signed a trade deal.",
            "Read all the Latest News her",
            "en",
        ),
        (
            "Lula recibió el lunes a Boric en Brasilia. Ambos firmaron un acuerdo de comercio.",
            "MÁS NOTICIAS: Lluvia de estrellas 2024 Ho",
            "es",
        ),
    ],
)
def test_a_short_or_related_last_line_cut_off_is_still_chrome(body, tail, lang) -> None:
    assert [p.text for p in clean_text(f"{body}\n\n{tail}", lang=lang).passages] == [body]


def test_a_full_stop_the_page_put_on_a_line_of_its_own_ends_the_sentence() -> None:
    text = (
        "Lula recibió el lunes a Boric en Brasilia.\n"
        "En Brasil, el presidente chileno sostendrá numerosos encuentros bilaterales\n"
        "con grandes países emergentes\n"
        ".\n"
        "Ambos firmaron un acuerdo de comercio."
    )
    passages = [p.text for p in clean_text(text, lang="es").passages]
    assert (
        "En Brasil, el presidente chileno sostendrá numerosos encuentros bilaterales "
        "con grandes países emergentes." in passages
    )


def test_a_sentence_that_opens_with_read_more_words_is_kept() -> None:
    body = "Ver también el acuerdo de 2019 ayuda a entender la visita."
    result = clean_text(f"Bolivia y Paraguay firman un acuerdo\n\n{body}", lang="es")
    assert body in [p.text for p in result.passages]
