"""The chart pictures on disk and the URLs they are served at.

A picture is named by a keyed hash (HMAC-SHA256) of everything drawn in it, so the same
chart is drawn once and then found again, while someone who knows a birth date, time
and place still cannot work out its URL: the key is LUNA_CHART_SALT or, when that is
unset, a random secret created once and kept beside the pictures. Several action
servers behind one URL need the same directory (a shared volume) or the same salt and
their own copies.

Each picture drawn for a person is also listed under them (``owner``: their channel and
sender id), in a file named by a keyed hash of the owner, so that "delete my data" finds
every picture ever drawn for them: charts of birth details since corrected, and pictures
of an older drawing version, whose names can no longer be worked out from the profile.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from pathlib import Path

from luna.astrology import Chart
from luna.settings import Settings, load_settings

from .layout import STYLES, check_style
from .placement import VARGAS, check_varga
from .render import render_chart

# Bump when the drawing changes, so pictures drawn the old way are not served again.
DRAWING_VERSION = 1
NAME_LENGTH = 32  # hex digits: 128 bits, beyond guessing
FILE_NAME = re.compile(rf"^([0-9a-f]{{{NAME_LENGTH}}})\.png$")
SALT_FILE = ".salt"
# Beside the pictures, never served (the route serves only <hex>.png in the directory itself).
OWNERS_DIR = "owners"

_salts: dict[Path, str] = {}
_salt_lock = threading.Lock()


def save_chart_image(
    chart: Chart, style: str = "north", varga: str = "D1", title: str = "", *,
    show_degrees: bool = False, settings: Settings | None = None, owner: str | None = None,
) -> str:
    """The public URL of the chart's picture, drawing and storing it unless it is
    already stored, and listing it under `owner` (the person it is drawn for) when
    given. Blocking (disk, and tens of ms of drawing the first time): from an action,
    run it with `await asyncio.to_thread(save_chart_image, ...)`."""
    check_style(style)
    check_varga(varga)
    settings = settings or load_settings()
    directory = chart_directory(settings)
    name = chart_name(chart, style, varga, title, show_degrees, salt=_salt(settings))
    path = directory / f"{name}.png"
    if owner is not None:
        # Listed before it is drawn: a crash in between leaves no picture nobody can find.
        _list_under(owner, name, settings)
    if not path.is_file():
        _write_atomically(path, render_chart(chart, style, varga, title, show_degrees=show_degrees))
    return chart_url(name, settings)


def delete_owner_images(owner: str, settings: Settings | None = None) -> int:
    """Deletes every picture ever listed under `owner`, and the list; returns how many
    files went. For "delete my data"."""
    settings = settings or load_settings()
    listing = _owner_listing(owner, settings)
    try:
        names = set(listing.read_text().split())
    except FileNotFoundError:
        return 0
    deleted = sum(_unlink(settings.chart_dir / f"{name}.png") for name in names if FILE_NAME.fullmatch(f"{name}.png"))
    listing.unlink(missing_ok=True)
    return deleted


def delete_chart_images(chart: Chart, titles: tuple[str, ...], settings: Settings | None = None) -> int:
    """Deletes every stored picture of this chart drawn with one of these titles (each
    style, varga, degree option and drawing version); returns how many files went. For
    "delete my data": it finds the pictures drawn before they were listed by owner."""
    settings = settings or load_settings()
    directory = chart_directory(settings)
    salt = _salt(settings)
    deleted = 0
    for drawing in range(1, DRAWING_VERSION + 1):
        for style in STYLES:
            for varga in VARGAS:
                for title in titles:
                    for show_degrees in (False, True):
                        name = chart_name(chart, style, varga, title, show_degrees, salt=salt, drawing=drawing)
                        deleted += _unlink(directory / f"{name}.png")
    return deleted


def chart_name(chart: Chart, style: str, varga: str, title: str, show_degrees: bool, *, salt: str,
               drawing: int | None = None) -> str:
    """The picture's name: a keyed hash of everything that is drawn in it (and how:
    `drawing`, the current DRAWING_VERSION unless an older one is named)."""
    moment = chart.moment
    drawn = json.dumps({
        "drawing": drawing or DRAWING_VERSION,
        "jd_ut": repr(moment.jd_ut),
        "local": moment.local.isoformat(),
        "timezone": moment.timezone,
        "utc_offset_hours": repr(moment.utc_offset_hours),
        "latitude": repr(chart.latitude),
        "longitude": repr(chart.longitude),
        "style": style,
        "varga": varga,
        "title": title,
        "show_degrees": show_degrees,
    }, sort_keys=True)
    return hmac.new(salt.encode(), drawn.encode(), hashlib.sha256).hexdigest()[:NAME_LENGTH]


def chart_url(name: str, settings: Settings) -> str:
    return f"{settings.public_url}/charts/{name}.png"


def chart_directory(settings: Settings) -> Path:
    """The pictures' directory, created (readable by this user only) on first use."""
    directory = settings.chart_dir
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def stored_chart_path(file_name: str, settings: Settings | None = None) -> Path | None:
    """The stored picture a URL's file name refers to, or None unless the name is
    exactly one this store gives out (hex and ".png": no path can be smuggled in) and
    the picture exists."""
    if not FILE_NAME.fullmatch(file_name):
        return None
    settings = settings or load_settings()
    path = settings.chart_dir / file_name
    return path if path.is_file() else None


def _owner_listing(owner: str, settings: Settings) -> Path:
    """The file listing an owner's pictures, named by a keyed hash: the directory shows
    neither who talks to Luna nor which pictures are whose."""
    key = hmac.new(_salt(settings).encode(), f"owner\0{owner}".encode(), hashlib.sha256).hexdigest()[:NAME_LENGTH]
    return chart_directory(settings) / OWNERS_DIR / key


def _list_under(owner: str, name: str, settings: Settings) -> None:
    listing = _owner_listing(owner, settings)
    listing.parent.mkdir(mode=0o700, exist_ok=True)
    try:
        if name in listing.read_text().split():
            return
    except FileNotFoundError:
        pass
    # One short append: atomic among processes on a local disk, so replicas drawing for
    # the same person at once lose no line (a duplicate line is harmless).
    handle = os.open(listing, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(handle, f"{name}\n".encode())
    finally:
        os.close(handle)


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    return 1


def _salt(settings: Settings) -> str:
    if settings.chart_salt:
        return settings.chart_salt
    directory = chart_directory(settings).resolve()
    with _salt_lock:
        if directory not in _salts:
            _salts[directory] = _stored_salt(directory)
        return _salts[directory]


def _stored_salt(directory: Path) -> str:
    """The directory's secret, created on first use. Replicas sharing the directory may
    race to create it: the first link wins and everyone reads the winner's."""
    path = directory / SALT_FILE
    if not path.is_file():
        draft = directory / f"{SALT_FILE}.{secrets.token_hex(8)}.tmp"
        handle = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(handle, "w") as file:
                file.write(secrets.token_hex(32))
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink(missing_ok=True)
    salt = path.read_text().strip()
    if len(salt) < 32:
        raise RuntimeError(f"{path} holds no usable secret; delete it (and the pictures) to start afresh")
    return salt


def _write_atomically(path: Path, data: bytes) -> None:
    # Written aside and renamed into place, so the server never sends half a picture.
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    draft.write_bytes(data)
    os.replace(draft, path)
