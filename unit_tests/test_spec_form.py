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


def _nested_properties(node):
    for prop in (node.get("properties") or {}).values():
        yield prop
        yield from _nested_properties(prop)
    for option in node.get("oneOf") or ():
        yield from _nested_properties(option)


def test_every_top_level_field_sits_in_a_declared_section_of_the_form():
    declared = [group["id"] for group in SPEC["groups"]]
    assert len(declared) == len(set(declared)) and all(group.get("title") for group in SPEC["groups"])
    used = {name: prop.get("group") for name, prop in PROPERTIES.items()}
    assert all(group in declared for group in used.values()), used
    assert set(used.values()) == set(declared), "a section with no field"
    assert PROPERTIES["credentials"]["group"] == declared[0], "authentication comes first"


def test_orders_are_unique_within_each_section_and_only_top_level_fields_name_one():
    for group in SPEC["groups"]:
        orders = [prop["order"] for prop in PROPERTIES.values() if prop["group"] == group["id"]]
        assert len(orders) == len(set(orders)), group
    for prop in PROPERTIES.values():
        assert not [inner for inner in _nested_properties(prop) if "group" in inner], "Airbyte groups top-level fields only"


def test_affiliate_orders_lookback_is_a_data_option_of_30_days_up_to_180():
    prop = PROPERTIES["affiliate_orders_lookback_days"]
    # In the data section, after the lookback window (orders are unique across the whole form).
    assert prop["group"] == "data" and prop["order"] > PROPERTIES["lookback_window"]["order"]
    assert (prop["type"], prop["default"], prop["minimum"], prop["maximum"]) == ("number", 30, 0, 180)
    assert "affiliate_orders" in prop["description"] and "Default 30" in prop["description"]
    assert parse_config({"credentials": CREDENTIALS}).affiliate_orders_lookback_days == 30
    assert parse_config({"credentials": CREDENTIALS, "affiliate_orders_lookback_days": 7.5}).affiliate_orders_lookback_days == 7.5
    for bad in (-1, 181):
        with pytest.raises(AirbyteTracedException, match="affiliate_orders_lookback_days"):
            parse_config({"credentials": CREDENTIALS, "affiliate_orders_lookback_days": bad})
