"""The connector config: its one definition, parsed once into a typed object with messages that say what to fix.

The pydantic models below are the source of truth for the config. spec.json, the Airbyte connector
specification the CDK serves, is generated from them (`spec_document`, written by `make spec`, i.e.
scripts/write_spec.py): each field's type, bounds, default and `Field(title=..., description=...,
examples=...)` make its spec entry, `_spec(...)` adds what only the spec has (`order`, `airbyte_secret`,
`format`). unit_tests/test_spec_matches_model.py fails when the committed file is not what the models
give. Every default lives here; client.py and rate_budget.py import theirs from this module.

The spec's JSON schema catches missing keys and wrong types (`spec_problems`, run by the entrypoint in
`entrypoint.py` in place of the CDK's check, whose messages do not say which key is wrong); the model
also catches what a schema cannot express well: unparseable or future dates, bad URLs. Messages name
the key to fix and never repeat the value of a secret; other values are quoted at most 60 characters
long (`clip`), so a pasted 100 kB value makes a short message.

Every string and list the user types is bounded, generously (`MAX_LENGTHS`, `MAX_ITEMS`), in the model
and so in the spec: an oversized value is a config error naming the key instead of, say, an HTTP 414
from TikTok blamed on the wrong key.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, Type, Union
from urllib.parse import urlsplit

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils import AirbyteTracedException
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError as SchemaError
from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints, ValidationError, field_validator
from pydantic.json_schema import GenerateJsonSchema

# ---- defaults -------------------------------------------------------------------------------------

DEFAULT_START_DATE = "2021-01-01T00:00:00Z"
DEFAULT_API_BASE_URL = "https://open-api.tiktokglobalshop.com"
DEFAULT_AUTH_BASE_URL = "https://auth.tiktok-shops.com"
DEFAULT_LOOKBACK_DAYS = 3
# Affiliate orders: TikTok filters them by create time only, while status and commission change until the commission
# settles, weeks after the order (delivery, then the return window).
DEFAULT_AFFILIATE_ORDERS_LOOKBACK_DAYS = 30
MAX_AFFILIATE_ORDERS_LOOKBACK_DAYS = 180
DEFAULT_CONCURRENCY = 4
DEFAULT_SAFETY_MARGIN_SECONDS = 300
DEFAULT_MAX_RETRIES = 5
DEFAULT_RETRY_BACKOFF_SECONDS = 1.0
# Whole seconds: the spec has always published an integer, and below its 1 s minimum a fraction buys nothing.
DEFAULT_TIMEOUT_SECONDS = 60
# Per shop. TikTok's OpenAPI spec gives no rate limit for any operation. In the adaptive mode (the default) this is
# the ceiling the learnt rate never exceeds (it starts at 5, the fixed default before 1.0.0: rate_budget.py); in the
# fixed mode the rate itself.
DEFAULT_REQUESTS_PER_SECOND = 50.0
RateMode = Literal["adaptive", "fixed"]
ADAPTIVE_RATE_MODE: RateMode = "adaptive"
FIXED_RATE_MODE: RateMode = "fixed"
DEFAULT_RATE_MODE: RateMode = ADAPTIVE_RATE_MODE
MAX_REQUESTS_PER_SECOND = 1000.0
OAUTH_AUTH_TYPE = "oauth2.0"
REFRESH_TOKEN_AUTH_TYPE = "refresh_token"
OAUTH_OPTION_TITLE = "Authenticate with TikTok Shop"
REFRESH_TOKEN_OPTION_TITLE = "Refresh token"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}

# Length bounds, generous but finite; spec.json holds the same numbers (unit_tests/test_config_bounds.py).
MAX_APP_KEY_LENGTH = 256  # app_key and app_secret: TikTok's are a few dozen characters
MAX_TOKEN_LENGTH = 4096  # refresh_token and access_token
MAX_SHOP_ID_LENGTH = 64  # TikTok's shop ids are 19 digits
MAX_SERVICE_ID_LENGTH = 64  # a Partner Center service id is about 19 digits
MAX_DATE_LENGTH = 64  # start_date and token_expiry_date
MAX_EPOCH_LENGTH = 12  # access_token_expires_at: seconds until the year 33658
MAX_URL_LENGTH = 2048
MAX_FIELD_PATH_LENGTH = 512  # each entry of hashed_fields / blocked_fields
MAX_SALT_LENGTH = 1024
MAX_SHOP_IDS = 500
MAX_FIELD_PATHS = 1000
MAX_PROBLEMS_LISTED = 10
CLIP_LENGTH = 60
SHOP_ID_PATTERN = r"^[0-9A-Za-z_-]+$"
SERVICE_ID_PATTERN = r"^[0-9A-Za-z_-]+$"
# The OAuth flow writes TikTok's `access_token_expire_in` as text: an epoch in seconds despite the name.
EPOCH_SECONDS_PATTERN = r"^[0-9]+$"
# A date, or a date-time with optional seconds, fraction and zone: what parse_instant reads, and nothing it
# would read by accident (Python's ISO parser also takes 20240101).
START_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$"
# How a pattern reads to a person, in messages and in Airbyte's form (`pattern_descriptor`).
PATTERN_FORMS = {"start_date": "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"}

# Key (dotted, `[]` for a list's entries) -> maxLength / maxItems, as in spec.json.
MAX_LENGTHS: Dict[str, int] = {
    "credentials.app_key": MAX_APP_KEY_LENGTH,
    "credentials.app_secret": MAX_APP_KEY_LENGTH,
    "credentials.refresh_token": MAX_TOKEN_LENGTH,
    "credentials.access_token": MAX_TOKEN_LENGTH,
    "credentials.token_expiry_date": MAX_DATE_LENGTH,
    "credentials.service_id": MAX_SERVICE_ID_LENGTH,
    "credentials.access_token_expires_at": MAX_EPOCH_LENGTH,
    "shop_ids[]": MAX_SHOP_ID_LENGTH,
    "start_date": MAX_DATE_LENGTH,
    "api_base_url": MAX_URL_LENGTH,
    "auth_base_url": MAX_URL_LENGTH,
    "hashed_fields[]": MAX_FIELD_PATH_LENGTH,
    "blocked_fields[]": MAX_FIELD_PATH_LENGTH,
    "hash_salt": MAX_SALT_LENGTH,
}
MAX_ITEMS: Dict[str, int] = {"shop_ids": MAX_SHOP_IDS, "hashed_fields": MAX_FIELD_PATHS, "blocked_fields": MAX_FIELD_PATHS}

ShopId = Annotated[str, StringConstraints(max_length=MAX_SHOP_ID_LENGTH, pattern=SHOP_ID_PATTERN)]
FieldPath = Annotated[str, StringConstraints(max_length=MAX_FIELD_PATH_LENGTH)]

# A field marked with this key keeps its default out of the spec (the form shows it empty); its description
# states the default instead.
DEFAULT_IN_DESCRIPTION = "x-default-in-description"


def clip(text: Any, limit: int = CLIP_LENGTH) -> str:
    """`text` as a string of at most `limit` characters: for quoting a value the user typed (never a secret)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# The sections of Airbyte's form (`groups` of the connectionSpecification); every top-level field names one as its
# `group`, and the form shows the sections in this order.
AUTH_GROUP, DATA_GROUP, PRIVACY_GROUP, ADVANCED_GROUP = "auth", "data", "privacy", "advanced"
FORM_GROUPS: List[JsonValue] = [
    {"id": AUTH_GROUP, "title": "Authentication"},
    {"id": DATA_GROUP, "title": "Shops and dates"},
    {"id": PRIVACY_GROUP, "title": "Personal data"},
    {"id": ADVANCED_GROUP, "title": "Advanced"},
]


def _spec(
    order: int, *, group: Optional[str] = None, secret: bool = False, default_in_description: bool = False, **keywords: Any
) -> Dict[str, Any]:
    """What only the spec says about a field: its place in Airbyte's form (order, and for a top-level field its
    section), whether Airbyte masks it, other keywords."""
    extra: Dict[str, Any] = {"order": order, **keywords}
    if group is not None:
        extra["group"] = group
    if secret:
        extra["airbyte_secret"] = True
    if default_in_description:
        extra[DEFAULT_IN_DESCRIPTION] = True
    return extra


def _advanced(default: float, low: float, high: float, order: int, title: str, text: str, **keywords: Any) -> Any:
    """An advanced numeric knob from `low` to `high`: its description is "Advanced. <text> Default <default>."."""
    return Field(
        default=default,
        ge=low,
        le=high,
        title=title,
        description=f"Advanced. {text} Default {default:g}.",
        json_schema_extra=_spec(order, group=ADVANCED_GROUP),
        **keywords,
    )


class _AppCredentials(BaseModel):
    """What both ways of authenticating end with: the app's keys and the seller's refresh token (the connector
    refreshes the access token with it). A discriminated union below picks the option by `auth_type`."""

    model_config = ConfigDict(extra="allow")

    app_key: str = Field(
        min_length=1,
        max_length=MAX_APP_KEY_LENGTH,
        title="App key",
        description="The App key of your TikTok Shop app (Partner Center > App & Service > your app > App key).",
        examples=["6a1b2c3d4e5f6"],
        json_schema_extra=_spec(1),
    )
    app_secret: str = Field(
        min_length=1,
        max_length=MAX_APP_KEY_LENGTH,
        title="App secret",
        description="The App secret shown next to the App key. It signs every request and is never logged.",
        json_schema_extra=_spec(2, secret=True),
    )
    refresh_token: str = Field(
        min_length=1,
        max_length=MAX_TOKEN_LENGTH,
        title="Refresh token",
        description="The refresh token TikTok returned when the seller authorized your app. The connector keeps it up to date "
        "when TikTok rotates it.",
        json_schema_extra=_spec(3, secret=True),
    )
    access_token: Optional[str] = Field(
        default=None,
        max_length=MAX_TOKEN_LENGTH,
        title="Access token",
        description="Optional. A current access token; when absent or expired the connector obtains one with the refresh token.",
        json_schema_extra=_spec(4, secret=True),
    )
    token_expiry_date: Optional[str] = Field(
        default=None,
        max_length=MAX_DATE_LENGTH,
        title="Access token expiry",
        description="Optional. When the access token expires (ISO 8601). Maintained by the connector.",
        examples=["2025-01-31T12:00:00+00:00"],
        json_schema_extra=_spec(5, format="date-time"),
    )

    @field_validator("token_expiry_date")
    @classmethod
    def _expiry_parses(cls, value: Optional[str]) -> Optional[str]:
        if value:
            parse_instant(value, "credentials.token_expiry_date")
        return value


def _option_config(title: str, description: str) -> ConfigDict:
    """One credentials option's form title and help text (unknown keys allowed, as in 0.1.0)."""
    return ConfigDict(extra="allow", title=title, json_schema_extra={"description": description})


# Airbyte's "Authenticate" button (ADVANCED_AUTH below): Airbyte sends the seller to TikTok's consent page, exchanges the
# code TikTok sends back and writes the tokens here. Configs of 0.1.0 (this `auth_type`, a refresh token typed by hand, no
# service id) are configs of this option, read exactly as before.
class OAuthCredentials(_AppCredentials):
    model_config = _option_config(
        OAUTH_OPTION_TITLE,
        "Authorize with Airbyte's Authenticate button: it opens TikTok's consent page for your app's service, and stores "
        "the tokens TikTok returns.",
    )

    auth_type: Literal["oauth2.0"] = Field(title="Auth type", json_schema_extra=_spec(0))
    service_id: Optional[str] = Field(
        default=None,
        max_length=MAX_SERVICE_ID_LENGTH,
        pattern=SERVICE_ID_PATTERN,
        title="Service ID",
        description="The Service ID of your app (Partner Center > App & Service > your app). Airbyte's Authenticate button "
        "sends the seller to TikTok's consent page for this service.",
        examples=["7123456789012345678"],
        json_schema_extra=_spec(6),
    )
    shop_region: Literal["global", "us"] = Field(
        default="global",
        title="Shop region",
        description="Which TikTok consent page the Authenticate button opens: `us` for shops registered in the United "
        "States, `global` for every other market.",
        json_schema_extra=_spec(7),
    )
    access_token_expires_at: Optional[str] = Field(
        default=None,
        max_length=MAX_EPOCH_LENGTH,
        pattern=EPOCH_SECONDS_PATTERN,
        title="Access token expiry (Unix seconds)",
        description="Optional. Written by Airbyte's OAuth flow: when the access token it obtained expires, in Unix "
        "seconds. The access token expiry, when set, wins.",
        json_schema_extra=_spec(8),
    )


# A refresh token entered by hand: where Airbyte runs without its OAuth flow, and where the button fails.
class RefreshTokenCredentials(_AppCredentials):
    model_config = _option_config(
        REFRESH_TOKEN_OPTION_TITLE,
        "Enter the app's keys and a refresh token you obtained yourself (the docs say how); the connector keeps the token "
        "up to date from then on.",
    )

    auth_type: Literal["refresh_token"] = Field(title="Auth type", json_schema_extra=_spec(0))


Credentials = Annotated[Union[OAuthCredentials, RefreshTokenCredentials], Field(discriminator="auth_type")]
# `auth_type` value -> option, in the spec's order.
CREDENTIAL_OPTIONS: Dict[str, Type[_AppCredentials]] = {OAUTH_AUTH_TYPE: OAuthCredentials, REFRESH_TOKEN_AUTH_TYPE: RefreshTokenCredentials}


def _named_option(credentials: Any) -> Any:
    """0.1.0 had one credentials object, which is the OAuth option today: credentials saved without `auth_type` are read
    as that option, so existing configs keep working unchanged."""
    if isinstance(credentials, Mapping) and "auth_type" not in credentials:
        return {"auth_type": OAUTH_AUTH_TYPE, **credentials}
    return credentials


class ConnectorConfig(BaseModel):
    # Fields in spec.json's order; the form's order is each field's `order`.
    model_config = ConfigDict(
        extra="allow",
        title="TikTok Shop Spec",
        json_schema_extra={"$schema": "http://json-schema.org/draft-07/schema#", "groups": FORM_GROUPS},
    )

    credentials: Credentials = Field(
        title="Authentication",
        description="The TikTok Shop Partner Center app and the seller's authorization of it.",
        json_schema_extra=_spec(0, group=AUTH_GROUP),
    )
    shop_ids: List[ShopId] = Field(
        default_factory=list,
        max_length=MAX_SHOP_IDS,
        title="Shop IDs",
        description="Optional. IDs of the authorized shops to sync (as listed by the shops table). Empty or absent: every shop "
        "the authorization covers.",
        examples=[["7495274531001436791"]],
        json_schema_extra=_spec(1, group=DATA_GROUP, uniqueItems=True),
    )
    start_date: str = Field(
        default=DEFAULT_START_DATE,
        max_length=MAX_DATE_LENGTH,
        title="Start date",
        description="Optional. Only data created or updated on or after this UTC instant is synced (ISO 8601). "
        f"Default: {DEFAULT_START_DATE}, i.e. everything TikTok holds. Finance data starts 2023-07-01 whatever this says.",
        examples=["2024-01-01T00:00:00Z"],
        pattern=START_DATE_PATTERN,
        json_schema_extra=_spec(
            2, group=DATA_GROUP, default_in_description=True, format="date-time", pattern_descriptor=PATTERN_FORMS["start_date"]
        ),
    )
    api_base_url: str = Field(
        default=DEFAULT_API_BASE_URL,
        max_length=MAX_URL_LENGTH,
        title="Open API base URL",
        description="Advanced. The TikTok Shop Open API host. Change it only to point the connector at a test server.",
        examples=[DEFAULT_API_BASE_URL],
        json_schema_extra=_spec(10, group=ADVANCED_GROUP, airbyte_hidden=True),
    )
    auth_base_url: str = Field(
        default=DEFAULT_AUTH_BASE_URL,
        max_length=MAX_URL_LENGTH,
        title="Auth base URL",
        description="Advanced. The host of TikTok Shop's token endpoints. Change it only to point the connector at a test server.",
        examples=[DEFAULT_AUTH_BASE_URL],
        json_schema_extra=_spec(11, group=ADVANCED_GROUP, airbyte_hidden=True),
    )
    lookback_window: float = Field(
        default=DEFAULT_LOOKBACK_DAYS,
        ge=0,
        le=90,
        title="Lookback window (days)",
        description="Each incremental sync re-reads this many days before the last cursor, to catch records TikTok changes late: "
        "statements whose payment status settles after they are cut, orders whose update time lands behind the sync. "
        f"Default {DEFAULT_LOOKBACK_DAYS:g}.",
        examples=[DEFAULT_LOOKBACK_DAYS],
        json_schema_extra=_spec(3, group=DATA_GROUP),
    )
    affiliate_orders_lookback_days: float = Field(
        default=DEFAULT_AFFILIATE_ORDERS_LOOKBACK_DAYS,
        ge=0,
        le=MAX_AFFILIATE_ORDERS_LOOKBACK_DAYS,
        title="Affiliate orders lookback (days)",
        description="Each incremental sync of `affiliate_orders` re-reads the affiliate orders created this many days before "
        "its last cursor (at least the lookback window): TikTok finds affiliate orders by creation time only, while their "
        "status and commission change until the commission settles, after delivery and the return window. Default "
        f"{DEFAULT_AFFILIATE_ORDERS_LOOKBACK_DAYS:g}.",
        examples=[DEFAULT_AFFILIATE_ORDERS_LOOKBACK_DAYS],
        json_schema_extra=_spec(8, group=DATA_GROUP),
    )
    safety_margin_seconds: int = _advanced(
        DEFAULT_SAFETY_MARGIN_SECONDS,
        0,
        86400,
        12,
        "Safety margin (seconds)",
        "Incremental syncs read up to this many seconds before now, so records written while a sync runs are read by the "
        "next sync instead of being skipped.",
    )
    pii_handling: Literal["keep", "hash", "block"] = Field(
        default="keep",
        title="Personal data",
        description="What to do with the buyer and recipient personal data TikTok returns (names, phone numbers, addresses, buyer "
        "email and ids, bank-account digits; the list is in the docs): keep it, hash it (SHA-256, or HMAC-SHA256 with the hash "
        "salt), or block it so it never leaves the connector. Explicit hashed/blocked fields win over this.",
        json_schema_extra=_spec(4, group=PRIVACY_GROUP),
    )
    hashed_fields: List[FieldPath] = Field(
        default_factory=list,
        max_length=MAX_FIELD_PATHS,
        title="Hashed fields",
        description="Fields to replace by the hex SHA-256 of their value (HMAC-SHA256 with the hash salt, if set), as "
        "`table.field.subfield`. List elements are traversed: `orders.line_items.seller_sku` hashes it in every line item. "
        "Keys and cursors cannot be hashed.",
        examples=[["orders.buyer_email", "orders.recipient_address.phone_number"]],
        json_schema_extra=_spec(5, group=PRIVACY_GROUP),
    )
    blocked_fields: List[FieldPath] = Field(
        default_factory=list,
        max_length=MAX_FIELD_PATHS,
        title="Blocked fields",
        description="Fields removed from records and from the schema before anything leaves the connector, as "
        "`table.field.subfield` (list elements traversed).",
        examples=[["orders.recipient_address", "orders.buyer_message"]],
        json_schema_extra=_spec(6, group=PRIVACY_GROUP),
    )
    hash_salt: Optional[str] = Field(
        default=None,
        max_length=MAX_SALT_LENGTH,
        title="Hash salt",
        description="Optional secret key: with it, hashed fields are HMAC-SHA256(salt, value), which cannot be reversed by "
        "hashing guessed values.",
        json_schema_extra=_spec(7, group=PRIVACY_GROUP, secret=True),
    )
    # Reliability knobs (docs: "Reliability").
    requests_per_second: float = Field(
        default=DEFAULT_REQUESTS_PER_SECOND,
        gt=0,
        le=MAX_REQUESTS_PER_SECOND,
        title="Requests per second per shop",
        description="Advanced. The most API requests the connector sends per second for each shop, retries included, shared by "
        "every table. With the adaptive rate mode (the default) this is a ceiling: the connector starts at 5 per second, "
        "speeds up while TikTok answers and slows down when it answers with rate limits, and logs the rate it settled at "
        "for each shop and table. With the fixed rate mode it is the rate itself. TikTok does not publish its limits. "
        f"Default {DEFAULT_REQUESTS_PER_SECOND:g}.",
        examples=[DEFAULT_REQUESTS_PER_SECOND],
        json_schema_extra=_spec(13, group=ADVANCED_GROUP),
    )
    rate_mode: RateMode = Field(
        default=DEFAULT_RATE_MODE,
        title="Rate mode",
        description="Advanced. adaptive: find the rate TikTok allows each shop, up to `requests_per_second` (rate-limit "
        "answers lower it, successful ones raise it again). fixed: always pace each shop at `requests_per_second`, for "
        f"an app whose quota is known. Default {DEFAULT_RATE_MODE}.",
        json_schema_extra=_spec(18, group=ADVANCED_GROUP),
    )
    max_retries: int = _advanced(
        DEFAULT_MAX_RETRIES,
        0,
        10,
        15,
        "Max retries",
        "How many times one request is retried after a rate limit, a server error, a timeout or a dropped connection "
        "before the sync fails (it resumes from its last checkpoint on the next attempt).",
    )
    retry_backoff_seconds: float = _advanced(
        DEFAULT_RETRY_BACKOFF_SECONDS,
        0,
        60,
        16,
        "Retry backoff (seconds)",
        "Retry n waits this many seconds times 2^(n-1), plus random jitter of up to half of it, at most 60 s; a "
        "Retry-After header from TikTok wins. The Airbyte CDK adds 1 s to every wait.",
    )
    request_timeout_seconds: int = _advanced(
        DEFAULT_TIMEOUT_SECONDS,
        1,
        600,
        17,
        "Request timeout (seconds)",
        "How long to wait for TikTok to answer one request before retrying it (connections time out after at most 10 s).",
    )
    concurrency: int = _advanced(
        DEFAULT_CONCURRENCY,
        1,
        32,
        14,
        "Concurrent requests",
        "How many shops are read side by side, and how many detail and per-parent calls (product details, statement "
        "transactions, order settlements) run at once. Each shop has its own rate budget, so reading shops side by side "
        "multiplies throughput; within a shop the calls still share its budget, and extra concurrency helps only when each "
        "answer is slow. 1 reads one call at a time.",
        examples=[DEFAULT_CONCURRENCY],
    )

    @field_validator("credentials", mode="before")
    @classmethod
    def _unnamed_option_is_oauth(cls, value: Any) -> Any:
        return _named_option(value)

    @field_validator("shop_ids")
    @classmethod
    def _shop_ids_unique(cls, value: List[str]) -> List[str]:
        if len(set(value)) != len(value):
            raise ValueError("`shop_ids` must not list the same value twice")
        return value

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
            where = _key(_without_option(error["loc"]))
            text = str(error["msg"]).removeprefix("Value error, ")
            ctx = error.get("ctx") or {}
            if error["type"] in ("union_tag_not_found", "union_tag_invalid"):
                text = _auth_type_problem(where, (error.get("input") or {}).get("auth_type"))
            elif error["type"] == "missing":
                text = f"`{where}` is required"
            elif error["type"] == "string_too_long":
                text = _too_long(where, error["input"], ctx.get("max_length"))
            elif error["type"] == "too_long":
                text = _too_many(where, error["input"], ctx.get("max_length"))
            elif error["type"] == "string_pattern_mismatch" and where in PATTERN_FORMS:
                text = f"`{where}` must look like {PATTERN_FORMS[where]} (got {_shown(error['input'])})"
            elif "`" not in text:
                text = f"`{where}`: {text}"
            problems.append(text)
        message = "Invalid configuration: " + _listing(problems)
        raise AirbyteTracedException(message=message, internal_message=message, failure_type=FailureType.config_error) from None


def _without_option(loc: Sequence[Any]) -> Tuple[Any, ...]:
    """An error's location without the credentials option pydantic puts in it: `credentials.app_key`, as the user sees it."""
    parts = tuple(loc)
    if parts[:1] == ("credentials",) and len(parts) > 1 and parts[1] in CREDENTIAL_OPTIONS:
        return parts[:1] + parts[2:]
    return parts


def _auth_type_problem(where: str, value: Any) -> str:
    """The message for credentials that name no option, or an unknown one (`where` is the credentials key)."""
    choices = " or ".join(f"`{option}`" for option in CREDENTIAL_OPTIONS)
    if value is None:
        return f"`{where}.auth_type` is required: {choices}"
    return f"`{where}.auth_type` must be {choices} (got {_shown(value)})"


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
    for option in schema.get("oneOf") or ():  # an option's fields sit at the same keys as the object's own
        if isinstance(option, Mapping):
            paths.extend(path for path in _secret_paths(option, prefix) if path not in paths)
    return paths


def _chosen_option(error: SchemaError) -> Optional[int]:
    """For a `oneOf` of objects told apart by a `const` property (credentials by `auth_type`): the index of the option the
    instance names, or None when it names none."""
    instance = error.instance
    for index, option in enumerate(error.validator_value):
        for name, prop in (option.get("properties") or {}).items():
            if "const" in prop and isinstance(instance, Mapping) and instance.get(name) == prop["const"]:
                return index
    return None


def _one_of_problems(error: SchemaError, secret_paths: List[Tuple[str, ...]]) -> List[str]:
    """What is wrong under a `oneOf`: the named option's own problems, or that no option is named. jsonschema's message
    ("... is not valid under any of the given schemas") quotes the whole object, secrets included, and names no key."""
    index = _chosen_option(error)
    if not isinstance(error.instance, Mapping):
        return [f"`{_key(list(error.absolute_path))}` must be of type object, not {_JSON_TYPES.get(type(error.instance), 'a value')}"]
    if index is None:
        value = error.instance.get("auth_type") if isinstance(error.instance, Mapping) else None
        return [_auth_type_problem(_key(list(error.absolute_path)), value)]
    inner = sorted((sub for sub in error.context or () if sub.schema_path and sub.schema_path[0] == index), key=_error_order)
    return [_describe(sub, secret_paths) for sub in inner] or [f"`{_key(list(error.absolute_path))}` is invalid"]


def _error_order(error: SchemaError) -> List[str]:
    return [str(part) for part in error.absolute_path]


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
    # A secret, or an object holding one (credentials given as one string, say): never quoted.
    secret = any(named[: len(sp)] == sp or sp[: len(named)] == named for sp in secret_paths)
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
    if kind == "pattern" and "pattern_descriptor" in error.schema:
        return f"`{where}` must look like {error.schema['pattern_descriptor']}{got}"
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
    config = {**config, "credentials": _named_option(config["credentials"])} if "credentials" in config else config
    errors = sorted(Draft7Validator(schema).iter_errors(dict(config)), key=_error_order)
    problems: List[str] = []
    for error in errors:
        for text in _one_of_problems(error, secrets) if error.validator == "oneOf" else [_describe(error, secrets)]:
            if text not in problems:
                problems.append(text)
    return problems


def check_against_spec(config: Mapping[str, Any], schema: Optional[Mapping[str, Any]] = None) -> None:
    problems = spec_problems(config, schema)
    if problems:
        message = "Invalid configuration: " + _listing(problems) + "."
        raise AirbyteTracedException(message=message, internal_message=message, failure_type=FailureType.config_error)


# ---- spec.json, generated from the models above ----------------------------------------------------

DOCUMENTATION_URL = "https://docs.airbyte.com/integrations/sources/tiktok-shop"
# Airbyte's declarative OAuth flow (the platform runs it; nothing here executes it). Its templates are Jinja, rendered
# with the platform's variables: `client_id_value` and `client_secret_value` are the app key and secret (named by
# `client_id_key` / `client_secret_key`), `state_value` a random state, `auth_code_value` the `code` TikTok's redirect
# carries, and every field of `oauth_user_input_from_connector_config_specification` by its name.
# Consent: TikTok's seller authorization page for the app's service, US shops on their own host; the redirect URL is
# the one registered in Partner Center (TikTok takes no redirect_uri), and it comes back with `code` and `state`.
CONSENT_URL = (
    "https://services{% if shop_region == 'us' %}.us{% endif %}.tiktokshop.com/open/authorize"
    "?service_id={{ service_id | urlencode }}&state={{ state_value }}"
)
# Token exchange, GET /api/v2/token/get on the auth host: the app's keys and the code in the query, and the literal
# grant type `authorized_code`. The platform always sends it as a POST with an empty body; TikTok documents a GET and
# does not say whether its token host takes a POST (docs: Limitations; the "Refresh token" option is the way round).
ACCESS_TOKEN_URL = (
    DEFAULT_AUTH_BASE_URL + "/api/v2/token/get?app_key={{ client_id_value | urlencode }}"
    "&app_secret={{ client_secret_value | urlencode }}&auth_code={{ auth_code_value | urlencode }}&grant_type=authorized_code"
)
# TikTok's answer is {"code": 0, "data": {...}}: the tokens sit under `data`. `access_token_expire_in` is an epoch in seconds,
# so it is not named as the platform's `token_expiry_key` (that one is read as seconds from now).
OAUTH_EXTRACT_OUTPUT = ("data.access_token", "data.refresh_token", "data.access_token_expire_in")
# Output key (the last part of its path) -> where the platform writes it in the config.
OAUTH_OUTPUT_PATHS = {
    "access_token": ("credentials", "access_token"),
    "refresh_token": ("credentials", "refresh_token"),
    "access_token_expire_in": ("credentials", "access_token_expires_at"),
}
OAUTH_USER_INPUTS = ("service_id", "shop_region")
OAUTH_SERVER_KEYS = ("app_key", "app_secret")
# Keywords in the order spec.json lists them; others follow, sorted.
_KEY_ORDER = (
    "$schema",
    "title",
    "description",
    "type",
    "const",
    "enum",
    "items",
    "minLength",
    "maxLength",
    "format",
    "pattern",
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "exclusiveMaximum",
    "maxItems",
    "uniqueItems",
    "airbyte_secret",
    "default",
    "examples",
    "order",
    "required",
    "additionalProperties",
    "properties",
    "oneOf",
)


_KEY_RANK = {key: index for index, key in enumerate(_KEY_ORDER)}


def _credential_strings(paths: Mapping[str, Optional[Sequence[str]]], required: Sequence[str] = ()) -> Dict[str, Any]:
    """An OAuth blob: string fields, each with its place in the config where it has one."""
    properties: Dict[str, Any] = {}
    for name, path in paths.items():
        properties[name] = {"type": "string"} if path is None else {"type": "string", "path_in_connector_config": list(path)}
    blob: Dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        blob["required"] = list(required)
    return blob


ADVANCED_AUTH: Dict[str, Any] = {
    "auth_flow_type": OAUTH_AUTH_TYPE,
    "predicate_key": ["credentials", "auth_type"],
    "predicate_value": OAUTH_AUTH_TYPE,
    "oauth_config_specification": {
        "oauth_user_input_from_connector_config_specification": _credential_strings(
            {name: ("credentials", name) for name in OAUTH_USER_INPUTS}, required=("service_id",)
        ),
        "oauth_connector_input_specification": {
            "consent_url": CONSENT_URL,
            "access_token_url": ACCESS_TOKEN_URL,
            # TikTok's gateways want a JSON content type on every call (the platform's default is a form's).
            "access_token_headers": {"Content-Type": "application/json", "Accept": "application/json"},
            "extract_output": list(OAUTH_EXTRACT_OUTPUT),
            "client_id_key": "app_key",
            "client_secret_key": "app_secret",
        },
        "complete_oauth_output_specification": _credential_strings(OAUTH_OUTPUT_PATHS),
        "complete_oauth_server_input_specification": _credential_strings(dict.fromkeys(OAUTH_SERVER_KEYS)),
        "complete_oauth_server_output_specification": _credential_strings({name: ("credentials", name) for name in OAUTH_SERVER_KEYS}),
    },
}


class _SpecSchema(GenerateJsonSchema):
    """pydantic's JSON schema as an Airbyte spec: an optional value has its own type (the form never sends null), and
    a field has the title its `Field` gives, not one made from its name."""

    def nullable_schema(self, schema: Any) -> Dict[str, Any]:
        return self.generate_inner(schema["schema"])

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def _whole(value: Any) -> Any:
    """Whole numbers without a fraction (5, not 5.0): JSON has one number type, and the published spec writes them so."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return [_whole(item) for item in value] if isinstance(value, list) else value


def _tidy(node: Mapping[str, Any], defs: Mapping[str, Any], nested: bool) -> Dict[str, Any]:
    """One schema node in the spec's dialect: nested models inlined (Airbyte refuses `$ref`), keywords in spec order."""
    out = dict(node)
    ref = out.pop("$ref", None)
    if ref is not None:
        out = {**defs[ref.rsplit("/", 1)[-1]], **out}  # the field's title and description win over the model's
    if out.pop(DEFAULT_IN_DESCRIPTION, False) or out.get("default", "") is None:
        out.pop("default", None)
    if "const" in out:
        out.setdefault("default", out["const"])  # the form fills in the one value there is
    if nested and out.get("additionalProperties") is True:
        del out["additionalProperties"]  # JSON schema's default; the spec states it once, at the top
    if "oneOf" in out:
        # pydantic's `discriminator` is OpenAPI's word, not JSON schema's: Airbyte's form finds the option by the
        # `const` each one gives `auth_type`.
        out.pop("discriminator", None)
        out["type"] = "object"
        out["oneOf"] = [_in_form_order(_tidy(option, defs, True)) for option in out["oneOf"]]
    if "properties" in out:
        out["properties"] = {name: _tidy(prop, defs, True) for name, prop in out["properties"].items()}
    if "items" in out:
        out["items"] = _tidy(out["items"], defs, True)
    return {key: _whole(out[key]) for key in sorted(out, key=lambda key: (_KEY_RANK.get(key, len(_KEY_RANK)), key))}


def _in_form_order(option: Dict[str, Any]) -> Dict[str, Any]:
    """An option's fields, and its required list, in form order: pydantic lists a base model's fields first, so
    `auth_type`, each option's own, would come last."""
    properties = option.get("properties") or {}
    rank = {name: prop.get("order", len(properties)) for name, prop in properties.items()}
    option["properties"] = {name: properties[name] for name in sorted(properties, key=rank.__getitem__)}
    if "required" in option:
        option["required"] = sorted(option["required"], key=lambda name: rank.get(name, len(properties)))
    return option


def spec_document(model: Type[BaseModel] = ConnectorConfig) -> Dict[str, Any]:
    """spec.json's content, made from `model` alone: the same models give the same document, key for key."""
    schema = model.model_json_schema(schema_generator=_SpecSchema)
    defs = schema.pop("$defs", {})
    return {"documentationUrl": DOCUMENTATION_URL, "connectionSpecification": _tidy(schema, defs, False), "advanced_auth": ADVANCED_AUTH}


def spec_text(model: Type[BaseModel] = ConnectorConfig) -> str:
    """spec.json's text: two-space JSON and a final newline."""
    return json.dumps(spec_document(model), indent=2) + "\n"


def write_spec(path: Path = SPEC_PATH) -> bool:
    """Rewrite spec.json from the models; True when its text changed."""
    text = spec_text()
    if path.exists() and path.read_text() == text:
        return False
    path.write_text(text)
    return True
