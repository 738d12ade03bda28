"""spec.json is generated from the config models (source_tiktok_shop/config.py) and agrees with them key by key.

Two checks that do not lean on each other:
- the committed file is, to the character, what `spec_text()` makes of the models (else: run `make spec`);
- without the generator, each key's type, default, bounds, enum/const, required-ness and secrecy, read off the
  pydantic fields (`model_facts`), equal the same facts read off the committed spec (`spec_facts`).
Both are shown to fail: on spec documents altered one keyword at a time, and on a model whose default and
type drifted (the drift this file was written for: `request_timeout_seconds` an integer in the spec and a float
in the model).
"""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path
from typing import Any, Dict, List, Literal, Mapping, Tuple, Type, Union, get_args, get_origin

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils import AirbyteTracedException
from pydantic import BaseModel, Field
from pydantic_core import PydanticUndefined

from source_tiktok_shop import config
from source_tiktok_shop.config import ConnectorConfig, parse_config, spec_document, spec_problems, spec_text, write_spec

PACKAGE = Path(config.__file__).parent
SAMPLE_CONFIG = PACKAGE.parent / "integration_tests" / "sample_config.json"
# A security property, pinned here rather than read from the code it checks.
# Keys inside a oneOf option carry the option's title: `credentials(Refresh token).app_key`.
OPTIONS = ("Authenticate with TikTok Shop", "Refresh token")
CREDENTIAL_SECRETS = ("app_secret", "refresh_token", "access_token")
SECRETS = {f"credentials({option}).{name}" for option in OPTIONS for name in CREDENTIAL_SECRETS} | {"hash_salt"}
JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", list: "array"}
# pydantic constraint -> JSON schema keyword (lengths: for a string, or for a list).
BOUNDS = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum", "lt": "exclusiveMaximum", "pattern": "pattern"}
LENGTHS = {"min_length": ("minLength", "minItems"), "max_length": ("maxLength", "maxItems")}
COMPARED = set(BOUNDS.values()) | {word for pair in LENGTHS.values() for word in pair} | {"type", "default", "enum"}
DELETE = object()


# ---- facts per key, read off each side --------------------------------------------------------------


def _constraints(metadata: List[Any], array: bool) -> Dict[str, Any]:
    facts: Dict[str, Any] = {}
    for item in metadata:
        for attribute, word in BOUNDS.items():
            if getattr(item, attribute, None) is not None:
                facts[word] = getattr(item, attribute)
        for attribute, (for_string, for_list) in LENGTHS.items():
            if getattr(item, attribute, None) is not None:
                facts[for_list if array else for_string] = getattr(item, attribute)
    return facts


def _item_facts(annotation: Any) -> Dict[str, Any]:
    """The facts of a list's entries, from `Annotated[str, StringConstraints(...)]` or a bare type."""
    base, *metadata = get_args(annotation) or (annotation,)
    return {"type": JSON_TYPES[base], **_constraints(metadata, False)}


def model_facts(model: Type[BaseModel], prefix: str = "") -> Dict[str, Dict[str, Any]]:
    facts: Dict[str, Dict[str, Any]] = {}
    for name, field in model.model_fields.items():
        key, annotation = prefix + name, field.annotation
        if get_origin(annotation) is Union and type(None) in get_args(annotation):  # Optional[X]: the spec types X
            (annotation,) = [arg for arg in get_args(annotation) if arg is not type(None)]
        extra = field.json_schema_extra or {}
        entry: Dict[str, Any] = {"required": field.is_required(), "secret": bool(extra.get("airbyte_secret"))}
        if get_origin(annotation) is Union:  # a choice of models (the credentials options), each named by its title
            entry["type"] = "object"
            for option in get_args(annotation):
                facts.update(model_facts(option, f"{key}({option.model_config['title']})."))
        elif get_origin(annotation) is Literal:
            entry["enum"] = list(get_args(annotation))
            entry["type"] = JSON_TYPES[type(entry["enum"][0])]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            entry["type"] = "object"
            facts.update(model_facts(annotation, key + "."))
        elif get_origin(annotation) is list:
            entry["type"] = "array"
            facts[key + "[]"] = _item_facts(get_args(annotation)[0])
        else:
            entry["type"] = JSON_TYPES[annotation]
        entry.update(_constraints(field.metadata, entry["type"] == "array"))
        if field.default not in (PydanticUndefined, None) and not extra.get(config.DEFAULT_IN_DESCRIPTION):
            entry["default"] = field.default
        elif field.is_required() and len(entry.get("enum", ())) == 1:
            entry["default"] = entry["enum"][0]  # a one-value field: the form fills that value in
        facts[key] = entry
    return facts


def spec_facts(schema: Mapping[str, Any], prefix: str = "") -> Dict[str, Dict[str, Any]]:
    facts: Dict[str, Dict[str, Any]] = {}
    for name, prop in schema["properties"].items():
        key = prefix + name
        entry = {word: prop[word] for word in COMPARED if word in prop}
        entry.update(required=name in schema.get("required", ()), secret=bool(prop.get("airbyte_secret")))
        if "const" in prop:
            entry["enum"] = [prop["const"]]
        for option in prop.get("oneOf", ()):
            facts.update(spec_facts(option, f"{key}({option['title']})."))
        if prop["type"] == "object" and "properties" in prop:
            facts.update(spec_facts(prop, key + "."))
        if prop["type"] == "array":
            facts[key + "[]"] = {word: prop["items"][word] for word in COMPARED if word in prop["items"]}
        facts[key] = entry
    return facts


def differences(spec: Mapping[str, Dict[str, Any]], model: Mapping[str, Dict[str, Any]]) -> List[str]:
    found = []
    for key in sorted(set(spec) | set(model)):
        if key not in spec or key not in model:
            found.append(f"`{key}` is only in the {'model' if key in model else 'spec'}")
            continue
        for fact in sorted(set(spec[key]) | set(model[key])):
            ours, theirs = spec[key].get(fact, "(none)"), model[key].get(fact, "(none)")
            if ours != theirs:
                found.append(f"`{key}` {fact}: spec {ours!r}, model {theirs!r}")
    return found


def committed() -> Dict[str, Any]:
    return json.loads(config.SPEC_PATH.read_text())


# ---- the committed spec is the generated one, and agrees with the model -----------------------------


def test_committed_spec_is_what_the_models_generate():
    assert config.SPEC_PATH.read_text() == spec_text(), "spec.json is not what config.py generates: run `make spec`"


def test_generation_is_deterministic_and_free_of_pydantic_leftovers():
    assert spec_text() == spec_text()
    text = spec_text()
    for leftover in ('"$ref"', '"$defs"', '"anyOf"', '"null"', "x-default-in-description"):
        assert leftover not in text, leftover


def test_spec_and_model_agree_key_by_key():
    spec, model = spec_facts(committed()["connectionSpecification"]), model_facts(ConnectorConfig)
    found = differences(spec, model)
    assert found == [], "spec.json and config.py disagree:\n" + "\n".join(found)
    assert "request_timeout_seconds" in model and "credentials(Refresh token).auth_type" in model and "shop_ids[]" in model
    assert "credentials(Authenticate with TikTok Shop).service_id" in model and "credentials(Refresh token).service_id" not in model


def test_secrets_are_exactly_the_pinned_keys():
    spec, model = spec_facts(committed()["connectionSpecification"]), model_facts(ConnectorConfig)
    assert {key for key, facts in spec.items() if facts.get("secret")} == SECRETS
    assert {key for key, facts in model.items() if facts.get("secret")} == SECRETS


def test_the_drifted_key_is_an_integer_on_both_sides():
    spec = committed()["connectionSpecification"]["properties"]["request_timeout_seconds"]
    assert (spec["type"], spec["default"], spec["minimum"], spec["maximum"]) == ("integer", 60, 1, 600)
    assert ConnectorConfig.model_fields["request_timeout_seconds"].annotation is int
    assert isinstance(parse_config(json.loads(SAMPLE_CONFIG.read_text())).request_timeout_seconds, int)


def test_every_field_has_a_title_a_description_and_its_own_place_in_the_form():
    def check(schema: Mapping[str, Any], where: str) -> None:
        orders = [prop["order"] for prop in schema["properties"].values()]
        assert len(set(orders)) == len(orders), f"two fields of {where} share an `order`"
        for name, prop in schema["properties"].items():
            assert prop.get("title"), f"`{where}{name}` has no title"
            assert prop.get("description") or "const" in prop, f"`{where}{name}` has no description"
            if prop["type"] == "object" and "properties" in prop:
                check(prop, f"{where}{name}.")
            for option in prop.get("oneOf", ()):
                assert option.get("title") and option.get("description"), f"an option of `{where}{name}` has no title or description"
                check(option, f"{where}{name}({option['title']}).")

    check(committed()["connectionSpecification"], "")


def test_a_default_left_out_of_the_spec_is_stated_in_its_description():
    hidden = {
        name: field
        for name, field in ConnectorConfig.model_fields.items()
        if (field.json_schema_extra or {}).get(config.DEFAULT_IN_DESCRIPTION)
    }
    assert set(hidden) == {"start_date"}
    props = committed()["connectionSpecification"]["properties"]
    for name, field in hidden.items():
        assert "default" not in props[name] and f"Default: {field.default}" in props[name]["description"]


def test_advanced_auth_names_fields_of_the_oauth_option():
    auth = committed()["advanced_auth"]
    oauth = config.CREDENTIAL_OPTIONS[auth["predicate_value"]]
    assert auth["predicate_value"] == get_args(oauth.model_fields["auth_type"].annotation)[0] == auth["auth_flow_type"]
    blobs = auth["oauth_config_specification"]
    props = [prop for blob in blobs.values() for prop in blob.get("properties", {}).values()]
    paths = [prop["path_in_connector_config"] for prop in props if "path_in_connector_config" in prop]
    assert len(paths) == 7, paths  # two user inputs, three outputs, two server keys
    assert all(path[0] == "credentials" and path[1] in oauth.model_fields for path in paths), paths
    outputs = blobs["complete_oauth_output_specification"]["properties"]
    extracted = blobs["oauth_connector_input_specification"]["extract_output"]
    assert sorted(outputs) == sorted(path.rsplit(".", 1)[-1] for path in extracted), "every extracted value needs a place in the config"


# ---- the checks fail on a spec or a model that drifted -------------------------------------------------


def mutated(key: str, fact: str, value: Any) -> Dict[str, Any]:
    """The generated spec with one keyword of `key` changed (DELETE: removed); `required` edits the parent's list."""
    document = copy.deepcopy(spec_document())
    parent: Dict[str, Any] = document["connectionSpecification"]
    *parents, name = key.removesuffix("[]").split(".")
    for part in parents:
        part, _, option = part.removesuffix(")").partition("(")
        parent = parent["properties"][part]
        if option:
            (parent,) = [entry for entry in parent["oneOf"] if entry["title"] == option]
    node = parent["properties"][name]
    node = node["items"] if key.endswith("[]") else node
    if fact == "required":
        parent["required"] = [entry for entry in parent["required"] if entry != name]
    elif value is DELETE:
        del node[fact]
    else:
        node[fact] = value
    return document


SPEC_DRIFTS: List[Tuple[str, str, Any]] = [
    ("max_retries", "default", 6),
    ("lookback_window", "maximum", 30),
    ("concurrency", "minimum", 0),
    ("requests_per_second", "exclusiveMinimum", 1),
    ("request_timeout_seconds", "type", "number"),
    ("pii_handling", "enum", ["keep", "hash"]),
    ("credentials(Authenticate with TikTok Shop).auth_type", "const", "oauth2"),
    ("credentials(Refresh token).app_key", "maxLength", 255),
    ("credentials(Authenticate with TikTok Shop).service_id", "pattern", "^[0-9]+$"),
    ("credentials(Authenticate with TikTok Shop).shop_region", "default", "us"),
    ("shop_ids", "maxItems", 501),
    ("shop_ids[]", "pattern", "^[0-9]+$"),
    ("credentials(Authenticate with TikTok Shop).refresh_token", "required", None),
    ("credentials(Refresh token).app_secret", "airbyte_secret", DELETE),
    ("hash_salt", "airbyte_secret", False),
]


@pytest.mark.parametrize("key,fact,value", SPEC_DRIFTS, ids=[f"{key} {fact}" for key, fact, _ in SPEC_DRIFTS])
def test_an_altered_spec_fails_both_checks(key, fact, value):
    document = mutated(key, fact, value)
    assert json.dumps(document, indent=2) + "\n" != spec_text(), "the file comparison missed it"
    found = differences(spec_facts(document["connectionSpecification"]), model_facts(ConnectorConfig))
    word = {"const": "enum", "airbyte_secret": "secret"}.get(fact, fact)
    assert [entry for entry in found if entry.startswith(f"`{key}` {word}:")], found


class DriftedConfig(ConnectorConfig):
    """The model as it was (a float timeout), with a default changed and a bound moved."""

    request_timeout_seconds: float = Field(default=60.0, ge=1, le=600)
    max_retries: int = Field(default=6, ge=0, le=10)
    lookback_window: float = Field(default=3, ge=0, le=30)


def test_a_drifted_model_fails_both_checks():
    assert spec_text(DriftedConfig) != config.SPEC_PATH.read_text()
    found = differences(spec_facts(committed()["connectionSpecification"]), model_facts(DriftedConfig))
    assert found == [
        "`lookback_window` maximum: spec 90, model 30",
        "`max_retries` default: spec 5, model 6",
        "`request_timeout_seconds` type: spec 'integer', model 'number'",
    ], found


def test_write_spec_rewrites_a_stale_file(tmp_path):
    stale = tmp_path / "spec.json"
    stale.write_text(json.dumps(mutated("max_retries", "default", 6), indent=2) + "\n")
    assert write_spec(stale) is True and stale.read_text() == spec_text()
    assert write_spec(stale) is False


# ---- where the model was looser than the spec, both now refuse, naming the key ------------------------


TIGHTENED = [
    ("fractional request_timeout_seconds", {"request_timeout_seconds": 2.5}, "request_timeout_seconds"),
    ("another auth_type", {"credentials": {"auth_type": "basic"}}, "credentials.auth_type"),
    ("shop id with a space", {"shop_ids": ["7494 0001"]}, "shop_ids[0]"),
    ("a shop id twice", {"shop_ids": ["7494000000000000001", "7494000000000000001"]}, "shop_ids"),
]


def _changed(overrides: Mapping[str, Any]) -> Dict[str, Any]:
    raw = json.loads(SAMPLE_CONFIG.read_text())
    for name, value in overrides.items():
        if isinstance(value, dict):
            raw[name].update(value)
            raw[name] = {key: entry for key, entry in raw[name].items() if entry is not DELETE}
        else:
            raw[name] = value
    return raw


@pytest.mark.parametrize("overrides,key", [case[1:] for case in TIGHTENED], ids=[case[0] for case in TIGHTENED])
def test_spec_and_model_refuse_alike(overrides, key):
    raw = _changed(overrides)
    problems = spec_problems(raw)
    assert problems and all(f"`{key}`" in problem for problem in problems), problems
    with pytest.raises(AirbyteTracedException) as raised:
        parse_config(raw)
    assert raised.value.failure_type == FailureType.config_error and f"`{key}`" in raised.value.message, raised.value.message


# ---- defaults are defined once, in config.py, which imports no other module of the connector ------------


def _module(name: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{name}.py").read_text())


def test_defaults_live_in_config_and_config_imports_no_sibling():
    defaults = {name for name in vars(config) if name.startswith(("DEFAULT_", "MAX_REQUESTS"))}
    assert {"DEFAULT_TIMEOUT_SECONDS", "DEFAULT_MAX_RETRIES", "DEFAULT_RETRY_BACKOFF_SECONDS", "DEFAULT_REQUESTS_PER_SECOND"} <= defaults
    for name in ("client", "rate_budget"):
        assigned = {
            target.id
            for node in _module(name).body
            if isinstance(node, (ast.Assign, ast.AnnAssign))
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
        }
        assert not assigned & defaults, f"{name}.py defines {sorted(assigned & defaults)}: they belong in config.py"
    relative = [node.module for node in ast.walk(_module("config")) if isinstance(node, ast.ImportFrom) and node.level]
    assert relative == [], f"config.py imports {relative}: a cycle waits there (client.py and rate_budget.py import config)"
