"""How deep a SPARQL text would make the parser and the engine recurse, told from tokens.

Oxigraph parses, optimises and evaluates a query recursively: every bracket that is
open at once, and every link of a chain (``1+1+1``, ``a || b || c``, ``{} UNION {}
UNION {}``, one ``OPTIONAL``/``MINUS``/``BIND``/``FILTER``/``GRAPH`` after another in a
group), is one more level of the native stack. A few thousand levels overflow it and
kill the process (SIGSEGV): measured with pyoxigraph 0.5 and an 8 MB stack, about
2,200 nested ``{ }``, 4,600 nested ``( )``, 2,600 chained ``MINUS {}`` or ``BIND``,
6,900 terms of ``1+1+...``, 6,500 ``UNION`` branches. A text is therefore measured here,
on tokens (strings, IRIs and comments cannot fool it), before any parser sees it:

* **nesting**: how many brackets (``{`` ``(`` ``[`` ``{|`` ``<<``) are open at once;
* **depth**: an upper estimate of the depth of the operation's tree: each open
  bracket counts 1, plus every chaining token seen so far inside each open bracket
  (binary operators, path operators, the group keywords above, and each ``{`` that
  opens a group inside another; the operations of an update form a flat list).
  Inside data blocks (``VALUES ... { }``, ``INSERT DATA { }``, ``DELETE DATA { }``)
  only brackets count: data is a flat list.

:func:`check_structure` refuses a text over either limit with :class:`TooComplex`
(an HTTP 400 with a message naming the measure, the limit and where it was reached).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from diplokg.sparql.lexer import Token

OPENERS = {"{": "}", "(": ")", "[": "]", "{|": "|}", "<<": ">>"}
CLOSERS = frozenset(OPENERS.values())
#: Punctuation that links two operands into one more level of the tree.
CHAIN_PUNCT = frozenset(("||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "|", "^"))
#: Keywords whose every occurrence in a group nests the group's pattern one level more.
CHAIN_WORDS = frozenset(
    ("UNION", "OPTIONAL", "MINUS", "BIND", "FILTER", "VALUES", "GRAPH", "SERVICE")
)


class TooComplex(ValueError):
    """The text nests or chains deeper than the endpoint accepts (message for the client)."""


@dataclass(frozen=True)
class Structure:
    """The measures of one text, with the offsets where their maxima were first reached."""

    nesting: int
    nesting_at: int
    depth: int
    depth_at: int


def _is_punct(tok: Token, texts: dict[str, str] | frozenset[str]) -> bool:
    return tok.kind == "punct" and tok.text in texts


def measure(tokens: Sequence[Token]) -> Structure:
    """The nesting and estimated tree depth of a tokenized text (see the module doc)."""
    chains: list[int] = [0]  # chaining tokens seen in each open bracket (and the top)
    total = 0  # sum(chains)
    data_from: int | None = None  # nesting at which the current data block opened
    data_next = False  # the next "{" opens a data block
    nesting = nesting_max = nesting_at = depth_max = depth_at = 0
    previous: Token | None = None
    for tok in tokens:
        in_data = data_from is not None
        if _is_punct(tok, OPENERS):
            if tok.text == "{" and nesting and not in_data:
                chains[-1] += 1  # a group beside others joins them (top level: a list)
                total += 1
            chains.append(0)
            nesting += 1
            if tok.text == "{" and data_next and not in_data:
                data_from, data_next = nesting, False
            if nesting > nesting_max:
                nesting_max, nesting_at = nesting, tok.start
        elif _is_punct(tok, CLOSERS):
            if len(chains) > 1:
                total -= chains.pop()
                nesting -= 1
            if data_from is not None and nesting < data_from:
                data_from = None
        elif not in_data:
            if _is_punct(tok, CHAIN_PUNCT) or (
                tok.kind == "word" and tok.text.upper() in CHAIN_WORDS
            ):
                chains[-1] += 1
                total += 1
            after_verb = previous is not None and previous.is_word("INSERT", "DELETE")
            if tok.is_word("VALUES") or (tok.is_word("DATA") and after_verb):
                data_next = True
        depth = nesting + total
        if depth > depth_max:
            depth_max, depth_at = depth, tok.start
        previous = tok
    return Structure(nesting_max, nesting_at, depth_max, depth_at)


def check_structure(tokens: Sequence[Token], max_nesting: int, max_depth: int) -> Structure:
    """Measure ``tokens`` and raise :class:`TooComplex` if a limit is exceeded.

    A limit of 0 or less switches that check off.
    """
    found = measure(tokens)
    if 0 < max_nesting < found.nesting:
        raise TooComplex(
            f"the text nests brackets {found.nesting} deep (first at offset "
            f"{found.nesting_at}); this endpoint accepts at most {max_nesting} levels of "
            "{ }, ( ), [ ] nested in one another"
        )
    if 0 < max_depth < found.depth:
        raise TooComplex(
            f"the text chains too much into one expression or pattern: about "
            f"{found.depth} levels (first at offset {found.depth_at}), this endpoint "
            f"accepts at most {max_depth}; long chains of operators (a || b || ...), "
            "UNION, OPTIONAL, MINUS, BIND or FILTER nest one level each: use IN (...) "
            "or VALUES for long lists of alternatives, or split the request"
        )
    return found
