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


# Fill of each kind of box: light tints, so that dark text on them keeps a high contrast
# (INK on each at least 6.5:1). Kinds that appear together in a drawing (and loss and mark)
# differ by CIEDE2000 >= 10 in normal vision and under simulated deuteranopia and
# protanopia (tests/test_diagrams.py measures it); "map" is the state's colour.
FILL = {
    "input": tint(OKABE_ITO["sky_blue"], 0.60),
    "state": tint(OKABE_ITO["orange"], 0.50),
    "output": tint(OKABE_ITO["bluish_green"], 0.60),
    "gate": tint(OKABE_ITO["reddish_purple"], 0.25),
    "tanh": tint(OKABE_ITO["blue"], 0.60),
    "layer": tint(OKABE_ITO["yellow"], 0.30),
    "loss": tint(OKABE_ITO["vermillion"], 0.14),
    "grad": "#ffffff",
    "op": "#ffffff",
    "ghost": "#ffffff",
    "cell": "#f6f6f6",
    "map": tint(OKABE_ITO["orange"], 0.50),
    "mark": tint(OKABE_ITO["vermillion"], 0.35),
    "plain": "#ffffff",
}
FONT = {"title": 12, "main": 13, "sub": 11, "note": 11, "op": 14}
MIN_FONT = 10
MAX_WIDTH = 6.0  # inches: wider canvases shrink below legibility on a 375-px screen
