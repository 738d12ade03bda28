"""Field-level hashing and blocking, the PII preset, and column selection, end to end."""

import copy
import hashlib
import hmac

from .conftest import connector_config
from .harness import configured_catalog, failed_check, run_connector

PII_ORDER_VALUES = [
    ("buyer_email",),
    ("user_id",),
    ("recipient_address", "name"),
    ("recipient_address", "phone_number"),
    ("recipient_address", "full_address"),
    ("recipient_address", "address_line1"),
]


def dig(record, path):
    for part in path:
        record = (record or {}).get(part)
    return record


def raw_pii_values(sandbox):
    values = set()
    for shop in sandbox.data.shops:
        for order in sandbox.data.orders[shop["id"]]:
            for path in PII_ORDER_VALUES:
                value = dig(order, path)
                if isinstance(value, str) and len(value) >= 6:
                    values.add(value)
        for warehouse in sandbox.data.warehouses[shop["id"]]:
            values |= {warehouse["address"].get("contact_person"), warehouse["address"].get("phone_number")} - {None, ""}
        values |= {p["bank_account"] for p in sandbox.data.payments[shop["id"]] if p.get("bank_account")}
    assert len(values) > 100, "the sandbox must hold PII for this test to mean anything"
    return values


def read_all(config, streams, debug=True):
    discovered = run_connector("discover", config).catalog["streams"]
    run = run_connector("read", config, configured_catalog(discovered, False, streams), debug=debug)
    assert run.returncode == 0, run.stderr[-3000:]
    return run, {s["name"]: s for s in discovered}


def test_blocked_pii_appears_nowhere_in_stdout_or_stderr_even_with_debug_logs(shared_sandbox):
    config = connector_config(shared_sandbox, pii_handling="block")
    run, discovered = read_all(
        config, ["orders", "products", "shops", "statements", "statement_transactions", "warehouses", "payments", "returns", "packages"]
    )
    assert run.records("warehouses") and run.records("payments"), "the PII-bearing tables must have been read"
    assert len(run.records("orders")) == sum(len(shared_sandbox.data.orders[s["id"]]) for s in shared_sandbox.data.shops)
    output = run.stdout + run.stderr
    leaked = [value for value in raw_pii_values(shared_sandbox) if value in output]
    assert not leaked, f"{len(leaked)} blocked values leaked, e.g. {leaked[:3]}"
    props = discovered["orders"]["json_schema"]["properties"]
    assert "buyer_email" not in props and "user_id" not in props
    assert "phone_number" not in props["recipient_address"]["properties"]


def test_hashed_values_are_sha256_or_hmac_of_the_raw_values(shared_sandbox):
    by_id = {o["id"]: o for s in shared_sandbox.data.shops for o in shared_sandbox.data.orders[s["id"]]}
    for salt in (None, "a-long-unique-hash-salt-4242424242"):
        overrides = {"hashed_fields": ["orders.buyer_email", "orders.recipient_address.phone_number", "orders.line_items.sku_image"]}
        if salt:
            overrides["hash_salt"] = salt
        run, discovered = read_all(connector_config(shared_sandbox, **overrides), ["orders"], debug=False)

        def digest(text, salt=salt):
            if salt:
                return hmac.new(salt.encode(), text.encode(), hashlib.sha256).hexdigest()
            return hashlib.sha256(text.encode()).hexdigest()

        checked = 0
        for record in run.records("orders"):
            raw = by_id[record["id"]]
            assert record["buyer_email"] == digest(raw["buyer_email"])
            if raw.get("recipient_address", {}).get("phone_number"):
                assert record["recipient_address"]["phone_number"] == digest(raw["recipient_address"]["phone_number"])
                checked += 1
            for item, raw_item in zip(record["line_items"], raw["line_items"]):
                if raw_item.get("sku_image") is not None:
                    assert item["sku_image"] == digest(raw_item["sku_image"])
        assert checked > 50
        props = discovered["orders"]["json_schema"]["properties"]
        assert props["buyer_email"]["type"] == ["null", "string"]
        assert props["line_items"]["items"]["properties"]["sku_image"]["type"] == ["null", "string"]


def test_invalid_paths_and_a_hashed_primary_key_fail_check_clearly(shared_sandbox):
    message = failed_check(
        connector_config(shared_sandbox, blocked_fields=["orders.recipient_adress.name"]),
        "orders.recipient_adress.name",
        "Valid paths",
        "orders.recipient_address.name",
    )
    assert "Traceback" not in message
    failed_check(connector_config(shared_sandbox, hashed_fields=["invoices.total"]), "unknown table", "orders")
    failed_check(connector_config(shared_sandbox, hashed_fields=["orders.id"]), "primary key or cursor")
    failed_check(connector_config(shared_sandbox, blocked_fields=["statements.statement_time"]), "primary key or cursor")
    # The same mistake stops a read, with the same message, before any record.
    config = connector_config(shared_sandbox, hashed_fields=["orders.id"])
    discovered = run_connector("discover", connector_config(shared_sandbox)).catalog["streams"]
    run = run_connector("read", config, configured_catalog(discovered, False, ["orders"]))
    assert run.returncode != 0 and not run.records()
    assert run.errors and run.errors[-1]["failure_type"] == "config_error" and "primary key" in run.errors[-1]["message"]


def test_column_selection_drops_unselected_fields_top_level_and_nested(shared_sandbox):
    config = connector_config(shared_sandbox)
    discovered = run_connector("discover", config).catalog["streams"]
    catalog = configured_catalog(discovered, False, ["orders"])
    schema = copy.deepcopy(catalog["streams"][0]["stream"]["json_schema"])
    keep = {"id", "update_time", "shop_id", "recipient_address", "line_items"}
    schema["properties"] = {k: v for k, v in schema["properties"].items() if k in keep}
    schema["properties"]["recipient_address"]["properties"] = {
        "region_code": schema["properties"]["recipient_address"]["properties"]["region_code"]
    }
    schema["properties"]["line_items"]["items"]["properties"] = {
        "sale_price": schema["properties"]["line_items"]["items"]["properties"]["sale_price"]
    }
    catalog["streams"][0]["stream"]["json_schema"] = schema
    run = run_connector("read", config, catalog)
    assert run.returncode == 0, run.stderr[-3000:]
    records = run.records("orders")
    assert records
    for record in records:
        assert set(record) <= keep
        assert set(record.get("recipient_address") or {}) <= {"region_code"}
        assert all(set(item) <= {"sale_price"} for item in record["line_items"])
    output = run.stdout + run.stderr
    assert not [v for v in raw_pii_values(shared_sandbox) if v in output], "unselected PII left the connector"
