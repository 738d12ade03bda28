"""The connector config, parsed once into a typed object with messages that say what to fix.

The spec's JSON schema (checked by the CDK entrypoint first) catches missing keys and wrong types;
this module catches what a schema cannot express well: unparseable or future dates, bad URLs.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, List, Literal, Mapping, Optional
from urllib.parse import urlsplit

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils import AirbyteTracedException
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

DEFAULT_START_DATE = "2021-01-01T00:00:00Z"
DEFAULT_API_BASE_URL = "https://open-api.tiktokglobalshop.com"
DEFAULT_AUTH_BASE_URL = "https://auth.tiktok-shops.com"
DEFAULT_LOOKBACK_DAYS = 3
DEFAULT_SAFETY_MARGIN_SECONDS = 300
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class Credentials(BaseModel):
    model_config = ConfigDict(extra="allow")

    auth_type: str = "oauth2.0"
    app_key: str = Field(min_length=1)
    app_secret: str = Field(min_length=1)
    refresh_token: str = Field(min_length=1)
    access_token: Optional[str] = None
    token_expiry_date: Optional[str] = None

    @field_validator("token_expiry_date")
    @classmethod
    def _expiry_parses(cls, value: Optional[str]) -> Optional[str]:
        if value:
            parse_instant(value, "credentials.token_expiry_date")
        return value


class ConnectorConfig(BaseModel):
    model_config = ConfigDict(extra="allow")

    credentials: Credentials
    shop_ids: List[str] = Field(default_factory=list)
    start_date: str = DEFAULT_START_DATE
    api_base_url: str = DEFAULT_API_BASE_URL
    auth_base_url: str = DEFAULT_AUTH_BASE_URL
    hashed_fields: List[str] = Field(default_factory=list)
    blocked_fields: List[str] = Field(default_factory=list)
    hash_salt: Optional[str] = None
    pii_handling: Literal["keep", "hash", "block"] = "keep"
    lookback_window: float = Field(default=DEFAULT_LOOKBACK_DAYS, ge=0, le=90)
    safety_margin_seconds: int = Field(default=DEFAULT_SAFETY_MARGIN_SECONDS, ge=0, le=86400)

    @field_validator("start_date")
    @classmethod
    def _start_date_valid(cls, value: str) -> str:
        instant = parse_instant(value, "start_date")
        if instant > datetime.now(timezone.utc):
            raise ValueError(f"`start_date` {value} is in the future: use a date on or before today.")
        return value

    @field_validator("api_base_url", "auth_base_url")
    @classmethod
    def _url_valid(cls, value: str, info: Any) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"`{info.field_name}` must be an https:// URL, got {value!r}.")
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
        raise ValueError(f"`{field}` must be an ISO 8601 UTC date-time such as 2024-01-01T00:00:00Z, got {value!r}.") from None
    return instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)


def parse_config(raw: Mapping[str, Any]) -> ConnectorConfig:
    try:
        return ConnectorConfig.model_validate(dict(raw))
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "config"
            text = str(error["msg"]).removeprefix("Value error, ")
            if error["type"] == "missing":
                text = f"`{where}` is required"
            elif "`" not in text:
                text = f"`{where}`: {text}"
            problems.append(text)
        message = "Invalid configuration: " + "; ".join(problems)
        raise AirbyteTracedException(message=message, internal_message=message, failure_type=FailureType.config_error) from None
