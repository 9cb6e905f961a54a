"""Render the Grafana dashboards without Grafana: each panel's queries over a time range from a Prometheus,
drawn as SVG line charts in the dashboard's grid. For docs/operations.md's pictures (Grafana is not packaged
in Debian and needs Docker here): tests/test_observability.py calls it when OBSERVABILITY_RENDER_DIR is set.

    .venv/bin/python -m monitoring.render_dashboards PROMETHEUS_URL OUT_DIR [SECONDS]
"""

from __future__ import annotations

import html
import json
import sys
import time
from pathlib import Path

import httpx

DASHBOARDS = Path(__file__).resolve().parent / "grafana" / "dashboards"
PANEL_W, PANEL_H, PAD = 460, 210, 12
COLOURS = ("#5794f2", "#ff9830", "#73bf69", "#f2495c", "#b877d9", "#8ab8ff", "#fade2a", "#17becf")
Series = list[tuple[str, list[tuple[float, float]]]]


def _legend(template: str, labels: dict[str, str]) -> str:
    for key, value in labels.items():
        template = template.replace("{{" + key + "}}", value)
    return template


def query_range(prometheus: str, expr: str, legend: str, start: float, end: float) -> Series:
    params: dict[str, str | float] = {"query": expr, "start": start, "end": end, "step": max((end - start) / 60, 1.0)}
    body = httpx.get(f"{prometheus}/api/v1/query_range", params=params, timeout=20).json()
    result = body.get("data", {}).get("result", []) if body.get("status") == "success" else []
    out = []
    for item in result:
        points = [(float(t), float(v)) for t, v in item["values"] if v not in ("NaN", "+Inf", "-Inf")]
        if points:
            out.append((_legend(legend, item["metric"]), points))
    return out


def _panel_svg(title: str, series: Series, start: float, end: float) -> str:
    parts = [f'<rect width="{PANEL_W}" height="{PANEL_H}" fill="#181b1f" rx="4"/>']
    parts.append(f'<text x="10" y="18" fill="#d8d9da" font-size="13">{html.escape(title)}</text>')
    left, top, width, height = 50, 30, PANEL_W - 60, PANEL_H - 75
    values = [v for _, points in series for _, v in points]
    if not values:
        parts.append(
            f'<text x="{PANEL_W / 2}" y="{PANEL_H / 2}" fill="#8e8e8e" font-size="12" '
            'text-anchor="middle">No data</text>'
        )
        return "".join(parts)
    low, high = min(0.0, min(values)), max(values)
    high = high if high > low else low + 1
    parts.append(f'<line x1="{left}" y1="{top + height}" x2="{left + width}" y2="{top + height}" stroke="#444"/>')
    for fraction in (0.0, 0.5, 1.0):
        y = top + height - fraction * height
        label = f"{low + fraction * (high - low):.3g}"
        parts.append(f'<text x="{left - 4}" y="{y + 4}" fill="#8e8e8e" font-size="10" text-anchor="end">{label}</text>')
    for index, (name, points) in enumerate(series[:6]):
        colour = COLOURS[index % len(COLOURS)]
        xy = " ".join(
            f"{left + (t - start) / max(end - start, 1) * width:.1f},"
            f"{top + height - (v - low) / (high - low) * height:.1f}"
            for t, v in points
        )
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.8" points="{xy}"/>')
        x, y = 10 + (index % 3) * 150, PANEL_H - 26 + (index // 3) * 14
        parts.append(f'<text x="{x}" y="{y}" fill="{colour}" font-size="10">{html.escape(name[:28])}</text>')
    return "".join(parts)


def render(prometheus: str, out_dir: Path, seconds: float = 600) -> list[Path]:
    """One SVG per dashboard JSON, the last `seconds` of data; returns the files written."""
    end = time.time()
    start = end - seconds
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(DASHBOARDS.glob("*.json")):
        dashboard = json.loads(path.read_text())
        panels = dashboard["panels"]
        rows = (len(panels) + 1) // 2
        width, height = 2 * PANEL_W + 3 * PAD, rows * (PANEL_H + PAD) + PAD + 34
        body = [f'<rect width="{width}" height="{height}" fill="#111217"/>']
        body.append(f'<text x="{PAD}" y="24" fill="#ffffff" font-size="16">{html.escape(dashboard["title"])}</text>')
        for index, panel in enumerate(panels):
            series = [
                line
                for target in panel["targets"]
                for line in query_range(prometheus, target["expr"], target["legendFormat"], start, end)
            ]
            x, y = PAD + (index % 2) * (PANEL_W + PAD), 34 + PAD + (index // 2) * (PANEL_H + PAD)
            body.append(f'<g transform="translate({x},{y})">{_panel_svg(panel["title"], series, start, end)}</g>')
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif">'
            f"{''.join(body)}</svg>\n"
        )
        target = out_dir / f"{path.stem}.svg"
        target.write_text(svg)
        written.append(target)
    return written


if __name__ == "__main__":
    render(sys.argv[1], Path(sys.argv[2]), float(sys.argv[3]) if len(sys.argv) > 3 else 600)
