import pytest

from source_tiktok_shop.auth import TikTokShopAuthenticator


@pytest.fixture
def authenticator_factory():
    def make(
        app_key="test-app-key-0001", app_secret="test-app-secret-0123456789", refresh_token="test-refresh-token-0123456789", **credentials
    ):
        config = {
            "credentials": {
                "auth_type": "oauth2.0",
                "app_key": app_key,
                "app_secret": app_secret,
                "refresh_token": refresh_token,
                **credentials,
            }
        }
        return TikTokShopAuthenticator(config, "https://auth.example.test")

    return make
