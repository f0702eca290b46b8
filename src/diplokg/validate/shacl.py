"""SHACL: pySHACL with ``ontology/shapes.ttl`` over data + ontology.

No inference: ``sh:targetClass`` follows the ontology's ``rdfs:subClassOf`` links in
the merged graph. Each result becomes a :class:`~diplokg.validate.report.Violation`
named after its shape.
"""

from __future__ import annotations

import pyshacl
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF

from .report import INFO, VIOLATION, WARNING, Violation, _term_text

SH = Namespace("http://www.w3.org/ns/shacl#")
_SEVERITIES = {SH.Violation: VIOLATION, SH.Warning: WARNING, SH.Info: INFO}


def shacl_violations(data: Graph, ontology: Graph, shapes: Graph) -> list[Violation]:
    """Run pySHACL on data + ontology and turn its report into Violations."""
    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
        abort_on_first=False,
    )
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage)
        component = results.value(result, SH.sourceConstraintComponent)
        violations.append(
            Violation(
                focus=_term_text(focus),
                path=_term_text(path) if isinstance(path, URIRef) else None,
                message=str(message) if message is not None else _term_text(component),
                severity=_SEVERITIES.get(severity, VIOLATION),
                source_shape=_shape_name(shapes, results.value(result, SH.sourceShape)),
                value=_term_text(value) if value is not None else None,
            )
        )
    return violations


def _shape_name(shapes: Graph, shape) -> str:
    """The IRI of a shape, or of the node shape that holds a blank property shape."""
    seen = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        parent = next(iter(shapes.subjects(SH.property, shape)), None)
        if parent is None:
            break
        shape = parent
    return str(shape) if isinstance(shape, URIRef) else "shape"
