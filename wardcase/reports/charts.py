"""Horizontal bar charts worked out in Python and drawn as SVG by a template.

No JavaScript and no style attributes (the CSP forbids inline styles): only SVG
presentation attributes. Every chart is followed on the page by its data table.
"""

from django.utils.translation import gettext as _

# On screen each bar has its label on the line above it, so the chart stays narrow enough
# to read on a phone: the SVG scales to the column's width, up to the max-width the
# stylesheet gives `.wc-chart`. On a landscape PDF page the label sits beside its bar, so
# a long chart still fits on one page.
BAR_HEIGHT = 20
BAR_AREA = 330
LABEL_CHARACTERS = 52
STACKED = {"label_line": 20, "label_width": 0, "gap": 14}
BESIDE = {"label_line": 0, "label_width": 300, "gap": 8}


def _short(label):
    label = str(label)
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def _layout(labels, values, shown, top, *, label_line, label_width, gap):
    row = label_line + BAR_HEIGHT + gap
    bars = []
    for index, (label, value, text) in enumerate(zip(labels, values, shown, strict=True)):
        y = index * row + label_line
        width = round(BAR_AREA * (value or 0) / top)
        bars.append(
            {
                "label": _short(label),
                "value": text,
                "label_y": y - 5 if label_line else y + BAR_HEIGHT * 0.75,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.75,
                "bar_x": label_width,
                "width": width,
                "value_x": label_width + width + 6,
            }
        )
    return {
        "bars": bars,
        "width": label_width + BAR_AREA + 70,
        "height": max(len(bars) * row - gap, BAR_HEIGHT),
        "bar_height": BAR_HEIGHT,
    }


def bar_chart(*, slug, title, labels, values, maximum=None, unit=""):
    """The geometry of one chart, stacked for the screen and `beside` for the PDF: a bar
    per label, scaled to the largest value. A value of None (nothing to measure yet)
    draws no bar and says "no figure", not 0."""
    top = max([maximum or 0, *(v for v in values if v is not None), 0]) or 1
    shown = [_("no figure") if v is None else f"{v}{unit}" for v in values]
    chart = _layout(labels, values, shown, top, **STACKED)
    beside = _layout(labels, values, shown, top, **BESIDE)
    return {
        "id": f"chart-{slug}",
        "title": title,
        "description": ", ".join(f"{b['label']}: {b['value']}" for b in chart["bars"]),
        **chart,
        "beside": beside,
    }
