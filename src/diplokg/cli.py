"""The ``diplokg`` command: a thin shell over the library functions."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from diplokg.config import Settings


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="diplokg", description="Knowledge graphs from diplomacy news, served over SPARQL."
    )
    sub = p.add_subparsers(dest="command", required=True)

    def store_opt(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--store",
            help="store folder or remote SPARQL URL (default: $DIPLOKG_STORE or ./diplokg-store)",
        )

    b = sub.add_parser("build", help="extract articles and load them into the store")
    b.add_argument("inputs", nargs="+", type=Path, help="files or folders (.txt .md .html .jsonl)")
    store_opt(b)
    b.add_argument("--published", type=_date, help="publication date for articles without one")
    b.add_argument("--lang", choices=["es", "en"], help="language for articles without one")
    b.add_argument(
        "--workers",
        type=int,
        help="parallel extraction processes (default: $DIPLOKG_BUILD_WORKERS or 1); with "
        "--executor dask: the local cluster's workers, or with --scheduler the workers "
        "to wait for",
    )
    b.add_argument(
        "--executor",
        choices=["local", "dask"],
        help="where extraction runs: local processes, or a Dask cluster (default: "
        "$DIPLOKG_BUILD_EXECUTOR or local; needs the 'dask' extra)",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler (tcp://host:8786; implies --executor dask); "
        "without it --executor dask starts a local cluster of --workers processes",
    )
    b.add_argument(
        "--all",
        dest="incremental",
        action="store_false",
        help="extract every article again (default: skip articles stored unchanged)",
    )

    q = sub.add_parser("query", help="run a SPARQL query on the store")
    q.add_argument("query", help="a SPARQL query, or a .rq file")
    store_opt(q)
    q.add_argument("--format", choices=["json", "csv", "tsv", "table"], default="table")

    s = sub.add_parser("serve", help="serve the SPARQL endpoint, UI and API")
    store_opt(s)
    s.add_argument("--host", default=None)
    s.add_argument("--port", type=int, default=None)
    s.add_argument(
        "--processes",
        type=int,
        default=None,
        help="serving processes on one port (default: $DIPLOKG_PROCESSES, or one per CPU, "
        "at most 2; 1: a single process)",
    )

    e = sub.add_parser("export", help="write ontology + data in one file")
    store_opt(e)
    e.add_argument("--format", required=True, choices=["ttl", "rdfxml", "trig", "nq", "jsonld"])
    e.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")

    lk = sub.add_parser(
        "link",
        help="Wikidata QIDs for entities without one (offline: a count; --online: ask "
        "the Wikidata API)",
    )
    store_opt(lk)
    lk.add_argument("--online", action="store_true", help="ask the Wikidata API (never by default)")
    lk.add_argument("--limit", type=int, help="check at most this many entities")

    v = sub.add_parser("validate", help="SHACL + OWL checks of the stored graph")
    store_opt(v)

    # -- eval (capability 9): score the store against a gold table (docs/eval.md)
    ev = sub.add_parser("eval", help="score the store against a gold table (docs/eval.md)")
    ev.add_argument("gold", type=Path, help="gold table (TSV, see docs/eval.md)")
    store_opt(ev)
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument(
        "--anchors",
        type=Path,
        help="sentence anchors of the gold facts (eval/gold/anchors/*.tsv): also check "
        "that matched facts cite those sentences (needs --texts)",
    )
    ev.add_argument(
        "--texts",
        type=Path,
        nargs="+",
        help="the articles as JSON Lines (id, text) that the anchors' spans point into",
    )
    return p


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    if getattr(args, "store", None):
        overrides["store"] = args.store
    if getattr(args, "host", None):
        overrides["host"] = args.host
    if getattr(args, "port", None):
        overrides["port"] = args.port
    if getattr(args, "processes", None) is not None:
        overrides["processes"] = args.processes
    return Settings(**overrides)


def _checked_settings(args: argparse.Namespace) -> Settings:
    """The settings, or a CliError naming the first bad value (and its variable)."""
    from pydantic import ValidationError

    try:
        return _settings(args)
    except ValidationError as exc:
        error = exc.errors()[0]
        name = ".".join(str(part) for part in error["loc"])
        raise CliError(f"bad setting {name} (DIPLOKG_{name.upper()}): {error['msg']}") from None


def cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    from diplokg.build.batch import build
    from diplokg.build.extraction import ExecutorError
    from diplokg.build.progress import BuildProgress
    from diplokg.store import open_store

    executor = args.executor or ("dask" if args.scheduler else settings.build_executor)
    if executor != "dask" and args.scheduler:
        raise CliError("--scheduler names a Dask scheduler: use it with --executor dask")
    scheduler = (args.scheduler or settings.dask_scheduler) if executor == "dask" else None
    workers = settings.build_workers if args.workers is None else args.workers
    missing = [str(p) for p in args.inputs if not p.exists()]
    for m in missing:
        print(f"diplokg: error: {m}: no such file or folder", file=sys.stderr)
    inputs = [p for p in args.inputs if p.exists()]
    progress = BuildProgress(sys.stderr, tty=sys.stderr.isatty())
    store = open_store(settings)
    try:
        report = build(
            inputs,
            settings,
            store,
            published=args.published,
            lang=args.lang,
            workers=workers,
            progress=progress,
            incremental=args.incremental,
            executor=executor,
            scheduler=scheduler,
        )
    except ExecutorError as exc:
        raise CliError(str(exc)) from None
    finally:
        store.close()
    for err in report.errors:
        print(f"diplokg: error: {err}", file=sys.stderr)
    for warn in report.warnings:
        print(f"diplokg: warning: {warn}", file=sys.stderr)
    if report.warnings_total > len(report.warnings):
        more = report.warnings_total - len(report.warnings)
        print(f"diplokg: warning: and {more} more warning(s) not shown", file=sys.stderr)
    print(
        f"built {report.articles} articles: {report.events} events, "
        f"{report.relations} relations, {report.quads} quads into {settings.store}"
        + (f"; {report.skipped} unchanged article(s) skipped" if report.skipped else "")
        + (f"; {report.joined} undated report(s) joined to dated events" if report.joined else "")
    )
    if report.unresolved_dates:
        print(_unresolved_summary(report.unresolved_dates, report.unresolved_counts))
    return 1 if report.errors or missing else 0


#: what the user can do about a date left unresolved for each reason
_UNRESOLVED_HINTS = {"no publication date": "give --published or a 'published:' header"}


def _unresolved_summary(
    examples: dict[str, list[str]], counts: dict[str, int], shown: int = 3
) -> str:
    """One line: how many relative dates were left unresolved, why, and examples."""
    total = sum(counts.values())
    parts = []
    for reason, items in sorted(examples.items()):
        hint = _UNRESOLVED_HINTS.get(reason)
        count = counts.get(reason, len(items))
        more = f", and {count - shown} more" if count > shown else ""
        parts.append(
            f"{count} {reason}{f' ({hint})' if hint else ''}: " + ", ".join(items[:shown]) + more
        )
    return f"{total} relative date(s) not resolved: " + "; ".join(parts)


def _is_file(text: str) -> bool:
    """Whether ``text`` names an existing file (a long inline query is no file name)."""
    try:
        return "\n" not in text and Path(text).is_file()
    except (OSError, ValueError):
        return False


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    from diplokg.rdf.vocab import sparql_prefixes
    from diplokg.sparql.terminal import render
    from diplokg.store import open_store

    text = args.query
    if text.endswith(".rq") or _is_file(text):
        path = Path(text)
        if not path.is_file():
            raise CliError(f"{text}: no such query file")
        text = path.read_text(encoding="utf-8")
    if "PREFIX" not in text.upper():
        text = sparql_prefixes() + text
    store = open_store(settings, read_only=not settings.is_remote_store())
    try:
        sys.stdout.write(render(store, text, args.format))
    finally:
        store.close()
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from diplokg.api.app import serve

    serve(settings)
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from diplokg.export.dataset import export_dataset
    from diplokg.store import open_store

    store = open_store(settings, read_only=not settings.is_remote_store())
    try:
        if args.output:
            with args.output.open("wb") as out:
                export_dataset(store, settings, args.format, out)
        else:
            export_dataset(store, settings, args.format, sys.stdout.buffer)
    finally:
        store.close()
    return 0


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    from diplokg.store import open_store
    from diplokg.validate.run import validate_store

    store = open_store(settings, read_only=not settings.is_remote_store())
    try:
        report = validate_store(store, settings)
    finally:
        store.close()
    print(report.text())
    return 0 if report.conforms else 1


def cmd_link(args: argparse.Namespace, settings: Settings) -> int:
    """Offline: how many entities lack a QID. Online: ask Wikidata and store the links
    whose type and name agree (diplokg.build.wikidata_link)."""
    from diplokg.build.wikidata_client import WikidataClient, WikidataError
    from diplokg.build.wikidata_link import link_online, load_classes, unlinked
    from diplokg.store import open_store

    store = open_store(settings, read_only=not (args.online or settings.is_remote_store()))
    try:
        if not args.online:
            count = len(unlinked(store, sorted(load_classes(settings.data_dir))))
            print(
                f"{count} entities without a Wikidata QID; offline, nothing asked "
                f"(--online asks {settings.wikidata_api})"
            )
            return 0
        client = WikidataClient(settings)
        try:
            report = link_online(store, settings, client, limit=args.limit)
        except WikidataError as exc:
            raise CliError(str(exc)) from None
        finally:
            client.close()
    finally:
        store.close()
    for m in report.linked:
        print(f"linked {m.entity} → wd:{m.qid} ({m.label.value!r}, instance of wd:{m.wd_class})")
    for entity, why in sorted(report.skipped.items()):
        print(f"left {entity}: {why}")
    print(
        f"{report.checked} entities checked, {len(report.linked)} linked, "
        f"{len(report.skipped)} left alone; {report.requests} request(s) to "
        f"{settings.wikidata_api}, the rest from {settings.wikidata_cache_dir}"
    )
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Score the store against a gold table; exit 0 (a measurement), 2 on a bad gold file."""
    from diplokg.evaluate import GoldError, dumps, evaluate_store, to_text
    from diplokg.rdf.ontology import ontology_path
    from diplokg.store import open_store

    if args.anchors is not None and not args.texts:
        raise CliError("--anchors needs --texts: the articles its spans point into")
    for path in [args.anchors, *(args.texts or [])]:
        if path is not None and not path.is_file():
            raise CliError(f"no such file: {path}")
    store = open_store(settings, read_only=not settings.is_remote_store())
    try:
        report = evaluate_store(store, args.gold, ontology_path(settings), args.anchors, args.texts)
    except GoldError as exc:
        raise CliError(str(exc)) from None
    finally:
        store.close()
    sys.stdout.write(dumps(report) if args.json else to_text(report))
    return 0


COMMANDS = {
    "build": cmd_build,
    "query": cmd_query,
    "serve": cmd_serve,
    "export": cmd_export,
    "link": cmd_link,
    "validate": cmd_validate,
    "eval": cmd_eval,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``diplokg`` console command."""
    args = _parser().parse_args(argv)
    try:
        settings = _checked_settings(args)
        if (
            args.command != "build"
            and not settings.is_remote_store()
            and not Path(settings.store).exists()
        ):
            raise CliError(f"no store at {settings.store} (run 'diplokg build' first)")
        return COMMANDS[args.command](args, settings)
    except CliError as exc:
        print(f"diplokg: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # every failure is one readable line, never a traceback
        from diplokg.store import StoreError

        if isinstance(exc, StoreError):
            kind = "query error" if args.command == "query" else "store error"
        else:
            kind = type(exc).__name__
        print(f"diplokg: error: {kind}: {exc}".splitlines()[0], file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["main"]
