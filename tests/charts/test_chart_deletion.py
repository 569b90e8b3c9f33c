"""Deleting a person's chart pictures ("delete my data"): every picture drawn for them goes
(listed under them, or found from their chart and titles); nobody else's does."""

from __future__ import annotations

import pytest

from luna.charts import save_chart_image
from luna.charts import store as chart_store
from luna.charts.store import OWNERS_DIR, SALT_FILE, delete_chart_images, delete_owner_images
from luna.settings import Settings

# The titles the conversation draws a person's pictures with (chart_actions, account_actions).
RAVI_TITLES = ("Ravi's kundli", "Ravi's navamsa")


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'luna.db'}",
        database_timeout_seconds=5.0,
        chart_dir=tmp_path / "charts",
        public_url="https://luna.example.org",
        chart_salt=None,  # the random secret kept beside the pictures, as by default
    )


def stored(url: str, settings: Settings):
    return settings.chart_dir / url.rsplit("/", 1)[1]


def test_the_persons_pictures_go_and_the_count_is_right(pune, settings):
    pictures = [
        stored(save_chart_image(pune, "north", "D1", "Ravi's kundli", settings=settings), settings),
        stored(save_chart_image(pune, "south", "D9", "Ravi's navamsa", settings=settings), settings),
    ]
    assert all(path.is_file() for path in pictures)
    assert delete_chart_images(pune, RAVI_TITLES, settings) == 2
    assert not any(path.exists() for path in pictures)
    assert [path.name for path in settings.chart_dir.iterdir()] == [SALT_FILE]
    assert delete_chart_images(pune, RAVI_TITLES, settings) == 0  # nothing left to delete


def test_every_style_varga_and_degree_option_goes(pune, settings):
    for style in ("north", "south"):
        for varga, title in (("D1", "Ravi's kundli"), ("D9", "Ravi's navamsa")):
            for show_degrees in (False, True):
                save_chart_image(pune, style, varga, title, show_degrees=show_degrees, settings=settings)
    assert len(list(settings.chart_dir.glob("*.png"))) == 8
    assert delete_chart_images(pune, RAVI_TITLES, settings) == 8
    assert list(settings.chart_dir.glob("*.png")) == []


def test_pictures_of_other_charts_and_other_titles_stay(pune, retrograde_chart, settings):
    mine = [
        stored(save_chart_image(pune, "north", "D1", "Ravi's kundli", settings=settings), settings),
        stored(save_chart_image(pune, "south", "D9", "Ravi's navamsa", settings=settings), settings),
    ]
    others = [
        # Someone else's chart drawn with the same titles...
        stored(save_chart_image(retrograde_chart, "north", "D1", "Ravi's kundli", settings=settings), settings),
        stored(save_chart_image(retrograde_chart, "south", "D9", "Ravi's navamsa", settings=settings), settings),
        # ... and the same chart drawn for someone else (a twin, or a partner's match).
        stored(save_chart_image(pune, "north", "D1", "Asha's kundli", settings=settings), settings),
    ]
    assert len({*mine, *others}) == 5
    assert delete_chart_images(pune, RAVI_TITLES, settings) == 2
    assert not any(path.exists() for path in mine)
    assert all(path.is_file() for path in others)
    assert (settings.chart_dir / SALT_FILE).is_file()  # the other pictures' names still need it


def test_deleting_before_anything_was_drawn_deletes_nothing(pune, settings):
    assert delete_chart_images(pune, RAVI_TITLES, settings) == 0
    assert list(settings.chart_dir.glob("*.png")) == []


# Pictures listed under the person they were drawn for (save_chart_image's `owner`): what
# the profile can no longer name (a chart before a correction, an older drawing) still goes.

RAVI = "rest:ravi-sender"


def test_every_picture_drawn_for_a_person_goes_after_corrections(pune, retrograde_chart, crowded_chart, settings):
    mine = [
        stored(save_chart_image(pune, "north", "D1", "Ravi's kundli", settings=settings, owner=RAVI), settings),
        # The birth time corrected: another chart...
        stored(save_chart_image(retrograde_chart, "south", "D9", "Ravi's navamsa", settings=settings, owner=RAVI),
               settings),
        # ... and the name corrected: another title.
        stored(save_chart_image(retrograde_chart, "north", "D1", "Ravi K.'s kundli", settings=settings, owner=RAVI),
               settings),
    ]
    someone_elses = stored(save_chart_image(crowded_chart, "north", "D1", "Asha's kundli", settings=settings,
                                            owner="rest:asha-sender"), settings)
    again = save_chart_image(pune, "north", "D1", "Ravi's kundli", settings=settings, owner=RAVI)
    assert stored(again, settings) == mine[0]  # drawn once, listed once
    assert delete_owner_images(RAVI, settings) == 3
    assert not any(path.exists() for path in mine)
    assert someone_elses.is_file()
    assert delete_owner_images(RAVI, settings) == 0  # the list went too
    assert delete_owner_images("rest:asha-sender", settings) == 1
    assert list(settings.chart_dir.glob("*.png")) == []
    assert list((settings.chart_dir / OWNERS_DIR).iterdir()) == []


def test_pictures_of_an_older_drawing_version_go(pune, settings, monkeypatch):
    before = stored(save_chart_image(pune, "north", "D1", "Ravi's kundli", settings=settings, owner=RAVI), settings)
    unlisted = stored(save_chart_image(pune, "south", "D1", "Ravi's kundli", settings=settings), settings)
    # The drawing changes (store.py's DRAWING_VERSION is bumped): the same chart gets new names.
    monkeypatch.setattr(chart_store, "DRAWING_VERSION", chart_store.DRAWING_VERSION + 1)
    after = stored(save_chart_image(pune, "north", "D1", "Ravi's kundli", settings=settings, owner=RAVI), settings)
    assert after != before and before.is_file() and unlisted.is_file()
    assert delete_owner_images(RAVI, settings) == 2
    # A picture drawn before pictures were listed by owner is found from the chart, in
    # every drawing version.
    assert delete_chart_images(pune, RAVI_TITLES, settings) == 1
    assert list(settings.chart_dir.glob("*.png")) == []


def test_the_owner_list_names_nobody(pune, settings):
    save_chart_image(pune, "north", "D1", "Ravi's kundli", settings=settings, owner=RAVI)
    (listing,) = (settings.chart_dir / OWNERS_DIR).iterdir()
    assert "ravi" not in listing.name and "rest" not in listing.name
    assert oct(listing.stat().st_mode & 0o777) == "0o600"
