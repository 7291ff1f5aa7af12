"""Bar charts drawn on the server as SVG: no JavaScript, readable without colour.

Each chart has a data table next to it on the page (the accessible alternative).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format

WIDTH = 480
HEIGHT = 200
TOP = 18  # room for the value above the highest bar
BOTTOM = 22  # room for the month under each bar


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    month_label: str
    center: float
    value_y: float


@dataclass(frozen=True)
class Chart:
    key: str
    title: Any
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM


def bar_chart(*, key: str, title: Any, months: list[dt.date], values: list[int]) -> Chart:
    slot = WIDTH / max(len(months), 1)
    drawable = HEIGHT - TOP - BOTTOM
    highest = max(values, default=0) or 1
    bars = []
    for index, (month, value) in enumerate(zip(months, values, strict=True)):
        height = round(drawable * value / highest, 1)
        x = round(index * slot + slot * 0.15, 1)
        bars.append(
            Bar(
                x=x,
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(slot * 0.7, 1),
                height=height,
                value=value,
                month_label=date_format(month, "b"),
                center=round(index * slot + slot / 2, 1),
                value_y=round(HEIGHT - BOTTOM - height - 4, 1),
            )
        )
    return Chart(key=key, title=title, bars=bars)
