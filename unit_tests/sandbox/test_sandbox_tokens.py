"""Token host: refresh, rotation, expiry, auth codes, error codes."""

import time

REFRESH = "/api/v2/token/refresh"
GET = "/api/v2/token/get"
SHOPS = "/authorization/202309/shops"


def refresh(client, rt=None, **over):
    params = {
        "app_key": client.sb.app_key,
        "app_secret": client.sb.app_secret,
        "refresh_token": rt or client.sb.refresh_token,
        "grant_type": "refresh_token",
        **over,
    }
    return client.token_call(REFRESH, **params)


def test_refresh_response_shape_and_absolute_expiry(client):
    before = int(time.time())
    resp = refresh(client)
    assert resp.status_code == 200
    payload = resp.json()
    assert payload["code"] == 0 and payload["message"] == "success" and len(payload["request_id"]) == 34
    data = payload["data"]
    assert set(data) == {
        "access_token",
        "access_token_expire_in",
        "refresh_token",
        "refresh_token_expire_in",
        "open_id",
        "seller_name",
        "seller_base_region",
        "user_type",
        "granted_scopes",
    }
    assert data["access_token"].startswith("TTP_") and len(data["access_token"]) > 40
    # absolute epochs, not durations
    assert before + 7 * 86400 - 5 <= data["access_token_expire_in"] <= int(time.time()) + 7 * 86400 + 5
    assert data["refresh_token_expire_in"] > before + 360 * 86400
    assert data["user_type"] == 0 and data["seller_base_region"] == "US"
    assert "seller.finance.info" in data["granted_scopes"]
    # the new access token works on the Open API
    client.ok(client.get(SHOPS, token=data["access_token"]))


def test_refresh_accepts_authorized_code_grant_type(client):
    assert refresh(client, grant_type="authorized_code").json()["code"] == 0
    assert refresh(client, grant_type="authorization_code").json()["code"] == 36004003


def test_non_rotating_refresh_keeps_token_and_old_access_tokens_stay_valid(client):
    rt = client.sb.refresh_token
    first = refresh(client).json()["data"]
    second = refresh(client).json()["data"]
    assert first["refresh_token"] == second["refresh_token"] == rt
    assert first["access_token"] != second["access_token"]
    client.ok(client.get(SHOPS, token=first["access_token"]))
    client.ok(client.get(SHOPS, token=second["access_token"]))


def test_rotating_refresh_invalidates_old_refresh_token(make_sandbox, make_client):
    sb = make_sandbox(seed=3, rotate_refresh_token=True)
    client = make_client(sb)
    old = sb.refresh_token
    data = refresh(client, old).json()["data"]
    assert data["refresh_token"] != old and sb.refresh_token == data["refresh_token"]
    again = refresh(client, old)
    assert again.status_code == 200 and again.json()["code"] == 36004005 and again.json()["data"] is None
    assert refresh(client, data["refresh_token"]).json()["code"] == 0


def test_access_token_expires(make_sandbox, make_client):
    sb = make_sandbox(seed=4, access_token_ttl=1)
    client = make_client(sb)
    data = refresh(client).json()["data"]
    assert data["access_token_expire_in"] <= int(time.time()) + 1
    client.ok(client.get(SHOPS, token=data["access_token"]))
    time.sleep(2.1)
    client.error(client.get(SHOPS, token=data["access_token"]), 105002, 401)
    fresh = refresh(client).json()["data"]["access_token"]
    client.ok(client.get(SHOPS, token=fresh))


def test_refresh_token_errors(client):
    assert refresh(client, "TTP_not_a_real_refresh_token_at_all_0000000000").json()["code"] == 36004005
    resp = refresh(client, app_secret="wrong-secret-wrong-secret-wrong")
    assert resp.status_code == 200 and resp.json()["code"] == 36004003
    assert refresh(client, app_key="6nope").json()["code"] == 36004003
    client.sb.expire_refresh_token()
    payload = refresh(client).json()
    assert payload["code"] == 36004001 and payload["message"] == "rt has expired"


def test_token_errors_http_status_knob(client):
    client.sb.token_errors_as_http_200 = False
    resp = refresh(client, "TTP_bogus_bogus_bogus_bogus_bogus_bogus")
    assert resp.status_code == 400 and resp.json()["code"] == 36004005


def test_refresh_failing_knob(client):
    client.sb.refresh_failing = True
    resp = refresh(client)
    assert resp.status_code == 500 and resp.json()["code"] == 36009003
    client.sb.refresh_failing = False
    assert refresh(client).json()["code"] == 0


def test_auth_code_is_single_use(client):
    code = client.sb.issue_auth_code()
    params = {"app_key": client.sb.app_key, "app_secret": client.sb.app_secret, "auth_code": code, "grant_type": "authorized_code"}
    data = client.token_call(GET, **params).json()["data"]
    client.ok(client.get(SHOPS, token=data["access_token"]))
    assert refresh(client, data["refresh_token"]).json()["code"] == 0
    reused = client.token_call(GET, **params).json()
    assert reused["code"] == 36004004 and reused["data"] is None
    assert (
        client.token_call(GET, **{**params, "auth_code": client.sb.issue_auth_code(), "grant_type": "refresh_token"}).json()["code"]
        == 36004003
    )
    expired = client.sb.issue_auth_code(ttl=0)
    assert client.token_call(GET, **{**params, "auth_code": expired}).json()["code"] == 36004004


def test_token_endpoints_are_get_only_and_need_content_type(client):
    resp = client.session.post(client.sb.base_url + REFRESH, headers={"Content-Type": "application/json"})
    assert resp.json()["code"] == 36009010
    resp = client.session.get(client.sb.base_url + REFRESH, params={"app_key": client.sb.app_key})
    assert resp.json()["code"] == 36009004


def test_credentials_are_long_and_unique(sb):
    cfg = sb.config()
    creds = cfg["credentials"]
    assert creds["auth_type"] == "oauth2.0"
    assert len({creds["app_key"], creds["app_secret"], creds["refresh_token"]}) == 3
    assert all(len(v) >= 24 for v in (creds["app_key"], creds["app_secret"], creds["refresh_token"]))
    assert cfg["api_base_url"] == cfg["auth_base_url"] == sb.base_url
    assert cfg["start_date"] == "2025-06-11T09:00:00Z"
    assert sb.config(start_date="2025-01-01T00:00:00Z", app_secret="x")["credentials"]["app_secret"] == "x"


def test_token_get_by_post_is_refused_unless_the_knob_allows_it(client):
    params = {"app_key": client.sb.app_key, "app_secret": client.sb.app_secret, "grant_type": "authorized_code"}
    post = client.session.post
    headers = {"Content-Type": "application/json"}
    refused = post(client.sb.base_url + GET, params={**params, "auth_code": client.sb.issue_auth_code()}, headers=headers)
    assert refused.json()["code"] == 36009010  # in an HTTP 200, as token errors come (token_errors_as_http_200)
    client.sb.token_get_accepts_post = True
    answered = post(client.sb.base_url + GET, params={**params, "auth_code": client.sb.issue_auth_code()}, headers=headers).json()
    assert answered["code"] == 0 and answered["data"]["access_token"]


CONSENT = "/open/authorize"


def test_the_consent_page_redirects_to_the_registered_url_with_a_code_and_the_state(client):
    answer = client.session.get(
        client.sb.base_url + CONSENT, params={"service_id": client.sb.service_id, "state": "xyz-123"}, allow_redirects=False
    )
    assert answer.status_code == 302
    target, query = answer.headers["Location"].split("?", 1)
    assert target == client.sb.redirect_url
    callback = dict(part.split("=", 1) for part in query.split("&"))
    assert callback["state"] == "xyz-123"
    params = {
        "app_key": client.sb.app_key,
        "app_secret": client.sb.app_secret,
        "auth_code": callback["code"],
        "grant_type": "authorized_code",
    }
    assert client.token_call(GET, **params).json()["code"] == 0


def test_the_consent_page_refuses_an_unknown_service_and_only_answers_get(client):
    unknown = client.session.get(client.sb.base_url + CONSENT, params={"service_id": "1", "state": "s"}, allow_redirects=False)
    assert unknown.status_code == 400 and "Location" not in unknown.headers
    posted = client.session.post(client.sb.base_url + CONSENT, params={"service_id": client.sb.service_id}, allow_redirects=False)
    assert posted.status_code == 405
