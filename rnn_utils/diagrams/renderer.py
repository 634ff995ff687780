"""The renderer: a Diagram drawn with matplotlib, and its deterministic SVG."""

from __future__ import annotations

import io
import re

import numpy as np

from .elements import Diagram, Edge, Node, Note, in_group
from .style import (
    ACCENT,
    DIM_FILL,
    DIM_INK,
    FILL,
    FONT,
    GRADIENT,
    GRADIENT_TEXT,
    INK,
    MAPS,
    MAX_WIDTH,
    MUTED,
    WHITE_TEXT,
    text_on,
)

_RC = {
    "svg.hashsalt": "rnn-book-diagrams",  # deterministic ids in the SVG
    "svg.fonttype": "path",  # glyphs as paths: no font needed to view, same bytes everywhere
    "font.family": "DejaVu Sans",  # ships with matplotlib
    "mathtext.fontset": "dejavusans",
    "path.simplify": False,
}


def _style():
    """matplotlib's defaults plus ``_RC``, whatever a notebook has set: the same drawing everywhere."""
    import contextlib

    import matplotlib as mpl
    import matplotlib.style

    stack = contextlib.ExitStack()
    stack.enter_context(matplotlib.style.context("default"))
    stack.enter_context(mpl.rc_context(_RC))
    return stack


def render(diagram: Diagram, ax=None):
    """Draw ``diagram`` on ``ax`` (a new, pyplot-free Figure if None); return the Figure."""
    from matplotlib.figure import Figure

    if not isinstance(diagram, Diagram):
        raise ValueError(f"diagram: expected a Diagram, got {type(diagram).__name__}")
    with _style():
        if ax is None:
            fig = Figure(figsize=(diagram.width, diagram.height), facecolor="white")
            ax = fig.add_axes((0, 0, 1, 1))
        _draw(diagram, ax)
    return ax.figure


def to_svg(diagram: Diagram) -> str:
    """The SVG text of ``diagram``, without dates or tool versions, identical on every run."""
    fig = render(diagram)
    buffer = io.StringIO()
    with _style():
        fig.savefig(
            buffer,
            format="svg",
            facecolor="white",
            metadata={
                "Date": None,
                "Creator": None,
                "Title": diagram.title,
                "Description": f"rnn_utils.diagrams.{diagram.name}",
            },
        )
    text = buffer.getvalue()
    # An <svg> that scales to its container (the book's CSS caps it at the column width).
    text = re.sub(
        r'(<svg [^>]*?)width="([\d.]+)pt" height="([\d.]+)pt"', _scalable, text, count=1
    )
    return text


def _scalable(match) -> str:
    head, w, h = match.groups()
    return f'{head}width="{w}pt" height="{h}pt" style="max-width: 100%; height: auto"'


def _draw(d: Diagram, ax) -> None:
    from matplotlib.patches import Rectangle

    if d.width > MAX_WIDTH + 1e-9:
        raise ValueError(f"{d.name}: width {d.width} in is wider than {MAX_WIDTH} in")
    ax.set_xlim(0, d.width)
    ax.set_ylim(0, d.height)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.add_patch(
        Rectangle((0, 0), d.width, d.height, fc="white", ec="none", zorder=-10)
    )
    nodes = {el.key: el for el in d.elements if isinstance(el, Node)}
    keys = [el.key for el in d.elements if isinstance(el, Node)]
    if len(set(keys)) != len(keys):
        raise ValueError(
            f"{d.name}: node keys must be unique, got {sorted(k for k in keys if keys.count(k) > 1)}"
        )
    if d.title:
        ax.text(
            d.width / 2,
            d.height - 0.12,
            d.title,
            ha="center",
            va="top",
            fontsize=FONT["title"],
            color=INK,
        )
    for el in d.elements:
        state = _state(d, el)
        if isinstance(el, Node):
            _draw_node(ax, el, state)
        elif isinstance(el, Edge):
            _draw_edge(ax, el, nodes, state)
        elif isinstance(el, Note):
            _draw_note(ax, el, state)
        else:
            raise ValueError(
                f"{d.name}: expected Node, Edge or Note elements, got {type(el).__name__}"
            )


def _state(d: Diagram, el) -> str:
    if d.highlight is not None:
        return "on" if in_group(el, d.highlight) else "dim"
    if any(in_group(el, g) for g in d.emphasis):
        return "emph"
    return "normal"


def _colours(kind: str, state: str):
    """(stroke, fill, text colour, line-width factor) of an element."""
    stroke = GRADIENT if kind == "grad" else INK
    fill = FILL.get(kind, "#ffffff")
    text = text_on(kind)
    width = 1.0
    if state == "dim":
        return (
            DIM_INK,
            (DIM_FILL if kind not in ("op", "plain", "ghost") else "#ffffff"),
            DIM_INK,
            0.8,
        )
    if state in ("on", "emph"):
        # on the darkest fills an accent edge would vanish: those keep INK and a halo
        stroke = {"grad": GRADIENT}.get(kind, INK if kind in WHITE_TEXT else ACCENT)
        width = 1.8
    return stroke, fill, text, width


def _draw_node(ax, n: Node, state: str) -> None:
    from matplotlib.patches import Circle

    stroke, fill, text_colour, lw = _colours(n.kind, state)
    if n.is_op:
        r = n.w / 2
        ax.add_patch(Circle((n.x, n.y), r, fc=fill, ec=stroke, lw=1.3 * lw, zorder=3))
        ax.text(
            n.x,
            n.y,
            n.text,
            ha="center",
            va="center_baseline",
            fontsize=n.size or FONT["op"],
            color=text_colour,
            zorder=4,
        )
        return
    if n.kind == "cell":
        _box(
            ax,
            n,
            "round,pad=0,rounding_size=0.12",
            fc=fill if state != "dim" else "#fafafa",
            ec="#c8c8c8",
            lw=1.0,
            zorder=0,
        )
        if n.text:
            ax.text(
                n.x - n.w / 2 + 0.08,
                n.y + n.h / 2 - 0.06,
                n.text,
                ha="left",
                va="top",
                fontsize=n.size or FONT["note"],
                color=MUTED if state != "dim" else DIM_INK,
                zorder=1,
            )
        return
    if n.kind in MAPS:
        _draw_map(ax, n, stroke, fill, lw)
    else:
        dashed = n.kind in ("ghost", "grad")
        _box(
            ax,
            n,
            "round,pad=0,rounding_size=0.07",
            fc=fill,
            ec=stroke,
            lw=1.3 * lw,
            ls="--" if dashed else "-",
            zorder=3,
        )
        if state in ("on", "emph") and n.kind in WHITE_TEXT:
            _box(
                ax,
                n,
                "round,pad=0.035,rounding_size=0.1",
                fc="none",
                ec=ACCENT,
                lw=1.8,
                zorder=3,
            )
    size = n.size or FONT["main"]
    if n.sub and n.sub_at == "inside":
        ax.text(
            n.x,
            n.y + n.h * 0.17,
            n.text,
            ha="center",
            va="center",
            fontsize=size,
            color=text_colour,
            zorder=4,
        )
        ax.text(
            n.x,
            n.y - n.h * 0.23,
            n.sub,
            ha="center",
            va="center",
            fontsize=FONT["sub"],
            color=text_colour,
            zorder=4,
        )
        return
    if n.kind not in MAPS and n.text:
        ax.text(
            n.x,
            n.y,
            n.text,
            ha="center",
            va="center",
            fontsize=size,
            color=text_colour,
            zorder=4,
        )
    if n.sub:
        dx, dy, ha, va = {
            "below": (0, -n.h / 2 - 0.05, "center", "top"),
            "above": (0, n.h / 2 + 0.05, "center", "bottom"),
            "left": (-n.w / 2 - 0.06, 0, "right", "center"),
            "right": (n.w / 2 + 0.06, 0, "left", "center"),
            "below-right": (0.07, -n.h / 2 - 0.06, "left", "top"),
        }[n.sub_at]
        ax.text(
            n.x + dx,
            n.y + dy,
            n.sub,
            ha=ha,
            va=va,
            fontsize=FONT["sub"],
            # outside the box, on the white ground: white text would vanish there
            color=INK if n.kind in WHITE_TEXT and state != "dim" else text_colour,
            zorder=4,
        )


def _box(ax, n: Node, boxstyle: str, **style) -> None:
    """A rounded rectangle over node ``n``'s box (``boxstyle``'s pad grows it)."""
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(
        FancyBboxPatch(
            (n.x - n.w / 2, n.y - n.h / 2), n.w, n.h, boxstyle=boxstyle, **style
        )
    )


def _draw_map(ax, n: Node, stroke, fill, lw) -> None:
    """A feature map: two stacked squares with a 4 x 4 grid, labelled on the side ``sub_at`` names."""
    from matplotlib.patches import Rectangle

    side = min(n.w, n.h) * 0.8
    for k, off in enumerate((0.08, 0.0)):
        x0, y0 = n.x - side / 2 + off, n.y - side / 2 + off
        ax.add_patch(
            Rectangle(
                (x0, y0), side, side, fc=fill, ec=stroke, lw=1.0 * lw, zorder=3 + k
            )
        )
        if k == 1:
            for q in range(1, 4):
                ax.plot(
                    [x0 + q * side / 4] * 2,
                    [y0, y0 + side],
                    color=stroke,
                    lw=0.5,
                    zorder=4,
                )
                ax.plot(
                    [x0, x0 + side],
                    [y0 + q * side / 4] * 2,
                    color=stroke,
                    lw=0.5,
                    zorder=4,
                )
    if n.text:
        ax.text(
            n.x - side / 2 - 0.06,
            n.y,
            n.text,
            ha="right",
            va="center",
            fontsize=n.size or FONT["main"],
            color=INK if stroke != DIM_INK else DIM_INK,
            zorder=4,
        )


def _anchor(ref, toward, nodes) -> tuple[float, float]:
    """A point: given, or where the line toward ``toward`` leaves the node named ``ref``."""
    if not isinstance(ref, str):
        return float(ref[0]), float(ref[1])
    if ref not in nodes:
        raise ValueError(f"edge: no node named {ref!r}")
    n = nodes[ref]
    tx, ty = toward
    dx, dy = tx - n.x, ty - n.y
    if dx == 0 and dy == 0:
        return n.x, n.y
    if n.is_op:
        r = n.w / 2 + 0.02
        length = float(np.hypot(dx, dy))
        return n.x + r * dx / length, n.y + r * dy / length
    hw, hh = n.w / 2 + 0.03, n.h / 2 + 0.03
    if n.kind in MAPS:
        hw = hh = min(n.w, n.h) * 0.4 + 0.05
    scale = min(hw / abs(dx) if dx else np.inf, hh / abs(dy) if dy else np.inf)
    return n.x + dx * scale, n.y + dy * scale


def _centre(ref, nodes):
    return (nodes[ref].x, nodes[ref].y) if isinstance(ref, str) else ref


def polyline(e: Edge, nodes) -> np.ndarray:
    pts = list(e.points)
    if len(pts) < 2:
        raise ValueError(f"edge {e.text!r}: expected at least two points, got {pts}")
    first = _anchor(pts[0], _centre(pts[1], nodes), nodes)
    last = _anchor(pts[-1], _centre(pts[-2], nodes), nodes)
    middle = [_centre(p, nodes) for p in pts[1:-1]]
    return np.array([first, *middle, last], dtype=float)


def _draw_edge(ax, e: Edge, nodes, state: str) -> None:
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path

    xy = polyline(e, nodes)
    kind = e.kind
    colour = {"grad": GRADIENT, "weak": "#8c8c8c"}.get(kind, INK)
    lw = {"path": 2.6, "grad": 1.6}.get(kind, 1.3)
    if state == "dim":
        colour, lw = DIM_INK, lw * 0.8
    elif state in ("on", "emph"):
        colour = GRADIENT if kind == "grad" else ACCENT
        lw *= 1.5
    style = {"line": "-", "both": "<|-|>"}.get(kind, "-|>")
    arrow = FancyArrowPatch(
        path=Path(xy),
        arrowstyle=style,
        mutation_scale=11 if kind != "path" else 13,
        lw=lw,
        color=colour,
        linestyle=(0, (4, 2.5)) if kind == "grad" else "-",
        zorder=2,
        joinstyle="miter",
        capstyle="butt",
    )
    ax.add_patch(arrow)
    if e.text:
        _edge_label(
            ax,
            xy,
            e,
            state,
            GRADIENT_TEXT
            if kind == "grad" and state != "dim"
            else (DIM_INK if state == "dim" else INK),
        )


def _edge_label(ax, xy: np.ndarray, e: Edge, state: str, colour: str) -> None:
    seg = np.diff(xy, axis=0)
    lengths = np.hypot(seg[:, 0], seg[:, 1])
    target = e.at * lengths.sum()
    k = int(np.searchsorted(np.cumsum(lengths), target))
    k = min(k, len(seg) - 1)
    before = lengths[:k].sum()
    frac = (target - before) / lengths[k] if lengths[k] else 0.5
    x, y = xy[k] + frac * seg[k]
    gap = 0.07
    dx, dy, ha, va = {
        "right": (gap, 0, "left", "center"),
        "left": (-gap, 0, "right", "center"),
        "above": (0, gap, "center", "bottom"),
        "below": (0, -gap, "center", "top"),
        "on": (0, 0, "center", "center"),
    }[e.side]
    bbox = (
        {"boxstyle": "square,pad=0.08", "fc": "white", "ec": "none"}
        if e.side == "on"
        else None
    )
    ax.text(
        x + dx,
        y + dy,
        e.text,
        ha=ha,
        va=va,
        fontsize=e.size or FONT["sub"],
        color=colour,
        zorder=5,
        bbox=bbox,
    )


def _draw_note(ax, n: Note, state: str) -> None:
    colour = {"grad": GRADIENT_TEXT, "muted": MUTED}.get(n.kind, INK)
    if state == "dim":
        colour = DIM_INK
    if n.kind == "dot":  # a junction where a line splits
        ax.plot(
            [n.x],
            [n.y],
            "o",
            ms=4.5,
            color=colour if state != "on" else ACCENT,
            zorder=3,
        )
        return
    ax.text(
        n.x,
        n.y,
        n.text,
        ha=n.ha,
        va=n.va,
        fontsize=n.size or FONT["note"],
        color=colour,
        zorder=5,
    )
