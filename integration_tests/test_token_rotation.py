"""Tokens through the real entrypoint: short-lived access tokens and rotating refresh tokens, with the
updated config handed to Airbyte in CONTROL messages."""

from tiktok_shop_sandbox import Sandbox

from .conftest import connector_config
from .harness import assert_no_secret, configured_catalog, run_connector, secrets_of

REFRESH = "/api/v2/token/refresh"


def test_read_shops_returns_exactly_the_authorized_shops_with_short_tokens_and_rotation():
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

        # The old refresh token is dead (rotation); only the persisted config can go on, even after its
        # access token has expired: the sandbox's clock moves past the token's 3 s lifetime.
        sandbox.clock_skew += 4
        sandbox.clear_requests()
        second = run_connector("read", first.controls[-1]["connectorConfig"]["config"], catalog)
        assert second.returncode == 0, second.stderr[-3000:]
        assert sorted(r["id"] for r in second.records("shops")) == sorted(expected)
        # Its access token dead, the read went on by refreshing with the persisted (rotated) refresh token.
        assert any(r.path == REFRESH and r.code == 0 for r in sandbox.requests), "the read did not refresh"
        stale = run_connector("read", config, catalog)
        assert stale.returncode != 0 and stale.errors
        assert stale.errors[-1]["failure_type"] == "config_error"
