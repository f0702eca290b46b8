"""Saved analyst queries: ``queries/*.rq`` files with a grlc-style YAML header.

A saved query starts with comment lines beginning ``#+``. Without that prefix (and
the one space after it) they form one YAML mapping, read with YAML's safe loader as
grlc reads its query headers::

    #+ title: Who did a leader talk to
    #+ description: Contacts of a person between two dates, by channel.
    #+ params:
    #+   - name: person
    #+     type: iri
    #+     default: https://w3id.org/diplokg/resource/person/xi-jinping
    #+   - name: from
    #+     type: date
    #+     default: "2025-01-01"
    #+     description: first day

``title`` is required; each parameter needs ``name`` and ``type``. Every value is
text: quote those that YAML would read as something else (dates, numbers, ``yes``).
A parameter is a plain SPARQL variable (``?person``) of the query body, listed in
its SELECT clause, that the caller binds by substitution (:func:`bind_params`);
every query also runs with its parameters unbound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pyoxigraph import Literal, NamedNode, Variable

from diplokg.rdf.vocab import XSD, XSD_DATE
from diplokg.sparql.lexer import LexError, Token, tokenize

PARAM_TYPES = ("iri", "string", "date", "integer")
_HEADER_PREFIX = "#+"
_KEYS = ("title", "description", "params")
_PARAM_FIELDS = ("name", "type", "default", "description")
_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"[+-]?\d+")
# Characters that may not appear in an IRI (RFC 3987) or that would break SPARQL.
_IRI_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`]")
XSD_INTEGER = NamedNode(XSD + "integer")


@dataclass(frozen=True)
class QueryParam:
    """One parameter of a saved query: a SPARQL variable with a type."""

    name: str
    type: str
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class SavedQuery:
    """A saved query: its file stem as ``name``, header metadata and SPARQL text."""

    name: str
    title: str
    description: str
    params: list[QueryParam] = field(default_factory=list)
    sparql: str = ""

    def param(self, name: str) -> QueryParam:
        """The parameter called ``name`` (raises KeyError when there is none)."""
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)


def load_saved_queries(queries_dir: Path) -> dict[str, SavedQuery]:
    """Read every ``*.rq`` file of ``queries_dir``, keyed by file stem, sorted by name.

    Raises ValueError naming the file when a header is malformed.
    """
    queries: dict[str, SavedQuery] = {}
    for path in sorted(Path(queries_dir).glob("*.rq")):
        query = parse_saved_query(path.stem, path.read_text(encoding="utf-8"), source=str(path))
        queries[query.name] = query
    return queries


def parse_saved_query(name: str, text: str, *, source: str = "<string>") -> SavedQuery:
    """Parse one saved query's text; ``source`` names it in error messages.

    Raises ValueError, with ``source:line`` where the header says where, when the
    header is not YAML or does not describe the query.
    """
    lines = text.splitlines()
    size = next(
        (i for i, line in enumerate(lines) if not line.startswith(_HEADER_PREFIX)), len(lines)
    )
    if size == 0:
        raise ValueError(f"{source}: no '#+' header (expected '#+ title: ...' on line 1)")
    header = _read_header(lines[:size], source)
    title = _text(header.get("title"), "'title'")
    if not title:
        raise ValueError(f"{source}: the header has no 'title:'")
    params = _params(header.get("params"), source)
    body = "\n".join(lines[size:])
    seen: set[str] = set()
    for p in params:
        if p.name in seen:
            raise ValueError(f"{source}: parameter '{p.name}' declared twice")
        seen.add(p.name)
        if not re.search(rf"[?$]{p.name}\b", body):
            raise ValueError(f"{source}: parameter '{p.name}' is not a variable of the query")
    return SavedQuery(
        name=name,
        title=title,
        description=_text(header.get("description"), "'description'"),
        params=params,
        sparql=text,
    )


@dataclass(frozen=True)
class _Entry:
    """One entry of a header mapping: the value ``yaml.safe_load`` gave, its node
    (for the text as written) and ``file:line`` of its key."""

    value: Any
    node: yaml.Node
    where: str


def _read_header(lines: list[str], source: str) -> dict[str, _Entry]:
    """The header lines, without their ``#+``, read as one YAML mapping."""
    text = "\n".join(_unprefixed(line) for line in lines)
    # One parse: the node tree gives line numbers and repeated keys (which the values
    # alone hide: the last one wins without a word), the safe constructor the values.
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _at(source, mark) if mark is not None else source
        raise ValueError(f"{where}: the '#+' header is not valid YAML: {exc.problem}") from None
    except (yaml.YAMLError, ValueError) as exc:
        # e.g. an impossible unquoted date, which the YAML loader tries to build
        raise ValueError(
            f"{source}: the '#+' header is not valid YAML: {exc} (quote dates meant as text)"
        ) from None
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        raise ValueError(f"{source}: the '#+' header is not a YAML mapping of {', '.join(_KEYS)}")
    return _entries(root, data, source, _KEYS, "key")


def _unprefixed(line: str) -> str:
    """A header line without ``#+`` and the single space that usually follows it."""
    rest = line[len(_HEADER_PREFIX) :]
    return rest[1:] if rest.startswith(" ") else rest


def _at(source: str, mark: yaml.Mark) -> str:
    """``source:line``; header line n (from 0) is line n + 1 of the file."""
    return f"{source}:{mark.line + 1}"


def _entries(
    node: yaml.MappingNode, data: dict[Any, Any], source: str, allowed: tuple[str, ...], what: str
) -> dict[str, _Entry]:
    """The entries of a mapping, by key; ValueError on a key not ``allowed`` or repeated."""
    entries: dict[str, _Entry] = {}
    for key_node, value_node in node.value:
        key, where = key_node.value, _at(source, key_node.start_mark)
        if key not in allowed:
            raise ValueError(
                f"{where}: unknown {what} {key!r} (expected one of {', '.join(allowed)})"
            )
        if key in entries:
            raise ValueError(f"{where}: {what} '{key}' given twice")
        entries[key] = _Entry(data[key], value_node, where)
    return entries


def _text(entry: _Entry | None, label: str) -> str:
    """A text value ('' when absent or empty); ValueError when YAML read another type."""
    if entry is None or entry.value is None:
        return ""
    if isinstance(entry.value, str):
        return entry.value
    hint = ""
    if isinstance(entry.node, yaml.ScalarNode):
        hint = f"; write it in quotes: '{entry.node.value}'"
    raise ValueError(
        f"{entry.where}: {label} must be text, but YAML reads it as"
        f" {type(entry.value).__name__}{hint}"
    )


def _params(entry: _Entry | None, source: str) -> list[QueryParam]:
    """The ``params:`` list (empty when absent)."""
    if entry is None or entry.value is None:
        return []
    if not isinstance(entry.node, yaml.SequenceNode):
        raise ValueError(f"{entry.where}: 'params' must be a list of '- name: ...' items")
    return [
        _param(node, value, source)
        for node, value in zip(entry.node.value, entry.value, strict=True)
    ]


def _param(node: yaml.Node, data: Any, source: str) -> QueryParam:
    """One ``params:`` item: a mapping of name, type, default and description."""
    where = _at(source, node.start_mark)
    if not isinstance(node, yaml.MappingNode):
        raise ValueError(
            f"{where}: a parameter is a mapping of {', '.join(_PARAM_FIELDS)}, not {data!r}"
        )
    fields = _entries(node, data, source, _PARAM_FIELDS, "parameter field")
    name = _text(fields.get("name"), "a parameter name")
    if not _VAR_NAME.fullmatch(name):
        raise ValueError(f"{where}: parameter name {name!r} is not a SPARQL variable name")
    ptype = _text(fields.get("type"), f"the type of '{name}'")
    if ptype not in PARAM_TYPES:
        raise ValueError(
            f"{where}: parameter '{name}' has type {ptype!r}; use one of {PARAM_TYPES}"
        )
    param = QueryParam(
        name=name,
        type=ptype,
        default=_text(fields.get("default"), f"the default of '{name}'") or None,
        description=_text(fields.get("description"), f"the description of '{name}'"),
    )
    if param.default is not None:
        try:
            to_term(param.type, param.default)
        except ValueError as exc:
            raise ValueError(f"{where}: bad default for '{name}': {exc}") from exc
    return param


def bind_params(query: SavedQuery, values: dict[str, str]) -> dict[Variable, NamedNode | Literal]:
    """Turn parameter values (strings) into variable bindings for substitution.

    A parameter missing from ``values`` takes its default; one given as the empty
    string, or without a default, stays unbound (the query then ignores that
    filter). Raises ValueError on unknown parameters and on values that are not of
    the parameter's type.
    """
    known = {p.name for p in query.params}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(
            f"query '{query.name}' has no parameter {', '.join(map(repr, unknown))}"
            f" (parameters: {', '.join(sorted(known)) or 'none'})"
        )
    bindings: dict[Variable, NamedNode | Literal] = {}
    for p in query.params:
        raw = values.get(p.name, p.default)
        if raw is None or raw.strip() == "":
            continue
        try:
            bindings[Variable(p.name)] = to_term(p.type, raw.strip())
        except ValueError as exc:
            raise ValueError(f"parameter '{p.name}' of query '{query.name}': {exc}") from exc
    return bindings


def with_defaults_inlined(query: SavedQuery) -> str:
    """The query text with its parameters written in, for an editor (the query UI).

    A ``VALUES`` block naming every parameter is put first in the outermost ``WHERE``
    group: defaults as RDF terms (serialised by pyoxigraph, never pasted raw), ``UNDEF``
    for a parameter without one, so running the text gives what the API gives with
    default parameters, and the analyst sees where to change them. The text is returned
    unchanged when the query has no parameters or no group to put the block in.
    """
    if not query.params:
        return query.sparql
    at = _outer_group_start(query.sparql)
    if at is None:
        return query.sparql
    names = " ".join(f"?{p.name}" for p in query.params)
    values = " ".join(
        "UNDEF" if p.default is None else str(to_term(p.type, p.default)) for p in query.params
    )
    block = (
        "\n  # parameters (defaults from the header): change a value, or write UNDEF to"
        f" leave it open\n  VALUES ({names}) {{ ({values}) }}\n"
    )
    return query.sparql[:at] + block + query.sparql[at:].lstrip("\n")


def _outer_group_start(text: str) -> int | None:
    """Offset just past the ``{`` opening the outermost WHERE group (None: none found)."""
    try:
        tokens = tokenize(text)
    except LexError:
        return None
    form = next((t for t in tokens if t.is_word(*_QUERY_FORMS)), None)
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.text == "}":
            depth -= 1
        elif tok.text == "{":
            if depth == 0 and _opens_where_group(tokens, i, form):
                return tok.end
            depth += 1
    return None


def _opens_where_group(tokens: list[Token], i: int, form: Token | None) -> bool:
    """True when the top-level ``{`` at ``tokens[i]`` opens the query's WHERE group."""
    if i > 0 and tokens[i - 1].is_word("WHERE"):
        # CONSTRUCT WHERE { ... } is a template, where VALUES may not go
        return not (i > 1 and tokens[i - 2].is_word("CONSTRUCT"))
    # SELECT, ASK and DESCRIBE may leave out the WHERE keyword
    return form is not None and not form.is_word("CONSTRUCT") and tokens[i].start > form.start


_QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def to_term(ptype: str, value: str) -> NamedNode | Literal:
    """Convert a string to the RDF term of a parameter type (ValueError if invalid)."""
    if ptype == "iri":
        return _iri(value)
    if ptype == "date":
        if not _DATE.fullmatch(value):
            raise ValueError(f"{value!r} is not a date in YYYY-MM-DD form")
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a valid date") from exc
        return Literal(value, datatype=XSD_DATE)
    if ptype == "integer":
        if not _INTEGER.fullmatch(value):
            raise ValueError(f"{value!r} is not an integer")
        return Literal(str(int(value)), datatype=XSD_INTEGER)
    if ptype == "string":
        return Literal(value)
    raise ValueError(f"unknown parameter type {ptype!r}")


def _iri(value: str) -> NamedNode:
    """An absolute http(s) IRI as a NamedNode (ValueError otherwise)."""
    if _IRI_FORBIDDEN.search(value):
        raise ValueError(f"{value!r} contains characters not allowed in an IRI")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{value!r} is not an absolute http(s) IRI")
    try:
        return NamedNode(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid IRI: {exc}") from exc
