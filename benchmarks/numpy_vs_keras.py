"""NumPy LSTM (rnn_utils) against Keras: one forward + backward pass of the same layer, on the CPU.

    python benchmarks/numpy_vs_keras.py [--repeats 30] [--batch 32] [--time 100] [--units 64]
                                        [--blas-threads 1]

Both sides compute the gradients of the same loss, sum(outputs * g), for every
weight and the input, from the same float32 weights:

* NumPy:  ``rnn_utils.backward`` — the forward pass (keeping its caches) and BPTT
  written by hand.
* Keras:  ``keras.layers.LSTM`` under ``tf.GradientTape``, inside a ``tf.function``
  (compiled, as ``fit`` and ``train_on_batch`` run it); the eager version is
  timed as well. This is a training step without the optimizer update.

The two are run alternately, so that the load from other processes falls on
both; the minimum over the repeats (the least disturbed run) is the headline
figure, the median is printed beside it. The gradients are compared first, so
the timing is of two computations that agree.

NumPy's BLAS runs single-threaded by default here (``--blas-threads 0`` keeps
OpenBLAS' own choice). The per-step products of a recurrent loop are too small
to gain from threads, and on a busy machine OpenBLAS' waiting threads make the
large products several times slower; TensorFlow keeps its default thread pools.
The setting must be made before NumPy is imported, hence the late imports.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

TARGET_RATIO = 3.0  # NumPy may take at most 3× the Keras time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--time", type=int, default=100)
    parser.add_argument("--features", type=int, default=32)
    parser.add_argument("--units", type=int, default=64)
    parser.add_argument(
        "--blas-threads", type=int, default=1, help="0: OpenBLAS' default"
    )
    args = parser.parse_args(argv)
    if args.blas_threads > 0:
        os.environ["OPENBLAS_NUM_THREADS"] = str(args.blas_threads)

    import keras
    import numpy as np
    import tensorflow as tf

    import rnn_utils as ru

    rng = np.random.default_rng(0)
    params = ru.init_lstm(args.features, args.units, seed=0, bias_scale=0.1)
    layer = ru.keras_layer(params, return_sequences=True)
    x = rng.standard_normal((args.batch, args.time, args.features)).astype(np.float32)
    g = rng.standard_normal((args.batch, args.time, args.units)).astype(np.float32)
    x_tf, g_tf = tf.constant(x), tf.constant(g)

    def keras_step(inputs):
        with tf.GradientTape() as tape:
            tape.watch(inputs)
            loss = tf.reduce_sum(layer(inputs) * g_tf)
        return tape.gradient(loss, [*layer.trainable_weights, inputs])

    compiled = tf.function(keras_step)

    def numpy_step():
        return ru.backward(params, x, g)

    # Same computation? Compare every gradient before timing anything.
    grads, dx = numpy_step()
    theirs = [t.numpy() for t in compiled(x_tf)]
    worst = max(
        np.max(np.abs(a - b)) / np.max(np.abs(b))
        for a, b in zip([*ru.to_keras_weights(grads), dx], theirs, strict=True)
    )
    if worst > 1e-4:
        raise SystemExit(f"gradients differ: max relative difference {worst:.2e}")

    runs = {
        "numpy": numpy_step,
        "keras compiled": lambda: compiled(x_tf)[0].numpy(),
        "keras eager": lambda: keras_step(x_tf)[0].numpy(),
    }
    for run in runs.values():  # warm-up: tracing, caches, thread pools
        run()
    times = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)

    print(
        f"LSTM forward + backward: batch {args.batch}, {args.time} steps, "
        f"{args.features} features, {args.units} units, float32; "
        f"{args.repeats} alternating repeats on {os.cpu_count()} CPUs"
    )
    print(f"gradients agree: max relative difference {worst:.1e}")
    print(
        f"versions: numpy {np.__version__}, tensorflow {tf.__version__}, "
        f"keras {keras.__version__}; "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'default')}"
    )
    print(f"{'':16s} {'min':>9s} {'median':>9s}")
    for name, ts in times.items():
        print(f"{name:16s} {1e3 * min(ts):7.1f} ms {1e3 * np.median(ts):7.1f} ms")
    ratio = min(times["numpy"]) / min(times["keras compiled"])
    ratio_median = np.median(times["numpy"]) / np.median(times["keras compiled"])
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(
        f"numpy / keras compiled: {ratio:.2f}× (min), {ratio_median:.2f}× (median); "
        f"target ≤ {TARGET_RATIO:g}×: {verdict}"
    )
    return ratio


if __name__ == "__main__":
    main()
