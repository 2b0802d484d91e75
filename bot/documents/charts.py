"""The June evaluation's charts (`handlers.documents.Chart`) drawn as PNG with matplotlib.

matplotlib is imported here, inside the functions, when the first chart is drawn: the bot's cold start
never loads it (it takes about half a second). The figures are made with `matplotlib.figure.Figure` and
the Agg canvas directly, never pyplot: no global figure state, so two commands can draw at once, and no
GUI backend is ever looked for. The font is DejaVu Sans, which matplotlib ships (æøå included), so a
chart looks the same on every machine; the PNG carries no date or software version.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from typing import Any

from handlers.documents import Chart, Layout

_LOGGER = logging.getLogger(__name__)

_WIDTH = 7.0  # inches, at 150 dpi: sharp on A4 at the text's width
_DPI = 150
_COLOURS = ("#1f5f8b", "#e0a030", "#b03a2e")  # present, forfall, absent: apart also in grey print


def _bar_height(chart: Chart) -> float:
    return 1.0 + 0.45 * max(len(chart.labels), 1)


def _draw_on(axes: Any, chart: Chart) -> None:
    from matplotlib.ticker import MaxNLocator

    positions = list(range(len(chart.labels)))
    left = [0] * len(chart.labels)
    for index, (name, values) in enumerate(chart.series):
        bars = axes.barh(positions, values, left=left, label=name, color=_COLOURS[index % len(_COLOURS)])
        shown = [str(v) if v else "" for v in values]  # the figure on its bar, as in the table beside it
        axes.bar_label(bars, labels=shown, label_type="center" if len(chart.series) > 1 else "edge", padding=3)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, labels=list(chart.labels))
    axes.invert_yaxis()  # the first label on top, as in the table
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(chart.caption, loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    if len(chart.series) > 1:
        axes.legend(loc="lower right", frameon=False, fontsize=8)


def _png(charts: Sequence[Chart]) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    heights = [_bar_height(chart) for chart in charts]
    figure = Figure(figsize=(_WIDTH, sum(heights)), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    grid = figure.subplots(len(charts), 1, squeeze=False, height_ratios=heights)
    for row, chart in zip(grid, charts, strict=True):
        _draw_on(row[0], chart)
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def draw(chart: Chart) -> bytes:
    """One chart as a PNG (for the PDF, where each sits beside its table)."""
    return _png([chart])


def render_png(layout: Layout) -> bytes:
    """Every chart in the layout in one PNG, one above the other: the picture to send in a chat."""
    charts = [block for block in layout.blocks if isinstance(block, Chart)]
    if not charts:
        raise ValueError("the layout has no chart to draw")
    return _png(charts)
