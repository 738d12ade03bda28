"""The "Authenticate with TikTok Shop" button, end to end against the sandbox: the consent URL built from the
connector's own `spec` as Airbyte's platform builds it, the seller's approval, the declared token exchange, and
`check` with the config the platform would save (declarative_oauth.py re-states the platform's steps)."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tiktok_shop_sandbox import Sandbox

from .conftest import connector_config
from .declarative_oauth import DeclarativeOAuthFlow, on_host
from .harness import assert_no_secret, run_connector, secrets_of

GET_TOKEN, REFRESH = "/api/v2/token/get", "/api/v2/token/refresh"
OAUTH_OPTION = "oauth2.0"


@pytest.fixture(scope="module")
def flow():
    run = run_connector("spec")
    assert run.returncode == 0, run.stderr[-3000:]
    return DeclarativeOAuthFlow(run.of_type("SPEC")[0]["spec"]["advanced_auth"])


def form(sandbox: Sandbox, **credentials) -> dict:
    """What the user has filled in before pressing the button: the OAuth option, its service id and region."""
    config = connector_config(sandbox)
    config["credentials"] = {"auth_type": OAUTH_OPTION, "service_id": sandbox.service_id, **credentials}
    return config


def server_params(sandbox: Sandbox) -> dict:
    """The app's key and secret, which Airbyte keeps as the OAuth app's parameters."""
    return {"app_key": sandbox.app_key, "app_secret": sandbox.app_secret}


def approve(sandbox: Sandbox, consent_url: str) -> dict:
    """The seller approves on TikTok's consent page; the browser lands on the redirect URL."""
    answer = requests.get(on_host(consent_url, sandbox.base_url), allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    landing = urlsplit(answer.headers["Location"])
    assert f"{landing.scheme}://{landing.netloc}{landing.path}" == sandbox.redirect_url
    return {key: values[0] for key, values in parse_qs(landing.query).items()}


def exchange(sandbox: Sandbox, request: requests.Request) -> requests.Response:
    request.url = on_host(request.url, sandbox.base_url)
    with requests.Session() as session:
        return session.send(request.prepare(), timeout=10)


def authenticate(sandbox: Sandbox, flow: DeclarativeOAuthFlow, **credentials) -> dict:
    """The whole button: consent, callback, token exchange, outputs written into the config."""
    config = form(sandbox, **credentials)
    callback = approve(sandbox, flow.consent_url(config, server_params(sandbox), sandbox.redirect_url))
    answer = exchange(sandbox, flow.token_request(config, server_params(sandbox), callback, sandbox.redirect_url))
    assert answer.status_code == 200 and answer.json()["code"] == 0, answer.text
    return flow.into_config(config, flow.outputs(answer.json()), server_params(sandbox))


class TestConsentUrl:
    def test_names_the_service_and_state_on_the_global_host(self, flow):
        with Sandbox(seed=3, shops=1) as sandbox:
            url = urlsplit(flow.consent_url(form(sandbox), server_params(sandbox), sandbox.redirect_url))
            assert (url.scheme, url.netloc, url.path) == ("https", "services.tiktokshop.com", "/open/authorize")
            assert parse_qs(url.query) == {"service_id": [sandbox.service_id], "state": [flow.state]}

    def test_us_shops_consent_on_the_us_host(self, flow):
        with Sandbox(seed=3, shops=1) as sandbox:
            url = urlsplit(flow.consent_url(form(sandbox, shop_region="us"), server_params(sandbox), sandbox.redirect_url))
            assert url.netloc == "services.us.tiktokshop.com"

    def test_the_service_id_is_required_before_the_button(self, flow):
        with Sandbox(seed=3, shops=1) as sandbox:
            config = form(sandbox)
            del config["credentials"]["service_id"]
            with pytest.raises(Exception, match="service_id"):
                flow.consent_url(config, server_params(sandbox), sandbox.redirect_url)

    def test_the_sandbox_refuses_an_unknown_service(self, flow):
        with Sandbox(seed=3, shops=1) as sandbox:
            url = flow.consent_url(form(sandbox, service_id="1" * 19), server_params(sandbox), sandbox.redirect_url)
            assert requests.get(on_host(url, sandbox.base_url), allow_redirects=False, timeout=10).status_code == 400

    def test_the_callback_carries_a_code_and_the_same_state(self, flow):
        with Sandbox(seed=3, shops=1) as sandbox:
            callback = approve(sandbox, flow.consent_url(form(sandbox), server_params(sandbox), sandbox.redirect_url))
            assert callback["state"] == flow.state and callback["code"]


class TestTokenExchange:
    def test_is_the_documented_token_get_with_the_auth_code(self, flow):
        with Sandbox(seed=3, shops=1) as sandbox:
            config = form(sandbox)
            callback = approve(sandbox, flow.consent_url(config, server_params(sandbox), sandbox.redirect_url))
            request = flow.token_request(config, server_params(sandbox), callback, sandbox.redirect_url)
            url = urlsplit(request.url)
            assert (url.scheme, url.netloc, url.path) == ("https", "auth.tiktok-shops.com", GET_TOKEN)
            assert parse_qs(url.query) == {
                "app_key": [sandbox.app_key],
                "app_secret": [sandbox.app_secret],
                "auth_code": [callback["code"]],
                "grant_type": ["authorized_code"],
            }

    def test_outputs_land_in_the_oauth_option_and_check_succeeds_without_a_refresh(self, flow):
        with Sandbox(seed=3, shops=2) as sandbox:
            sandbox.token_get_accepts_post = True
            config = authenticate(sandbox, flow)
            credentials = config["credentials"]
            assert credentials["app_key"] == sandbox.app_key and credentials["app_secret"] == sandbox.app_secret
            assert credentials["refresh_token"] == sandbox.refresh_token
            assert credentials["access_token"] and credentials["access_token_expires_at"].isdigit()
            sandbox.clear_requests()
            run = run_connector("check", config)
            assert run.returncode == 0, run.stderr[-3000:]
            assert run.connection_status["status"] == "SUCCEEDED", run.connection_status
            # The access token from the exchange is used as it is: its expiry came with it.
            assert not [r for r in sandbox.requests if r.path.startswith("/api/v2/token/")]
            assert_no_secret(run, secrets_of(config))

    def test_a_code_exchanges_once(self, flow):
        with Sandbox(seed=3, shops=1) as sandbox:
            sandbox.token_get_accepts_post = True
            config = form(sandbox)
            callback = approve(sandbox, flow.consent_url(config, server_params(sandbox), sandbox.redirect_url))
            assert exchange(sandbox, flow.token_request(config, server_params(sandbox), callback, sandbox.redirect_url)).json()["code"] == 0
            again = exchange(sandbox, flow.token_request(config, server_params(sandbox), callback, sandbox.redirect_url)).json()
            assert again["code"] != 0
            with pytest.raises(ValueError, match="access_token"):
                flow.outputs(again)

    def test_where_the_token_host_refuses_a_post_the_refresh_token_option_still_works(self, flow):
        """TikTok documents the exchange as a GET; the platform always POSTs. Should TikTok refuse the POST (the
        sandbox's default), the button fails visibly and the seller uses the "Refresh token" option."""
        with Sandbox(seed=3, shops=1) as sandbox:
            config = form(sandbox)
            callback = approve(sandbox, flow.consent_url(config, server_params(sandbox), sandbox.redirect_url))
            refused = exchange(sandbox, flow.token_request(config, server_params(sandbox), callback, sandbox.redirect_url))
            assert refused.json()["code"] == 36009010
            with pytest.raises(ValueError, match="access_token"):
                flow.outputs(refused.json())
            manual = connector_config(sandbox)
            manual["credentials"] = {
                "auth_type": "refresh_token",
                "app_key": sandbox.app_key,
                "app_secret": sandbox.app_secret,
                "refresh_token": sandbox.refresh_token,
            }
            run = run_connector("check", manual)
            assert run.connection_status["status"] == "SUCCEEDED", run.connection_status


class TestExistingConfigs:
    def test_a_0_1_0_config_without_the_new_fields_checks_as_before(self):
        with Sandbox(seed=3, shops=1) as sandbox:
            config = connector_config(sandbox)
            config["credentials"] = {k: config["credentials"][k] for k in ("app_key", "app_secret", "refresh_token")}
            run = run_connector("check", config)
            assert run.connection_status["status"] == "SUCCEEDED", run.connection_status
