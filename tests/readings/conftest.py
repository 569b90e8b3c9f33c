"""Shared fixtures for the readings: a fixed birth chart and editable copies of the content."""

from __future__ import annotations

import shutil
from datetime import date, time
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from luna.astrology.chart import Chart, cast_chart
from luna.astrology.moment import local_moment
from luna.readings.content import CONTENT_DIR


@pytest.fixture(scope="session")
def doom_words() -> frozenset[str]:
    """Words Luna must never use in a reading, whatever the chart. Kept apart from the list
    the content loader enforces, so shortening that list cannot pass unnoticed."""
    return frozenset({
        "death", "die", "dies", "died", "dying", "dead", "accident", "accidents", "divorce", "disaster",
        "illness", "disease", "fatal", "tragedy", "catastrophe",
    })


@pytest.fixture(scope="session")
def pune_chart() -> Chart:
    """5 March 1990, 22:30 IST, Pune (18.5204 N, 73.8567 E): the README's example birth."""
    return cast_chart(local_moment(date(1990, 3, 5), time(22, 30), "Asia/Kolkata"), 18.5204, 73.8567)


class ContentCopy:
    """A writable copy of content/readings/ in a temporary directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def load(self, filename: str) -> dict:
        return YAML(typ="safe").load((self.directory / filename).read_text(encoding="utf-8"))

    def save(self, filename: str, data: dict) -> None:
        yaml = YAML(typ="safe")
        yaml.allow_unicode = True
        with (self.directory / filename).open("w", encoding="utf-8") as stream:
            yaml.dump(data, stream)

    def edit(self, filename: str, change) -> None:
        data = self.load(filename)
        change(data)
        self.save(filename, data)


@pytest.fixture()
def content_copy(tmp_path: Path) -> ContentCopy:
    target = tmp_path / "readings"
    shutil.copytree(CONTENT_DIR, target)
    return ContentCopy(target)
