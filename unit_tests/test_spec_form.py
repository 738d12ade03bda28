"""What Airbyte's form shows: test-only hosts hidden, dates with their format, `start_date` in the
forms the connector reads, the same for the published spec and the model."""

import json
import re

import pytest
from airbyte_cdk.utils import AirbyteTracedException

from source_tiktok_shop.config import SPEC_PATH, parse_config

SPEC = json.loads(SPEC_PATH.read_text())["connectionSpecification"]
PROPERTIES = SPEC["properties"]
CREDENTIALS = {"auth_type": "oauth2.0", "app_key": "key", "app_secret": "secret", "refresh_token": "refresh"}


@pytest.mark.parametrize("key", ["api_base_url", "auth_base_url"])
def test_the_test_server_hosts_are_hidden_from_the_form(key):
    assert PROPERTIES[key].get("airbyte_hidden") is True


def test_both_dates_declare_their_format():
    assert PROPERTIES["start_date"]["format"] == "date-time"
    for option in PROPERTIES["credentials"]["oneOf"]:
        assert option["properties"]["token_expiry_date"]["format"] == "date-time", option["title"]
    assert PROPERTIES["start_date"]["pattern_descriptor"] == "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"


@pytest.mark.parametrize(
    "value, readable",
    [
        ("2024-01-01", True),
        ("2024-01-01T00:00:00Z", True),
        ("2024-01-01T00:00Z", True),
        ("2024-01-01T00:00:00.250+01:00", True),
        ("2024-01-01T00:00:00+0100", True),
        ("20240101", False),
        ("2024-1-1", False),
        (" 2024-01-01", False),
        ("2024-01-01 00:00:00", False),
    ],
)
def test_start_date_forms_are_the_same_for_the_spec_and_the_model(value, readable):
    assert bool(re.search(PROPERTIES["start_date"]["pattern"], value)) is readable
    if readable:
        assert parse_config({"credentials": CREDENTIALS, "start_date": value}).start_timestamp > 0
    else:
        with pytest.raises(AirbyteTracedException) as raised:
            parse_config({"credentials": CREDENTIALS, "start_date": value})
        assert "`start_date` must look like YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ" in raised.value.message
