"""Per-passage language identification, as the pipeline uses it (guess, else the
article's language)."""

from __future__ import annotations

from diplokg.read.langid import guess_language


def detect_language(text: str, default: str) -> str:
    return guess_language(text) or default


def test_spanish_and_english_passages():
    assert (
        detect_language(
            "El presidente ruso dijo que la alianza es un factor de estabilidad en el mundo.", "en"
        )
        == "es"
    )
    assert (
        detect_language(
            "In this pool photograph distributed by the Russian state agency, "
            "Russia's President holds a video call.",
            "es",
        )
        == "en"
    )


def test_short_or_ambiguous_text_falls_back_to_the_article_language():
    assert detect_language("Xi Jinping", "es") == "es"
    assert detect_language("TAGS", "en") == "en"
    assert detect_language("1234 5678 9012 3456", "es") == "es"


def test_short_captions_and_headlines_get_their_language():
    # too short for a stop-word count; Lingua (es/en only) tells them apart
    assert detect_language("Merz visits Beijing", "es") == "en"
    assert detect_language("Putin meets Xi in Moscow", "es") == "en"
    assert detect_language("Lula recibe a Xi en Brasilia", "en") == "es"
    assert detect_language("Cumbre del G20 en Johannesburgo", "en") == "es"
