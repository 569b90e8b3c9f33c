"""Redraws the example charts of the documentation:

    .venvs/actions/bin/python -m luna.charts.examples docs/images

The birth is the README's example (5 March 1990, 22:30, Pune), which the tests use too.
"""

from __future__ import annotations

import argparse
from datetime import date, time
from pathlib import Path

from luna.astrology import Chart, cast_chart, local_moment

from .render import render_chart

EXAMPLE_TITLE = "Ravi, born in Pune (example)"
# file name -> (style, varga)
EXAMPLES = {
    "kundli-north.png": ("north", "D1"),
    "kundli-south.png": ("south", "D1"),
    "navamsa-north.png": ("north", "D9"),
}


def example_chart() -> Chart:
    return cast_chart(local_moment(date(1990, 3, 5), time(22, 30), "Asia/Kolkata"), 18.5204, 73.8567)


def write_examples(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    chart = example_chart()
    written = []
    for file_name, (style, varga) in EXAMPLES.items():
        path = directory / file_name
        path.write_bytes(render_chart(chart, style, varga, EXAMPLE_TITLE))
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Draw the documentation's example charts.")
    parser.add_argument("directory", type=Path, help="where to write them, e.g. docs/images")
    for path in write_examples(parser.parse_args().directory):
        print(path)


if __name__ == "__main__":
    main()
