"""spaCy's attribute ruler with its one-token patterns looked up in tables.

The small models' ``attribute_ruler`` (their tag map, morphology rules and lemma
exceptions: 179 pattern groups in English, 21 in Spanish) runs every pattern through
spaCy's ``Matcher`` on every token. Over real news that is a tenth of the English
pipeline's time, for what is mostly a table lookup. :class:`IndexedAttributeRuler` is
the same component with the same patterns, precedence and ``set_annotations``. Only
its ``match`` differs: the patterns that test one token for equal attribute values are
found by lookup, and the rest (several tokens, regular expressions, operators) are
left to a ``Matcher`` of their own. It returns spaCy's matches in spaCy's order;
``tests/unit/test_attribute_index.py`` compares the two.
"""

from __future__ import annotations

from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc

#: the token attributes an indexed pattern may test, by their Matcher names, in the
#: order of a token's row: its shape (tag, part of speech, dependency, space) and word
_TESTED = ("TAG", "POS", "DEP", "IS_SPACE", "LOWER")
_ROW = [TAG, POS, DEP, IS_SPACE, LOWER]
_SHAPE = 4

Tests = dict[str, frozenset]
Match = tuple[int, int, int, int]  # group, its key's hash, start, end


def one_token_tests(pattern: list[dict]) -> Tests | None:
    """The values each attribute must have for ``pattern`` to match a token, when it
    is one token tested only for equal values (``{"TAG": "NN"}``, ``{"LOWER": {"IN":
    [...]}}``); else None."""
    if len(pattern) != 1 or not pattern[0]:
        return None
    tests: Tests = {}
    for name, value in pattern[0].items():
        name = name.upper()
        if name not in _TESTED:
            return None
        if isinstance(value, dict):
            if set(value) != {"IN"}:
                return None
            value = value["IN"]
        else:
            value = [value]
        if any(isinstance(v, dict | list) for v in value):
            return None
        tests[name] = frozenset(value)
    return tests


def _ids(name: str, values: frozenset, strings: StringStore) -> frozenset[int]:
    """The values a token's row holds for ``values`` of attribute ``name``."""
    if name == "POS":
        return frozenset(POS_IDS.get(v, -1) for v in values)
    if name == "IS_SPACE":
        return frozenset(int(bool(v)) for v in values)
    return frozenset(strings.add(v) for v in values)


def _passes(tests: list[tuple[int, frozenset[int]]], row: tuple[int, ...]) -> bool:
    return all(row[i] in values for i, values in tests)


class _Index:
    """The pattern groups of one ruler, split into looked-up and matched ones."""

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        self.keys: list[int] = []
        # a test is (position in a token's row, the values it accepts)
        self.by_shape: list[tuple[int, list]] = []  # groups that test no word
        self.by_word: dict[int, list[tuple[int, list]]] = {}  # the others, by word
        self.rest = Matcher(ruler.vocab)
        for group, spec in enumerate(ruler.patterns):
            key = str(group)
            self.keys.append(strings.add(key))
            tests = [one_token_tests(p) for p in spec["patterns"]]
            if spec.get("index", 0) != 0 or any(t is None for t in tests):
                self.rest.add(key, spec["patterns"])
                continue
            for test in tests:
                on_shape = [
                    (_TESTED.index(name), _ids(name, values, strings))
                    for name, values in test.items()
                    if name != "LOWER"
                ]
                if "LOWER" in test:
                    for word in _ids("LOWER", test["LOWER"], strings):
                        self.by_word.setdefault(word, []).append((group, on_shape))
                else:
                    self.by_shape.append((group, on_shape))
        self.shapes: dict[tuple[int, ...], tuple[int, ...]] = {}

    def match(self, doc: Doc) -> list[Match]:
        found: set[Match] = set()
        rows = doc.to_array(_ROW).tolist() if len(doc) else []
        for i, row in enumerate(rows):
            shape = tuple(row[:_SHAPE])
            groups = self.shapes.get(shape)
            if groups is None:
                groups = self.shapes[shape] = tuple(
                    g for g, tests in self.by_shape if _passes(tests, shape)
                )
            for g in groups:
                found.add((g, self.keys[g], i, i + 1))
            for g, tests in self.by_word.get(row[_SHAPE], ()):
                if _passes(tests, shape):
                    found.add((g, self.keys[g], i, i + 1))
        if len(self.rest):
            strings = doc.vocab.strings
            for key, start, end in self.rest(doc, allow_missing=True, as_spans=False):
                found.add((int(strings[key]), key, start, end))
        return sorted(found)


class IndexedAttributeRuler(AttributeRuler):
    """``AttributeRuler`` whose one-token equality patterns are found by lookup."""

    _index: _Index | None = None

    def add(self, patterns, attrs, index=0) -> None:
        super().add(patterns, attrs, index)
        self._index = None

    def clear(self) -> None:
        super().clear()
        self._index = None

    def build_index(self) -> None:
        """Index the patterns now (the strings it adds outlive any memory zone)."""
        self._index = _Index(self)

    def match(self, doc: Doc) -> list[Match]:
        if self._index is None:
            self.build_index()
        return self._index.match(doc)


@Language.factory("indexed_attribute_ruler", default_config={"validate": False})
def make_indexed_attribute_ruler(nlp: Language, name: str, validate: bool) -> IndexedAttributeRuler:
    """spaCy factory of :class:`IndexedAttributeRuler`."""
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate)


def index_attribute_rulers(nlp: Language) -> None:
    """Replace each ``attribute_ruler`` of ``nlp`` with an indexed one holding its
    patterns, in its place and under its name."""
    for name, pipe in list(nlp.pipeline):
        if type(pipe) is AttributeRuler:
            patterns = pipe.patterns
            indexed = nlp.replace_pipe(name, "indexed_attribute_ruler")
            indexed.add_patterns(patterns)
            indexed.build_index()
