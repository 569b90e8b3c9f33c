"""The on-disk picture store: names, URLs, drawing once, and the secret in the names."""

from __future__ import annotations

import io
import re
import stat

import pytest
from PIL import Image

from luna.charts import render_chart, save_chart_image
from luna.charts.layout import HEIGHT, WIDTH
from luna.charts.store import SALT_FILE, stored_chart_path
from luna.settings import PROJECT_ROOT, load_settings

URL = re.compile(r"^https://luna\.example\.org/charts/([0-9a-f]{32})\.png$")


@pytest.fixture
def chart_dir(tmp_path, monkeypatch):
    directory = tmp_path / "pictures" / "charts"  # not there yet: created on demand
    monkeypatch.setenv("LUNA_CHART_DIR", str(directory))
    monkeypatch.setenv("LUNA_PUBLIC_URL", "https://luna.example.org/")
    monkeypatch.delenv("LUNA_CHART_SALT", raising=False)
    return directory


def name_in(url: str) -> str:
    match = URL.match(url)
    assert match, url
    return match.group(1)


def test_the_url_points_at_a_stored_png_of_the_chart(pune, chart_dir):
    url = save_chart_image(pune, "north", "D1", "Ravi")
    path = chart_dir / f"{name_in(url)}.png"
    assert path.read_bytes() == render_chart(pune, "north", "D1", "Ravi")
    assert Image.open(io.BytesIO(path.read_bytes())).size == (WIDTH, HEIGHT)


def test_the_same_chart_gets_the_same_url_and_is_drawn_once(pune, chart_dir):
    first = save_chart_image(pune, "south", "D9", "Ravi")
    path = chart_dir / f"{name_in(first)}.png"
    written = path.stat()
    assert save_chart_image(pune, "south", "D9", "Ravi") == first
    again = path.stat()
    assert (again.st_ino, again.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)
    assert sorted(p.name for p in chart_dir.iterdir()) == sorted([path.name, SALT_FILE])


def test_anything_drawn_differently_gets_another_url(pune, retrograde_chart, chart_dir):
    urls = {
        save_chart_image(pune, "north", "D1", "Ravi"),
        save_chart_image(pune, "south", "D1", "Ravi"),
        save_chart_image(pune, "north", "D9", "Ravi"),
        save_chart_image(pune, "north", "D1", "Ravi K."),
        save_chart_image(pune, "north", "D1", "Ravi", show_degrees=True),
        save_chart_image(retrograde_chart, "north", "D1", "Ravi"),
    }
    assert len(urls) == 6
    assert len(list(chart_dir.glob("*.png"))) == 6


def test_names_depend_on_a_secret_so_a_known_birth_does_not_give_the_url(pune, tmp_path, monkeypatch, chart_dir):
    one = name_in(save_chart_image(pune, "north", "D1"))
    salt_file = chart_dir / SALT_FILE
    assert stat.S_IMODE(salt_file.stat().st_mode) == 0o600
    assert len(salt_file.read_text().strip()) >= 32
    # Another server with its own random secret names the same chart differently...
    monkeypatch.setenv("LUNA_CHART_DIR", str(tmp_path / "elsewhere"))
    assert name_in(save_chart_image(pune, "north", "D1")) != one
    # ... while replicas given the same LUNA_CHART_SALT agree with each other.
    monkeypatch.setenv("LUNA_CHART_SALT", "shared secret of the deployment")
    shared = name_in(save_chart_image(pune, "north", "D1"))
    monkeypatch.setenv("LUNA_CHART_DIR", str(tmp_path / "replica"))
    assert name_in(save_chart_image(pune, "north", "D1")) == shared
    assert not (tmp_path / "replica" / SALT_FILE).exists()


def test_only_names_the_store_gives_out_are_looked_up(pune, chart_dir):
    name = name_in(save_chart_image(pune, "north", "D1"))
    (chart_dir / "notes.png").write_bytes(b"not ours")
    (chart_dir.parent / "secret.png").write_bytes(b"outside")
    assert stored_chart_path(f"{name}.png") == chart_dir / f"{name}.png"
    for refused in (
        f"{name.upper()}.png", f"{name}.PNG", f"{name}.png.tmp", f"{name[:-1]}.png", f"{name}0.png", name,
        SALT_FILE, "notes.png", "../secret.png", f"../charts/{name}.png", f"{name}/../{name}.png",
        "0" * 32 + ".png",  # well formed, but no such picture
    ):
        assert stored_chart_path(refused) is None, refused


def test_unknown_style_or_varga_stores_nothing(pune, chart_dir):
    with pytest.raises(ValueError):
        save_chart_image(pune, "east", "D1")
    with pytest.raises(ValueError):
        save_chart_image(pune, "north", "D60")
    assert not chart_dir.exists() or not list(chart_dir.glob("*.png"))


def test_defaults_keep_pictures_in_the_project_and_serve_them_from_the_action_server(monkeypatch):
    for variable in ("LUNA_CHART_DIR", "LUNA_PUBLIC_URL", "LUNA_CHART_SALT", "ACTIONS_PORT"):
        monkeypatch.delenv(variable, raising=False)
    settings = load_settings()
    assert settings.chart_dir == PROJECT_ROOT / "var" / "charts"
    assert settings.public_url == "http://localhost:5055"
    assert settings.chart_salt is None
