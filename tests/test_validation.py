# ruff: noqa: E501  (one case per line reads as a table)
"""Every bad input raises ValueError naming what was expected and what came."""

import keras
import numpy as np
import pytest

import rnn_utils as ru
from rnn_utils.cells import dense_backward, rnn_step
from rnn_utils.gradcheck import gradient_check
from rnn_utils.keras_bridge import from_keras_weights

rnn = ru.init_rnn(3, 4)
lstm = ru.init_lstm(3, 4)
gru = ru.init_gru(3, 4)
dense = ru.DenseParams(np.zeros((2, 4)), np.zeros(2))
x = np.zeros((2, 5, 3), dtype=np.float32)
h = np.zeros((2, 4), dtype=np.float32)


def built(layer, features=3):
    layer.build((None, None, features))
    return layer


def keras_built(layer, shape):
    layer.build(shape)
    return layer


def quantized_dense():
    layer = keras_built(keras.layers.Dense(2), (None, 3))
    layer.quantize("int8")
    return layer


def lora_dense():
    layer = keras_built(keras.layers.Dense(2), (None, 3))
    layer.enable_lora(1)
    return layer


CASES = {
    # forward / backward: x, states, params
    "x 2-D": (
        lambda: ru.forward(rnn, x[0]),
        r"x: expected a 3-D array .*got shape \(5, 3\)",
    ),
    "x 4-D": (
        lambda: ru.forward(rnn, x[None]),
        r"x: expected a 3-D array .*got shape \(1, 2, 5, 3\)",
    ),
    "x features": (
        lambda: ru.forward(lstm, x[..., :2]),
        r"x: expected 3 features.*got shape \(2, 5, 2\)",
    ),
    "x empty time": (
        lambda: ru.forward(gru, x[:, :0]),
        r"expected at least one .*time step, got shape \(2, 0, 3\)",
    ),
    "x strings": (
        lambda: ru.forward(rnn, np.full((2, 5, 3), "a")),
        r"x: expected real numbers, got dtype <U1",
    ),
    "x complex": (
        lambda: ru.forward(rnn, x + 1j),
        r"x: expected real numbers, got dtype complex",
    ),
    "params type": (
        lambda: ru.forward(dense, x),
        r"params: expected RNNParams, LSTMParams or GRUParams, got DenseParams",
    ),
    "params dict": (lambda: ru.backward({"W": 1}, x), r"params: expected .*got dict"),
    "h0 shape": (
        lambda: ru.forward(rnn, x, h[:1]),
        r"initial_state: expected shape \(2, 4\) = \(batch, units\), got \(1, 4\)",
    ),
    "h0 for lstm": (
        lambda: ru.forward(lstm, x, h),
        r"initial_state: expected a pair \(h, c\).*got an array of shape \(2, 4\)",
    ),
    "c0 shape": (
        lambda: ru.forward(lstm, x, (h, h[:, :3])),
        r"initial_state\[1\]: expected shape \(2, 4\).*got \(2, 3\)",
    ),
    "pair for gru": (
        lambda: ru.forward(gru, x, (h, h)),
        r"initial_state: expected one array h of shape \(2, 4\) \(or the list \[h\]\), got a tuple of 2",
    ),
    "list of 2 for rnn": (
        lambda: ru.forward(rnn, x, [h, h]),
        r"initial_state: expected one array h .*got a list of 2",
    ),
    "triple for lstm": (
        lambda: ru.forward(lstm, x, [h, h, h]),
        r"initial_state: expected a pair \(h, c\) of arrays of shape \(2, 4\) for an LSTM, got list",
    ),
    "h0 strings": (
        lambda: ru.forward(rnn, x, np.full((2, 4), "a")),
        r"initial_state: expected real numbers, got dtype <U1",
    ),
    "mask shape": (
        lambda: ru.forward(rnn, x, mask=np.ones((2, 4), bool)),
        r"mask: expected shape \(2, 5\) = \(batch, time\), got \(2, 4\)",
    ),
    "mask values": (
        lambda: ru.backward(lstm, x, mask=np.full((2, 5), 0.5)),
        r"mask: expected booleans \(or 0 and 1\), got dtype float64 with other values",
    ),
    "gradient_check grad_outputs": (
        lambda: gradient_check(rnn, x, np.zeros((2, 5, 3))),
        r"grad_outputs: expected shape \(2, 5, 4\).*got \(2, 5, 3\)",
    ),
    "grad_outputs": (
        lambda: ru.backward(rnn, x, np.zeros((2, 5, 3))),
        r"grad_outputs: expected shape \(2, 5, 4\).*got \(2, 5, 3\)",
    ),
    "grad_final": (
        lambda: ru.backward(lstm, x, grad_final_state=h),
        r"grad_final_state: expected a pair \(h, c\)",
    ),
    # one step
    "x_t shape": (
        lambda: rnn_step(rnn, x, h),
        r"x_t: expected shape \(batch, 3\), got \(2, 5, 3\)",
    ),
    "h_prev shape": (
        lambda: ru.gru_step(gru, x[:, 0], h[:1]),
        r"h_prev: expected shape \(2, 4\) = \(batch, units\), got \(1, 4\)",
    ),
    "c_prev shape": (
        lambda: ru.lstm_step(lstm, x[:, 0], (h, h[:, :1])),
        r"state\[1\]: expected shape \(2, 4\) = \(batch, units\), got \(2, 1\)",
    ),
    "lstm state": (
        lambda: ru.lstm_step(lstm, x[:, 0], h),
        r"state: expected a pair \(h, c\) of arrays of shape \(2, 4\) for an LSTM, got an array of shape \(2, 4\)",
    ),
    "gates h_prev": (
        lambda: ru.lstm_gates(lstm, x[:, 0], h[:1]),
        r"h_prev: expected shape \(2, 4\) = \(batch, units\), got \(1, 4\)",
    ),
    "step params": (
        lambda: ru.lstm_gates(gru, x[:, 0], h),
        r"params: expected LSTMParams, got GRUParams",
    ),
    "dense h": (
        lambda: ru.dense(dense, np.zeros((2, 3))),
        r"h: expected last axis of size 4 .*got shape \(2, 3\)",
    ),
    "dense_backward": (
        lambda: dense_backward(
            dense.replace(activation="sigmoid"), h, np.zeros((2, 2))
        ),
        r"expected a linear DenseParams, got activation 'sigmoid'",
    ),
    # parameters
    "U shape": (
        lambda: ru.RNNParams(np.zeros((4, 3)), np.zeros((4, 3)), np.zeros(4)),
        r"RNNParams.U: expected shape \(4, 4\) .*got \(4, 3\)",
    ),
    "b shape": (
        lambda: lstm.replace(b_o=np.zeros(5)),
        r"LSTMParams.b_o: expected shape \(4,\) .*got \(5,\)",
    ),
    "W 1-D": (
        lambda: ru.RNNParams(np.zeros(3), np.zeros((4, 4)), np.zeros(4)),
        r"RNNParams.W: expected a 2-D \(units, features\) matrix, got shape \(3,\)",
    ),
    "rnn activation": (
        lambda: rnn.replace(activation="sigmoid"),
        r"RNNParams.activation: expected one of \('tanh', 'relu'\), got 'sigmoid'",
    ),
    "dense activation": (
        lambda: dense.replace(activation="elu"),
        r"DenseParams.activation: expected one of .*got 'elu'",
    ),
    "gru missing bias": (
        lambda: gru.replace(b_hh=None),
        r"GRUParams: expected arrays for \['b_hh'\], got None",
    ),
    "gru extra bias": (
        lambda: ru.init_gru(3, 4, reset_after=False).replace(b_zh=np.zeros(4)),
        r"reset_after=False has a single bias per gate; expected None for \['b_zh'\]",
    ),
    "gru reset_after": (
        lambda: gru.replace(reset_after="yes"),
        r"GRUParams.reset_after: expected True or False, got 'yes'",
    ),
    "recurrent init": (
        lambda: ru.init_rnn(3, 4, recurrent="eye"),
        r"recurrent: expected one of \('normal', 'orthogonal', 'identity'\), got 'eye'",
    ),
    "init units": (
        lambda: ru.init_lstm(3, 0),
        r"units: expected a positive int, got 0",
    ),
    "init features": (
        lambda: ru.init_gru(2.0, 3),
        r"features: expected a positive int, got 2.0",
    ),
    "go_backwards flag": (
        lambda: rnn.replace(go_backwards="yes"),
        r"RNNParams.go_backwards: expected True or False, got 'yes'",
    ),
    "zero_output flag": (
        lambda: lstm.replace(zero_output_for_mask=None),
        r"LSTMParams.zero_output_for_mask: expected True or False, got None",
    ),
    # Keras bridge
    "conv layer": (
        lambda: ru.from_keras(built(keras.layers.Conv1D(2, 3))),
        r"layer: expected a keras.layers.SimpleRNN, LSTM, GRU or Dense, got Conv1D",
    ),
    "unbuilt": (
        lambda: ru.from_keras(keras.layers.LSTM(3)),
        r"layer: expected a built LSTM .*got an unbuilt one",
    ),
    "lstm relu": (
        lambda: ru.from_keras(built(keras.layers.LSTM(3, activation="relu"))),
        r"layer: LSTM\(activation='relu'\) is not supported: expected activation in \('tanh',\) for LSTM; build the layer with one of them",
    ),
    "rnn sigmoid": (
        lambda: ru.from_keras(built(keras.layers.SimpleRNN(3, activation="sigmoid"))),
        r"SimpleRNN\(activation='sigmoid'\) is not supported: expected activation in \('tanh', 'relu'\)",
    ),
    "rnn lambda": (
        lambda: ru.from_keras(built(keras.layers.SimpleRNN(3, activation=lambda a: a))),
        r"SimpleRNN\(activation='custom test_validation.*<lambda>'\) is not supported",
    ),
    "hard sigmoid": (
        lambda: ru.from_keras(
            built(keras.layers.GRU(3, recurrent_activation="hard_sigmoid"))
        ),
        r"GRU\(recurrent_activation='hard_sigmoid'\) is not supported: expected recurrent_activation='sigmoid' for GRU",
    ),
    "dense elu": (
        lambda: ru.from_keras(
            keras_built(keras.layers.Dense(2, activation="elu"), (None, 3))
        ),
        r"Dense\(activation='elu'\) is not supported: expected activation in \('linear', ",
    ),
    "mixed precision": (
        lambda: ru.from_keras(built(keras.layers.LSTM(3, dtype="mixed_float16"))),
        r"layer: LSTM with dtype policy 'mixed_float16' \(computes in float16, weights in float32\) is not supported: .*build the layer with dtype='float32'",
    ),
    "float16": (
        lambda: ru.from_keras(built(keras.layers.SimpleRNN(3, dtype="float16"))),
        r"SimpleRNN with dtype policy 'float16' \(computes in float16, weights in float16\) is not supported",
    ),
    "bfloat16 layer": (
        lambda: ru.keras_layer(gru, dtype="mixed_bfloat16"),
        r"GRU with dtype policy 'mixed_bfloat16' \(computes in bfloat16, weights in float32\) is not supported",
    ),
    "quantized": (
        lambda: ru.from_keras(quantized_dense()),
        r"Dense with the quantized dtype policy 'int8_from_float32' is not supported; use a float32 or float64 layer",
    ),
    "lora": (
        lambda: ru.from_keras(lora_dense()),
        r"Dense with LoRA enabled is not supported; call layer.disable_lora\(\) first",
    ),
    "bidirectional": (
        lambda: ru.from_keras(built(keras.layers.Bidirectional(keras.layers.LSTM(3)))),
        r"got Bidirectional; convert its two layers: from_keras\(layer.forward_layer\) and from_keras\(layer.backward_layer\)",
    ),
    "time distributed": (
        lambda: ru.from_keras(
            built(keras.layers.TimeDistributed(keras.layers.Dense(2)))
        ),
        r"got TimeDistributed; convert the layer it wraps, from_keras\(layer.layer\)",
    ),
    "rnn of a cell": (
        lambda: ru.from_keras(built(keras.layers.RNN(keras.layers.LSTMCell(3)))),
        r"got RNN; rnn_utils converts SimpleRNN, LSTM and GRU layers only; build the matching layer",
    ),
    "model": (
        lambda: ru.from_keras(
            keras.Sequential([keras.Input((None, 3)), keras.layers.LSTM(3)])
        ),
        r"got Sequential; convert its layers one at a time",
    ),
    "stateful": (
        lambda: ru.from_keras(
            keras_built(keras.layers.GRU(3, stateful=True), (2, None, 3))
        ),
        r"layer: GRU\(stateful=True\) starts its next call from the state it carries, .*params, state = from_keras\(layer, return_state=True\)",
    ),
    "stateful no batch": (
        lambda: ru.keras_layer(lstm, stateful=True),
        r"batch_size: expected the batch size for stateful=True .*got None",
    ),
    "batch_size": (
        lambda: ru.keras_layer(lstm, batch_size=0),
        r"batch_size: expected a positive int, got 0",
    ),
    "use_bias non-zero": (
        lambda: ru.keras_layer(lstm, use_bias=False),
        r"use_bias=False: expected zero biases, got non-zero \['b_f'\]",
    ),
    "go_backwards clash": (
        lambda: ru.keras_layer(rnn, go_backwards=True),
        r"layer_kwargs: expected none of .*got \['go_backwards'\]",
    ),
    "to_keras": (
        lambda: ru.to_keras_weights({"W": 1}),
        r"params: expected RNNParams, LSTMParams, GRUParams or DenseParams, got dict",
    ),
    "kwargs clash": (
        lambda: ru.keras_layer(lstm, activation="relu"),
        r"layer_kwargs: expected none of .*got \['activation'\]",
    ),
    "stacked shape": (
        lambda: from_keras_weights(
            ru.LSTMParams, [np.zeros((3, 8)), np.zeros((4, 16)), np.zeros(16)]
        ),
        r"LSTMParams: expected kernel \(3, 16\) and recurrent_kernel \(4, 16\) and bias \(16,\) \(features=3\), got \(3, 8\) and \(4, 16\) and \(16,\)",
    ),
    "stacked count": (
        lambda: from_keras_weights(ru.GRUParams, [np.zeros((3, 12))]),
        r"weights: expected kernel and recurrent and bias \(unless use_bias=False\), got 1 arrays",
    ),
    "stacked kind": (
        lambda: from_keras_weights(dict, [np.zeros((3, 12))]),
        r"cls: expected RNNParams, LSTMParams, GRUParams or DenseParams, got <class 'dict'>",
    ),
    "stacked bias": (
        lambda: from_keras_weights(
            ru.GRUParams,
            [np.zeros((3, 12)), np.zeros((4, 12)), np.zeros(12)],
            reset_after=True,
        ),
        r"GRUParams: expected .* and bias \(2, 12\) \(features=3\), got .* and \(12,\)",
    ),
    # analysis
    "cell path": (
        lambda: ru.cell_state_jacobians(gru, x),
        r"params: expected LSTMParams \(only an LSTM has a cell state\), got GRUParams",
    ),
    "block": (
        lambda: ru.hidden_jacobian_norms(lstm, x, block="z"),
        r"block: expected 'h' or 'c', got 'z'",
    ),
    "block c": (
        lambda: ru.hidden_jacobian_norms(rnn, x, block="c"),
        r"block='c': expected LSTMParams, got RNNParams",
    ),
    "jacobian stack": (
        lambda: ru.jacobian_product_norms(np.zeros((3, 2, 3))),
        r"J: expected a stack of square Jacobians \(T, n, n\), got shape \(3, 2, 3\)",
    ),
    "pascanu act": (
        lambda: ru.pascanu_condition(np.eye(2), activation="elu"),
        r"activation: expected one of \('tanh', 'relu', 'sigmoid'\), got 'elu'",
    ),
    "pascanu square": (
        lambda: ru.pascanu_condition(np.zeros((2, 3))),
        r"U: expected a square 2-D matrix, got shape \(2, 3\)",
    ),
    "svd 1-D": (
        lambda: ru.singular_values(np.zeros(3)),
        r"U: expected a 2-D matrix, got shape \(3,\)",
    ),
    "jacobian x": (lambda: ru.step_jacobians(rnn, x[0]), r"x: expected a 3-D array"),
    "relative_error": (
        lambda: ru.relative_error(np.zeros(2), np.zeros(3)),
        r"expected arrays of the same shape, got \(2,\) and \(3,\)",
    ),
    # tasks
    "variant": (
        lambda: ru.adding_problem(2, 20, variant="arjovsky"),
        r"variant: expected one of \('hochreiter1997', 'le2015'\), got 'arjovsky'",
    ),
    "baseline variant": (
        lambda: ru.adding_constant_baseline("x"),
        r"variant: expected one of",
    ),
    "short adding": (
        lambda: ru.adding_problem(2, 10),
        r"seq_len: expected >= 11 .*got 10",
    ),
    "short le2015": (
        lambda: ru.adding_problem(2, 1, variant="le2015"),
        r"seq_len: expected >= 2 .*got 1",
    ),
    "solved shape": (
        lambda: ru.adding_solved(np.zeros(3), np.zeros((4, 1))),
        r"pred: expected the shape of y \(4, 1\).*got \(3,\)",
    ),
    # plotting
    "steps": (
        lambda: ru.diagrams.rnn_layer(0),
        r"steps: expected None or an int from 1 to 8, got 0",
    ),
    "histories": (
        lambda: ru.plotting.plot_training_curves({}),
        r"histories: expected a non-empty dict",
    ),
    "metric": (
        lambda: ru.plotting.plot_training_curves({"a": {"loss": [1]}}, metric="acc"),
        r"histories\['a'\]: expected a 'acc' entry, got keys \['loss'\]",
    ),
    "norms": (
        lambda: ru.plotting.plot_gradient_norms([1, 2]),
        r"norms: expected a non-empty dict label -> array, got list",
    ),
    "norms 2-D": (
        lambda: ru.plotting.plot_gradient_norms({"a": np.ones((2, 2))}),
        r"norms\['a'\]: expected a 1-D array \(T,\), got shape \(2, 2\)",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_raises_value_error(case):
    call, message = CASES[case]
    with pytest.raises(ValueError, match=message):
        call()
