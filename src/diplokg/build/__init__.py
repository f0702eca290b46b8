"""The build step: articles through read, nlp, link and extract, mapped to RDF and
loaded into the store, then undated reports joined to their dated twins."""
