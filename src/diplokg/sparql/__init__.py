"""SPARQL text handling, apart from any server: lexing, the query policy, operation
text, parameter bindings, saved queries and terminal rendering of results."""
