"""Token lifecycle: GET refresh, absolute-epoch expiry, early refresh, rotation, masking, refusals."""

import io
import json
import time
from contextlib import redirect_stdout
from datetime import timedelta

import pytest
import requests_mock
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils import AirbyteTracedException
from airbyte_cdk.utils.airbyte_secrets_utils import filter_secrets
from airbyte_cdk.utils.datetime_helpers import ab_datetime_now, ab_datetime_parse

REFRESH_URL = "https://auth.example.test/api/v2/token/refresh"


def token_body(
    access="TTP_access_0001_abcdefghijkl",
    refresh="TTP_refresh_0002_abcdefghijkl",
    access_in=7 * 86400,
    refresh_in=365 * 86400,
    code=0,
    message="success",
):
    now = int(time.time())
    return {
        "code": code,
        "message": message,
        "request_id": "2024080809462301024509910319695C45",
        "data": None
        if code
        else {
            "access_token": access,
            "access_token_expire_in": now + access_in,
            "refresh_token": refresh,
            "refresh_token_expire_in": now + refresh_in,
            "open_id": "7010736057180325637",
            "seller_name": "Test Seller",
            "seller_base_region": "US",
            "user_type": 0,
            "granted_scopes": ["seller.order.info"],
        },
    }


def test_refresh_is_a_get_with_app_credentials_and_expiry_is_an_absolute_epoch(authenticator_factory):
    auth = authenticator_factory()
    body = token_body()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=body)
        with redirect_stdout(io.StringIO()):
            token = auth.get_access_token()
        sent = m.request_history[0]
    assert sent.method == "GET"
    assert sent.qs == {
        "app_key": ["test-app-key-0001"],
        "app_secret": ["test-app-secret-0123456789"],
        "refresh_token": ["test-refresh-token-0123456789"],
        "grant_type": ["refresh_token"],
    }
    assert token == "TTP_access_0001_abcdefghijkl"
    expiry = auth.get_token_expiry_date()
    # An epoch read as a duration would land in the year ~2080; read as an epoch it is 7 days out.
    assert abs(expiry.timestamp() - body["data"]["access_token_expire_in"]) < 1
    assert timedelta(days=6, hours=23) < expiry - ab_datetime_now() < timedelta(days=7, minutes=1)


def test_refresh_happens_shortly_before_expiry_not_after(authenticator_factory):
    soon = ab_datetime_now() + timedelta(seconds=120)  # inside the 300 s margin
    later = ab_datetime_now() + timedelta(hours=2)
    assert authenticator_factory(access_token="TTP_existing_token_123456", token_expiry_date=str(soon)).token_has_expired()
    assert not authenticator_factory(access_token="TTP_existing_token_123456", token_expiry_date=str(later)).token_has_expired()
    assert authenticator_factory(token_expiry_date=str(later)).token_has_expired(), "no access token at all must refresh"


def test_margin_shrinks_for_short_lived_tokens(authenticator_factory):
    auth = authenticator_factory()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=token_body(access_in=20))
        with redirect_stdout(io.StringIO()):
            auth.get_access_token()
    # 20 s token: margin is 2 s, so it is still valid now (a fixed 300 s margin would refresh forever).
    assert not auth.token_has_expired()


def test_rotated_refresh_token_is_written_to_config_and_emitted_as_control_message(authenticator_factory):
    auth = authenticator_factory()
    out = io.StringIO()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=token_body(refresh="TTP_rotated_refresh_9999_xyz"))
        with redirect_stdout(out):
            auth.get_access_token()
    assert auth.get_refresh_token() == "TTP_rotated_refresh_9999_xyz"
    controls = [json.loads(line) for line in out.getvalue().splitlines() if '"CONTROL"' in line]
    assert controls, "a CONNECTOR_CONFIG control message must be printed"
    persisted = controls[-1]["control"]["connectorConfig"]["config"]["credentials"]
    assert persisted["refresh_token"] == "TTP_rotated_refresh_9999_xyz"
    assert persisted["access_token"] == "TTP_access_0001_abcdefghijkl"
    assert ab_datetime_parse(persisted["token_expiry_date"]) > ab_datetime_now()


def test_new_tokens_are_masked_in_logs(authenticator_factory):
    auth = authenticator_factory()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=token_body(access="TTP_mask_me_access_777777", refresh="TTP_mask_me_refresh_88888"))
        with redirect_stdout(io.StringIO()):
            auth.get_access_token()
    assert filter_secrets("a TTP_mask_me_access_777777 b TTP_mask_me_refresh_88888") == "a **** b ****"


@pytest.mark.parametrize("code", [36004001, 36004004, 36004005])
def test_refused_refresh_token_is_a_config_error_that_says_re_authorize(authenticator_factory, code):
    auth = authenticator_factory()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=token_body(code=code, message="rt has expired"))
        with pytest.raises(AirbyteTracedException) as raised:
            auth.get_access_token()
    assert raised.value.failure_type == FailureType.config_error
    assert "Re-authorize" in raised.value.message and str(code) in raised.value.message
    assert "test-app-secret-0123456789" not in raised.value.message


def test_unknown_app_key_on_refresh_says_so(authenticator_factory):
    auth = authenticator_factory()
    with requests_mock.Mocker() as m:
        m.get(
            REFRESH_URL, status_code=400, json=token_body(code=36009004, message="Invalid credentials. Invalid `app_key` query parameter.")
        )
        with pytest.raises(AirbyteTracedException) as raised:
            auth.get_access_token()
    assert raised.value.failure_type == FailureType.config_error and "app_key" in raised.value.message


def test_transient_refresh_failures_are_retried_then_reported_as_transient(authenticator_factory, monkeypatch):
    monkeypatch.setattr("source_tiktok_shop.auth.time.sleep", lambda s: None)
    auth = authenticator_factory()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, [{"status_code": 503, "text": "<html>busy</html>"}, {"json": token_body()}])
        with redirect_stdout(io.StringIO()):
            assert auth.get_access_token() == "TTP_access_0001_abcdefghijkl"
    auth = authenticator_factory()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, status_code=500, json=token_body(code=36009003, message="Internal error."))
        with pytest.raises(AirbyteTracedException) as raised:
            auth.get_access_token()
    assert raised.value.failure_type == FailureType.transient_error


def test_expired_authorization_is_a_config_error_and_near_expiry_warns(authenticator_factory, caplog):
    auth = authenticator_factory()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=token_body(refresh_in=-60))
        with pytest.raises(AirbyteTracedException) as raised:
            auth.get_access_token()
    assert raised.value.failure_type == FailureType.config_error and "re-authorize" in raised.value.message
    auth = authenticator_factory()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=token_body(refresh_in=10 * 86400))
        with redirect_stdout(io.StringIO()):
            auth.get_access_token()
    assert any("expires on" in record.getMessage() for record in caplog.records)


# ---- implausible access_token_expire_in -----------------------------------------------------------


def body_with_expiry(raw):
    body = token_body()
    body["data"]["access_token_expire_in"] = raw
    return body


def expiry_warnings(caplog):
    return [r for r in caplog.records if "access_token_expire_in=" in r.getMessage() and r.levelname == "WARNING"]


@pytest.mark.parametrize("expire_in", [int(time.time()) - 3600, 0, -5], ids=["past_epoch", "zero", "negative"])
def test_an_expiry_in_the_past_is_honoured_for_a_short_while_instead_of_refreshing_on_every_request(
    authenticator_factory, caplog, expire_in
):
    from source_tiktok_shop.auth import MIN_TOKEN_LIFETIME_SECONDS

    auth = authenticator_factory()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=body_with_expiry(expire_in))
        with redirect_stdout(io.StringIO()) as out:
            tokens = [auth.get_access_token() for _ in range(5)]
        assert m.call_count == 1, "one refresh, not one per request"
    assert tokens == ["TTP_access_0001_abcdefghijkl"] * 5
    assert out.getvalue().count('"CONTROL"') == 1
    assert abs((auth.get_token_expiry_date() - ab_datetime_now()).total_seconds() - MIN_TOKEN_LIFETIME_SECONDS) < 5
    assert not auth.token_has_expired()
    assert len(expiry_warnings(caplog)) == 1


def test_a_duration_where_an_epoch_belongs_is_read_as_a_lifetime(authenticator_factory, caplog):
    auth = authenticator_factory()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=body_with_expiry(604800))
        with redirect_stdout(io.StringIO()):
            auth.get_access_token()
            auth.get_access_token()
        assert m.call_count == 1
    assert abs((auth.get_token_expiry_date() - ab_datetime_now()).total_seconds() - 604800) < 5
    [warning] = expiry_warnings(caplog)
    assert "access_token_expire_in=604800, which is not an epoch; read as a lifetime of 604800 s" in warning.getMessage()


def test_an_expiry_in_milliseconds_is_divided_by_a_thousand(authenticator_factory, caplog):
    auth = authenticator_factory()
    epoch = int(time.time()) + 7 * 86400
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=body_with_expiry(epoch * 1000 + 250))
        with redirect_stdout(io.StringIO()):
            auth.get_access_token()
    assert abs(auth.get_token_expiry_date().timestamp() - epoch) < 1
    assert len(expiry_warnings(caplog)) == 1 and "milliseconds" in expiry_warnings(caplog)[0].getMessage()


def test_an_expiry_years_ahead_is_capped(authenticator_factory, caplog):
    from source_tiktok_shop.auth import CAPPED_TOKEN_LIFETIME_SECONDS

    auth = authenticator_factory()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=body_with_expiry(int(time.time()) + 5 * 365 * 86400))
        with redirect_stdout(io.StringIO()):
            auth.get_access_token()
    assert abs((auth.get_token_expiry_date() - ab_datetime_now()).total_seconds() - CAPPED_TOKEN_LIFETIME_SECONDS) < 5
    assert len(expiry_warnings(caplog)) == 1


def test_the_same_odd_expiry_on_every_refresh_warns_once(authenticator_factory, caplog):
    auth = authenticator_factory()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=body_with_expiry(604800))
        with redirect_stdout(io.StringIO()):
            for _ in range(3):
                auth.refresh_and_set_access_token()
        assert m.call_count == 3
    assert len(expiry_warnings(caplog)) == 1
    # A plausible epoch warns about nothing.
    caplog.clear()
    auth = authenticator_factory()
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=token_body())
        with redirect_stdout(io.StringIO()):
            auth.get_access_token()
    assert expiry_warnings(caplog) == []


def test_the_refresh_call_has_a_whole_request_deadline_of_the_read_timeout(authenticator_factory):
    from source_tiktok_shop.transport import DeadlineHTTPAdapter

    auth = authenticator_factory()
    for url in (REFRESH_URL, "http://auth.example.test/api/v2/token/refresh"):
        adapter = auth._refresh_session.get_adapter(url)
        assert isinstance(adapter, DeadlineHTTPAdapter) and adapter.deadline_seconds == 30.0


# ---- tokens from Airbyte's OAuth flow --------------------------------------------------------------


def test_the_oauth_flows_access_token_is_used_until_its_stored_expiry(authenticator_factory):
    expires_at = int(time.time()) + 3 * 86400
    auth = authenticator_factory(access_token="TTP_from_the_flow_abcdefghijkl", access_token_expires_at=str(expires_at))
    with requests_mock.Mocker() as m:
        assert auth.get_access_token() == "TTP_from_the_flow_abcdefghijkl"
        assert not m.request_history, "refreshed although the flow's access token is valid for days"
    assert auth.get_token_expiry_date() == ab_datetime_parse(expires_at)


@pytest.mark.parametrize(
    "stored",
    [
        {"access_token_expires_at": str(int(time.time()) - 60)},  # already expired
        {"access_token_expires_at": "12345"},  # not an epoch
        {"access_token_expires_at": str(int(time.time()) * 1000)},  # milliseconds: not TikTok's documented unit
        {},  # no expiry stored at all
    ],
)
def test_without_a_plausible_future_expiry_the_flows_token_is_refreshed_first(authenticator_factory, stored):
    auth = authenticator_factory(access_token="TTP_from_the_flow_abcdefghijkl", **stored)
    with requests_mock.Mocker() as m:
        m.get(REFRESH_URL, json=token_body())
        with redirect_stdout(io.StringIO()):
            assert auth.get_access_token() == "TTP_access_0001_abcdefghijkl"
        assert len(m.request_history) == 1


def test_a_token_expiry_date_the_connector_keeps_wins_over_the_flows_expiry(authenticator_factory):
    kept = ab_datetime_now() + timedelta(hours=5)
    auth = authenticator_factory(
        access_token="TTP_kept_abcdefghijkl", token_expiry_date=kept.isoformat(), access_token_expires_at=str(int(time.time()) - 60)
    )
    with requests_mock.Mocker() as m:
        assert auth.get_access_token() == "TTP_kept_abcdefghijkl"
        assert not m.request_history
