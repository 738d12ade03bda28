"""`credentials` is a oneOf told apart by `auth_type`: what each option accepts, and what a wrong one is told.

Both checks a config meets run here: the spec's JSON schema (`check_against_spec`, run by the entrypoint before
anything else) and the model (`parse_config`). Each message names the key to fix and never echoes a secret."""

from __future__ import annotations

from typing import Any, Callable, Dict

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils import AirbyteTracedException

from source_tiktok_shop.config import OAuthCredentials, RefreshTokenCredentials, check_against_spec, parse_config

SECRET = "s3cret-app-secret-0123456789abcdef"
REFRESH = "s3cret-refresh-token-0123456789abcdef"
VALIDATORS: Dict[str, Callable[[Dict[str, Any]], Any]] = {"spec": check_against_spec, "model": parse_config}


def config_with(**credentials: Any) -> Dict[str, Any]:
    return {"credentials": {"app_key": "options-app-key", "app_secret": SECRET, "refresh_token": REFRESH, **credentials}}


def refused(validate: Callable[[Dict[str, Any]], Any], config: Dict[str, Any]) -> str:
    with pytest.raises(AirbyteTracedException) as caught:
        validate(config)
    assert caught.value.failure_type == FailureType.config_error
    assert SECRET not in caught.value.message and REFRESH not in caught.value.message
    return caught.value.message


@pytest.mark.parametrize("auth_type", ["oauth2.0", "refresh_token"])
@pytest.mark.parametrize("validate", VALIDATORS.values(), ids=VALIDATORS)
def test_each_option_accepts_app_key_secret_and_refresh_token(validate, auth_type):
    validate(config_with(auth_type=auth_type))


def test_each_option_is_its_own_model():
    assert isinstance(parse_config(config_with(auth_type="oauth2.0")).credentials, OAuthCredentials)
    assert isinstance(parse_config(config_with(auth_type="refresh_token")).credentials, RefreshTokenCredentials)


@pytest.mark.parametrize("validate", VALIDATORS.values(), ids=VALIDATORS)
def test_credentials_saved_without_auth_type_are_the_oauth_option(validate):
    validate(config_with())  # a 0.1.0 config
    assert isinstance(parse_config(config_with()).credentials, OAuthCredentials)


@pytest.mark.parametrize("validate", VALIDATORS.values(), ids=VALIDATORS)
def test_an_unknown_auth_type_names_the_choices(validate):
    message = refused(validate, config_with(auth_type="api_key"))
    assert "`credentials.auth_type` must be `oauth2.0` or `refresh_token` (got 'api_key')" in message


@pytest.mark.parametrize("auth_type", ["oauth2.0", "refresh_token"])
@pytest.mark.parametrize("validate", VALIDATORS.values(), ids=VALIDATORS)
def test_a_missing_field_is_named_as_the_user_sees_it(validate, auth_type):
    config = config_with(auth_type=auth_type)
    del config["credentials"]["refresh_token"]
    message = refused(validate, config)
    assert "`credentials.refresh_token` is required" in message
    assert "oauth2.0." not in message and "refresh_token.refresh_token" not in message  # no option tag in the key


@pytest.mark.parametrize("validate", VALIDATORS.values(), ids=VALIDATORS)
def test_a_wrong_field_in_an_option_does_not_quote_the_secrets_beside_it(validate):
    message = refused(validate, config_with(auth_type="refresh_token", app_key=12345))
    assert "credentials.app_key" in message


@pytest.mark.parametrize("validate", VALIDATORS.values(), ids=VALIDATORS)
def test_a_service_id_that_would_change_the_consent_url_is_refused(validate):
    message = refused(validate, config_with(auth_type="oauth2.0", service_id="7123&state=x"))
    assert "credentials.service_id" in message


@pytest.mark.parametrize("validate", VALIDATORS.values(), ids=VALIDATORS)
def test_credentials_that_are_not_an_object_say_so(validate):
    message = refused(validate, {"credentials": "app-key:" + SECRET})
    assert "`credentials`" in message
