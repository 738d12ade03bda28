"""The throughput ceiling for `scripts/bench.py`: a bare CDK source that emits records it already holds.

It reads a JSONL file into memory at start, then its one stream yields those records through the same
`airbyte_cdk.entrypoint.launch` the connector uses. No HTTP, no paging, no field policy: what is left is
the CDK's own cost per record (message building, serialization, printing), which no connector can beat.

    python scripts/bench_ceiling.py read --config C --catalog K

The config names the file and the stream: {"records_path": ..., "stream": "orders", "schema_path": ...,
"min_records": N}. The records are emitted again, whole passes, until at least N have gone out: the CDK
flushes its output every 0.1 s, so a rate needs a run of a second or more to be measured at all.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any, Iterable, List, Mapping, Optional, Tuple

from airbyte_cdk.entrypoint import launch
from airbyte_cdk.models import ConnectorSpecification, SyncMode
from airbyte_cdk.sources import AbstractSource
from airbyte_cdk.sources.streams import Stream


class MemoryStream(Stream):
    primary_key = "id"

    def __init__(self, name: str, records: List[Mapping[str, Any]], schema: Mapping[str, Any], min_records: int) -> None:
        self._name, self._records, self._schema = name, records, schema
        self._passes = max(1, -(-min_records // max(1, len(records))))  # ceil division

    @property
    def name(self) -> str:
        return self._name

    def get_json_schema(self) -> Mapping[str, Any]:
        return self._schema

    def read_records(
        self,
        sync_mode: SyncMode,
        cursor_field: Optional[List[str]] = None,
        stream_slice: Optional[Mapping[str, Any]] = None,
        stream_state: Optional[Mapping[str, Any]] = None,
    ) -> Iterable[Mapping[str, Any]]:
        for _ in range(self._passes):
            yield from self._records


class CeilingSource(AbstractSource):
    def spec(self, logger: logging.Logger) -> ConnectorSpecification:
        return ConnectorSpecification(connectionSpecification={"type": "object"})

    def check_connection(self, logger: logging.Logger, config: Mapping[str, Any]) -> Tuple[bool, Optional[Any]]:
        return True, None

    def streams(self, config: Mapping[str, Any]) -> List[Stream]:
        # Loaded here, before the first record, so the file's parsing is startup, not per-record cost.
        with open(config["records_path"]) as handle:
            records = [json.loads(line) for line in handle]
        with open(config["schema_path"]) as handle:
            schema = json.load(handle)
        return [MemoryStream(config["stream"], records, schema, int(config.get("min_records", 0)))]


if __name__ == "__main__":
    launch(CeilingSource(), sys.argv[1:])
