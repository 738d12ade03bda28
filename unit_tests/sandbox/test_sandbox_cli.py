"""The CLI prints a one-line connector config and serves until interrupted."""

import json
import os
import signal
import subprocess
import sys

import requests


def test_cli_prints_config_and_serves():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tiktok_shop_sandbox",
            "--port",
            "0",
            "--seed",
            "3",
            "--shops",
            "2",
            "--orders-per-shop",
            "20",
            "--anchor",
            "1760000400",
        ],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        config = json.loads(proc.stdout.readline())
        assert config["credentials"]["auth_type"] == "oauth2.0"
        assert config["start_date"] == "2025-06-11T09:00:00Z"
        resp = requests.get(
            config["auth_base_url"] + "/api/v2/token/refresh",
            timeout=5,
            headers={"Content-Type": "application/json"},
            params={
                "app_key": config["credentials"]["app_key"],
                "app_secret": config["credentials"]["app_secret"],
                "refresh_token": config["credentials"]["refresh_token"],
                "grant_type": "refresh_token",
            },
        )
        assert resp.json()["code"] == 0
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
        proc.stdout.close()
        proc.stderr.close()
