"""Issue: connector foundation. spec, check and the shops table through the real entrypoint."""

import time

from .conftest import connector_config
from .harness import assert_no_secret, configured_catalog, failed_check, run_connector, secrets_of


def test_spec_prints_exactly_one_spec_with_the_config_contract():
    run = run_connector("spec")
    assert run.returncode == 0
    specs = run.of_type("SPEC")
    assert len(specs) == 1
    spec = specs[0]["spec"]
    props = spec["connectionSpecification"]["properties"]
    creds = props["credentials"]["properties"]
    assert set(creds) >= {"auth_type", "app_key", "app_secret", "refresh_token", "access_token", "token_expiry_date"}
    for secret in ("app_secret", "refresh_token", "access_token"):
        assert creds[secret]["airbyte_secret"] is True
    assert set(props) >= {"credentials", "shop_ids", "start_date", "api_base_url", "auth_base_url"}
    assert "start_date" not in spec["connectionSpecification"]["required"]
    assert props["api_base_url"]["default"] == "https://open-api.tiktokglobalshop.com"
    assert props["auth_base_url"]["default"] == "https://auth.tiktok-shops.com"
    for name, prop in {**props, **creds}.items():
        assert prop.get("title"), name
    assert spec["advanced_auth"]["auth_flow_type"] == "oauth2.0"


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


def test_check_names_the_tables_a_missing_scope_blocks(sandbox):
    sandbox.revoke_group("finance")
    run = run_connector("check", connector_config(sandbox))
    status = run.connection_status
    assert status["status"] == "SUCCEEDED", status
    assert "statements" in status["message"] and "statement_transactions" in status["message"]
    assert "Finance Information" in status["message"]
    assert "orders" not in status["message"].split("Not readable")[1]


def test_read_shops_returns_exactly_the_authorized_shops_with_short_tokens_and_rotation():
    from tiktok_shop_sandbox import Sandbox

    with Sandbox(seed=11, shops=4, access_token_ttl=3, rotate_refresh_token=True) as sandbox:
        config = connector_config(sandbox)
        catalog = configured_catalog(run_connector("discover", config).catalog["streams"], False, ["shops"])
        first = run_connector("read", config, catalog)
        assert first.returncode == 0, first.stderr[-3000:]
        expected = {shop["id"] for shop in sandbox.data.shops}
        got = [record["id"] for record in first.records("shops")]
        assert sorted(got) == sorted(expected)
        rotated = first.controls[-1]["connectorConfig"]["config"]["credentials"]["refresh_token"]
        assert rotated != config["credentials"]["refresh_token"]
        assert_no_secret(first, secrets_of(config))

        # The old refresh token is dead (rotation); only the persisted config can go on, even after
        # its access token has expired.
        time.sleep(4)
        second = run_connector("read", first.controls[-1]["connectorConfig"]["config"], catalog)
        assert second.returncode == 0, second.stderr[-3000:]
        assert sorted(r["id"] for r in second.records("shops")) == sorted(expected)
        stale = run_connector("read", config, catalog)
        assert stale.returncode != 0 and stale.errors
        assert stale.errors[-1]["failure_type"] == "config_error"
