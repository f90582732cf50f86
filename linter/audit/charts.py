"""Inline SVG charts for the audit report: no scripts, no fonts or images to fetch.

Every label that comes from an article (titles, paths, rule ids) is escaped by markupsafe
(`Markup.format` escapes its arguments), so chart text cannot inject markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

HIST_WIDTH, HIST_HEIGHT = 560, 260
HIST_MARGIN_LEFT, HIST_MARGIN_RIGHT, HIST_MARGIN_TOP, HIST_MARGIN_BOTTOM = 44, 12, 28, 44
BAR_ROW_HEIGHT = 24
BAR_LABEL_WIDTH = 210
BAR_WIDTH = 560
LABEL_CHARS = 32


@dataclass(frozen=True, slots=True)
class Bin:
    label: str
    count: int
    #: CSS class of the bar (e.g. "over" for bins beyond the policy)
    css: str = "bar"


@dataclass(frozen=True, slots=True)
class Segment:
    value: int
    css: str
    name: str


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    segments: tuple[Segment, ...]
    #: in-page link target (e.g. "#article-12")
    href: str = ""


def histogram(
    bins: Sequence[Bin],
    title: str,
    x_label: str,
    marker: float | None = None,
    marker_label: str = "",
) -> Markup:
    """Vertical bars, one per bin; `marker` (in bin units from the left edge) draws a
    dashed policy or target line."""
    plot_w = HIST_WIDTH - HIST_MARGIN_LEFT - HIST_MARGIN_RIGHT
    plot_h = HIST_HEIGHT - HIST_MARGIN_TOP - HIST_MARGIN_BOTTOM
    top = _nice_max(max((b.count for b in bins), default=0))
    slot = plot_w / max(len(bins), 1)
    base_y = HIST_MARGIN_TOP + plot_h
    parts: list[Markup] = [
        Markup('<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" '
               'xmlns="http://www.w3.org/2000/svg"><title>{t}</title>').format(
            w=HIST_WIDTH, h=HIST_HEIGHT, t=title),
    ]
    for tick in (0, top / 2, top):
        y = base_y - plot_h * tick / top
        parts.append(Markup(
            '<line class="grid" x1="{x1}" x2="{x2}" y1="{y:.1f}" y2="{y:.1f}"/>'
            '<text class="tick" x="{tx}" y="{ty:.1f}" text-anchor="end">{v}</text>').format(
            x1=HIST_MARGIN_LEFT, x2=HIST_WIDTH - HIST_MARGIN_RIGHT, y=y, tx=HIST_MARGIN_LEFT - 6,
            ty=y + 4, v=_fmt(tick)))
    for i, b in enumerate(bins):
        height = plot_h * b.count / top
        x = HIST_MARGIN_LEFT + i * slot
        parts.append(Markup(
            '<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}">'
            '<title>{label}: {count}</title></rect>').format(
            css=b.css, x=x + slot * 0.1, y=base_y - height, w=slot * 0.8, h=height,
            label=b.label, count=b.count))
        if b.count:
            parts.append(Markup(
                '<text class="value" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{c}</text>'
            ).format(x=x + slot / 2, y=base_y - height - 3, c=b.count))
        parts.append(Markup(
            '<text class="tick" x="{x:.1f}" y="{y}" text-anchor="middle">{label}</text>').format(
            x=x + slot / 2, y=base_y + 14, label=b.label))
    parts.append(Markup('<line class="axis" x1="{x1}" x2="{x2}" y1="{y}" y2="{y}"/>').format(
        x1=HIST_MARGIN_LEFT, x2=HIST_WIDTH - HIST_MARGIN_RIGHT, y=base_y))
    parts.append(Markup(
        '<text class="axis-label" x="{x:.1f}" y="{y}" text-anchor="middle">{t}</text>').format(
        x=HIST_MARGIN_LEFT + plot_w / 2, y=HIST_HEIGHT - 8, t=x_label))
    if marker is not None:
        x = HIST_MARGIN_LEFT + min(max(marker, 0), len(bins)) * slot
        anchor = "end" if x > HIST_WIDTH * 0.7 else "start"
        dx = -4 if anchor == "end" else 4
        parts.append(Markup(
            '<line class="marker" x1="{x:.1f}" x2="{x:.1f}" y1="{y1}" y2="{y2}"/>'
            '<text class="marker-label" x="{tx:.1f}" y="{ty}" text-anchor="{a}">{t}</text>').format(
            x=x, y1=HIST_MARGIN_TOP - 10, y2=base_y, tx=x + dx, ty=HIST_MARGIN_TOP - 14 + 10,
            a=anchor, t=marker_label))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def bars(
    rows: Sequence[Row],
    title: str,
    legend: Sequence[tuple[str, str]] = (),
    width: int = BAR_WIDTH,
    label_width: int = BAR_LABEL_WIDTH,
) -> Markup:
    """Horizontal stacked bars, one row per label, in the order given."""
    legend_h = 22 if legend else 0
    height = legend_h + BAR_ROW_HEIGHT * max(len(rows), 1) + 8
    plot_w = width - label_width - 40
    label_chars = label_width * LABEL_CHARS // BAR_LABEL_WIDTH
    top = max((sum(s.value for s in r.segments) for r in rows), default=0) or 1
    parts: list[Markup] = [
        Markup('<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" '
               'xmlns="http://www.w3.org/2000/svg"><title>{t}</title>').format(
            w=width, h=height, t=title),
    ]
    x = label_width
    for name, css in legend:
        parts.append(Markup(
            '<rect class="{css}" x="{x}" y="4" width="12" height="12"/>'
            '<text class="tick" x="{tx}" y="14">{name}</text>').format(
            css=css, x=x, tx=x + 16, name=name))
        x += 24 + 7 * len(name)
    if not rows:
        parts.append(Markup('<text class="tick" x="{x}" y="{y}">none</text>').format(
            x=label_width, y=legend_h + 16))
    for i, row in enumerate(rows):
        y = legend_h + i * BAR_ROW_HEIGHT
        label = row.label if len(row.label) <= label_chars else row.label[: label_chars - 1] + "…"
        text = Markup('<text class="tick" x="{x}" y="{y}" text-anchor="end">{label}'
                      '<title>{full}</title></text>').format(
            x=label_width - 8, y=y + 16, label=label, full=row.label)
        if row.href:
            text = Markup('<a href="{href}">{text}</a>').format(href=row.href, text=text)
        parts.append(text)
        x0 = float(label_width)
        for segment in row.segments:
            length = plot_w * segment.value / top
            if segment.value:
                parts.append(Markup(
                    '<rect class="{css}" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}">'
                    '<title>{label}: {v} {name}</title></rect>').format(
                    css=segment.css, x=x0, y=y + 4, w=length, h=BAR_ROW_HEIGHT - 8,
                    label=row.label, v=segment.value, name=segment.name))
            x0 += length
        total = sum(s.value for s in row.segments)
        parts.append(Markup('<text class="value" x="{x:.1f}" y="{y}">{v}</text>').format(
            x=x0 + 4, y=y + 16, v=total))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _nice_max(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
