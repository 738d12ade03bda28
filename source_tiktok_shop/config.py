"""The connector config, parsed once into a typed object with messages that say what to fix.

The spec's JSON schema catches missing keys and wrong types (`spec_problems`, run by the entrypoint in
`run.py` in place of the CDK's check, whose messages do not say which key is wrong); this module
also catches what a schema cannot express well: unparseable or future dates, bad URLs. Messages name
the key to fix and never repeat the value of a secret; other values are quoted at most 60 characters
long (`clip`), so a pasted 100 kB value makes a short message.

Every string and list the user types is bounded, generously (`MAX_LENGTHS`, `MAX_ITEMS`): the spec and
the model below hold the same bounds, and an oversized value is a config error naming the key instead
of, say, an HTTP 414 from TikTok blamed on the wrong key.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Dict, List, Literal, Mapping, Optional, Sequence, Tuple
from urllib.parse import urlsplit

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils import AirbyteTracedException
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError as SchemaError
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from .client import DEFAULT_MAX_RETRIES, DEFAULT_RETRY_BACKOFF_SECONDS, DEFAULT_TIMEOUT_SECONDS
from .rate_budget import DEFAULT_REQUESTS_PER_SECOND, MAX_REQUESTS_PER_SECOND

DEFAULT_START_DATE = "2021-01-01T00:00:00Z"
DEFAULT_API_BASE_URL = "https://open-api.tiktokglobalshop.com"
DEFAULT_AUTH_BASE_URL = "https://auth.tiktok-shops.com"
DEFAULT_LOOKBACK_DAYS = 3
DEFAULT_CONCURRENCY = 4
DEFAULT_SAFETY_MARGIN_SECONDS = 300
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}

# Length bounds, generous but finite; spec.json holds the same numbers (unit_tests/test_config_bounds.py).
MAX_APP_KEY_LENGTH = 256  # app_key and app_secret: TikTok's are a few dozen characters
MAX_TOKEN_LENGTH = 4096  # refresh_token and access_token
MAX_SHOP_ID_LENGTH = 64  # TikTok's shop ids are 19 digits
MAX_DATE_LENGTH = 64  # start_date and token_expiry_date
MAX_URL_LENGTH = 2048
MAX_FIELD_PATH_LENGTH = 512  # each entry of hashed_fields / blocked_fields
MAX_SALT_LENGTH = 1024
MAX_SHOP_IDS = 500
MAX_FIELD_PATHS = 1000
MAX_PROBLEMS_LISTED = 10
CLIP_LENGTH = 60

# Key (dotted, `[]` for a list's entries) -> maxLength / maxItems, as in spec.json.
MAX_LENGTHS: Dict[str, int] = {
    "credentials.app_key": MAX_APP_KEY_LENGTH,
    "credentials.app_secret": MAX_APP_KEY_LENGTH,
    "credentials.refresh_token": MAX_TOKEN_LENGTH,
    "credentials.access_token": MAX_TOKEN_LENGTH,
    "credentials.token_expiry_date": MAX_DATE_LENGTH,
    "shop_ids[]": MAX_SHOP_ID_LENGTH,
    "start_date": MAX_DATE_LENGTH,
    "api_base_url": MAX_URL_LENGTH,
    "auth_base_url": MAX_URL_LENGTH,
    "hashed_fields[]": MAX_FIELD_PATH_LENGTH,
    "blocked_fields[]": MAX_FIELD_PATH_LENGTH,
    "hash_salt": MAX_SALT_LENGTH,
}
MAX_ITEMS: Dict[str, int] = {"shop_ids": MAX_SHOP_IDS, "hashed_fields": MAX_FIELD_PATHS, "blocked_fields": MAX_FIELD_PATHS}

ShopId = Annotated[str, StringConstraints(max_length=MAX_SHOP_ID_LENGTH)]
FieldPath = Annotated[str, StringConstraints(max_length=MAX_FIELD_PATH_LENGTH)]


def clip(text: Any, limit: int = CLIP_LENGTH) -> str:
    """`text` as a string of at most `limit` characters: for quoting a value the user typed (never a secret)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Credentials(BaseModel):
    model_config = ConfigDict(extra="allow")

    auth_type: str = "oauth2.0"
    app_key: str = Field(min_length=1, max_length=MAX_APP_KEY_LENGTH)
    app_secret: str = Field(min_length=1, max_length=MAX_APP_KEY_LENGTH)
    refresh_token: str = Field(min_length=1, max_length=MAX_TOKEN_LENGTH)
    access_token: Optional[str] = Field(default=None, max_length=MAX_TOKEN_LENGTH)
    token_expiry_date: Optional[str] = Field(default=None, max_length=MAX_DATE_LENGTH)

    @field_validator("token_expiry_date")
    @classmethod
    def _expiry_parses(cls, value: Optional[str]) -> Optional[str]:
        if value:
            parse_instant(value, "credentials.token_expiry_date")
        return value


class ConnectorConfig(BaseModel):
    model_config = ConfigDict(extra="allow")

    credentials: Credentials
    shop_ids: List[ShopId] = Field(default_factory=list, max_length=MAX_SHOP_IDS)
    start_date: str = Field(default=DEFAULT_START_DATE, max_length=MAX_DATE_LENGTH)
    api_base_url: str = Field(default=DEFAULT_API_BASE_URL, max_length=MAX_URL_LENGTH)
    auth_base_url: str = Field(default=DEFAULT_AUTH_BASE_URL, max_length=MAX_URL_LENGTH)
    hashed_fields: List[FieldPath] = Field(default_factory=list, max_length=MAX_FIELD_PATHS)
    blocked_fields: List[FieldPath] = Field(default_factory=list, max_length=MAX_FIELD_PATHS)
    hash_salt: Optional[str] = Field(default=None, max_length=MAX_SALT_LENGTH)
    pii_handling: Literal["keep", "hash", "block"] = "keep"
    lookback_window: float = Field(default=DEFAULT_LOOKBACK_DAYS, ge=0, le=90)
    safety_margin_seconds: int = Field(default=DEFAULT_SAFETY_MARGIN_SECONDS, ge=0, le=86400)
    # Reliability knobs (docs: "Reliability"); the spec holds the same bounds.
    concurrency: int = Field(default=DEFAULT_CONCURRENCY, ge=1, le=32)
    requests_per_second: float = Field(default=DEFAULT_REQUESTS_PER_SECOND, gt=0, le=MAX_REQUESTS_PER_SECOND)
    max_retries: int = Field(default=DEFAULT_MAX_RETRIES, ge=0, le=10)
    retry_backoff_seconds: float = Field(default=DEFAULT_RETRY_BACKOFF_SECONDS, ge=0, le=60)
    request_timeout_seconds: float = Field(default=DEFAULT_TIMEOUT_SECONDS, ge=1, le=600)

    @field_validator("start_date")
    @classmethod
    def _start_date_valid(cls, value: str) -> str:
        instant = parse_instant(value, "start_date")
        if instant > datetime.now(timezone.utc):
            raise ValueError(f"`start_date` {_shown(value)} is in the future: use a date on or before today.")
        return value

    @field_validator("api_base_url", "auth_base_url")
    @classmethod
    def _url_valid(cls, value: str, info: Any) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"`{info.field_name}` must be an https:// URL, got {_shown(value)}.")
        if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
            raise ValueError(f"`{info.field_name}` must use https:// (plain http is only allowed for a local test server).")
        return value.rstrip("/")

    @property
    def lookback_seconds(self) -> int:
        return int(self.lookback_window * 86400)

    @property
    def start_timestamp(self) -> int:
        return int(parse_instant(self.start_date, "start_date").timestamp())


def parse_instant(value: str, field: str) -> datetime:
    text = value.strip()
    try:
        if len(text) == 10:
            instant = datetime.strptime(text, "%Y-%m-%d")
        else:
            instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"`{field}` must be an ISO 8601 UTC date-time such as 2024-01-01T00:00:00Z, got {_shown(value)}.") from None
    return instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)


def parse_config(raw: Mapping[str, Any]) -> ConnectorConfig:
    try:
        return ConnectorConfig.model_validate(dict(raw))
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = _key(error["loc"])
            text = str(error["msg"]).removeprefix("Value error, ")
            ctx = error.get("ctx") or {}
            if error["type"] == "missing":
                text = f"`{where}` is required"
            elif error["type"] == "string_too_long":
                text = _too_long(where, error["input"], ctx.get("max_length"))
            elif error["type"] == "too_long":
                text = _too_many(where, error["input"], ctx.get("max_length"))
            elif "`" not in text:
                text = f"`{where}`: {text}"
            problems.append(text)
        message = "Invalid configuration: " + _listing(problems)
        raise AirbyteTracedException(message=message, internal_message=message, failure_type=FailureType.config_error) from None


# ---- spec validation with messages that name the key --------------------------------------------

SPEC_PATH = Path(__file__).parent / "spec.json"
_JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object", type(None): "null"}


@lru_cache(maxsize=1)
def connection_specification() -> Mapping[str, Any]:
    return json.loads(SPEC_PATH.read_text())["connectionSpecification"]


def _secret_paths(schema: Mapping[str, Any], prefix: Tuple[str, ...] = ()) -> List[Tuple[str, ...]]:
    paths = []
    for name, prop in (schema.get("properties") or {}).items():
        if not isinstance(prop, Mapping):
            continue
        if prop.get("airbyte_secret"):
            paths.append(prefix + (name,))
        paths.extend(_secret_paths(prop, prefix + (name,)))
    return paths


def _key(path: Sequence[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "config"


def _shown(value: Any) -> str:
    """A non-secret value for a message: JSON (strings quoted), cut to 60 characters."""
    try:
        text = json.dumps(value) if not isinstance(value, str) else repr(value)
    except (TypeError, ValueError):
        text = repr(value)
    return clip(text)


def _size(value: Any) -> Any:
    try:
        return len(value)
    except TypeError:
        return "?"


def _too_long(where: str, value: Any, limit: Any) -> str:
    # Never the value: it may be a secret, and is too long to be worth reading anyway.
    return f"`{where}` is too long: {_size(value)} characters, at most {limit}"


def _too_many(where: str, value: Any, limit: Any) -> str:
    return f"`{where}` lists too many entries: {_size(value)}, at most {limit}"


def _listing(problems: Sequence[str]) -> str:
    """The problems joined, at most MAX_PROBLEMS_LISTED of them (a 10,000-entry list could break each)."""
    shown = list(problems[:MAX_PROBLEMS_LISTED])
    if len(problems) > MAX_PROBLEMS_LISTED:
        shown.append(f"and {len(problems) - MAX_PROBLEMS_LISTED} more problem(s)")
    return "; ".join(shown)


def _describe(error: SchemaError, secret_paths: List[Tuple[str, ...]]) -> str:
    path = list(error.absolute_path)
    where = _key(path)
    named = tuple(str(p) for p in path if not isinstance(p, int))
    secret = any(named[: len(sp)] == sp for sp in secret_paths)
    got = "" if secret else f" (got {_shown(error.instance)})"
    kind, expected = error.validator, error.validator_value
    if kind == "required":
        missing = [name for name in expected if isinstance(error.instance, Mapping) and name not in error.instance]
        return "; ".join(f"`{_key(path + [name])}` is required" for name in missing) or f"`{where}`: {error.message}"
    if kind == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
        actual = _JSON_TYPES.get(type(error.instance), type(error.instance).__name__)
        return f"`{where}` must be of type {wanted}, not {actual}{got}"
    if kind == "minLength" and expected == 1:
        return f"`{where}` must not be empty"
    if kind == "minLength":
        return f"`{where}` must have at least {expected} characters"
    if kind == "maxLength":
        return _too_long(where, error.instance, expected)
    if kind == "maxItems":
        return _too_many(where, error.instance, expected)
    if kind == "minItems":
        return f"`{where}` must list at least {expected} entries"
    if kind == "enum":
        return f"`{where}` must be one of {', '.join(map(str, expected))}{got}"
    if kind == "const":
        return f"`{where}` must be {_shown(expected)}{got}"
    if kind == "pattern":
        return f"`{where}` must match {expected}{got}"
    if kind in ("minimum", "exclusiveMinimum"):
        return f"`{where}` must be {'at least' if kind == 'minimum' else 'greater than'} {expected}{got}"
    if kind in ("maximum", "exclusiveMaximum"):
        return f"`{where}` must be {'at most' if kind == 'maximum' else 'less than'} {expected}{got}"
    if kind == "uniqueItems":
        return f"`{where}` must not list the same value twice"
    # Anything else: jsonschema's own words, which quote the value whole: never for a secret, and cut short.
    return f"`{where}` is invalid" if secret else f"`{where}`: {clip(error.message, 200)}"


def spec_problems(config: Mapping[str, Any], schema: Optional[Mapping[str, Any]] = None) -> List[str]:
    """Every way `config` breaks the spec, each naming its key, sorted by key."""
    schema = schema or connection_specification()
    secrets = _secret_paths(schema)
    errors = sorted(Draft7Validator(schema).iter_errors(dict(config)), key=lambda e: [str(p) for p in e.absolute_path])
    problems: List[str] = []
    for error in errors:
        text = _describe(error, secrets)
        if text not in problems:
            problems.append(text)
    return problems


def check_against_spec(config: Mapping[str, Any], schema: Optional[Mapping[str, Any]] = None) -> None:
    problems = spec_problems(config, schema)
    if problems:
        message = "Invalid configuration: " + _listing(problems) + "."
        raise AirbyteTracedException(message=message, internal_message=message, failure_type=FailureType.config_error)
