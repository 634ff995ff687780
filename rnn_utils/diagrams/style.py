"""The diagrams' palette and sizes: colours, box fills, font sizes, canvas width."""

from __future__ import annotations

import numpy as np

# Okabe & Ito (2008), "Color Universal Design": safe for protan, deuteran and tritan vision.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
INK = "#1a1a1a"  # strokes and text: dark on the opaque white background
MUTED = "#555555"  # secondary notes
DIM_INK = "#6b6b6b"  # parts not highlighted: 4.8:1 on DIM_FILL, 5.3:1 on white, dimmer than INK
DIM_FILL = "#f3f3f3"
GRADIENT = OKABE_ITO["vermillion"]  # the backward pass: lines (contrast 3.9:1 on white)
GRADIENT_TEXT = "#a84800"  # its labels: the same hue, darker, for 4.5:1 at small sizes
ACCENT = OKABE_ITO["blue"]  # what a highlighted or emphasised part draws in (5.2:1)


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` = 1 is the colour, 0 is white."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)
    mixed = np.round(255 - amount * (255 - rgb)).astype(int)
    return "#" + "".join(f"{v:02x}" for v in mixed)


def shade(colour: str, amount: float) -> str:
    """``colour`` mixed with black: ``amount`` = 1 is the colour, 0 is black."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)
    return "#" + "".join(f"{v:02x}" for v in np.round(amount * rgb).astype(int))


# Fill of each kind of box. The drawings that show most kinds at once, the GRU cell (gate,
# input, layer, state, tanh) and the attention model (gate, input, layer, output, state),
# need five fills that stay CIEDE2000 >= 10 apart in greyscale (print, e-ink), which at
# L* ~ 97, 81, 67, 55 and 44 leaves no spare lightness: the darkest level carries white
# text. Output and tanh never meet in one drawing, so they share it; tanh is a neutral
# grey, not a blue, so that it is not taken for the accent of a highlighted path.
# Every pair that meets (and loss/mark) also differs by >= 10 in normal vision and under
# simulated deuteranopia and protanopia; tests/test_diagrams.py measures all of it and
# each text colour's contrast (>= 4.5:1 in every vision and under dark mode's dimming).
FILL = {
    "layer": tint(OKABE_ITO["yellow"], 0.27),  # L* 96.8
    "input": tint(OKABE_ITO["sky_blue"], 0.63),  # L* 80.7
    "state": shade(OKABE_ITO["orange"], 0.94),  # L* 66.6
    "gate": shade(OKABE_ITO["reddish_purple"], 0.89),  # L* 54.9
    "output": shade(OKABE_ITO["bluish_green"], 0.75),  # L* 44.0
    "tanh": "#686868",  # L* 44.0
    "loss": tint(OKABE_ITO["vermillion"], 0.06),  # L* 96.9
    "mark": tint(OKABE_ITO["vermillion"], 0.40),  # L* 80.6
    "grad": "#ffffff",
    "op": "#ffffff",
    "ghost": "#ffffff",
    "cell": "#f6f6f6",
    "plain": "#ffffff",
}
# Feature maps (ConvLSTM) are drawn as stacked grids, filled as the kind they stand for.
MAPS = {"map": "state", "input_map": "input"}
FILL |= {kind: FILL[like] for kind, like in MAPS.items()}

# Text inside a box: INK, but white on the darkest fills, and black on the gate's
# mid-tone, where INK would fall to 4.2:1 under protanopia.
TEXT_ON = {"output": "#ffffff", "tanh": "#ffffff", "gate": "#000000"}
WHITE_TEXT = frozenset(k for k, c in TEXT_ON.items() if c == "#ffffff")


def text_on(kind: str) -> str:
    """The colour of text inside a box of ``kind``."""
    if kind == "grad":
        return GRADIENT_TEXT
    return TEXT_ON.get(kind, INK)


FONT = {"title": 12, "main": 13, "sub": 11, "note": 11, "op": 14}
MIN_FONT = 10
MAX_WIDTH = 6.0  # inches: wider canvases shrink below legibility on a 375-px screen
