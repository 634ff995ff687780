"""rnn_utils.maths: the sigmoid, the softmax and the log-softmax, written once for the package.

The chapters that import ``log_softmax`` and ``softmax`` print numbers computed with
them, so the package's forms are pinned to the chapters' own formulas, bit for bit.
"""

import ast
from pathlib import Path

import numpy as np
import pytest

import rnn_utils as ru
from rnn_utils import attention, cells, maths, text

PACKAGE = Path(ru.__file__).parent


def chapter_log_softmax(y):
    """The language and translation chapters' own function, as they wrote it."""
    y = y - y.max(axis=-1, keepdims=True)
    return y - np.log(np.exp(y).sum(axis=-1, keepdims=True))


def chapter_softmax_t(y, tau):
    """The language chapter's softmax with temperature, as it wrote it."""
    z = y / tau
    z = z - z.max(axis=-1, keepdims=True)
    return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)


def test_sigmoid_is_the_logistic_function_and_cannot_overflow():
    a = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(maths.sigmoid(a), 1 / (1 + np.exp(-a)), atol=1e-16)
    with np.errstate(over="raise"):
        np.testing.assert_array_equal(maths.sigmoid(np.array([-1e4, 1e4])), [0, 1])
    assert ru.sigmoid is maths.sigmoid and cells.sigmoid is maths.sigmoid


def test_relu():
    np.testing.assert_array_equal(maths.relu(np.array([-1.0, 0.0, 2.5])), [0, 0, 2.5])


def test_log_softmax_is_the_chapters_formula_bit_for_bit():
    rng = np.random.default_rng(0)
    y = 5 * rng.standard_normal((3, 4, 13))
    np.testing.assert_array_equal(maths.log_softmax(y), chapter_log_softmax(y))
    np.testing.assert_allclose(
        np.exp(maths.log_softmax(y)), maths.softmax(y), rtol=1e-13
    )
    big = np.array([[1e4, 0.0, -1e4]])
    with np.errstate(over="raise"):
        assert np.isfinite(maths.log_softmax(big)).all()
    assert maths.log_softmax(y.astype(np.float32)).dtype == np.float32


def test_softmax_with_a_temperature_is_the_chapters_softmax_t_bit_for_bit():
    y = np.random.default_rng(1).standard_normal(50)
    for tau in (1e-3, 0.5, 1.0, 2.0):
        np.testing.assert_array_equal(
            maths.softmax(y, temperature=tau), chapter_softmax_t(y, tau)
        )
        np.testing.assert_array_equal(text.softmax(y, tau), chapter_softmax_t(y, tau))


def test_softmax_keeps_the_dtype_and_its_callers_keep_theirs():
    y = np.random.default_rng(2).standard_normal((2, 5)).astype(np.float32)
    assert maths.softmax(y).dtype == np.float32
    assert attention.softmax(y).dtype == np.float32
    assert text.softmax(y).dtype == np.float64  # sampling is done in float64
    np.testing.assert_allclose(maths.softmax(y).sum(axis=-1), 1, rtol=1e-6)
    dense = ru.DenseParams(
        np.eye(5, dtype=np.float32), np.zeros(5, np.float32), "softmax"
    )
    np.testing.assert_array_equal(ru.dense(dense, y), maths.softmax(y))


def test_softmax_mask_gives_exact_zeros():
    e = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    mask = np.array([[True, False, True], [False, False, True]])
    w = maths.softmax(e, mask=mask)
    assert w[0, 1] == 0 and w[1, 2] == 1
    np.testing.assert_allclose(w[0, [0, 2]], maths.softmax(e[0, [0, 2]]))
    np.testing.assert_array_equal(attention.softmax(e, mask), w)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: maths.softmax(np.ones(3), temperature=0), "temperature: expected"),
        (lambda: maths.softmax(np.ones(3), temperature=-1.0), "temperature: expected"),
        (lambda: maths.softmax(np.ones((2, 0))), "scores: expected at least one"),
        (lambda: maths.log_softmax(np.float64(1.0)), "scores: expected at least one"),
        (
            lambda: maths.softmax(np.ones(3), mask=np.ones(3)),
            "mask: expected a boolean",
        ),
        (lambda: maths.softmax(np.ones(3), mask=np.ones(2, bool)), "broadcasts"),
        (lambda: maths.softmax(np.ones(3), mask=np.zeros(3, bool)), "every row"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def _functions_defined(name):
    """The modules of rnn_utils (diagrams aside) that define a function called ``name``."""
    owners = []
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(
            isinstance(node, ast.FunctionDef) and node.name == name
            for node in ast.walk(tree)
        ):
            owners.append(path.stem)
    return owners


def test_each_function_is_written_once():
    """sigmoid and log_softmax live in maths only; text's and attention's softmax are
    thin callers of maths.softmax; the argument checks live in checks only."""
    assert _functions_defined("sigmoid") == ["maths"]
    assert _functions_defined("log_softmax") == ["maths"]
    assert _functions_defined("softmax") == ["attention", "maths", "text"]
    for module in ("attention", "text"):
        source = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
        assert "maths.softmax(" in source and "np.exp(" not in source
    for name in ("_positive_int", "_positive_float", "_listed", "_mask"):
        assert _functions_defined(name) == [], name
