"""The HermiT reasoner, through owlready2 (on Java), over the OWL view of ontology +
data (:mod:`diplokg.export.owl_view`, the graph `diplokg export --format rdfxml`
writes).

The graph must be consistent and every class satisfiable. A reasoner that cannot run
(no Java, a literal HermiT rejects) is reported as a violation, not skipped;
``settings.reasoner = "none"`` skips it (see :func:`diplokg.validate.run.validate_store`).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from pyoxigraph import RdfFormat, Triple, serialize
from rdflib.namespace import OWL

from diplokg.config import Settings
from diplokg.rdf.ontology import ONTOLOGY_GRAPH

from .report import Violation

REASONER_SHAPE = "owl:reasoner"


def reasoner_check(triples: list[Triple], settings: Settings) -> tuple[list[Violation], str]:
    """Run HermiT on ``triples`` (ontology + data, OWL view): violations and a summary line.

    Inconsistency, unsatisfiable classes and a reasoner that cannot run (no Java,
    a literal HermiT rejects) are violations.
    """
    import owlready2

    def fail(message: str) -> tuple[list[Violation], str]:
        found = Violation(
            focus=ONTOLOGY_GRAPH.value, path=None, message=message, source_shape=REASONER_SHAPE
        )
        return [found], f"Reasoner (HermiT): {message.split(':')[0]}."

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="diplokg-owl-") as tmp:
        path = Path(tmp) / "graph.nt"
        path.write_bytes(serialize(triples, format=RdfFormat.N_TRIPLES))
        world = owlready2.World()
        try:
            outcome = _hermit(world, path, settings)
        finally:
            world.close()
    if isinstance(outcome, str):
        return fail(outcome)
    unsatisfiable = outcome
    violations = [
        Violation(
            focus=iri,
            path=None,
            message="class is unsatisfiable (equivalent to owl:Nothing): it can have no member",
            source_shape=REASONER_SHAPE,
        )
        for iri in unsatisfiable
    ]
    seconds = time.monotonic() - started
    verdict = "consistent" if not unsatisfiable else "consistent, with unsatisfiable classes"
    return violations, f"Reasoner (HermiT): {verdict}; {len(triples)} triples in {seconds:.1f} s."


def _hermit(world, path: Path, settings: Settings) -> list[str] | str:
    """Load ``path`` (N-Triples) into ``world`` and run HermiT.

    Returns the IRIs of unsatisfiable classes, or a message saying why the graph is
    inconsistent or HermiT could not run.
    """
    import owlready2
    from owlready2 import reasoning

    try:
        world.get_ontology(path.as_uri()).load(format="ntriples")
    except Exception as exc:  # owlready2's parser errors have no common base class
        return f"owlready2 could not read the OWL view: {exc}"
    owlready2.JAVA_EXE = settings.java
    reasoning.JAVA_MEMORY = settings.reasoner_memory_mb
    try:
        reasoning.sync_reasoner_hermit(world, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return (
            "inconsistent: no interpretation satisfies the ontology and the data "
            "together. Look first at owl:disjoint-classes and owl:functional-property "
            "results above; otherwise an individual meets a domain, range or "
            "disjointness axiom it contradicts"
        )
    except owlready2.OwlReadyJavaError as exc:
        return f"HermiT failed: {_java_reason(str(exc))}"
    except FileNotFoundError:
        return (
            f"cannot run: Java executable {settings.java!r} not found (install Java, "
            "set DIPLOKG_JAVA, or DIPLOKG_REASONER=none to skip the reasoner)"
        )
    nothing = str(OWL.Nothing)
    return sorted(c.iri for c in world.inconsistent_classes() if c.iri != nothing)


def _java_reason(message: str) -> str:
    """The message of a Java exception without its stack trace, on one line."""
    lines = [line.strip() for line in message.splitlines()]
    start = next((i for i, line in enumerate(lines) if "Exception" in line), None)
    if start is None:
        return " ".join(message.split())[:500]
    out = [lines[start].split(": ", 1)[-1]]
    for line in lines[start + 1 :]:
        if line.startswith("at "):
            break
        out.append(line)
    return " ".join(x for x in out if x)[:500]
