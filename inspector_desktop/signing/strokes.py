"""Handwritten signatures outside the GUI: drawing strokes to PNG, and made-up strokes for demos.

The signature pad renders its own PNG with Qt; this renderer serves headless
paths (demo data, tests, batch tools) that have strokes but no window.
"""

from __future__ import annotations

import io
import math
import random
from typing import Any

from PIL import Image, ImageDraw

Stroke = list[list[Any]]  # [[x, y, pressure, t_ms], ...]


def strokes_png(strokes: list[Stroke], width: int = 480, height: int = 160, ink: str = "#10243f") -> bytes:
    """Draw the strokes, scaled to fit, on a transparent canvas; pressure sets the pen width."""
    points = [p for s in strokes for p in s]
    if not points:
        raise ValueError("a signature needs at least one stroke")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    scale = min((width - 20) / max(max(xs) - min(xs), 1.0), (height - 20) / max(max(ys) - min(ys), 1.0), 4.0)
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    for stroke in strokes:
        pts = [(10 + (p[0] - min(xs)) * scale, 10 + (p[1] - min(ys)) * scale) for p in stroke]
        for (a, b), p in zip(zip(pts, pts[1:]), stroke[1:], strict=False):
            pen.line([a, b], fill=ink, width=max(1, round(1 + 4 * float(p[2]))))
        if len(pts) == 1:
            x, y = pts[0]
            pen.ellipse([x - 2, y - 2, x + 2, y + 2], fill=ink)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def made_up_strokes(name: str, seed: int = 0) -> list[Stroke]:
    """A plausible, deterministic scribble: one looping stroke per character of ``name``."""
    rng = random.Random(f"{seed}:{name}")
    strokes: list[Stroke] = []
    t = 0
    for i, _ch in enumerate(name):
        x0, stroke = 20 + i * 70, []
        loops = rng.uniform(1.2, 2.2)
        for k in range(24):
            a = k / 23 * math.pi * 2 * loops
            x = x0 + k * 2.4 + 18 * math.sin(a + i)
            y = 60 + 26 * math.cos(a * 0.9) + rng.uniform(-2, 2)
            stroke.append([round(x, 1), round(y, 1), round(0.35 + 0.5 * abs(math.sin(a / 2)), 3), t])
            t += 12
        strokes.append(stroke)
        t += 150
    return strokes
