#!/usr/bin/python3
"""Known answers for the pooling, shape and merge layers and the activations, computed with NumPy.

Writes engine/src/test/resources/dev/hyperforge/engine/layers/shape_activation_fixtures.json: a list of
cases, each a Keras layer (class_name + config as Keras 3 spells them), its double inputs, an upstream
gradient r, the output and the gradient of sum(output * r) with respect to every input (central
differences in float64, so no derivative formula is shared with the Java code). The forward formulas are
written here from Keras 3's definitions (pooling by plain loops). Run with Debian's python3-numpy:
    /usr/bin/python3 engine/src/test/python/shape_activation_fixtures.py
"""
import json
import math
import os

import numpy as np

RNG = np.random.default_rng(17)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "hyperforge", "engine", "layers",
                   "shape_activation_fixtures.json")
ERF = np.vectorize(math.erf)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0),
    "sigmoid": sigmoid,
    "tanh": np.tanh,
    "gelu": lambda x: 0.5 * x * (1 + ERF(x / math.sqrt(2))),
    "gelu_approximate": lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3))),
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
    "selu": lambda x: 1.0507009873554804934193349852946 * np.where(
        x > 0, x, 1.6732632423543772848170429916717 * np.expm1(np.minimum(x, 0))),
    "silu": lambda x: x * sigmoid(x),
    "swish": lambda x: x * sigmoid(x),
    "softplus": lambda x: np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "hard_sigmoid": lambda x: np.clip(x + 3, 0, 6) / 6,
    "exponential": np.exp,
    "leaky_relu": lambda x: np.where(x > 0, x, 0.2 * x),
}


def same_pad(n, k, s):
    """TensorFlow's 'same' padding: output ceil(n / s), the smaller half of the padding before."""
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, out


def keras_avg_pool2d(x, pool, strides, padding):
    """Keras AveragePooling2D on NHWC: the mean of each window's real (unpadded) elements, by loops."""
    n, h, w, c = x.shape
    if padding == "same":
        (top, oh), (left, ow) = same_pad(h, pool[0], strides[0]), same_pad(w, pool[1], strides[1])
    else:
        top, left = 0, 0
        oh, ow = (h - pool[0]) // strides[0] + 1, (w - pool[1]) // strides[1] + 1
    out = np.zeros((n, oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            r0, c0 = i * strides[0] - top, j * strides[1] - left
            rows = slice(max(r0, 0), min(r0 + pool[0], h))
            cols = slice(max(c0, 0), min(c0 + pool[1], w))
            out[:, i, j, :] = x[:, rows, cols, :].mean(axis=(1, 2))
    return out


def keras_avg_pool1d(x, pool, stride, padding):
    return keras_avg_pool2d(x[:, None], (1, pool), (1, stride), padding)[:, 0]


def l2_normalize(x, axis):
    """Keras 3's ops.normalize (order 2): x * min(rsqrt(sum(x^2)), 1 / epsilon), epsilon 1e-7."""
    return x * np.minimum(1 / np.sqrt((x * x).sum(axis=axis, keepdims=True)), 1e7)


def keras_dot(a, b, axes, normalize):
    """Keras Dot / batch_dot: contracts axis axes[0] of a with axes[1] of b, batch kept; (batch, 1) for vectors."""
    if normalize:
        a, b = l2_normalize(a, axes[0]), l2_normalize(b, axes[1])
    out = np.stack([np.tensordot(a[i], b[i], axes=(axes[0] - 1, axes[1] - 1)) for i in range(a.shape[0])])
    return out.reshape(a.shape[0], 1) if out.ndim == 1 else out


def numeric_grad(fn, xs, r, i, eps=1e-6):
    """Central differences of sum(fn(xs) * r) with respect to xs[i]."""
    g = np.zeros_like(xs[i])
    flat = xs[i].reshape(-1)
    for k in range(flat.size):
        orig = flat[k]
        flat[k] = orig + eps
        up = (fn(*xs) * r).sum()
        flat[k] = orig - eps
        down = (fn(*xs) * r).sum()
        flat[k] = orig
        g.reshape(-1)[k] = (up - down) / (2 * eps)
    return g


def case(name, layer, config, inputs, fn):
    xs = [np.array(x, dtype=np.float64) for x in inputs]
    y = np.asarray(fn(*xs), dtype=np.float64)
    r = RNG.uniform(-1, 1, y.shape)
    grads = [numeric_grad(fn, xs, r, i) for i in range(len(xs))]
    enc = lambda t: {"shape": list(t.shape), "data": np.asarray(t).reshape(-1).tolist()}
    return {"name": name, "class_name": layer, "config": config, "inputs": [enc(x) for x in xs],
            "r": enc(r), "output": enc(y), "grads": [enc(g) for g in grads]}


def rnd(*shape):
    return RNG.uniform(-1, 1, shape)


def main():
    cases = []
    # activations over [-6, 6] (no point exactly on a kink), as the Activation layer
    x = np.linspace(-6, 6, 37).reshape(1, 37) + 0.013
    for act, fn in ACTIVATIONS.items():
        cases.append(case("Activation " + act, "Activation", {"activation": act}, [x], fn))
    for slope in (None, 0.1):
        cfg = {} if slope is None else {"negative_slope": slope}
        s = 0.3 if slope is None else slope
        cases.append(case("LeakyReLU %s" % s, "LeakyReLU", cfg, [x], lambda t, s=s: np.where(t > 0, t, s * t)))
    img = rnd(2, 5, 5, 3)
    for pool, strides, pad in (((2, 2), None, "valid"), ((3, 3), (2, 2), "same"), ((2, 3), (1, 1), "same"),
                               ((2, 2), (1, 2), "same")):
        cfg = {"pool_size": list(pool), "padding": pad}
        if strides is not None:
            cfg["strides"] = list(strides)
        cases.append(case("AveragePooling2D %s" % cfg, "AveragePooling2D", cfg, [img],
                          lambda t, p=pool, s=strides or pool, d=pad: keras_avg_pool2d(t, p, s, d)))
    seq = rnd(2, 7, 3)
    for pool, stride, pad in ((2, None, "valid"), (3, 2, "same"), (2, 1, "same"), (4, 3, "valid")):
        cfg = {"pool_size": pool, "padding": pad}
        if stride is not None:
            cfg["strides"] = stride
        cases.append(case("AveragePooling1D %s" % cfg, "AveragePooling1D", cfg, [seq],
                          lambda t, p=pool, s=stride or pool, d=pad: keras_avg_pool1d(t, p, s, d)))
    cases.append(case("GlobalAveragePooling2D", "GlobalAveragePooling2D", {}, [img], lambda t: t.mean(axis=(1, 2))))
    cases.append(case("GlobalAveragePooling2D keepdims", "GlobalAveragePooling2D", {"keepdims": True}, [img],
                      lambda t: t.mean(axis=(1, 2), keepdims=True)))
    t3 = rnd(2, 4, 6)
    cases.append(case("Reshape (3, -1)", "Reshape", {"target_shape": [3, -1]}, [t3], lambda t: t.reshape(2, 3, 8)))
    cases.append(case("Reshape (24,)", "Reshape", {"target_shape": [24]}, [t3], lambda t: t.reshape(2, 24)))
    cases.append(case("Permute (2, 1)", "Permute", {"dims": [2, 1]}, [t3], lambda t: t.transpose(0, 2, 1)))
    t4 = rnd(2, 2, 3, 4)
    cases.append(case("Permute (3, 1, 2)", "Permute", {"dims": [3, 1, 2]}, [t4], lambda t: t.transpose(0, 3, 1, 2)))
    v = rnd(3, 5)
    cases.append(case("RepeatVector 4", "RepeatVector", {"n": 4}, [v], lambda t: np.repeat(t[:, None, :], 4, axis=1)))
    a, b, c = rnd(3, 4, 2), rnd(3, 4, 2), rnd(3, 4, 2)
    cases.append(case("Multiply", "Multiply", {}, [a, b, c], lambda p, q, s: p * q * s))
    cases.append(case("Subtract", "Subtract", {}, [a, b], lambda p, q: p - q))
    cases.append(case("Average", "Average", {}, [a, b, c], lambda p, q, s: (p + q + s) / 3))
    cases.append(case("Maximum", "Maximum", {}, [a, b, c], lambda p, q, s: np.maximum(np.maximum(p, q), s)))
    cases.append(case("Minimum", "Minimum", {}, [a, b], lambda p, q: np.minimum(p, q)))
    u, w = rnd(3, 5), rnd(3, 5)
    for norm in (False, True):
        cases.append(case("Dot axes 1 normalize %s" % norm, "Dot", {"axes": 1, "normalize": norm}, [u, w],
                          lambda p, q, n=norm: keras_dot(p, q, (1, 1), n)))
    m, k = rnd(2, 4, 3), rnd(2, 5, 3)
    for norm in (False, True):
        cases.append(case("Dot axes (2, 2) normalize %s" % norm, "Dot", {"axes": [2, 2], "normalize": norm}, [m, k],
                          lambda p, q, n=norm: keras_dot(p, q, (2, 2), n)))
    e = rnd(2, 4, 6)
    cases.append(case("Dot axes (1, 1)", "Dot", {"axes": [1, 1]}, [m, e], lambda p, q: keras_dot(p, q, (1, 1), False)))
    cases.append(case("Dot 3-D with 2-D", "Dot", {"axes": [2, 1]}, [m, rnd(2, 3)],
                      lambda p, q: keras_dot(p, q, (2, 1), False)))
    with open(OUT, "w") as f:
        json.dump({"generator": "engine/src/test/python/shape_activation_fixtures.py", "numpy": np.__version__,
                   "cases": cases}, f, indent=None)
        f.write("\n")
    print("wrote %d cases to %s" % (len(cases), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
