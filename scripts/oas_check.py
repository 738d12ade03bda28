"""Compare every table with TikTok's official OpenAPI 3 spec: its JSON schema, and every request the connector sends.

`make oas-check`. The spec ships in the npm package @tts-open-toolkit/cli (MIT), as
`skills/tts-openapi-guide/references/oas/paths/<area>.json`; by default the pinned version is fetched once
with `npm pack` into `.oas/` (or pass `--spec DIR`, a folder holding `paths/`). Not part of `make test`: it
reads a third-party package and answers a maintenance question (does the connector still match the spec?).

Per table it prints
- schema: fields of the spec's record missing from the table's schema, fields the spec does not have (except
  `shop_id` and what the table declares in `added_fields`), JSON type mismatches, at every nesting level; the
  record is the element of the `list_key` array in `data` (or `data` itself, for detail answers), merged
  with the answers of the operations in `merged_from`;
- requests: every request the connector sent to a sandbox in a full refresh, an incremental sync and `check`:
  query parameters and body fields the spec does not list for the operation, or lists in the other place
  (query vs body), required parameters not sent, page sizes outside the range the spec states, and
  operations the spec does not have;
- notes that are not problems: a newer version of the operation in the spec.
It exits 1 if any problem is found.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from source_tiktok_shop.check import PROBES  # noqa: E402
from source_tiktok_shop.streams import STREAM_CLASSES  # noqa: E402
from source_tiktok_shop.streams.base import load_schema  # noqa: E402

PACKAGE = "@tts-open-toolkit/cli@0.1.7"
PACKAGE_OAS = "package/skills/tts-openapi-guide/references/oas"
CACHE = REPO / ".oas"
# Sent on every signed call by the client (signing and shop selection), not per operation.
SIGNING_QUERY = {"app_key", "timestamp", "sign", "shop_cipher", "access_token"}
# Paths of the token host (auth.tiktok-shops.com), which the Open API spec does not describe.
TOKEN_PATHS = ("/api/v2/token/",)
PLACEHOLDER = re.compile(r"\{[^}]+\}")
VERSION = re.compile(r"^/([^/]+)/(\d{6})/(.*)$")


# ---- the spec ------------------------------------------------------------------------------------


def fetch_spec() -> Path:
    """The pinned package's OAS folder, fetched once with npm into .oas/."""
    target = CACHE / PACKAGE.rsplit("@", 1)[1]
    if (target / "paths").is_dir():
        return target
    CACHE.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(["npm", "pack", PACKAGE, "--silent", "--pack-destination", scratch], check=True, stdout=subprocess.DEVNULL)
        (tarball,) = Path(scratch).glob("*.tgz")
        with tarfile.open(tarball) as archive:
            members = [m for m in archive.getmembers() if m.name.startswith(PACKAGE_OAS + "/") and m.isfile()]
            for member in members:
                relative = member.name[len(PACKAGE_OAS) + 1 :]
                destination = target / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(archive.extractfile(member).read())  # type: ignore[union-attr]
    return target


def template(path: str) -> str:
    return PLACEHOLDER.sub("{}", path)


def load_operations(spec_dir: Path) -> Dict[Tuple[str, str], Mapping[str, Any]]:
    operations: Dict[Tuple[str, str], Mapping[str, Any]] = {}
    for file in sorted((spec_dir / "paths").glob("*.json")):
        for path, methods in json.loads(file.read_text())["paths"].items():
            for method, operation in methods.items():
                if isinstance(operation, dict) and "responses" in operation:
                    operations[(method.upper(), template(path))] = {**operation, "path": path}
    return operations


def response_data(operation: Mapping[str, Any]) -> Mapping[str, Any]:
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return schema.get("properties", {}).get("data", {})


def find_list(schema: Mapping[str, Any], key: str, depth: int = 3) -> Optional[Mapping[str, Any]]:
    """The item schema of the array property `key`, searched breadth-first within `depth` levels of objects."""
    level = [schema]
    for _ in range(depth):
        nested = []
        for node in level:
            properties = node.get("properties") or {}
            candidate = properties.get(key)
            if candidate is not None and candidate.get("type") == "array":
                return candidate.get("items") or {}
            nested += [p for p in properties.values() if p.get("type") == "object" or "properties" in p]
        level = nested
    return None


def record_schema(operation: Mapping[str, Any], list_key: str, record_is_data: bool) -> Mapping[str, Any]:
    data = response_data(operation)
    if record_is_data:
        return data
    found = find_list(data, list_key)
    return found if found is not None else data


def spec_type(node: Mapping[str, Any]) -> Optional[str]:
    if "type" in node:
        return str(node["type"])
    if "properties" in node:
        return "object"
    return None


def merged(nodes: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """One schema node from several operations' nodes for the same field: properties united, first type wins."""
    out: Dict[str, Any] = {}
    for node in nodes:
        for key, value in node.items():
            if key == "properties":
                props = out.setdefault("properties", {})
                for name, child in value.items():
                    props[name] = merged([props[name], child]) if name in props else child
            elif key == "items" and "items" in out:
                out["items"] = merged([out["items"], value])
            else:
                out.setdefault(key, value)
    return out


# ---- schema comparison ---------------------------------------------------------------------------


def json_types(node: Mapping[str, Any]) -> Set[str]:
    kind = node.get("type")
    types = set(kind) if isinstance(kind, list) else {kind} if kind else set()
    return types - {"null"}


def compare(ours: Mapping[str, Any], theirs: Mapping[str, Any], where: str, allowed: "Allowances", problems: List[str]) -> None:
    """Problems of our schema node against the spec's, recursively; `where` is the dotted path ('' for the record)."""
    expected = spec_type(theirs)
    actual = json_types(ours)
    if expected is not None and actual and expected not in actual:
        if where in allowed.retyped and actual == {"string"}:
            allowed.used.append(f"{where}: {expected} in the spec, a string here ({allowed.retyped[where]})")
        else:
            problems.append(f"type: {where or '(record)'} is {'/'.join(sorted(actual))} here, {expected} in the spec")
        return
    if expected == "array" or "array" in actual:
        if "items" in theirs and "items" in ours:
            compare(ours["items"], theirs["items"], f"{where}[]", allowed, problems)
        return
    spec_props = theirs.get("properties") or {}
    our_props = ours.get("properties") or {}
    if not spec_props and not (expected == "object" or "object" in actual):
        return
    prefix = f"{where}." if where else ""
    for name in sorted(set(spec_props) - set(our_props)):
        problems.append(f"missing: {prefix}{name}")
    for name in sorted(set(our_props) - set(spec_props)):
        if prefix + name in allowed.extra:
            allowed.used.append(f"{prefix}{name}: not in the spec, kept ({allowed.extra[prefix + name]})")
        else:
            problems.append(f"not in spec: {prefix}{name}")
    for name in sorted(set(spec_props) & set(our_props)):
        compare(our_props[name], spec_props[name], prefix + name, allowed, problems)


@dataclass
class Allowances:
    """What a table declares where it differs from the spec on purpose (see the stream's class attributes)."""

    extra: Dict[str, str]  # dotted path -> why the field is in the schema though the spec lacks it
    retyped: Dict[str, str]  # dotted path -> why it is a string here
    used: List[str] = field(default_factory=list)


@dataclass
class TableReport:
    name: str
    operations: List[str]
    problems: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)


def operation_key(text: str) -> Tuple[str, str]:
    method, _, path = text.partition(" ")
    return method.upper(), template(path)


def newer_versions(operations: Mapping[Tuple[str, str], Any], method: str, path: str) -> List[str]:
    match = VERSION.match(path)
    if not match:
        return []
    area, version, rest = match.groups()
    found = []
    for other_method, other in operations:
        m = VERSION.match(other)
        if other_method == method and m and m.group(1) == area and template(m.group(3)) == template(rest) and m.group(2) > version:
            found.append(m.group(2))
    return sorted(found)


def schema_reports(operations: Mapping[Tuple[str, str], Mapping[str, Any]]) -> Dict[str, TableReport]:
    reports: Dict[str, TableReport] = {}
    for cls in STREAM_CLASSES:
        name = cls.name_for_class()
        ops = [f"{cls.method} {cls.path}", *cls.merged_from]
        report = reports[name] = TableReport(name, ops)
        nodes = []
        for text in ops:
            key = operation_key(text)
            if key not in operations:
                report.problems.append(f"operation not in the spec: {text}")
                continue
            is_main = text == ops[0]
            node = record_schema(operations[key], cls.list_key, getattr(cls, "record_is_data", False) and is_main)
            # A detail answer that wraps its record (`data.coupon`) names the wrapper on the table (`detail_key`).
            detail_key = getattr(cls, "detail_key", None)
            if not is_main and detail_key:
                node = (node.get("properties") or {}).get(detail_key, node)
            nodes.append(node)
            later = newer_versions(operations, *key)
            if later:
                report.notes.append(f"newer version(s) of {text} in the spec: {', '.join(later)}")
        if not nodes:
            continue
        extra = {"shop_id": "the shop the record was read from, added by the connector"}
        extra.update({name: f"added by the connector: {why}" for name, why in cls.added_fields.items()})
        extra.update({path: f"TikTok's API reference: {why}" for path, why in cls.beyond_spec_fields.items()})
        # Ids the analytics tables turn into strings (PerDayListStream.id_fields), as in every other table.
        retyped = {name: "ids are strings in every table" for name in getattr(cls, "id_fields", [])}
        allowed = Allowances(extra, retyped)
        spec_record = merged(nodes)
        compare(load_schema(name), spec_record, "", allowed, report.problems)
        report.notes += allowed.used
        for declared in [*cls.added_fields, *cls.beyond_spec_fields]:
            if declared in (spec_record.get("properties") or {}):
                report.problems.append(f"declared as outside the spec, but the spec's record has it: {declared}")
            elif not any(note.startswith(declared + ":") for note in allowed.used):
                report.problems.append(f"declared as outside the spec, but the schema has no such field: {declared}")
    return reports


# ---- requests ------------------------------------------------------------------------------------

RANGE_PATTERNS = (
    re.compile(r"range[^\d\[]{0,20}\[?\s*(\d+)\s*[-~,]\s*(\d+)\s*\]?", re.I),
    re.compile(r"\[\s*(\d+)\s*[-~,]\s*(\d+)\s*\]"),
    re.compile(r"(?:max(?:imum)?|up to|not exceed|no more than|at most)[^\d]{0,20}(\d+)", re.I),
)


def page_size_range(spec: Mapping[str, Any]) -> Optional[Tuple[int, int]]:
    schema = spec.get("schema", spec)
    if "maximum" in schema:
        return int(schema.get("minimum", 1)), int(schema["maximum"])
    text = str(spec.get("description") or schema.get("description") or "")
    for pattern in RANGE_PATTERNS:
        found = pattern.search(text)
        if found:
            numbers = [int(n) for n in found.groups()]
            return (numbers[0], numbers[1]) if len(numbers) == 2 else (1, numbers[0])
    return None


def request_problems(operation: Mapping[str, Any], query: Mapping[str, Any], body: Optional[Mapping[str, Any]]) -> List[str]:
    problems = []
    query_spec = {p["name"]: p for p in operation.get("parameters") or [] if p.get("in") == "query"}
    body_schema = ((operation.get("requestBody") or {}).get("content") or {}).get("application/json", {}).get("schema") or {}
    body_spec = body_schema.get("properties") or {}
    for name in query:
        if name in SIGNING_QUERY and name not in query_spec:
            continue
        if name not in query_spec:
            problems.append(
                f"query `{name}` is not a query parameter of the operation"
                + (" (the spec puts it in the body)" if name in body_spec else "")
            )
    for name in body or {}:
        if name not in body_spec:
            problems.append(
                f"body `{name}` is not a body field of the operation" + (" (the spec puts it in the query)" if name in query_spec else "")
            )
    for name, spec in query_spec.items():
        if spec.get("required") and name not in query and name not in SIGNING_QUERY - {"shop_cipher"}:
            problems.append(f"required query `{name}` not sent")
    for name in body_schema.get("required") or []:
        if name not in (body or {}):
            problems.append(f"required body `{name}` not sent")
    for where, sent, specs in (("query", query, query_spec), ("body", body or {}, body_spec)):
        if "page_size" in sent and "page_size" in specs:
            bounds = page_size_range(specs["page_size"])
            try:
                size = int(sent["page_size"])
            except (TypeError, ValueError):
                problems.append(f"{where} `page_size` {sent['page_size']!r} is not a number")
                continue
            if bounds is not None and not bounds[0] <= size <= bounds[1]:
                problems.append(f"{where} `page_size` {size} outside the spec's range {bounds[0]}-{bounds[1]}")
    return problems


def sandbox_requests() -> List[Any]:
    """Every request `check`, a full refresh and two incremental syncs (the second from the first one's state) send."""
    from integration_tests.conftest import DATASET, connector_config
    from integration_tests.harness import configured_catalog, run_connector
    from tiktok_shop_sandbox import Sandbox

    with Sandbox(**DATASET) as sandbox:
        config = connector_config(sandbox)
        discovered = run_connector("discover", config)
        if discovered.returncode != 0:
            raise SystemExit(f"discover failed: {discovered.stderr[-2000:]}")
        streams = discovered.catalog["streams"]
        run_connector("check", config)
        run_connector("read", config, configured_catalog(streams, False))
        first = run_connector("read", config, configured_catalog(streams, True))
        run_connector("read", config, configured_catalog(streams, True), first.last_states())
        return list(sandbox.requests)


def template_of_sent(known: Iterable[Tuple[str, str]], method: str, path: str) -> str:
    """The spec template a sent path matches ('/x/{}/y' for '/x/123/y')."""
    for other_method, pattern in known:
        if other_method != method:
            continue
        regex = "^" + re.escape(pattern).replace(r"\{\}", "[^/]+") + "$"
        if re.match(regex, path):
            return pattern
    return path


def check_requests(
    operations: Mapping[Tuple[str, str], Mapping[str, Any]], reports: Dict[str, TableReport], requests: Sequence[Any]
) -> None:
    owners: Dict[Tuple[str, str], List[str]] = defaultdict(list)
    for cls in STREAM_CLASSES:
        for text in [f"{cls.method} {cls.path}", *cls.merged_from]:
            owners[operation_key(text)].append(cls.name_for_class())
    for probe in PROBES:
        owners[operation_key(f"{probe.method} {probe.path}")].append("check")
    reports.setdefault("check", TableReport("check", sorted(f"{p.method} {p.path}" for p in PROBES)))
    seen: Dict[Tuple[str, str], Set[str]] = defaultdict(set)
    counted: Dict[str, int] = defaultdict(int)
    for request in requests:
        if request.path.startswith(TOKEN_PATHS):
            continue
        key = (request.method, template_of_sent(list(operations), request.method, request.path))
        tables = owners.get(key) or ["(no table)"]
        try:
            body = json.loads(request.body) if request.body else None
        except ValueError:
            body = None
        problems = (
            request_problems(operations[key], request.query, body)
            if key in operations
            else [f"{request.method} {request.path}: not in the spec"]
        )
        for table in tables:
            report = reports.setdefault(table, TableReport(table, []))
            counted[table] += 1
            for problem in problems:
                text = f"request {key[0]} {operations[key]['path'] if key in operations else request.path}: {problem}"
                if text not in seen[key]:
                    seen[key].add(text)
                    report.problems.append(text)
    for name, report in reports.items():
        if name != "check" and counted[name] == 0:
            report.problems.append("no request sent for this table by the sandbox syncs: its requests were not checked")
        else:
            report.notes.append(f"{counted[name]} request(s) checked")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spec", type=Path, help="folder holding the spec's paths/ (default: fetch the pinned package into .oas/)")
    parser.add_argument("--schemas-only", action="store_true", help="skip the sandbox syncs (no request checks)")
    args = parser.parse_args(argv)
    spec_dir = args.spec or (Path(os.environ["OAS_DIR"]) if os.environ.get("OAS_DIR") else fetch_spec())
    operations = load_operations(spec_dir)
    reports = schema_reports(operations)
    if not args.schemas_only:
        check_requests(operations, reports, sandbox_requests())
    total = 0
    for name, report in reports.items():
        total += len(report.problems)
        status = "ok" if not report.problems else f"{len(report.problems)} problem(s)"
        print(f"{name}: {status}  [{'; '.join(report.operations)}]")
        for problem in report.problems:
            print(f"  - {problem}")
        for note in report.notes:
            print(f"  . {note}")
    print(f"\n{len(reports)} table(s) checked against {spec_dir}: {total} problem(s).")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
