"""ConfigBuilder for the mock-server tests (Stripe style): one fixed, valid config, tweaked per test."""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional

API_BASE_URL = "https://open-api.test"
AUTH_BASE_URL = "https://auth.test"

# Long and unique, so the CDK's secret masking can never hit a substring of a record or a URL.
APP_KEY = "it_app_key_6d1f0b93c27e4a58"
APP_SECRET = "it_app_secret_2b8e5c1f9d4a7063e1c5b9a2"
REFRESH_TOKEN = "TTP_it_initial_refresh_token_8f3a61c0d9e2b475"
ACCESS_TOKEN = "TTP_it_initial_access_token_e07b4c29a1f35d68"
# Far beyond every frozen test instant, so no test refreshes unless it means to.
ACCESS_TOKEN_EXPIRY = "2030-01-01T00:00:00+00:00"

START_DATE = "2024-01-01T00:00:00Z"
START = 1704067200  # START_DATE as epoch seconds
DAY = 86400


class ConfigBuilder:
    def __init__(self) -> None:
        self._config: Dict[str, Any] = {
            "credentials": {
                "auth_type": "oauth2.0",
                "app_key": APP_KEY,
                "app_secret": APP_SECRET,
                "refresh_token": REFRESH_TOKEN,
                "access_token": ACCESS_TOKEN,
                "token_expiry_date": ACCESS_TOKEN_EXPIRY,
            },
            "api_base_url": API_BASE_URL,
            "auth_base_url": AUTH_BASE_URL,
            "start_date": START_DATE,
            "safety_margin_seconds": 0,
            "lookback_window": 0,
        }

    def with_start_date(self, start_date: str) -> "ConfigBuilder":
        self._config["start_date"] = start_date
        return self

    def with_lookback_days(self, days: float) -> "ConfigBuilder":
        self._config["lookback_window"] = days
        return self

    def with_safety_margin_seconds(self, seconds: int) -> "ConfigBuilder":
        self._config["safety_margin_seconds"] = seconds
        return self

    def with_concurrency(self, concurrency: int) -> "ConfigBuilder":
        self._config["concurrency"] = concurrency
        return self

    def with_shop_ids(self, shop_ids: List[str]) -> "ConfigBuilder":
        self._config["shop_ids"] = list(shop_ids)
        return self

    def with_access_token(self, token: Optional[str], expiry: Optional[str] = ACCESS_TOKEN_EXPIRY) -> "ConfigBuilder":
        credentials = self._config["credentials"]
        for key, value in (("access_token", token), ("token_expiry_date", expiry)):
            if value is None:
                credentials.pop(key, None)
            else:
                credentials[key] = value
        return self

    def with_option(self, key: str, value: Any) -> "ConfigBuilder":
        self._config[key] = value
        return self

    def build(self) -> Dict[str, Any]:
        return copy.deepcopy(self._config)
