"""Static consistency checks for the connector's packaging files.

Dockerfile, metadata.yaml, pyproject.toml and icon.svg must agree with each
other (entrypoint, image name, version, base image, license). These tests read
the files only; the last test builds and runs the image, and is skipped when
no Docker engine answers.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest itself depends on tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
METADATA = ROOT / "metadata.yaml"
PYPROJECT = ROOT / "pyproject.toml"
ICON = ROOT / "icon.svg"

CONNECTOR_NAME = "source-tiktok-shop"
BASE_IMAGE_RE = re.compile(r"^docker\.io/airbyte/python-connector-base:4\.0\.\d+@sha256:[0-9a-f]{64}$")
FORBIDDEN_COPY_PARTS = ("tiktok_shop_sandbox", "unit_tests", "integration_tests", "tests", "secrets", ".venv", ".tools")


# --------------------------------------------------------------------------- helpers


def _instructions(text: str) -> list[tuple[str, str]]:
    """Split a Dockerfile into (INSTRUCTION, arguments), joining `\\` continuations."""
    result: list[tuple[str, str]] = []
    buffer = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not buffer and (not line or line.startswith("#")):
            continue
        if buffer and line.startswith("#"):
            continue
        if line.endswith("\\"):
            buffer += line[:-1] + " "
            continue
        buffer += line
        keyword, _, args = buffer.strip().partition(" ")
        result.append((keyword.upper(), args.strip()))
        buffer = ""
    if buffer.strip():
        keyword, _, args = buffer.strip().partition(" ")
        result.append((keyword.upper(), args.strip()))
    return result


def _key_values(args: str) -> dict[str, str]:
    """Parse `KEY=VALUE ...` (or legacy `KEY VALUE`) arguments of ENV/LABEL/ARG."""
    tokens = shlex.split(args)
    if tokens and "=" not in tokens[0]:
        return {tokens[0]: " ".join(tokens[1:])}
    pairs = {}
    for token in tokens:
        key, sep, value = token.partition("=")
        pairs[key] = value if sep else ""
    return pairs


class _Dockerfile:
    def __init__(self, path: Path):
        assert path.is_file(), f"{path.name} is missing: add a Dockerfile at the repository root"
        self.instructions = _instructions(path.read_text(encoding="utf-8"))
        self.global_args: dict[str, str] = {}
        self.stages: list[list[tuple[str, str]]] = []
        for keyword, args in self.instructions:
            if keyword == "FROM":
                self.stages.append([(keyword, args)])
            elif not self.stages:
                if keyword == "ARG":
                    self.global_args.update(_key_values(args))
            else:
                self.stages[-1].append((keyword, args))

    def resolve(self, value: str) -> str:
        return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: self.global_args.get(m.group(1) or m.group(2), m.group(0)), value)

    @property
    def final_stage(self) -> list[tuple[str, str]]:
        assert self.stages, "Dockerfile has no FROM instruction: add the builder and final stages"
        return self.stages[-1]

    def from_images(self) -> list[str]:
        images = []
        for stage in self.stages:
            tokens = stage[0][1].split()
            tokens = [t for t in tokens if not t.startswith("--")]
            images.append(self.resolve(tokens[0]))
        return images

    def final(self, keyword: str) -> list[str]:
        return [args for kw, args in self.final_stage if kw == keyword]

    def final_env(self) -> dict[str, str]:
        env: dict[str, str] = {}
        for args in self.final("ENV"):
            env.update(_key_values(args))
        return env

    def final_labels(self) -> dict[str, str]:
        labels: dict[str, str] = {}
        for args in self.final("LABEL"):
            labels.update(_key_values(args))
        return labels

    def entrypoint(self) -> list[str]:
        entries = self.final("ENTRYPOINT")
        assert entries, 'Dockerfile final stage has no ENTRYPOINT: add ENTRYPOINT ["source-tiktok-shop"]'
        raw = entries[-1]
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            pytest.fail(f'ENTRYPOINT must use the JSON (exec) form, e.g. ENTRYPOINT ["{CONNECTOR_NAME}"]; got {raw!r}')
        assert isinstance(value, list) and all(isinstance(v, str) for v in value) and value, (
            f"ENTRYPOINT must be a non-empty JSON list of strings; got {raw!r}"
        )
        return value

    def copy_sources(self) -> list[str]:
        sources = []
        for keyword, args in self.instructions:
            if keyword not in ("COPY", "ADD"):
                continue
            tokens = [t for t in shlex.split(args) if not t.startswith("--")]
            if any(t.startswith("--from") for t in shlex.split(args)):
                continue  # copies between stages, not from the build context
            sources.extend(tokens[:-1])
        return sources


@pytest.fixture(scope="module")
def dockerfile() -> _Dockerfile:
    return _Dockerfile(DOCKERFILE)


@pytest.fixture(scope="module")
def metadata() -> dict:
    assert METADATA.is_file(), "metadata.yaml is missing: add it at the repository root"
    doc = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    assert isinstance(doc, dict) and isinstance(doc.get("data"), dict), "metadata.yaml must have a top-level `data:` mapping"
    assert doc.get("metadataSpecVersion") == "1.0", 'metadata.yaml: set top-level metadataSpecVersion: "1.0" (quoted string)'
    return doc["data"]


@pytest.fixture(scope="module")
def pyproject() -> dict:
    with PYPROJECT.open("rb") as fh:
        return tomllib.load(fh)


# --------------------------------------------------------------------------- static tests


def test_entrypoint_matches_airbyte_entrypoint_and_console_script(dockerfile, pyproject):
    entrypoint = " ".join(dockerfile.entrypoint())
    env = dockerfile.final_env()
    assert "AIRBYTE_ENTRYPOINT" in env, f'Dockerfile final stage must set ENV AIRBYTE_ENTRYPOINT="{entrypoint}" (the platform reads it)'
    assert env["AIRBYTE_ENTRYPOINT"] == entrypoint, (
        f"Dockerfile: AIRBYTE_ENTRYPOINT ({env['AIRBYTE_ENTRYPOINT']!r}) must equal the space-joined ENTRYPOINT ({entrypoint!r})"
    )
    scripts = pyproject.get("tool", {}).get("poetry", {}).get("scripts", {})
    assert CONNECTOR_NAME in scripts, (
        f"pyproject.toml: [tool.poetry.scripts] must define the console script `{CONNECTOR_NAME}`; found {sorted(scripts)}"
    )
    assert entrypoint == CONNECTOR_NAME, f"Dockerfile ENTRYPOINT ({entrypoint!r}) must run the Poetry console script {CONNECTOR_NAME!r}"
    assert pyproject["tool"]["poetry"]["name"] == CONNECTOR_NAME, f"pyproject.toml: [tool.poetry] name must be {CONNECTOR_NAME!r}"


def test_labels_match_metadata_and_pyproject_version(dockerfile, metadata, pyproject):
    labels = dockerfile.final_labels()
    assert "io.airbyte.name" in labels, "Dockerfile final stage: add LABEL io.airbyte.name=<metadata dockerRepository>"
    assert "io.airbyte.version" in labels, "Dockerfile final stage: add LABEL io.airbyte.version=<metadata dockerImageTag>"
    assert labels["io.airbyte.name"] == metadata.get("dockerRepository"), (
        f"Dockerfile LABEL io.airbyte.name ({labels['io.airbyte.name']!r}) must equal metadata.yaml "
        f"dockerRepository ({metadata.get('dockerRepository')!r})"
    )
    assert metadata.get("dockerRepository", "").endswith("/" + CONNECTOR_NAME), (
        f"metadata.yaml dockerRepository must be <org>/{CONNECTOR_NAME}"
    )
    version = pyproject["tool"]["poetry"]["version"]
    tag = str(metadata.get("dockerImageTag"))
    assert labels["io.airbyte.version"] == tag, (
        f"Dockerfile LABEL io.airbyte.version ({labels['io.airbyte.version']!r}) must equal metadata.yaml dockerImageTag ({tag!r})"
    )
    assert tag == version, f"metadata.yaml dockerImageTag ({tag!r}) must equal pyproject.toml version ({version!r}); bump them together"


def test_base_image_matches_metadata_and_is_pinned(dockerfile, metadata):
    base = dockerfile.global_args.get("BASE_IMAGE")
    assert base, "Dockerfile: declare `ARG BASE_IMAGE=<image>@sha256:<digest>` before the first FROM"
    build_options = metadata.get("connectorBuildOptions") or {}
    assert build_options.get("baseImage") == base, (
        f"metadata.yaml connectorBuildOptions.baseImage ({build_options.get('baseImage')!r}) must equal the "
        f"Dockerfile's BASE_IMAGE default ({base!r})"
    )
    assert BASE_IMAGE_RE.match(base), (
        f"BASE_IMAGE ({base!r}) must be docker.io/airbyte/python-connector-base:4.0.x pinned by @sha256:<64 hex digest>"
    )
    images = dockerfile.from_images()
    assert len(images) >= 2, "Dockerfile must have a builder stage and a final stage (two FROM lines)"
    assert all(image == base for image in images), f"every FROM must use ${{BASE_IMAGE}}; resolved FROM images are {images}"


def test_final_stage_runs_as_non_root(dockerfile):
    users = dockerfile.final("USER")
    assert users, "Dockerfile final stage: add `USER airbyte` so the connector does not run as root"
    user = users[-1].split(":")[0].strip()
    assert user not in ("root", "0", ""), f"Dockerfile final stage: USER is {users[-1]!r}; use the non-root `airbyte` user"


def test_license_matches_pyproject(metadata, pyproject):
    license_ = pyproject["tool"]["poetry"].get("license")
    assert metadata.get("license") == license_, (
        f"metadata.yaml license ({metadata.get('license')!r}) must equal pyproject.toml license ({license_!r})"
    )
    assert license_ in ("MIT", "ELv2"), f"license must be MIT or ELv2 (Airbyte QA rule); got {license_!r}"


def test_metadata_identity_fields(metadata):
    assert metadata.get("connectorType") == "source", "metadata.yaml: connectorType must be `source`"
    assert metadata.get("connectorSubtype") == "api", "metadata.yaml: connectorSubtype must be `api`"
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", str(metadata.get("definitionId"))), (
        "metadata.yaml: definitionId must be a fixed lowercase uuid4; never change it once published"
    )
    tags = metadata.get("tags") or []
    assert "language:python" in tags and "cdk:python" in tags, "metadata.yaml: tags must include language:python and cdk:python"
    pypi = (metadata.get("remoteRegistries") or {}).get("pypi") or {}
    assert pypi.get("packageName") == f"airbyte-{CONNECTOR_NAME}", (
        f"metadata.yaml: remoteRegistries.pypi.packageName must be airbyte-{CONNECTOR_NAME}"
    )
    hosts = (metadata.get("allowedHosts") or {}).get("hosts") or []
    assert hosts and all("://" not in h for h in hosts), "metadata.yaml: allowedHosts.hosts must list bare host names"
    assert metadata.get("icon") == ICON.name, f"metadata.yaml: icon must be {ICON.name!r} (the file in the repository root)"


def test_icon_is_square_svg():
    assert ICON.is_file(), "icon.svg is missing: add a square SVG icon at the repository root (Airbyte QA rule)"
    try:
        root = ET.parse(ICON).getroot()
    except ET.ParseError as exc:
        pytest.fail(f"icon.svg is not well-formed XML ({exc}); fix the markup")
    assert root.tag in ("svg", "{http://www.w3.org/2000/svg}svg"), f"icon.svg root element must be <svg>; got {root.tag!r}"
    view_box = root.get("viewBox")
    assert view_box, 'icon.svg: add a viewBox attribute, e.g. viewBox="0 0 64 64"'
    parts = [float(p) for p in re.split(r"[\s,]+", view_box.strip())]
    assert len(parts) == 4, f"icon.svg: viewBox must have 4 numbers; got {view_box!r}"
    assert parts[2] > 0 and parts[2] == parts[3], f"icon.svg: viewBox must be square (width == height); got {view_box!r}"


def test_dockerfile_copies_no_sandbox_or_tests(dockerfile):
    sources = dockerfile.copy_sources()
    assert sources, "Dockerfile copies nothing from the build context: COPY pyproject.toml, README.md and source_tiktok_shop"
    for source in sources:
        parts = Path(source.rstrip("/")).parts
        assert not any(part in FORBIDDEN_COPY_PARTS for part in parts), (
            f"Dockerfile COPY/ADD must not include {source!r}: ship only pyproject.toml, poetry.lock, README.md and source_tiktok_shop/"
        )
        assert source not in (".", "./", "*"), (
            f"Dockerfile COPY {source!r} copies the whole context (sandbox, tests); copy the needed files explicitly"
        )
    assert "source_tiktok_shop" in [Path(s.rstrip("/")).name for s in sources], "Dockerfile must COPY source_tiktok_shop/"


def test_dockerignore_excludes_dev_files():
    assert DOCKERIGNORE.is_file(), ".dockerignore is missing: add one excluding .git, .venv, tests, the sandbox and secrets"
    entries = {line.strip().rstrip("/") for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()}
    for required in (".git", ".venv", ".tools", "tiktok_shop_sandbox", "unit_tests", "integration_tests", "secrets"):
        assert required in entries, f".dockerignore: add `{required}` so it never enters the build context"


# --------------------------------------------------------------------------- docker smoke test


def _docker_engine_error() -> str | None:
    if shutil.which("docker") is None:
        return "docker CLI not found on PATH"
    try:
        proc = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"`docker info` did not complete ({exc})"
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        return f"`docker info` exited {proc.returncode}: {detail[-1] if detail else 'no output'}"
    return None


def _messages(stdout: str) -> list[dict]:
    out = []
    for line in stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return out


try:  # pytest-timeout is a dev dependency; the build can exceed the default 300 s
    import pytest_timeout  # noqa: F401

    _long_running = pytest.mark.timeout(1800)
except ImportError:  # pragma: no cover

    def _long_running(func):
        return func


@_long_running
def test_docker_image_spec_and_check(tmp_path):
    reason = _docker_engine_error()
    if reason:
        pytest.skip(f"no Docker engine available: {reason}")
    assert (ROOT / "poetry.lock").is_file(), "poetry.lock is missing (the Dockerfile copies it): run `poetry lock`"

    tag = f"airbyte/{CONNECTOR_NAME}:packaging-test"
    build = subprocess.run(
        ["docker", "build", "--platform", "linux/amd64", "-t", tag, str(ROOT)], capture_output=True, text=True, timeout=1500
    )
    assert build.returncode == 0, f"docker build failed; fix the Dockerfile:\n{build.stderr[-4000:]}"

    try:
        spec = subprocess.run(["docker", "run", "--rm", tag, "spec"], capture_output=True, text=True, timeout=120)
        assert spec.returncode == 0, f"`spec` exited {spec.returncode}:\n{spec.stderr[-2000:]}"
        assert any(m.get("type") == "SPEC" for m in _messages(spec.stdout)), (
            f"`spec` printed no SPEC message; check the console script and entrypoint:\n{spec.stdout[-2000:]}"
        )

        config = tmp_path / "config.json"
        config.write_text(json.dumps({"app_key": "invalid", "app_secret": "invalid"}), encoding="utf-8")
        config.chmod(0o644)
        tmp_path.chmod(0o755)  # the image runs as uid 1000
        check = subprocess.run(
            ["docker", "run", "--rm", "--network", "none", "-v", f"{tmp_path}:/config:ro", tag, "check", "--config", "/config/config.json"],
            capture_output=True,
            text=True,
            timeout=180,
        )
        messages = _messages(check.stdout)
        failed_status = any(
            m.get("type") == "CONNECTION_STATUS" and (m.get("connectionStatus") or {}).get("status") == "FAILED" for m in messages
        )
        trace_error = any(m.get("type") == "TRACE" and (m.get("trace") or {}).get("type") == "ERROR" for m in messages)
        assert failed_status or trace_error, (
            "`check` with an invalid config must emit CONNECTION_STATUS FAILED or an error TRACE message; got:\n"
            f"{check.stdout[-2000:]}\n{check.stderr[-2000:]}"
        )
        assert not any(m.get("type") == "CONNECTION_STATUS" and m["connectionStatus"].get("status") == "SUCCEEDED" for m in messages), (
            "`check` with an invalid config must not succeed"
        )
    finally:
        subprocess.run(["docker", "image", "rm", "-f", tag], capture_output=True, text=True, timeout=120)


def _tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    return [name for name in listed.stdout.splitlines() if (ROOT / name).is_file()]


@_long_running
def test_airbyte_cdk_image_build_builds_an_image_that_answers_spec(tmp_path):
    """Airbyte's own build command for Python connectors, as the README gives it. It names the connector after its
    directory, so the checkout is copied into one named like the connector."""
    reason = _docker_engine_error()
    if reason:
        pytest.skip(f"no Docker engine available: {reason}")
    cli = shutil.which("airbyte-cdk") or str(Path(sys.executable).with_name("airbyte-cdk"))
    checkout = tmp_path / CONNECTOR_NAME
    for name in _tracked_files():
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, checkout / name)
    tag = f"airbyte/{CONNECTOR_NAME}:cdk-build-test"
    try:
        build = subprocess.run(
            [cli, "image", "build", str(checkout), "--tag", "cdk-build-test", "--dockerfile", str(checkout / "Dockerfile")],
            capture_output=True,
            text=True,
            timeout=1500,
        )
        assert build.returncode == 0, f"airbyte-cdk image build failed:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}"
        spec = subprocess.run(["docker", "run", "--rm", tag, "spec"], capture_output=True, text=True, timeout=120)
        assert any(m.get("type") == "SPEC" for m in _messages(spec.stdout)), spec.stderr[-2000:]
    finally:
        subprocess.run(["docker", "image", "rm", "-f", tag], capture_output=True, text=True, timeout=120)
