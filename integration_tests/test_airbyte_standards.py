"""Airbyte's standard connector tests (the in-process successor of CAT), against the sandbox.

The scenarios come from acceptance-test-config.yml; their configs point at port 18765, where the
fixture below serves a sandbox whose credentials are fixed by its seed.
"""

import pytest
from airbyte_cdk.test.standard_tests import SourceTestSuiteBase

from source_tiktok_shop import SourceTiktokShop
from tiktok_shop_sandbox import Sandbox

STANDARD_PORT = 18765
STANDARD_DATASET = dict(seed=42, shops=3, products_per_shop=40, orders_per_shop=120, statement_days=20, history_days=60)


@pytest.fixture(scope="module", autouse=True)
def standard_sandbox():
    sandbox = Sandbox(**STANDARD_DATASET)
    sandbox.start(port=STANDARD_PORT)
    yield sandbox
    sandbox.stop()


class TestAirbyteStandards(SourceTestSuiteBase):
    connector = SourceTiktokShop
