"""GET /charts/<name>.png on the action server: the stored chart pictures.

Only names the store gives out (32 hex digits and ".png") are looked up, so no path can
be smuggled in; anything else under /charts, or a picture not on this server, is a plain
404. The route takes the whole rest of the path itself because rasa-sdk answers every
exception, Sanic's own "no such route" included, with a 500.
"""

from __future__ import annotations

from sanic import Sanic, response
from sanic.request import Request

from luna.charts.store import stored_chart_path

# A name is a hash of everything drawn, so its bytes never change: caches may keep it
# for a year. "private": it is someone's birth chart, not for shared caches.
CACHE_CONTROL = "private, max-age=31536000, immutable"


def add_routes(app: Sanic) -> None:
    app.add_route(chart_image, "/charts/<file_name:path>", methods=["GET", "HEAD"], name="luna_chart_image")
    app.add_route(chart_image, "/charts", methods=["GET", "HEAD"], name="luna_chart_index")


async def chart_image(request: Request, file_name: str = "") -> response.HTTPResponse:
    path = stored_chart_path(file_name)
    if path is None:
        return response.text("Not found", status=404)
    headers = {
        "Cache-Control": CACHE_CONTROL,
        "ETag": f'"{path.stem}"',
        "X-Content-Type-Options": "nosniff",
    }
    if headers["ETag"] in request.headers.get("if-none-match", ""):
        return response.empty(status=304, headers=headers)
    try:
        return await response.file(path, mime_type="image/png", headers=headers)
    except FileNotFoundError:  # deleted between the check and the read
        return response.text("Not found", status=404)
