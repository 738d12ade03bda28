"""The CDK entrypoint, with config validation whose messages name the key to fix.

The CDK checks the config against the spec before `check`, `discover` and `read`, but reports only
jsonschema's first message ("'' should be non-empty", "20240101 is not of type 'string'"), which
does not say which key is wrong. The same validation runs here, reporting every problem by key.
"""

from __future__ import annotations

from typing import Any, List

from airbyte_cdk.entrypoint import AirbyteEntrypoint
from airbyte_cdk.logger import PRINT_BUFFER
from airbyte_cdk.models import ConnectorSpecification
from airbyte_cdk.sources import Source
from airbyte_cdk.sources.utils.schema_helpers import split_config

from .config import check_against_spec


class TikTokShopEntrypoint(AirbyteEntrypoint):
    @staticmethod
    def validate_connection(source_spec: ConnectorSpecification, config: Any) -> None:
        connector_config, _ = split_config(config)
        check_against_spec(connector_config, source_spec.connectionSpecification)


def launch(source: Source, args: List[str]) -> None:
    """`airbyte_cdk.entrypoint.launch`, with the entrypoint above."""
    entrypoint = TikTokShopEntrypoint(source)
    parsed_args = entrypoint.parse_args(args)
    with PRINT_BUFFER:
        for message in entrypoint.run(parsed_args):
            print(f"{message}\n", end="")
