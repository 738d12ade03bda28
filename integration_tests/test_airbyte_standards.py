"""Airbyte's standard connector tests (the in-process successor of CAT), against the sandbox.

The scenarios come from acceptance-test-config.yml; their configs point at port 18765, where the
`standard_sandbox` fixture (conftest.py) serves a sandbox whose credentials are fixed by its seed.
"""

import pytest
from airbyte_cdk.test.standard_tests import SourceTestSuiteBase

from source_tiktok_shop import SourceTiktokShop


@pytest.fixture(scope="module", autouse=True)
def serve_standard_sandbox(standard_sandbox):
    yield standard_sandbox


class TestAirbyteStandards(SourceTestSuiteBase):
    connector = SourceTiktokShop
