"""The kundli picture: North and South Indian charts (D1 and D9) drawn as PNG, kept on
disk under unguessable names (the action server serves them at /charts/<name>.png,
actions/chart_route.py).

placement.py  which sign and house each body occupies in a varga (pure)
geometry.py   the boxes of the two chart styles as polygons (pure)
layout.py     every box, number and label placed in pixels (measures text, draws nothing)
render.py     paints a layout with Pillow and encodes the PNG
store.py      the on-disk image store and the public URL
examples.py   regenerates the pictures in docs/images
"""

from .layout import STYLES, ChartLayout, layout_chart
from .placement import VARGAS
from .render import render_chart
from .store import delete_chart_images, delete_owner_images, save_chart_image

__all__ = ["STYLES", "VARGAS", "ChartLayout", "layout_chart", "delete_chart_images", "delete_owner_images",
           "render_chart", "save_chart_image"]
