"""docker-compose.yml is a valid Compose file that runs what it claims to run.

No Docker engine runs here, so the file is checked against the Compose Specification
JSON schema (vendored in tests/data/compose-spec/ with its licence), then for what the
schema cannot express: healthchecks that really probe each server, the API waiting for
a healthy Oxigraph, ports bound to loopback, the data volume declared and mounted where
Oxigraph keeps its data, every command a real command of our CLI or of the Oxigraph
server, every DIPLOKG_* variable a real setting.
"""

from __future__ import annotations

import ast
import copy
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml

from diplokg.cli import _parser
from diplokg.config import Settings

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "tests" / "data" / "compose-spec" / "compose-spec.json"
COMPOSE = REPO / "docker-compose.yml"
DOCKERFILE = REPO / "Dockerfile"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def dockerfile_cmd() -> list[str]:
    """The image's default command (exec form)."""
    match = re.search(r"^CMD\s+(\[.*\])\s*$", DOCKERFILE.read_text(), re.MULTILINE)
    assert match, "Dockerfile has no exec-form CMD"
    return json.loads(match.group(1))


def command_of(service: dict) -> list[str]:
    cmd = service.get("command", dockerfile_cmd() if service.get("build") else None)
    assert cmd is not None
    return shlex.split(cmd) if isinstance(cmd, str) else list(cmd)


def option(cmd: list[str], name: str) -> str:
    return cmd[cmd.index(name) + 1]


def healthcheck_url(service: dict) -> str:
    """The URL a ``python -c`` healthcheck fetches (the code must compile)."""
    test = service["healthcheck"]["test"]
    assert test[0] == "CMD" and test[1:3] == ["python", "-c"], test
    code = test[3]
    compile(code, "<healthcheck>", "exec")
    urls = [
        node.value
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Constant) and str(node.value).startswith("http")
    ]
    assert len(urls) == 1, code
    assert "sys.exit" in code and "!= 200" in code  # unhealthy unless it answers 200
    return urls[0]


# -- the schema -----------------------------------------------------------------------
def test_compose_file_matches_the_compose_spec(compose, validator):
    errors = sorted(validator.iter_errors(compose), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


@pytest.mark.parametrize(
    "breakage",
    [
        lambda c: c["services"]["api"].update(healthcheck={"test": 5}),
        lambda c: c["services"]["api"].update(depends_on={"oxigraph": {"condition": "up"}}),
        lambda c: c["services"]["oxigraph"].update(restart_policy="always"),
        lambda c: c.update(volumes=["oxigraph-data"]),
    ],
)
def test_schema_rejects_broken_files(compose, validator, breakage):
    """Control: the schema does catch mistakes (the test above is not vacuous)."""
    broken = copy.deepcopy(compose)
    breakage(broken)
    assert list(validator.iter_errors(broken))


# -- what the schema cannot say -------------------------------------------------------
def test_services(compose):
    services = compose["services"]
    assert {"oxigraph", "api", "loader"} <= set(services)
    assert services["loader"].get("profiles") == ["tools"]  # run on demand only
    for name in ("oxigraph", "api"):
        assert services[name].get("restart") == "unless-stopped"


def test_oxigraph_server_command_volume_and_healthcheck(compose):
    oxigraph = compose["services"]["oxigraph"]
    cmd = command_of(oxigraph)
    assert cmd[:2] == ["oxigraph", "serve"]
    help_text = subprocess.run(
        [str(Path(sys.executable).parent / "oxigraph"), "serve", "--help"],
        capture_output=True, text=True, timeout=30, check=True,
    ).stdout  # fmt: skip
    for flag in (a for a in cmd[2:] if a.startswith("--")):
        assert flag in help_text, f"oxigraph serve has no {flag}"
    # data on the declared named volume, mounted where --location points
    location = option(cmd, "--location")
    mounts = {m.split(":")[1]: m.split(":")[0] for m in oxigraph["volumes"]}
    assert location in mounts
    assert mounts[location] in (compose.get("volumes") or {})
    # the healthcheck asks the server itself a query, on the port it binds
    port = option(cmd, "--bind").rsplit(":", 1)[1]
    url = urlsplit(healthcheck_url(oxigraph))
    assert url.hostname == "127.0.0.1" and str(url.port) == port
    assert url.path == "/query" and "query=" in url.query
    assert "ports" not in oxigraph  # no unauthenticated store on the host
    # the image the service runs has the server installed
    assert re.search(r"pip install[^\n]*\boxigraph\b", DOCKERFILE.read_text())


def test_api_command_ports_healthcheck_and_dependency(compose):
    api = compose["services"]["api"]
    cmd = command_of(api)
    assert cmd[:2] == ["diplokg", "serve"]
    args = _parser().parse_args(cmd[1:])
    assert args.command == "serve"
    assert args.host == "0.0.0.0"  # reachable from the published port
    published = [str(p) for p in api["ports"]]
    assert published == [f"127.0.0.1:{args.port}:{args.port}"]  # loopback only
    url = urlsplit(healthcheck_url(api))
    assert url.hostname == "127.0.0.1" and url.port == args.port and url.path == "/health"
    assert api["depends_on"]["oxigraph"]["condition"] == "service_healthy"


def test_api_reaches_the_oxigraph_service(compose):
    oxigraph_port = option(command_of(compose["services"]["oxigraph"]), "--bind").split(":")[-1]
    for name in ("api", "loader"):
        env = compose["services"][name]["environment"]
        store = urlsplit(env["DIPLOKG_STORE"])
        assert store.hostname == "oxigraph" and str(store.port) == oxigraph_port
        assert Settings(store=env["DIPLOKG_STORE"]).is_remote_store()


def test_api_timeout_matches_the_server_timeout(compose):
    server_timeout = option(command_of(compose["services"]["oxigraph"]), "--timeout-s")
    env = compose["services"]["api"]["environment"]
    assert float(env["DIPLOKG_QUERY_TIMEOUT_S"]) == float(server_timeout)


def test_environment_names_real_settings(compose):
    fields = set(Settings.model_fields)
    for service in compose["services"].values():
        for key in service.get("environment", {}):
            if key.startswith("DIPLOKG_"):
                assert key.removeprefix("DIPLOKG_").lower() in fields, key
    # an unset token interpolates to "": the endpoint stays read-only
    token = compose["services"]["api"]["environment"]["DIPLOKG_UPDATE_TOKEN"]
    assert token == "${DIPLOKG_UPDATE_TOKEN:-}"
    assert not Settings(store="x", update_token="").update_token


def test_loader_runs_a_real_build(compose):
    loader = compose["services"]["loader"]
    cmd = command_of(loader)
    args = _parser().parse_args(cmd[1:])
    assert args.command == "build"
    assert loader["depends_on"]["oxigraph"]["condition"] == "service_healthy"
    # the inputs are copied into the image (WORKDIR /app)
    dockerfile = DOCKERFILE.read_text()
    workdir = re.search(r"^WORKDIR\s+(\S+)", dockerfile, re.MULTILINE).group(1)
    for path in args.inputs:
        rel = Path(path).relative_to(workdir)
        assert re.search(rf"^COPY\s+{rel}\s+\./{rel}\s*$", dockerfile, re.MULTILINE), rel
        assert (REPO / rel).is_dir()


# -- the "dask" profile: a scheduler and workers for `diplokg build --executor dask` ----
def _dask_help(command: str) -> str:
    return subprocess.run(
        [str(Path(sys.executable).parent / "dask"), command, "--help"],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip


def test_dask_scheduler_and_workers(compose):
    services = compose["services"]
    scheduler, worker = services["dask-scheduler"], services["dask-worker"]
    for service in (scheduler, worker):
        assert service.get("profiles") == ["dask"]  # started only with --profile dask
        assert "ports" not in service  # a scheduler runs any code its clients send
        assert service.get("restart") == "unless-stopped"
    cmd = command_of(scheduler)
    assert cmd[:2] == ["dask", "scheduler"]
    help_text = _dask_help("scheduler")
    for flag in (a for a in cmd[2:] if a.startswith("--")):
        assert flag in help_text, f"dask scheduler has no {flag}"
    # the healthcheck asks the scheduler's own HTTP server for /health
    http = urlsplit("//" + option(cmd, "--dashboard-address"))
    url = urlsplit(healthcheck_url(scheduler))
    assert url.hostname == http.hostname == "127.0.0.1" and url.port == http.port
    assert url.path == "/health"
    # workers: one thread each (one batch at a time on one set of models), pointed at
    # the scheduler's service and port, started once it is healthy
    cmd = command_of(worker)
    assert cmd[:2] == ["dask", "worker"]
    help_text = _dask_help("worker")
    for flag in (a for a in cmd[2:] if a.startswith("--")):
        assert flag in help_text, f"dask worker has no {flag}"
    assert option(cmd, "--nthreads") == "1"
    address = urlsplit(cmd[2])
    assert address.scheme == "tcp" and address.hostname == "dask-scheduler"
    assert str(address.port) == option(command_of(scheduler), "--port")
    assert worker["depends_on"]["dask-scheduler"]["condition"] == "service_healthy"
    # the image the services run has Dask installed
    assert re.search(r'pip install[^\n]*"\.\[dask\]"', DOCKERFILE.read_text())


def test_the_documented_dask_build_names_real_settings(compose):
    """The header's `docker compose run -e ... loader` line gives real settings, and
    the scheduler address is the scheduler service's."""
    text = COMPOSE.read_text(encoding="utf-8")
    given = dict(re.findall(r"-e DIPLOKG_(\w+)=(\S+)", text))
    assert {"BUILD_EXECUTOR", "DASK_SCHEDULER"} <= set(given)
    overrides = {name.lower(): value for name, value in given.items()}
    assert set(overrides) <= set(Settings.model_fields)
    settings = Settings(store="http://oxigraph:7878", **overrides)
    assert settings.build_executor == "dask"
    port = option(command_of(compose["services"]["dask-scheduler"]), "--port")
    assert settings.dask_scheduler == f"tcp://dask-scheduler:{port}"
