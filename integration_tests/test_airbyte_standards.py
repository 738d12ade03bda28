"""Airbyte's standard connector tests (the in-process successor of CAT), in two suites.

acceptance-test-config.yml lists the scenarios as Airbyte's CI runs them: against the real TikTok Shop
API, with a config in secrets/config.json (Airbyte's convention; metadata.yaml's acceptanceTests suite
writes its secret there), plus the invalid-config scenario.

- `TestAirbyteStandards` runs those same scenarios against the sandbox (`standard_sandbox`, conftest.py),
  in `make test`: a config from secrets/ becomes integration_tests/sample_config.json, whose credentials
  the sandbox's seed fixes, and every other config (the invalid one) is read with its API and token URLs
  pointed at the sandbox. Sections, catalogs, statuses and empty streams come from the file, so the two
  suites cannot drift apart.
- `TestAirbyteStandardsLive` runs the file as it is, and skips, saying why, while secrets/config.json is
  absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from airbyte_cdk.test.models import ConnectorTestScenario
from airbyte_cdk.test.standard_tests import SourceTestSuiteBase

from source_tiktok_shop import SourceTiktokShop

ROOT = Path(__file__).resolve().parents[1]
LIVE_CONFIG = Path("secrets/config.json")
SANDBOX_CONFIG = Path("integration_tests/sample_config.json")
# The config keys that point the connector at an API; the sandbox answers both.
URL_KEYS = ("api_base_url", "auth_base_url")
LIVE_SKIP_REASON = "secrets/config.json not found: put a real TikTok Shop config there to run the live scenarios"


def live_config_missing_reason(root: Path = ROOT) -> str | None:
    """Why the live scenarios cannot run, or None when secrets/config.json is there."""
    return None if (root / LIVE_CONFIG).is_file() else LIVE_SKIP_REASON


def on_sandbox(scenario: ConnectorTestScenario, root: Path = ROOT) -> ConnectorTestScenario:
    """The sandbox counterpart of a scenario of acceptance-test-config.yml."""
    if scenario.requires_creds:  # a config under secrets/: the sandbox's own config instead
        return scenario.model_copy(update={"config_path": SANDBOX_CONFIG})
    config = scenario.get_config_dict(connector_root=root, empty_if_missing=False)
    sandbox = ConnectorTestScenario(config_path=SANDBOX_CONFIG).get_config_dict(connector_root=root, empty_if_missing=False)
    config = {**config, **{key: sandbox[key] for key in URL_KEYS}}
    moved = scenario.model_copy(update={"config_path": None, "config_dict": config})
    moved._id = scenario.id  # keep the test id of the file's config (e.g. 'invalid_config')
    return moved


class TestAirbyteStandards(SourceTestSuiteBase):
    """The scenarios of acceptance-test-config.yml, against the sandbox on port 18765."""

    connector = SourceTiktokShop

    @pytest.fixture(scope="class", autouse=True)
    def serve_standard_sandbox(self, standard_sandbox):
        yield standard_sandbox

    @classmethod
    def get_scenarios(cls) -> list[ConnectorTestScenario]:
        return [on_sandbox(scenario, cls.get_connector_root_dir()) for scenario in super().get_scenarios()]


class TestAirbyteStandardsLive(SourceTestSuiteBase):
    """The scenarios of acceptance-test-config.yml as they are: the real API, with secrets/config.json."""

    connector = SourceTiktokShop

    @pytest.fixture(autouse=True)
    def needs_live_config(self):
        reason = live_config_missing_reason(self.get_connector_root_dir())
        if reason:
            pytest.skip(reason)


# --------------------------------------------------------------------------- the split itself


def test_live_scenarios_read_the_secret_config():
    scenarios = SourceTestSuiteBase.get_scenarios.__func__(TestAirbyteStandardsLive)
    by_id = {scenario.id: scenario for scenario in scenarios}
    assert set(by_id) == {"config", "invalid_config"}, f"acceptance-test-config.yml lists {sorted(by_id)}"
    live = by_id["config"]
    assert live.config_path == LIVE_CONFIG and live.requires_creds
    assert set(live.sections) == {"connection", "discovery", "basic_read", "full_refresh"}
    assert by_id["invalid_config"].status == "failed" and not by_id["invalid_config"].requires_creds


def test_sandbox_scenarios_mirror_the_live_ones():
    live = SourceTestSuiteBase.get_scenarios.__func__(TestAirbyteStandardsLive)
    sandbox = TestAirbyteStandards.get_scenarios()
    assert [s.sections for s in sandbox] == [s.sections for s in live]
    assert [s.status for s in sandbox] == [s.status for s in live]
    assert [s.configured_catalog_path for s in sandbox] == [s.configured_catalog_path for s in live]
    for scenario in sandbox:
        assert not scenario.requires_creds, f"sandbox scenario {scenario.id} reads a secret"
        config = scenario.get_config_dict(connector_root=ROOT, empty_if_missing=False)
        for key in URL_KEYS:
            assert config[key].startswith("http://127.0.0.1:18765"), f"{scenario.id}: {key} is {config[key]!r}, not the sandbox"


def test_live_suite_skips_without_the_secret_config(tmp_path):
    assert live_config_missing_reason(tmp_path) == LIVE_SKIP_REASON
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "config.json").write_text("{}", encoding="utf-8")
    assert live_config_missing_reason(tmp_path) is None
