"""`diplokg validate`: SHACL shapes, rdflib OWL checks that name the node at fault, and
the HermiT reasoner."""
