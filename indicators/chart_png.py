"""The trend chart as a PNG picture, for the Word verslag: drawn with Pillow from the same geometry as
the SVG (``indicators/charts.py``), so both show the same. The same chart gives the same bytes, so a
closed round's .docx stays identical on every download.
"""

from io import BytesIO
from itertools import pairwise

from PIL import Image, ImageDraw, ImageFont

from indicators.charts import BASELINE_COLOUR, TARGET_COLOUR, VALUE_COLOUR, Chart

SCALE = 2  # pixels per SVG unit: sharp when printed at 16 cm
AXIS, GRID, INK = "#767676", "#e3e6ea", "#1d2530"


def _font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size * SCALE)


def _xy(x: float, y: float) -> tuple[float, float]:
    return x * SCALE, y * SCALE


def _points(line: str) -> list[tuple[float, float]]:
    return [_xy(*map(float, pair.split(","))) for pair in line.split()]


def _dashed(draw: ImageDraw.ImageDraw, points: list, colour: str, width: int, dash: int, gap: int) -> None:
    """A dashed polyline (Pillow draws only solid lines)."""
    for (x1, y1), (x2, y2) in pairwise(points):
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        if not length:
            continue
        at = 0.0
        while at < length:
            end = min(at + dash, length)
            draw.line(
                [
                    (x1 + (x2 - x1) * at / length, y1 + (y2 - y1) * at / length),
                    (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length),
                ],
                fill=colour,
                width=width,
            )
            at = end + gap


def png(chart: Chart) -> bytes:
    """``chart`` as PNG bytes: axes, grid and tick labels, the baseline, the target line with its
    diamonds, the values with their dots; the legend is written under it in the document."""
    image = Image.new("RGB", (chart.width * SCALE, chart.height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    font = _font(12)
    for tick in chart.y_ticks:
        draw.line([_xy(chart.left, tick.at), _xy(chart.right, tick.at)], fill=GRID, width=SCALE)
        draw.text(_xy(chart.left - 6, tick.at), tick.label, fill=INK, font=font, anchor="rm")
    for tick in chart.x_ticks:
        draw.line([_xy(tick.at, chart.bottom), _xy(tick.at, chart.bottom + 4)], fill=AXIS, width=SCALE)
        draw.text(_xy(tick.at, chart.bottom + 18), tick.label, fill=INK, font=font, anchor="ms")
    draw.line([_xy(chart.left, chart.bottom), _xy(chart.right, chart.bottom)], fill=AXIS, width=SCALE)
    draw.line([_xy(chart.left, chart.top), _xy(chart.left, chart.bottom)], fill=AXIS, width=SCALE)
    if chart.baseline:
        y = chart.baseline.y
        _dashed(draw, [_xy(chart.left, y), _xy(chart.right, y)], BASELINE_COLOUR, 3, 4, 6)
        x, y = _xy(chart.baseline.x, chart.baseline.y)
        draw.rectangle([x - 4 * SCALE, y - 4 * SCALE, x + 4 * SCALE, y + 4 * SCALE], fill=BASELINE_COLOUR)
    if chart.target_line:
        _dashed(draw, _points(chart.target_line), TARGET_COLOUR, 2 * SCALE, 8 * SCALE, 4 * SCALE)
    for mark in chart.targets:
        x, y = _xy(mark.x, mark.y)
        d = 6 * SCALE
        draw.polygon([(x, y - d), (x + d, y), (x, y + d), (x - d, y)], fill=TARGET_COLOUR)
    if chart.value_line and len(chart.values) > 1:
        draw.line(_points(chart.value_line), fill=VALUE_COLOUR, width=int(2.5 * SCALE), joint="curve")
    for mark in chart.values:
        x, y = _xy(mark.x, mark.y)
        r = 4.5 * SCALE
        draw.ellipse([x - r, y - r, x + r, y + r], fill=VALUE_COLOUR)
    output = BytesIO()
    image.save(output, format="PNG", optimize=False)
    return output.getvalue()
