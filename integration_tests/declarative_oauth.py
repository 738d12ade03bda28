"""Airbyte's declarative OAuth flow as the platform runs it, for tests: from a connector's `advanced_auth` to the config.

The platform (airbyte-platform, airbyte-oauth: DeclarativeOAuthFlow / DeclarativeOAuthSpecHandler) is Kotlin and cannot
run here; this re-states what it does with a spec, step by step, so a test can drive the flow the spec declares:
- its templates are Jinja (Jinjava there, jinja2 here: the same syntax for the `{{ }}`, `{% if %}` and `urlencode` a
  spec uses). The variables: every field of the user's OAuth input and of `oauth_connector_input_specification` by
  name; `client_id_key` & co. (defaults `client_id`, `client_secret`, `code`, `redirect_uri`, `scope`, `state`, or the
  spec's overrides); under each key's *value* the actual value; `client_id_value`, `client_secret_value`,
  `auth_code_value`, `redirect_uri_value`, `state_value` and `..._param` (`key=value`, redirect URI and scope URL-encoded);
- the consent URL is rendered with the app's client id, the redirect URL and a random state;
- the callback's `state` must be there, and the code is read at `auth_code_key` (default `code`);
- the token request is always a POST to the rendered `access_token_url`. Its body: `access_token_params` rendered, as
  JSON (or a form when the declared Content-Type says so), or an empty form without them. Its headers: the rendered
  `access_token_headers`, or when none, a form Content-Type and `Accept: application/json`;
- each `extract_output` path (dotted) is read from the JSON answer, as text; its last part is the output's key, and a
  missing one fails the flow. The key named by `token_expiry_key` (default `expires_in`) also yields
  `token_expiry_date` = now + that many seconds;
- outputs land in the config at `complete_oauth_output_specification`'s `path_in_connector_config`, and the app's keys
  at `complete_oauth_server_output_specification`'s.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Mapping, MutableMapping, Optional, Sequence
from urllib.parse import quote_plus, urlencode, urlsplit, urlunsplit

import jinja2
import jsonschema
import requests

DEFAULT_KEYS = {
    "auth_code_key": "code",
    "client_id_key": "client_id",
    "client_secret_key": "client_secret",
    "redirect_uri_key": "redirect_uri",
    "scope_key": "scope",
    "state_key": "state",
}
ENCODED = ("redirect_uri_key", "scope_key")
STATE_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_"


class DeclarativeOAuthFlow:
    def __init__(self, advanced_auth: Mapping[str, Any]):
        self.spec = advanced_auth["oauth_config_specification"]
        self.declared: Dict[str, Any] = dict(self.spec["oauth_connector_input_specification"])
        self.state: Optional[str] = None

    # ---- the template variables ------------------------------------------------------------------

    def _variables(self, user_input: Mapping[str, Any], values: Mapping[str, Optional[str]]) -> Dict[str, Any]:
        """`values` by the role of the value: client_id, client_secret, auth_code, redirect_uri, state."""
        merged = {**user_input, **self.declared}
        variables: Dict[str, Any] = {key: merged.get(key, default) for key, default in DEFAULT_KEYS.items()}
        variables.update({key: value if isinstance(value, str) else json.dumps(value) for key, value in merged.items()})
        for role, value in values.items():
            variables[variables[f"{role}_key"]] = value
        for key in DEFAULT_KEYS:
            role = key.removesuffix("_key")
            value = variables.get(variables[key])
            shown = quote_plus(value) if key in ENCODED and value is not None else value
            variables[f"{role}_param"] = f"{variables[key]}={shown}"
            variables[f"{role}_value"] = value
        return variables

    @staticmethod
    def _render(template: str, variables: Mapping[str, Any]) -> str:
        return jinja2.Environment(undefined=jinja2.Undefined).from_string(template).render(**variables)

    @classmethod
    def _render_all(cls, templates: Optional[Mapping[str, str]], variables: Mapping[str, Any]) -> Dict[str, str]:
        return {cls._render(key, variables): cls._render(value, variables) for key, value in (templates or {}).items()}

    def _user_input(self, config: Mapping[str, Any]) -> Dict[str, Any]:
        """The user's OAuth input, read from the form's config at each field's `path_in_connector_config`, validated."""
        schema = self.spec.get("oauth_user_input_from_connector_config_specification") or {"type": "object", "properties": {}}
        found: Dict[str, Any] = {}
        for name, prop in schema.get("properties", {}).items():
            node: Any = config
            for part in prop["path_in_connector_config"]:
                node = node.get(part) if isinstance(node, Mapping) else None
            if node is not None:
                found[name] = node
        jsonschema.validate(found, schema)
        return found

    # ---- the two steps ---------------------------------------------------------------------------

    def consent_url(self, form_config: Mapping[str, Any], server_params: Mapping[str, str], redirect_url: str) -> str:
        bounds = self.declared.get("state") or {"min": 7, "max": 24}
        length = bounds["min"] + secrets.randbelow(bounds["max"] - bounds["min"] + 1)
        self.state = "".join(secrets.choice(STATE_ALPHABET) for _ in range(length))
        client_id = server_params[self.declared.get("client_id_key", DEFAULT_KEYS["client_id_key"])]
        values = {"client_id": client_id, "redirect_uri": redirect_url, "state": self.state}
        return self._render(self.declared["consent_url"], self._variables(self._user_input(form_config), values))

    def token_request(
        self, form_config: Mapping[str, Any], server_params: Mapping[str, str], callback: Mapping[str, str], redirect_url: str
    ) -> requests.Request:
        user_input = self._user_input(form_config)
        variables = self._variables(user_input, {})
        if variables["state_key"] not in callback:
            raise ValueError(f"Undefined `state_key`: {variables['state_key']!r} from `redirect_uri`. Keys available: {sorted(callback)}")
        if variables["auth_code_key"] not in callback:
            raise ValueError(f"Undefined `auth_code_key`: {variables['auth_code_key']!r} from `redirect_uri`.")
        values = {
            "client_id": server_params[variables["client_id_key"]],
            "client_secret": server_params[variables["client_secret_key"]],
            "auth_code": callback[variables["auth_code_key"]],
            "redirect_uri": redirect_url,
            "state": callback[variables["state_key"]],
        }
        variables = self._variables(user_input, values)
        url = self._render(self.declared["access_token_url"], variables)
        headers = self._render_all(self.declared.get("access_token_headers"), variables)
        params = self._render_all(self.declared.get("access_token_params"), variables)
        form = not params or headers.get("Content-Type") == "application/x-www-form-urlencoded"
        body = urlencode(params) if form else json.dumps(params)
        if not headers:
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        return requests.Request("POST", url, headers=headers, data=body)

    def outputs(self, answer: Mapping[str, Any]) -> Dict[str, str]:
        expiry_key = self.declared.get("token_expiry_key", "expires_in")
        found: Dict[str, str] = {}
        for path in self.declared.get("extract_output") or ["refresh_token"]:
            node: Any = answer
            for part in path.split("."):
                node = node.get(part) if isinstance(node, Mapping) else None
            key = path.rsplit(".", 1)[-1]
            if node is None:
                raise ValueError(f"Missing '{key}' field in the `OAuth Output`. Expected fields: {self.declared.get('extract_output')}.")
            found[key] = node if isinstance(node, str) else json.dumps(node)
            if key == expiry_key:
                found["token_expiry_date"] = (datetime.now(timezone.utc) + timedelta(seconds=int(found[key]))).isoformat()
        return found

    def into_config(self, form_config: Mapping[str, Any], outputs: Mapping[str, str], server_params: Mapping[str, str]) -> Dict[str, Any]:
        config = json.loads(json.dumps(form_config))
        placed = (("complete_oauth_output_specification", outputs), ("complete_oauth_server_output_specification", server_params))
        for spec_name, values in placed:
            for name, prop in (self.spec.get(spec_name) or {}).get("properties", {}).items():
                if name in values:
                    _put(config, prop["path_in_connector_config"], values[name])
        return config


def _put(config: MutableMapping[str, Any], path: Sequence[str], value: Any) -> None:
    node = config
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def on_host(url: str, base_url: str) -> str:
    """`url` sent to `base_url`'s scheme and host instead (the sandbox serves every TikTok host), path and query kept."""
    parts, base = urlsplit(url), urlsplit(base_url)
    return urlunsplit(parts._replace(scheme=base.scheme, netloc=base.netloc))
