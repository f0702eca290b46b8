"""A small SPARQL 1.1 tokenizer: enough structure to inspect and rewrite queries safely.

It follows the terminal definitions of the SPARQL 1.1 grammar (section 19.8), so that
keywords are never confused with text inside strings, IRIs, comments, variables,
prefixed names or language tags. It does not validate: characters it cannot classify
become one-character ``punct`` tokens and the real parser (Oxigraph) rejects them later.
Comments and whitespace produce no tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# -- terminals (SPARQL 1.1 §19.8) ---------------------------------------------------
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
    "\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (
    rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})"
    rf"(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)
_VARNAME = rf"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"

# IRIREF; ``\\u``/``\\U`` escapes count as characters (SPARQL 1.1 §19.2).
_IRIREF = re.compile(r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>')
_PNAME = re.compile(rf"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?")
_BNODE = re.compile(rf"_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?")
_VAR = re.compile(rf"[?$]{_VARNAME}")
_LANGTAG = re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")
_NUMBER = re.compile(
    r"[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+"
)
_WORD = re.compile(rf"[{_PN_CHARS_BASE}][{_PN_CHARS_U}0-9]*")
_SPACE = re.compile(r"[ \t\r\n]+")
_PUNCT = ("<<", ">>", "{|", "|}", "^^", "&&", "||", "!=", "<=", ">=")


class LexError(ValueError):
    """The text cannot be split into tokens (an unterminated string)."""


@dataclass(frozen=True)
class Token:
    """One terminal: ``kind`` is iri, pname, bnode, var, string, number, langtag,
    word (keywords, ``a``, built-in function names, booleans) or punct."""

    kind: str
    text: str
    start: int
    end: int

    def is_word(self, *words: str) -> bool:
        """True for a bare word equal (case-insensitively) to one of ``words``."""
        return self.kind == "word" and self.text.upper() in words


def _string_end(text: str, start: int) -> int:
    """Index just past the string literal that starts at ``start``."""
    quote = text[start]
    if text.startswith(quote * 3, start):
        i = start + 3
        while i < len(text):
            if text[i] == "\\":
                i += 2
            elif text.startswith(quote * 3, i):
                return i + 3
            else:
                i += 1
        raise LexError(f"unterminated long string starting at offset {start}")
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
        elif ch == quote:
            return i + 1
        elif ch in "\r\n":
            break
        else:
            i += 1
    raise LexError(f"unterminated string starting at offset {start}")


def tokenize(text: str) -> list[Token]:
    """Split SPARQL text into tokens (comments and whitespace dropped).

    Raises :class:`LexError` for an unterminated string.
    """
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        m = _SPACE.match(text, i)
        if m:
            i = m.end()
            continue
        if ch == "#":
            j = i
            while j < n and text[j] not in "\r\n":
                j += 1
            i = j
            continue
        kind, end = _match_at(text, i)
        tokens.append(Token(kind, text[i:end], i, end))
        i = end
    return tokens


#: Texts up to this length are tokenized once and kept (:func:`tokens_of`).
KEPT_TEXT_CHARS = 2000


@lru_cache(maxsize=128)
def _kept_tokens(text: str) -> tuple[Token, ...]:
    return tuple(tokenize(text))


def tokens_of(text: str) -> tuple[Token, ...]:
    """The tokens of ``text`` (as :func:`tokenize`), kept for the last short texts:
    an endpoint request looks at its text several times (the base IRI, the query
    form, the policy), and clients send the same queries again and again."""
    if len(text) <= KEPT_TEXT_CHARS:
        return _kept_tokens(text)
    return tuple(tokenize(text))


def _match_at(text: str, i: int) -> tuple[str, int]:
    """Kind and end offset of the token starting at ``i``."""
    ch = text[i]
    if ch in "'\"":
        return "string", _string_end(text, i)
    if ch == "<":
        m = _IRIREF.match(text, i)
        if m:
            return "iri", m.end()
    if ch in "?$":
        m = _VAR.match(text, i)
        if m:
            return "var", m.end()
    if ch == "@":
        m = _LANGTAG.match(text, i)
        if m:
            return "langtag", m.end()
    if ch == "_":
        m = _BNODE.match(text, i)
        if m:
            return "bnode", m.end()
    if ch.isdigit() or (ch == "." and i + 1 < len(text) and text[i + 1].isdigit()):
        m = _NUMBER.match(text, i)
        if m:
            return "number", m.end()
    m = _PNAME.match(text, i)
    if m and m.end() > i:
        return "pname", m.end()
    m = _WORD.match(text, i)
    if m:
        return "word", m.end()
    for punct in _PUNCT:
        if text.startswith(punct, i):
            return "punct", i + len(punct)
    return "punct", i + 1


_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def iri_value(token: Token) -> str:
    """The IRI an ``iri`` token spells (``\\u``/``\\U`` escapes decoded, brackets dropped)."""
    return _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token.text[1:-1])


_LOCAL_ESCAPE = re.compile(r"\\(.)")


def expand_pname(token: Token, prefixes: dict[str, str]) -> str | None:
    """The IRI a ``pname`` token stands for, or None when its prefix is undeclared."""
    prefix, _, local = token.text.partition(":")
    if prefix not in prefixes:
        return None
    return prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
