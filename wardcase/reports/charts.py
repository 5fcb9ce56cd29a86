"""Horizontal bar charts worked out in Python and drawn as SVG by a template.

No JavaScript and no style attributes (the CSP forbids inline styles): only SVG
presentation attributes. Every chart is followed on the page by its data table.
"""

from django.utils.translation import gettext as _

BAR_HEIGHT = 24
BAR_GAP = 10
LABEL_WIDTH = 220
BAR_AREA = 330
WIDTH = LABEL_WIDTH + BAR_AREA + 70
LABEL_CHARACTERS = 30


def _short(label):
    label = str(label)
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def bar_chart(*, slug, title, labels, values, maximum=None, unit=""):
    """The geometry of one chart: a bar per label, scaled to the largest value. A value
    of None (nothing to measure yet) draws no bar and says "no figure", not 0."""
    top = max([maximum or 0, *(v for v in values if v is not None), 0]) or 1
    bars = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = round(BAR_AREA * (value or 0) / top)
        bars.append(
            {
                "label": _short(label),
                "value": _("no figure") if value is None else f"{value}{unit}",
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
            }
        )
    return {
        "id": f"chart-{slug}",
        "title": title,
        "description": ", ".join(f"{b['label']}: {b['value']}" for b in bars),
        "bars": bars,
        "width": WIDTH,
        "height": max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
        "bar_height": BAR_HEIGHT,
        "label_width": LABEL_WIDTH,
    }
