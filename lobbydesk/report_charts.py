"""The monthly report's charts drawn for print: one PNG per table, with matplotlib's Agg backend.

matplotlib is imported inside :func:`chart_png` only: the server and the CLI load it when a report
is asked for, never at start. Chinese labels use the font the PDFs embed
(:func:`lobbydesk.owner_file_pdf.chinese_font`).
"""

from __future__ import annotations

import io
from pathlib import Path

from desk.report_figures import Table
from desk.report_words import column_name, plotted, row_name

COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")


def chart_png(chart: Table, lang: str, font: Path) -> bytes:
    """One table as a chart, 16 x 7 cm at 150 dpi, named in ``lang`` (the PDF prints its title above it)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    face = FontProperties(fname=str(font), size=9)
    kind, columns = plotted(chart)
    rows = [row_name(chart, row, lang) for row in chart.rows]
    # A Figure of its own rather than pyplot's global one: the console draws in worker threads.
    figure = Figure(figsize=(6.3, 2.75), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    gap = float("nan") if kind == "line" else 0.0  # a line breaks where there is nothing to measure
    series = [(column_name(chart, c, lang), [float(v) if v is not None else gap for v in chart.column(c)])
              for c in columns]
    _draw(axes, kind, rows, series)
    labels = axes.get_yticklabels() if kind == "barh" else axes.get_xticklabels()
    for label in labels:
        label.set_fontproperties(face)
    if len(series) > 1:
        axes.legend(prop=face, fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    if not chart.rows:
        axes.text(0.5, 0.5, "—", transform=axes.transAxes, ha="center")
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _draw(axes: object, kind: str, rows: list[str], series: list[tuple[str, list[float]]]) -> None:
    """Bars side by side, stacked bars, horizontal bars or lines, one colour per measure."""
    from matplotlib.axes import Axes

    assert isinstance(axes, Axes)
    positions = list(range(len(rows)))
    if kind == "line":
        for index, (name, values) in enumerate(series):
            axes.plot(positions, values, marker="o", label=name, color=COLOURS[index % len(COLOURS)], linewidth=2)
        axes.set_xticks(positions, rows)
        return
    if kind == "barh":
        name, values = series[0]
        axes.barh(positions, values, color=COLOURS[0], label=name)
        axes.set_yticks(positions, rows)
        axes.invert_yaxis()
        return
    if kind == "stacked":
        bottom = [0.0] * len(rows)
        for index, (name, values) in enumerate(series):
            axes.bar(positions, values, bottom=bottom, label=name, color=COLOURS[index % len(COLOURS)])
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axes.set_xticks(positions, rows)
        return
    width = 0.8 / max(len(series), 1)
    for index, (name, values) in enumerate(series):
        axes.bar([p - 0.4 + width * (index + 0.5) for p in positions], values, width=width, label=name,
                 color=COLOURS[index % len(COLOURS)])
    axes.set_xticks(positions, rows, rotation=30 if len(rows) > 6 else 0, ha="right" if len(rows) > 6 else "center")
