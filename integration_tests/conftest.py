import pytest

from tiktok_shop_sandbox import Sandbox

from .harness import configured_catalog, run_connector

# Small enough for quick tests, large enough that every table pages (page size 100) for some shop.
DATASET = dict(seed=7, shops=3, products_per_shop=120, orders_per_shop=260, statement_days=40, history_days=90)
# The sandbox the acceptance files (sample_config.json, acceptance-test-config.yml) point at: fixed port and seed.
STANDARD_PORT = 18765
STANDARD_DATASET = dict(seed=42, shops=3, products_per_shop=40, orders_per_shop=120, statement_days=20, history_days=60)


def connector_config(sandbox: Sandbox, **overrides):
    config = sandbox.config()
    # Tests read right up to now: the sandbox writes nothing concurrently unless a test says so.
    config.update({"safety_margin_seconds": 0, "lookback_window": 0})
    # The sandbox answers in milliseconds and has no rate limit unless a test sets one: no client-side
    # budget either (the default, an adaptive rate up to 50 per second per shop, is tested in test_reliability.py).
    config["requests_per_second"] = 1000
    config["rate_mode"] = "fixed"
    config.update(overrides)
    return config


@pytest.fixture
def sandbox():
    with Sandbox(**DATASET) as box:
        yield box


@pytest.fixture(scope="module")
def shared_sandbox():
    """One sandbox for tests that only read: never mutate it or change its knobs."""
    with Sandbox(**DATASET) as box:
        yield box


@pytest.fixture(scope="module")
def discovered_streams(shared_sandbox):
    run = run_connector("discover", connector_config(shared_sandbox))
    assert run.returncode == 0, run.stderr[-3000:]
    return run.catalog["streams"]


@pytest.fixture(scope="module")
def catalog_for(discovered_streams):
    def build(incremental: bool, names=None):
        return configured_catalog(discovered_streams, incremental, names)

    return build


@pytest.fixture(scope="module")
def standard_sandbox():
    """The sandbox behind integration_tests/sample_config.json."""
    sandbox = Sandbox(**STANDARD_DATASET)
    sandbox.start(port=STANDARD_PORT)
    yield sandbox
    sandbox.stop()
