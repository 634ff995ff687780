"""The drawing language: boxes and operation nodes, arrows, notes, and the Diagram."""

from __future__ import annotations

from dataclasses import dataclass, field

from .formulas import FORMULAS, symbols_in


@dataclass(frozen=True)
class Node:
    """A box (layer, gate or vector) or a round operation node, centred at (x, y) inches.

    ``kind`` sets the look: input, state, output, gate, tanh, layer, loss, grad, ghost,
    cell (a backdrop), map (a feature map), mark, plain; ``op`` is a circle. ``sub`` is a
    second, smaller line of text (the weights of a gate), drawn inside the box, or
    below/above/left/right of it as ``sub_at`` says.
    """

    key: str
    x: float
    y: float
    text: str = ""
    kind: str = "layer"
    w: float = 0.62
    h: float = 0.42
    sub: str = ""
    sub_at: str = "inside"
    groups: tuple[str, ...] = ()
    size: float | None = None

    @property
    def is_op(self) -> bool:
        return self.kind == "op"


@dataclass(frozen=True)
class Edge:
    """An arrow along a polyline. The first and last point may name a node (its key).

    ``text`` is the symbol the arrow carries, written at fraction ``at`` of the
    polyline's length on side ``side`` (left, right, above, below). ``kind``:
    data (solid), grad (the backward pass: dashed vermillion), line (no head),
    weak (grey), path (a thick additive path).
    """

    points: tuple
    text: str = ""
    at: float = 0.5
    side: str = "right"
    kind: str = "data"
    groups: tuple[str, ...] = ()
    size: float | None = None


@dataclass(frozen=True)
class Note:
    """Free text at (x, y): a row label, an ellipsis, a formula beside a part."""

    x: float
    y: float
    text: str
    size: float | None = None
    ha: str = "center"
    va: str = "center"
    kind: str = "note"
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Diagram:
    """A diagram: its elements, canvas size (inches) and the formulas it illustrates.

    ``formulas`` are keys of :data:`FORMULAS`. With ``highlight`` set to a group
    name, the elements of that group are drawn in full and the others greyed out;
    ``emphasis`` draws the elements of the named groups in the accent colour and
    leaves the rest as they are.

    ``caption`` says what the diagram shows, for the figure's caption: MyST markdown
    with every symbol in inline maths (``$h_{t-1}$``). ``alt`` says it in plain words
    that a screen reader can speak ("h sub t minus 1"), for readers who cannot see it.
    The figure's label belongs to the chapter that shows it.
    """

    name: str
    title: str
    width: float
    height: float
    elements: tuple
    formulas: tuple[str, ...] = ()
    highlight: str | None = None
    emphasis: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict, compare=False)
    caption: str = ""
    alt: str = ""

    # --- symbols ---
    def labels(self, highlighted: bool = False) -> list[str]:
        """Every text the diagram draws (only the highlighted elements' if asked)."""
        out = [] if highlighted and self.highlight else [self.title]
        for el in self.elements:
            if highlighted and self.highlight and not in_group(el, self.highlight):
                continue
            if isinstance(el, Node):
                out += [el.text, el.sub]
            else:
                out.append(el.text)
        return [t for t in out if t]

    def symbols(self, highlighted: bool = False) -> set[str]:
        """The symbols the diagram carries, as :func:`symbols_in` reads them from its labels."""
        found = set()
        for text in self.labels(highlighted):
            found |= symbols_in(text, math_only=True)
        return found

    def formula_symbols(self) -> set[str]:
        """The symbols of the formulas this diagram illustrates."""
        found = set()
        for key in self.formulas:
            found |= symbols_in(FORMULAS[key].latex)
        return found

    def missing(self) -> set[str]:
        """Symbols of the formulas that the diagram does not draw (those highlighted, if any)."""
        return self.formula_symbols() - self.symbols(highlighted=bool(self.highlight))

    # --- output ---
    def figure(self):
        """A matplotlib Figure (not managed by pyplot) with the diagram drawn on it."""
        from .renderer import render

        return render(self)

    def svg(self) -> str:
        """The diagram as an SVG document; the same bytes on every run."""
        from .renderer import to_svg

        return to_svg(self)

    def _repr_svg_(self) -> str:
        return self.svg()

    def __repr__(self) -> str:
        return f"<Diagram {self.name!r}: {self.title}>"


# Every element belongs to the groups it names; "*" puts it in every group.
def in_group(el, group: str) -> bool:
    return "*" in el.groups or group in el.groups
