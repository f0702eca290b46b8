"""Export of the ontology and the data: dataset formats as stored, graph formats as
the OWL view that Protégé and HermiT accept."""
