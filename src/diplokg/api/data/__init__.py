"""What the HTML pages show, gathered with SPARQL through the query runner."""
