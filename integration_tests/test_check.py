"""`check` through the real entrypoint: success with good credentials, a clear FAILED message (no
traceback, no secret) for each way a config can be wrong, and the tables a missing API scope blocks."""

import pytest

from .conftest import connector_config
from .harness import assert_no_secret, failed_check, run_connector, secrets_of


def test_check_succeeds_with_good_credentials(shared_sandbox):
    config = connector_config(shared_sandbox)
    run = run_connector("check", config)
    status = run.connection_status
    assert status["status"] == "SUCCEEDED", status
    assert "Not readable" not in status["message"]
    assert_no_secret(run, secrets_of(config))


def test_check_fails_clearly_on_a_wrong_app_secret(sandbox):
    config = connector_config(sandbox)
    config["credentials"]["app_secret"] = "wrong-app-secret-" + "x" * 24
    failed_check(config, "app_secret")


def test_check_fails_clearly_on_a_wrong_app_secret_even_with_a_live_access_token(sandbox):
    good = connector_config(sandbox)
    first = run_connector("check", good)
    assert first.connection_status["status"] == "SUCCEEDED"
    persisted = first.controls[-1]["connectorConfig"]["config"]
    persisted["credentials"]["app_secret"] = "wrong-app-secret-" + "y" * 24
    # The token is still valid, so the first thing TikTok rejects is the signature (106001).
    failed_check(persisted, "signature", "app_secret")


def test_check_fails_clearly_on_a_wrong_refresh_token(sandbox):
    config = connector_config(sandbox)
    config["credentials"]["refresh_token"] = "TTP_not-a-real-refresh-token-0123456789"
    failed_check(config, "refresh token", "Re-authorize")


def test_check_fails_on_an_unknown_shop_and_lists_the_authorized_ones(shared_sandbox):
    config = connector_config(shared_sandbox, shop_ids=["999999999999999999"])
    message = failed_check(config, "999999999999999999")
    for shop in shared_sandbox.data.shops:
        assert shop["id"] in message


def test_check_fails_on_a_malformed_start_date(shared_sandbox):
    failed_check(connector_config(shared_sandbox, start_date="2024-13-45"), "start_date", "2024-01-01T00:00:00Z")


def test_check_fails_on_a_future_start_date(shared_sandbox):
    failed_check(connector_config(shared_sandbox, start_date="2999-01-01T00:00:00Z"), "start_date", "future")


def test_check_fails_on_a_missing_app_key(shared_sandbox):
    config = connector_config(shared_sandbox)
    del config["credentials"]["app_key"]
    failed_check(config, "app_key")


def test_check_fails_when_the_ip_is_not_allow_listed(sandbox):
    sandbox.ip_blocked = True
    failed_check(connector_config(sandbox), "IP", "allow list")


@pytest.mark.parametrize(
    "group,blocked_tables,partner_center_name",
    [
        ("finance", ["statements", "statement_transactions"], "Finance Information"),
        (
            "analytics",
            [
                "shop_performance",
                "product_performance",
                "sku_performance",
                "video_performance",
                "live_performance",
                "shop_performance_hourly",
            ],
            "Data Analytics",
        ),
        ("customer_service", ["customer_service_performance"], "Customer Service"),
    ],
)
def test_check_names_the_tables_a_missing_scope_blocks(sandbox, group, blocked_tables, partner_center_name):
    sandbox.revoke_group(group)
    status = run_connector("check", connector_config(sandbox)).connection_status
    assert status["status"] == "SUCCEEDED", status
    assert partner_center_name in status["message"]
    blocked = status["message"].split("Not readable")[1]
    for table in [*blocked_tables, partner_center_name]:
        assert table in blocked
    assert "orders" not in blocked
