#!/usr/bin/env python3
"""A one-hidden-layer MLP regressor in plain Python 3 (standard library only), tuned by Hyperforge.

Reads the bundled Boston house-prices CSV (506 rows, 13 features, target `medv`; CC0, see
experiments/src/main/resources/dev/hyperforge/experiments/data/README.md), holds out 20% for validation,
trains with mini-batch SGD and prints the Hyperforge protocol:

    HF_METRIC <name> <epoch> <value>   per-epoch loss, val_loss, val_mae (curves in the dashboard)
    HF_REPORT <epoch> <val_loss>       intermediate value for the pruner (it may stop this program)

The parameters arrive as a JSON object on stdin (also as HF_PARAM_<NAME> variables). The trained weights
and validation predictions go to $HF_RUN_DIR, whose files become the run's artifacts.
"""
import argparse
import csv
import json
import math
import os
import random
import sys


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], [[float(v) for v in r] for r in rows[1:] if r]
    target = header.index("medv")
    xs = [[v for i, v in enumerate(r) if i != target] for r in data]
    ys = [r[target] for r in data]
    return xs, ys


def standardize(train, other):
    cols = len(train[0])
    mean = [sum(r[c] for r in train) / len(train) for c in range(cols)]
    std = [math.sqrt(sum((r[c] - mean[c]) ** 2 for r in train) / len(train)) or 1.0 for c in range(cols)]
    scale = lambda rows: [[(r[c] - mean[c]) / std[c] for c in range(cols)] for r in rows]
    return scale(train), scale(other)


class Mlp:
    def __init__(self, inputs, hidden, rng):
        bound = math.sqrt(6.0 / (inputs + hidden))
        self.w1 = [[rng.uniform(-bound, bound) for _ in range(inputs)] for _ in range(hidden)]
        self.b1 = [0.0] * hidden
        self.w2 = [rng.uniform(-bound, bound) for _ in range(hidden)]
        self.b2 = 0.0

    def forward(self, x):
        h = [math.tanh(sum(w * v for w, v in zip(row, x)) + b) for row, b in zip(self.w1, self.b1)]
        return h, sum(w * v for w, v in zip(self.w2, h)) + self.b2

    def step(self, batch, lr, l2):
        hidden, inputs = len(self.w1), len(self.w1[0])
        g1 = [[0.0] * inputs for _ in range(hidden)]
        gb1, g2, gb2 = [0.0] * hidden, [0.0] * hidden, 0.0
        for x, y in batch:
            h, out = self.forward(x)
            d = 2.0 * (out - y) / len(batch)
            gb2 += d
            for j in range(hidden):
                g2[j] += d * h[j]
                dh = d * self.w2[j] * (1.0 - h[j] * h[j])
                gb1[j] += dh
                row = g1[j]
                for i in range(inputs):
                    row[i] += dh * x[i]
        for j in range(hidden):
            self.w2[j] -= lr * (g2[j] + l2 * self.w2[j])
            self.b1[j] -= lr * gb1[j]
            row, grow = self.w1[j], g1[j]
            for i in range(inputs):
                row[i] -= lr * (grow[i] + l2 * row[i])
        self.b2 -= lr * gb2


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="the Boston CSV")
    ap.add_argument("--epochs", type=int, default=30)
    args = ap.parse_args()
    params = json.load(sys.stdin)
    lr, hidden, batch, l2 = params["lr"], int(params["hidden"]), int(params["batch_size"]), params["l2"]
    seed = int(os.environ.get("HF_TRIAL_NUMBER", "0"))

    xs, ys = load(args.data)
    order = list(range(len(xs)))
    random.Random(42).shuffle(order)              # the same split for every trial
    cut = int(0.8 * len(order))
    tr, va = order[:cut], order[cut:]
    x_tr, x_va = standardize([xs[i] for i in tr], [xs[i] for i in va])
    y_mean = sum(ys[i] for i in tr) / len(tr)
    y_tr = [(ys[i] - y_mean) / 10.0 for i in tr]  # targets in units of $10k around the mean
    y_va = [(ys[i] - y_mean) / 10.0 for i in va]

    rng = random.Random(seed)
    net = Mlp(len(x_tr[0]), hidden, rng)
    train = list(zip(x_tr, y_tr))
    for epoch in range(args.epochs):
        rng.shuffle(train)
        for k in range(0, len(train), batch):
            net.step(train[k:k + batch], lr, l2)
        loss = sum((net.forward(x)[1] - y) ** 2 for x, y in zip(x_tr, y_tr)) / len(x_tr)
        preds = [net.forward(x)[1] for x in x_va]
        val_loss = sum((p - y) ** 2 for p, y in zip(preds, y_va)) / len(y_va)
        val_mae = 10.0 * sum(abs(p - y) for p, y in zip(preds, y_va)) / len(y_va)  # in $1000s
        print(f"HF_METRIC loss {epoch} {loss:.6f}")
        print(f"HF_METRIC val_loss {epoch} {val_loss:.6f}")
        print(f"HF_METRIC val_mae {epoch} {val_mae:.6f}")
        print(f"HF_REPORT {epoch} {val_loss:.6f}", flush=True)
        if not math.isfinite(loss):
            print(f"training diverged at epoch {epoch}", file=sys.stderr)
            return 1

    run_dir = os.environ.get("HF_RUN_DIR")
    if run_dir:
        with open(os.path.join(run_dir, "weights.json"), "w") as f:
            json.dump({"w1": net.w1, "b1": net.b1, "w2": net.w2, "b2": net.b2, "y_mean": y_mean}, f)
        with open(os.path.join(run_dir, "val_predictions.csv"), "w") as f:
            f.write("medv,predicted\n")
            for p, y in zip(preds, y_va):
                f.write(f"{y_mean + 10 * y:.3f},{y_mean + 10 * p:.3f}\n")
    print(f"{val_loss:.6f}")  # the score when the objective names no metric
    return 0


if __name__ == "__main__":
    sys.exit(main())
