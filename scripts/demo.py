"""`make demo`: start the TikTok Shop sandbox, run the connector against it, print what it read.

Runs the installed `source-tiktok-shop` command exactly as Airbyte would (check, discover, read),
so what you see is the connector's real protocol output summarised.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tiktok_shop_sandbox import Sandbox  # noqa: E402

CONNECTOR = [str(Path(sys.executable).parent / "source-tiktok-shop")]


def run(args, workdir: Path):
    started = time.monotonic()
    proc = subprocess.run(CONNECTOR + args, capture_output=True, text=True, cwd=workdir)
    messages = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0:
        errors = [m["trace"]["error"]["message"] for m in messages if m["type"] == "TRACE" and m["trace"].get("type") == "ERROR"]
        sys.exit(f"connector {args[0]} failed: {errors or proc.stderr[-2000:]}")
    return messages, time.monotonic() - started


def main() -> None:
    with Sandbox(seed=1) as sandbox, tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        print(f"Sandbox TikTok Shop API on {sandbox.base_url} with {len(sandbox.data.shops)} shops")
        config_path = workdir / "config.json"
        config_path.write_text(json.dumps(sandbox.config()))

        messages, _ = run(["check", "--config", str(config_path)], workdir)
        status = next(m["connectionStatus"] for m in messages if m["type"] == "CONNECTION_STATUS")
        print(f"check: {status['status']} - {status.get('message', '')}")

        messages, _ = run(["discover", "--config", str(config_path)], workdir)
        streams = next(m["catalog"]["streams"] for m in messages if m["type"] == "CATALOG")
        catalog = {"streams": [
            {"stream": s, "sync_mode": "incremental" if "incremental" in s["supported_sync_modes"] else "full_refresh",
             "cursor_field": s.get("default_cursor_field", []), "destination_sync_mode": "append"}
            for s in streams
        ]}
        catalog_path = workdir / "catalog.json"
        catalog_path.write_text(json.dumps(catalog))
        print(f"discover: {len(streams)} tables: {', '.join(s['name'] for s in streams)}")

        messages, seconds = run(["read", "--config", str(config_path), "--catalog", str(catalog_path)], workdir)
        counts = Counter(m["record"]["stream"] for m in messages if m["type"] == "RECORD")
        states = sum(1 for m in messages if m["type"] == "STATE")
        print(f"read: {sum(counts.values())} records, {states} state checkpoints in {seconds:.1f}s")
        for stream in streams:
            print(f"  {stream['name']:<26} {counts.get(stream['name'], 0):>7} records")


if __name__ == "__main__":
    main()
