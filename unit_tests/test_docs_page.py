"""The user-facing docs page where Airbyte reads it (docs/integrations/sources/<name>.md), in its template's
sections, with the one changelog of the project: its newest row is the version metadata.yaml releases."""

import re
from datetime import date
from pathlib import Path

import yaml
from airbyte_cdk.sources.utils.casing import camel_to_snake

from source_tiktok_shop.config import connection_specification
from source_tiktok_shop.streams import STREAM_CLASSES

ROOT = Path(__file__).resolve().parents[1]
METADATA = yaml.safe_load((ROOT / "metadata.yaml").read_text())["data"]
PAGE = ROOT / "docs" / "integrations" / "sources" / (METADATA["dockerRepository"].split("/")[-1].removeprefix("source-") + ".md")
TEXT = PAGE.read_text(encoding="utf-8")
# Airbyte's docs template, in its order.
SECTIONS = ["Prerequisites", "Setup guide", "Supported sync modes", "Supported streams", "Limitations", "Troubleshooting", "Changelog"]
ROW = re.compile(r"^\|\s*(\d+\.\d+\.\d+)\s*\|\s*(\d{4}-\d{2}-\d{2})\s*\|[^|]*\|\s*(.+?)\s*\|$", re.MULTILINE)


def headings(level: int) -> list:
    return re.findall(rf"^{'#' * level} (.+)$", TEXT, re.MULTILINE)


def test_the_page_is_where_airbyte_reads_it_and_the_old_copies_are_gone():
    assert PAGE.is_file(), PAGE
    assert METADATA["documentationUrl"].endswith("/integrations/sources/" + PAGE.stem)
    assert not (ROOT / "CHANGELOG.md").exists() and not (ROOT / "docs" / "tiktok-shop.md").exists(), "one changelog, one page"


def test_the_template_sections_come_in_order():
    found = [heading for heading in headings(2) if heading in SECTIONS]
    assert found == SECTIONS, headings(2)
    assert headings(1) == [METADATA["name"]]


def test_the_changelog_is_a_details_table_newest_first_starting_at_the_released_version():
    changelog = TEXT.split("## Changelog", 1)[1]
    assert "<details>" in changelog and "</details>" in changelog
    assert re.search(r"^\| Version \| Date\s*\| Pull Request \| Subject \|$", changelog, re.MULTILINE)
    rows = ROW.findall(changelog)
    assert rows, "no changelog row"
    versions = [tuple(int(part) for part in version.split(".")) for version, _, _ in rows]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    assert rows[0][0] == METADATA["dockerImageTag"], "metadata.yaml releases a version the changelog does not describe"
    dates = [date.fromisoformat(day) for _, day, _ in rows]
    assert dates == sorted(dates, reverse=True)


def test_every_table_and_every_required_field_is_documented():
    streams = TEXT.split("## Supported streams", 1)[1].split("\n## ", 1)[0]
    for cls in STREAM_CLASSES:
        assert f"| `{camel_to_snake(cls.__name__)}` |" in streams, cls.__name__
    prerequisites_and_setup = TEXT.split("## Supported sync modes", 1)[0]
    spec = connection_specification()
    for option in spec["properties"]["credentials"]["oneOf"]:
        assert option["title"] in prerequisites_and_setup, option["title"]
        for name in option["required"]:
            title = option["properties"][name]["title"]
            assert name == "auth_type" or title.lower() in prerequisites_and_setup.lower(), f"{option['title']}: {title}"


def test_local_links_point_at_files_that_exist():
    for target in re.findall(r"\]\((?!https?://|#)([^)]+)\)", TEXT):
        assert (PAGE.parent / target.split("#", 1)[0]).exists(), target
