"""Year-over-year charts as accessible SVG: plain rectangles with a title and a description, and
the same numbers in a table beside them (no JavaScript, no external library)."""

from __future__ import annotations

from dataclasses import dataclass, field

COLORS = ["#1f6feb", "#2da44e", "#bf8700", "#cf222e", "#8250df", "#57606a"]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    label: str


@dataclass
class Chart:
    title: str
    description: str
    years: list[int]
    series: list[str]
    values: list[list[int]]  # per year, per series
    width: int = 560
    height: int = 220
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, int]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    labels: list[tuple[float, int]] = field(default_factory=list)
    legend_items: list[tuple[float, str, str]] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[int, list[int]]]:
        return list(zip(self.years, self.values, strict=True))


def stacked_bars(title: str, years: list[int], series: list[str], values: list[list[int]]) -> Chart:
    chart = Chart(title=title, description="", years=years, series=series, values=values)
    # Whole-number ticks: four steps of a round size that covers the tallest bar.
    step = max(1, -(-max([sum(v) for v in values] + [1]) // 4))
    top = step * 4
    legend_h = 18 if len(series) > 1 else 0
    plot_h, left, bottom = chart.height - 40 - legend_h, 40, chart.height - 24
    slot = (chart.width - left) / max(len(years), 1)
    for i, (year, row) in enumerate(zip(years, values, strict=True)):
        y = bottom
        for j, value in enumerate(row):
            h = plot_h * value / top
            y -= h
            if value:
                chart.bars.append(
                    Bar(
                        left + i * slot + slot * 0.2,
                        y,
                        slot * 0.6,
                        h,
                        COLORS[j % len(COLORS)],
                        f"{year}年 {series[j]} {value}",
                    )
                )
    chart.labels = [(left + i * slot + slot / 2, year) for i, year in enumerate(years)]
    chart.ticks = [(bottom - plot_h * k / 4, step * k) for k in range(5)]
    chart.legend = (
        [(name, COLORS[j % len(COLORS)]) for j, name in enumerate(series)] if len(series) > 1 else []
    )
    chart.legend_items = [(left + j * 80, name, color) for j, (name, color) in enumerate(chart.legend)]
    totals = "，".join(f"{y}年{sum(v)}" for y, v in zip(years, values, strict=True))
    chart.description = f"{title}：{totals}。详细数字见旁边的表格。"
    return chart
