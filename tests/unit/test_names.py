"""Clean-up of names proposed by the statistical NER (``link/names.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplokg.link.names import NameRules, load_name_rules
from diplokg.model import EntityType

P, PL, ORG = EntityType.PERSON, EntityType.PLACE, EntityType.ORGANIZATION


@pytest.fixture(scope="module")
def rules() -> NameRules:
    return load_name_rules()


@pytest.mark.parametrize(
    ("text", "etype", "expected"),
    [
        ("Gobierno de la", PL, None),  # a common noun cut short
        ("Estado será", PL, None),  # a verb glued to a common noun
        ("Crown Prince", P, None),  # an honorific alone
        ("Nov.- La Cumbre del", P, None),  # a dateline glued to a headline
        ("Mandatario chileno", PL, None),  # a description
        ("Prince Faisal's", P, "Faisal"),  # honorific and possessive
        ("Tan Sri Muhyiddin Yassin", P, "Muhyiddin Yassin"),
        ("Sheikh Mohammed bin Zayed", P, "Mohammed bin Zayed"),
        ('Lula "el Grande" Silva', P, "Lula el Grande Silva"),
        ("Kassym-Jomart Tokayev of", P, "Kassym-Jomart Tokayev"),
        ("Consejo Nacional de Seguridad de", ORG, "Consejo Nacional de Seguridad"),
        ("La Moneda", PL, "La Moneda"),
        ("Bank of Korea", ORG, "Bank of Korea"),
        ("Plan de Acción México-Canadá", P, None),  # a plan, not a person
        ("Colpisa Creado", ORG, "Colpisa"),  # a byline word glued on
        ("Jefe de Estado", P, None),
        ("Secretario Marco Rubio", P, "Marco Rubio"),
        ("Crown Prince & PM", ORG, None),  # a title taken for an organisation
        ("Badr al-Busaidi", P, "Badr al-Busaidi"),  # a particle before the surname
        ("Abdel Fattah el-Sisi said", P, "Abdel Fattah el-Sisi"),
        ("Majestad el Rey", P, None),  # honorifics behind an article
        ("Majesty King Abdullah", P, "Abdullah"),
        ("Majestad", PL, None),  # an honorific taken for a place
    ],
)
def test_clean(rules, text, etype, expected):
    assert rules.clean(text, etype) == expected


def test_rules_are_read_from_the_data_folder(tmp_path: Path):
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "names.yaml").write_text(
        "not_names: {en: [widget]}\nhonorifics: {en: [lord]}\nconnectors: [of]\n",
        encoding="utf-8",
    )
    rules = load_name_rules(tmp_path)
    assert rules.clean("Widget", PL) is None
    assert rules.clean("Lord Smith", P) == "Smith"
    assert rules.clean("Gobierno", PL) == "Gobierno"  # not in this folder's list


def test_a_bare_yaml_boolean_in_a_word_list_is_refused(tmp_path: Path):
    from diplokg.extract.words import load_words

    words = tmp_path / "lexicon" / "words"
    words.mkdir(parents=True)
    (words / "en.yaml").write_text("target_cases: [on, against]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="quote on"):
        load_words(tmp_path)


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Spokesperson Hussein Mohammed", "en", "Hussein Mohammed"),
        ("Portavoz Ana Lima", "es", "Ana Lima"),
    ],
)
def test_a_spokesperson_title_is_no_part_of_the_name(text, lang, name):
    assert load_name_rules().clean(text, EntityType.PERSON) == name
