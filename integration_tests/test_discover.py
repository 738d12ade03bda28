"""`spec` and `discover` through the real entrypoint: the config contract and the catalog every other
end-to-end test takes its tables, keys and cursors from."""

from airbyte_cdk.sources.utils.casing import camel_to_snake

from source_tiktok_shop.streams import STREAM_CLASSES

from .harness import discovered, run_connector


def test_spec_prints_exactly_one_spec_with_the_config_contract():
    run = run_connector("spec")
    assert run.returncode == 0
    specs = run.of_type("SPEC")
    assert len(specs) == 1
    spec = specs[0]["spec"]
    props = spec["connectionSpecification"]["properties"]
    options = {option["title"]: option["properties"] for option in props["credentials"]["oneOf"]}
    assert set(options) == {"Authenticate with TikTok Shop", "Refresh token"}
    for creds in options.values():
        assert set(creds) >= {"auth_type", "app_key", "app_secret", "refresh_token", "access_token", "token_expiry_date"}
        for secret in ("app_secret", "refresh_token", "access_token"):
            assert creds[secret]["airbyte_secret"] is True
    assert set(props) >= {"credentials", "shop_ids", "start_date", "api_base_url", "auth_base_url"}
    assert "start_date" not in spec["connectionSpecification"]["required"]
    assert props["api_base_url"]["default"] == "https://open-api.tiktokglobalshop.com"
    assert props["auth_base_url"]["default"] == "https://auth.tiktok-shops.com"
    for name, prop in {**props, **options["Refresh token"], **options["Authenticate with TikTok Shop"]}.items():
        assert prop.get("title"), name
    assert spec["advanced_auth"]["auth_flow_type"] == "oauth2.0"


def test_discover_lists_every_stream_class_in_order_each_with_a_primary_key():
    streams = discovered()
    assert list(streams) == [camel_to_snake(cls.__name__) for cls in STREAM_CLASSES]
    for name, stream in streams.items():
        assert stream["source_defined_primary_key"], name
        assert all(len(path) == 1 for path in stream["source_defined_primary_key"]), f"{name}: nested key"


def test_incremental_streams_advertise_a_source_defined_cursor_that_the_full_refresh_ones_lack():
    for name, stream in discovered().items():
        incremental = "incremental" in stream["supported_sync_modes"]
        assert "full_refresh" in stream["supported_sync_modes"], name
        assert bool(stream.get("default_cursor_field")) == incremental, name
        assert bool(stream.get("source_defined_cursor")) == incremental, name
