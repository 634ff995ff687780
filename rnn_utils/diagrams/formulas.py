"""The symbols of a LaTeX formula or label, and the formulas the diagrams illustrate."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Commands that are symbols of a formula in their own right (a block or a node of the diagram).
SYMBOL_COMMANDS = {"tanh", "sigma", "odot", "circ"}
# Greek letters used as variables in the book's formulas.
GREEK_VARIABLES = {
    "alpha",
    "beta",
    "gamma",
    "delta",
    "phi",
    "lambda",
    "mu",
    "nu",
    "theta",
    "epsilon",
}
ACCENTS = {"tilde", "hat", "bar", "vec", "overrightarrow", "overleftarrow"}
# Layout and size commands that carry no symbol.
_LAYOUT = re.compile(
    r"\\(?:left|right|bigg|Bigg|big|Big|quad|qquad|displaystyle|textstyle|,|;|!|:)(?![A-Za-z])|[&~]|\\\\"
)


def _group(s: str, i: int) -> tuple[str, int]:
    """The braced group or single token starting at s[i] (after spaces), and the index after it."""
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        return "", i
    if s[i] == "{":
        depth = 0
        for j in range(i, len(s)):
            depth += {"{": 1, "}": -1}.get(s[j], 0)
            if depth == 0:
                return s[i + 1 : j], j + 1
        raise ValueError(f"unbalanced braces in {s!r}")
    if s[i] == "\\":
        m = re.match(r"\\[A-Za-z]+|\\.", s[i:])
        return m.group(0), i + len(m.group(0))
    return s[i], i + 1


def _canon_script(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return text if len(text) == 1 else "{" + text + "}"


def _scripts(s: str, i: int) -> tuple[str, str, str, int]:
    """Read the subscript, the kept superscript ``^{(l)}`` and primes after a base at s[i]."""
    sub = sup = primes = ""
    while i < len(s):
        j = i
        while j < len(s) and s[j] == " ":
            j += 1
        if j < len(s) and s[j] == "'":
            primes += "'"
            i = j + 1
        elif j < len(s) and s[j] in "_^":
            content, k = _group(s, j + 1)
            if s[j] == "_":
                sub = _canon_script(content)
            elif re.fullmatch(r"\s*\(\s*[A-Za-z0-9+\-\s]+\)\s*", content):
                sup = (
                    "{" + re.sub(r"\s+", "", content) + "}"
                )  # a layer index h^{(l)}; ^\top, ^2 ... are dropped
            i = k
        else:
            break
    return sub, sup, primes, i


def _symbol(base: str, sub: str, sup: str, primes: str) -> str:
    return base + primes + (f"^{sup}" if sup else "") + (f"_{sub}" if sub else "")


def symbols_in(text: str, math_only: bool = False) -> set[str]:
    """The symbols of a LaTeX formula or label, in one canonical spelling.

    Variables with their subscripts (``h_{t-1}``, ``W_{ix}``, ``e_{ij}``), accented and
    layer-indexed ones (``\\tilde{h}_t``, ``\\overrightarrow{h}_t``, ``h^{(l)}_t``),
    gradients (``\\delta h_t``) and partial derivatives (``\\partial h_t/\\partial h_{t-1}``,
    also written as a ``\\frac``), primes (``\\phi'``), the blocks ``\\sigma`` and ``\\tanh``,
    the nodes ``\\odot`` and ``\\circ``, and ``*`` (a convolution). Transposes, powers,
    numbers, ``+``, brackets and words in ``\\text``, ``\\mathrm`` or ``\\operatorname`` are
    not symbols: ``W_y^\\top`` reads as ``W_y``.

    With ``math_only``, only the parts between ``$`` signs are read (a label such as
    ``"layer $l$"``); otherwise the whole text is a formula.

    >>> sorted(symbols_in(r"h_t = \\tanh(W x_t + U h_{t - 1} + b)"))
    ['U', 'W', '\\\\tanh', 'b', 'h_t', 'h_{t-1}', 'x_t']
    """
    if math_only:
        parts = text.split("$")
        return (
            set().union(*(symbols_in(p) for p in parts[1::2]))
            if len(parts) > 2
            else set()
        )
    s = re.sub(r"\\(?:text|mathrm|operatorname|mathbb|mathbf)\s*\{[^{}]*\}", " ", text)
    s = _LAYOUT.sub(" ", s)
    s = re.sub(r"\\(?:underbrace|overbrace)\b", " ", s)
    found: set[str] = set()
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\":
            name, i = _group(s, i)
            cmd = name[1:]
            if cmd == "frac":
                num, i = _group(s, i)
                den, i = _group(s, i)
                a, b = symbols_in(num), symbols_in(den)
                if num.strip().startswith("\\partial") and den.strip().startswith(
                    "\\partial"
                ):
                    found.add(f"{_one(a, num)}/{_one(b, den)}")
                else:
                    found |= a | b
            elif cmd in ("partial", "delta") and _next_is_letter(s, i):
                inner = _read_variable(s, i)
                if inner is not None:
                    sym, i = inner
                    if cmd == "partial" and re.match(r"\s*/\s*\\partial", s[i:]):
                        k = s.index("\\partial", i) + len("\\partial")
                        den, i = _read_variable(s, k)
                        found.add(f"\\partial {sym}/\\partial {den}")
                    else:
                        found.add(f"\\{cmd} {sym}")
            elif cmd in ACCENTS:
                arg, i = _group(s, i)
                sub, sup, primes, i = _scripts(s, i)
                found.add(_symbol(f"\\{cmd}{{{arg.strip()}}}", sub, sup, primes))
            elif cmd in SYMBOL_COMMANDS:
                found.add(name)
                _, _, _, i = _scripts(s, i)
            elif cmd in GREEK_VARIABLES:
                sub, sup, primes, i = _scripts(s, i)
                found.add(_symbol(name, sub, sup, primes))
            else:  # \sum, \prod, \cdot, \dots, \top, \exp, ...: their scripts carry no symbol
                _, _, _, i = _scripts(s, i)
        elif ch.isalpha():
            sub, sup, primes, i = _scripts(s, i + 1)
            found.add(_symbol(ch, sub, sup, primes))
        elif ch == "*":
            found.add("*")
            i += 1
        elif (
            ch in "_^"
        ):  # a script after a group or a bracket, e.g. \underbrace{...}_{g_t}
            content, i = _group(s, i + 1)
            if ch == "_":
                found |= symbols_in(content)
        else:
            i += 1
    return found


def _next_is_letter(s: str, i: int) -> bool:
    rest = s[i:].lstrip()
    return bool(rest) and (rest[0].isalpha() or rest.startswith("\\") or rest[0] == "{")


def _read_variable(s: str, i: int):
    """The one variable starting at s[i] (a letter, a Greek letter or an accent, with scripts)."""
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        return None
    if s[i] == "{":
        content, j = _group(s, i)
        sym = symbols_in(content)
        return (next(iter(sym)), j) if len(sym) == 1 else None
    if s[i] == "\\":
        name, j = _group(s, i)
        cmd = name[1:]
        if cmd in ACCENTS:
            arg, j = _group(s, j)
            sub, sup, primes, j = _scripts(s, j)
            return _symbol(f"\\{cmd}{{{arg.strip()}}}", sub, sup, primes), j
        if cmd in GREEK_VARIABLES:
            sub, sup, primes, j = _scripts(s, j)
            return _symbol(name, sub, sup, primes), j
        return None
    if s[i].isalpha():
        sub, sup, primes, j = _scripts(s, i + 1)
        return _symbol(s[i], sub, sup, primes), j
    return None


def _one(symbols: set[str], text: str) -> str:
    parts = [p for p in symbols if p.startswith("\\partial ")]
    if len(parts) == 1:
        return parts[0]
    sym = _read_variable(text.strip(), len("\\partial"))
    if sym is None:
        raise ValueError(f"cannot read a partial derivative from {text!r}")
    return "\\partial " + sym[0]


def normalise_formula(latex: str) -> str:
    """A formula without spaces, spacing and size commands, for finding it in a chapter."""
    s = _LAYOUT.sub("", latex)
    s = re.sub(
        r"\\(?:text|mathrm|operatorname)\s*\{[^{}]*\}",
        lambda m: m.group(0).replace(" ", ""),
        s,
    )
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"_\{([A-Za-z0-9])\}", r"_\1", s)  # b_{h} = b_h
    return s


# --- the formulas the diagrams illustrate -------------------------------------------------


@dataclass(frozen=True)
class Formula:
    """A formula as a chapter prints it (LaTeX) and the chapter that prints it.

    ``chapter`` is the chapter's file name without its number (``recurrent_layer`` for
    ``chapters/02_recurrent_layer.ipynb``), so that renumbering the chapters leaves it.

    ``planned``: the chapter is not written yet; the formula is the one it is planned
    to print, and the test that the chapter prints it waits until it is.
    """

    latex: str
    chapter: str
    planned: bool = False


FORMULAS: dict[str, Formula] = {
    # the recurrent layer
    "rnn_state": Formula(r"h_t = \tanh(W x_t + U h_{t-1} + b)", "recurrent_layer"),
    "rnn_output": Formula(r"y_t = W_y h_t + b_y", "recurrent_layer"),
    "bptt_recursion": Formula(
        r"\delta h_{t-1} = U^\top\big((1 - h_t^2) \odot \delta h_t\big) + W_y^\top \delta y_{t-1}",
        "recurrent_layer",
    ),
    # gates
    "lstm_input": Formula(
        r"i_t &= \sigma(W_{ix} x_t + W_{ih} h_{t-1} + b_i)", "gates_lstm_gru"
    ),
    "lstm_forget": Formula(
        r"f_t &= \sigma(W_{fx} x_t + W_{fh} h_{t-1} + b_f)", "gates_lstm_gru"
    ),
    "lstm_output": Formula(
        r"o_t &= \sigma(W_{ox} x_t + W_{oh} h_{t-1} + b_o)", "gates_lstm_gru"
    ),
    "lstm_cell": Formula(
        r"c_t = f_t \odot c_{t-1} + i_t \odot \underbrace{\tanh(W_{cx} x_t + W_{ch} h_{t-1} + b_c)}_{g_t}",
        "gates_lstm_gru",
    ),
    "lstm_candidate": Formula(
        r"\tanh(W_{cx} x_t + W_{ch} h_{t-1} + b_c)", "gates_lstm_gru"
    ),
    "lstm_cell_update": Formula(
        r"c_t = f_t \odot c_{t-1} + i_t \odot", "gates_lstm_gru"
    ),
    "lstm_hidden": Formula(r"h_t = o_t \odot \tanh(c_t)", "gates_lstm_gru"),
    "lstm_cell_path_step": Formula(
        r"\frac{\partial c_t}{\partial c_{t-1}}\bigg|_{\text{cell path}} = \operatorname{diag}(f_t)",
        "gates_lstm_gru",
    ),
    "gru_update": Formula(
        r"z_t &= \sigma(W_{zx} x_t + b_{zx} + W_{zh} h_{t-1} + b_{zh})",
        "gates_lstm_gru",
    ),
    "gru_reset": Formula(
        r"r_t &= \sigma(W_{rx} x_t + b_{rx} + W_{rh} h_{t-1} + b_{rh})",
        "gates_lstm_gru",
    ),
    "gru_candidate_after": Formula(
        r"\tilde h_t &= \tanh\big(W_{hx} x_t + b_{hx} + r_t \odot (W_{hh} h_{t-1} + b_{hh})\big)",
        "gates_lstm_gru",
    ),
    "gru_state": Formula(
        r"h_t &= z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t", "gates_lstm_gru"
    ),
    "gru_candidate_before": Formula(
        r"\tilde h_t = \tanh\big(W_{hx} x_t + W_{hh} (r_t \odot h_{t-1}) + b_{h}\big)",
        "gates_lstm_gru",
    ),
    "gru_update_before": Formula(
        r"z_t = \sigma(W_{zx} x_t + W_{zh} h_{t-1} + b_z)", "gates_lstm_gru"
    ),
    "adding_hochreiter1997": Formula(r"0.5 + (X_1 + X_2)/4", "gates_lstm_gru"),
    # vanishing and exploding gradients
    "jacobian_step": Formula(
        r"J_t = \frac{\partial h_t}{\partial h_{t-1}} = \operatorname{diag}\big(\phi'(a_t)\big)\, U",
        "vanishing_gradients",
    ),
    "jacobian_product": Formula(
        r"\frac{\partial h_T}{\partial h_k} = J_T\, J_{T-1} \cdots J_{k+1}",
        "vanishing_gradients",
    ),
    "lstm_cell_ch4": Formula(
        r"c_t = f_t \odot c_{t-1} + i_t \odot \tanh(W_{cx} x_t + W_{ch} h_{t-1} + b_c)",
        "vanishing_gradients",
    ),
    "lstm_cell_path": Formula(
        r"\frac{\partial c_T}{\partial c_k}\bigg|_{\text{cell path}} = \prod_{t=k+1}^{T} \operatorname{diag}(f_t)",
        "vanishing_gradients",
    ),
    "adding_le2015": Formula(r"X_1 + X_2", "vanishing_gradients"),
    # outlook
    "stacked": Formula(
        r"h^{(l)}_t = \tanh\big(W^{(l)} h^{(l-1)}_t + U^{(l)} h^{(l)}_{t-1} + b^{(l)}\big)",
        "outlook",
    ),
    "bidirectional": Formula(
        r"\overrightarrow{h}_t = \tanh\big(\overrightarrow{W} x_t + \overrightarrow{U}\, \overrightarrow{h}_{t-1}"
        r" + \overrightarrow{b}\big), \qquad"
        "\n"
        r"\overleftarrow{h}_t = \tanh\big(\overleftarrow{W} x_t + \overleftarrow{U}\, \overleftarrow{h}_{t+1}"
        r" + \overleftarrow{b}\big), \qquad"
        "\n"
        r"y_t = \big[\overrightarrow{h}_t ; \overleftarrow{h}_t\big]",
        "outlook",
    ),
    "convlstm_input": Formula(
        r"i_t &= \sigma(W_{ix} * X_t + W_{ih} * H_{t-1} + b_i)", "outlook"
    ),
    "convlstm_forget": Formula(
        r"f_t &= \sigma(W_{fx} * X_t + W_{fh} * H_{t-1} + b_f)", "outlook"
    ),
    "convlstm_output": Formula(
        r"o_t &= \sigma(W_{ox} * X_t + W_{oh} * H_{t-1} + b_o)", "outlook"
    ),
    "convlstm_cell": Formula(
        r"C_t &= f_t \odot C_{t-1} + i_t \odot \tanh(W_{cx} * X_t + W_{ch} * H_{t-1} + b_c)",
        "outlook",
    ),
    "convlstm_hidden": Formula(r"H_t &= o_t \odot \tanh(C_t)", "outlook"),
    "linear_recurrence": Formula(r"h_t = a_t \odot h_{t-1} + b_t", "outlook"),
    "scan_compose": Formula(r"(a, b) \circ (a', b') = (a\,a',\; a' b + b')", "outlook"),
    # language; sequence to sequence
    "charlm_softmax": Formula(
        r"y_t = W_y h_t + b_y, \qquad p(w_t = j \mid w_{<t}) = \frac{\exp(y_{t,j})}{\sum_{l=1}^{k} \exp(y_{t,l})}",
        "language",
    ),
    "charlm_embedding": Formula(r"x_t = E_{w_{t-1}}", "language"),
    "attention_score": Formula(
        r"e_{ij} = v_a^\top \tanh\big(W_a s_{i-1} + U_a h_j\big)", "seq2seq"
    ),
    # Only the part the seq2seq chapter printed before and after it renamed the softmax index k to j'.
    "attention_weight": Formula(r"\alpha_{ij} = \frac{\exp(e_{ij})}", "seq2seq"),
    "attention_context": Formula(
        r"c_i = \sum_{j=1}^{T_x} \alpha_{ij}\, h_j", "seq2seq"
    ),
    "decoder_state": Formula(
        r"s_i = \operatorname{GRU}\big([E\,y_{i-1};\ c_i],\ s_{i-1}\big)", "seq2seq"
    ),
    "attention_readout": Formula(
        r"\operatorname{softmax}\big(W_y [s_i;\ c_i] + b_y\big)", "seq2seq"
    ),
}
