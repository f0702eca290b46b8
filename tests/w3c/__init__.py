"""W3C SPARQL 1.1 test suites run against a live ``diplokg serve`` process."""
