"""diplokg: knowledge graphs from diplomacy news, served over SPARQL."""

__version__ = "0.1.0"
