"""Known answers for the engine's optimizers, clipping and learning-rate schedules (Keras 3 semantics).

Run with a Python that has numpy and torch (Debian's python3-torch):
    /usr/bin/python3 engine/src/test/python/optimizer_fixtures.py
It writes engine/src/test/resources/dev/hyperforge/engine/optimizers/optimizer_fixtures.json, which
OptimizerFixturesTest reads; the Java tests never run Python.

Each case has two variables, a (2, 3) kernel and a (3,) bias (a Dense(3) layer on 2 inputs), fixed
starting values and a fixed gradient per step; the expected values are the variables after each step.

The update rules are Keras 3's (keras/src/optimizers/*.py), written out in numpy below, because PyTorch
differs in places: Adam/AdamW put epsilon after the bias correction of the second moment, Adagrad adds
epsilon outside the root and starts its accumulator at 0 by default, NAdam uses a momentum decay of
0.004 per step instead of Keras' 0.96^t schedule, and clip_grad_norm_ divides by (norm + 1e-6). Where the
formulas coincide (AdamW and Adagrad with epsilon 0 and Adagrad's accumulator starting at 0.1), the
numpy rule is checked against torch.optim before anything is written.
"""
import json
import math
import os

import numpy as np
import torch

STEPS = 4
RNG = np.random.default_rng(17)
W0 = [RNG.normal(size=(2, 3)), RNG.normal(size=(3,))]
GRADS = [[RNG.normal(size=(2, 3)) * 2.0, RNG.normal(size=(3,)) * 2.0] for _ in range(STEPS)]


# ---------------------------------------------------------------- learning-rate schedules (Keras 3)
def exponential_decay(c, step):
    p = step / c["decay_steps"]
    if c.get("staircase"):
        p = math.floor(p)
    return c["initial_learning_rate"] * c["decay_rate"] ** p


def cosine_decay(c, step):
    alpha, decay_steps = c.get("alpha", 0.0), c["decay_steps"]

    def decayed(s, frm):
        cos = 0.5 * (1 + math.cos(math.pi * s / decay_steps))
        return frm * ((1 - alpha) * cos + alpha)

    if c.get("warmup_target") is None:
        return decayed(min(step, decay_steps), c["initial_learning_rate"])
    warm = c.get("warmup_steps", 0)
    s = min(step, decay_steps + warm)
    if s < warm:
        return (c["warmup_target"] - c["initial_learning_rate"]) * (s / warm) + c["initial_learning_rate"]
    return decayed(s - warm, c["warmup_target"])


def piecewise(c, step):
    for b, v in zip(c["boundaries"], c["values"]):
        if step <= b:
            return v
    return c["values"][-1]


SCHEDULES = {"ExponentialDecay": exponential_decay, "CosineDecay": cosine_decay, "PiecewiseConstantDecay": piecewise}


def lr_at(lr, step):
    if isinstance(lr, dict):
        return SCHEDULES[lr["class_name"]](lr["config"], step)
    return lr


# ---------------------------------------------------------------- clipping (Keras 3 base_optimizer._clip_gradients)
def clip(grads, cfg):
    if cfg.get("clipnorm"):
        c = cfg["clipnorm"]
        return [g * c / max(np.linalg.norm(g), c) for g in grads]
    if cfg.get("global_clipnorm"):
        c = cfg["global_clipnorm"]
        n = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
        return [g * c / max(n, c) for g in grads]
    if cfg.get("clipvalue"):
        c = cfg["clipvalue"]
        return [np.clip(g, -c, c) for g in grads]
    return grads


# ---------------------------------------------------------------- update rules (Keras 3 update_step)
def run(name, cfg):
    ws = [w.copy() for w in W0]
    state = [{} for _ in ws]
    out = []
    u_product = 1.0
    for t in range(STEPS):
        lr = lr_at(cfg.get("learning_rate", 0.001), t)
        grads = clip([g.copy() for g in GRADS[t]], cfg)
        wd = cfg.get("weight_decay", 0.004 if name == "adamw" else 0.0)
        if wd:
            ws = [w - w * wd * lr for w in ws]
        if name == "nadam":
            b1 = cfg.get("beta_1", 0.9)
            u_product *= b1 * (1 - 0.5 * 0.96 ** (t + 1))
        for i, (w, g) in enumerate(zip(ws, grads)):
            ws[i] = step(name, cfg, w, g, state[i], t, lr, u_product)
        out.append([w.reshape(-1).tolist() for w in ws])
    return out


def step(name, cfg, w, g, s, t, lr, u_product):
    eps = cfg.get("epsilon", 1e-7)
    if name == "sgd":
        m = cfg.get("momentum", 0.0)
        v = s.get("v", np.zeros_like(w)) * m - lr * g
        s["v"] = v
        return w + v
    if name == "rmsprop":
        rho = cfg.get("rho", 0.9)
        a = s.get("a", np.zeros_like(w)) * rho + (1 - rho) * g * g
        s["a"] = a
        return w - lr * g / (np.sqrt(a) + eps)
    if name in ("adam", "adamw"):
        b1, b2 = cfg.get("beta_1", 0.9), cfg.get("beta_2", 0.999)
        m = s.get("m", np.zeros_like(w)) * b1 + (1 - b1) * g
        v = s.get("v", np.zeros_like(w)) * b2 + (1 - b2) * g * g
        s["m"], s["v"] = m, v
        alpha = lr * math.sqrt(1 - b2 ** (t + 1)) / (1 - b1 ** (t + 1))
        return w - alpha * m / (np.sqrt(v) + eps)
    if name == "nadam":
        b1, b2 = cfg.get("beta_1", 0.9), cfg.get("beta_2", 0.999)
        u_t = b1 * (1 - 0.5 * 0.96 ** (t + 1))
        u_t1 = b1 * (1 - 0.5 * 0.96 ** (t + 2))
        m = s.get("m", np.zeros_like(w)) * b1 + (1 - b1) * g
        v = s.get("v", np.zeros_like(w)) * b2 + (1 - b2) * g * g
        s["m"], s["v"] = m, v
        m_hat = u_t1 * m / (1 - u_product * u_t1) + (1 - u_t) * g / (1 - u_product)
        v_hat = v / (1 - b2 ** (t + 1))
        return w - lr * m_hat / (np.sqrt(v_hat) + eps)
    if name == "adagrad":
        a = s.get("a", np.full_like(w, cfg.get("initial_accumulator_value", 0.1))) + g * g
        s["a"] = a
        return w - lr * g / np.sqrt(a + eps)
    raise ValueError(name)


# ---------------------------------------------------------------- torch cross-checks where the formulas coincide
def torch_run(make):
    ps = [torch.nn.Parameter(torch.tensor(w, dtype=torch.float64)) for w in W0]
    opt = make(ps)
    out = []
    for t in range(STEPS):
        for p, g in zip(ps, GRADS[t]):
            p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        out.append([p.detach().numpy().reshape(-1).tolist() for p in ps])
    return out


def assert_same(a, b, what):
    diff = max(abs(x - y) for sa, sb in zip(a, b) for va, vb in zip(sa, sb) for x, y in zip(va, vb))
    assert diff < 1e-12, f"{what}: numpy and torch differ by {diff}"


assert_same(run("adamw", {"learning_rate": 0.01, "weight_decay": 0.05, "epsilon": 0.0}),
            torch_run(lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.05, eps=0.0)), "AdamW eps=0")
assert_same(run("adagrad", {"learning_rate": 0.1, "epsilon": 0.0}),
            torch_run(lambda ps: torch.optim.Adagrad(ps, lr=0.1, initial_accumulator_value=0.1, eps=0.0)), "Adagrad eps=0")
assert_same(run("sgd", {"learning_rate": 0.1, "momentum": 0.9}),
            torch_run(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)), "SGD momentum (torch's v = m v + g; w -= lr v equals Keras' for a fixed lr)")

CASES = [
    ("adamw", {"learning_rate": 0.01}),
    ("adamw", {"learning_rate": 0.01, "weight_decay": 0.1, "clipnorm": 1.0}),
    ("nadam", {"learning_rate": 0.01}),
    ("nadam", {"learning_rate": 0.002, "beta_1": 0.8, "beta_2": 0.99, "global_clipnorm": 2.0}),
    ("adagrad", {"learning_rate": 0.1}),
    ("adagrad", {"learning_rate": 0.05, "initial_accumulator_value": 0.5, "clipvalue": 0.5}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "clipnorm": 1.5}),
    ("sgd", {"learning_rate": 0.1, "global_clipnorm": 1.0}),
    ("rmsprop", {"learning_rate": 0.01, "clipvalue": 1.0}),
    ("adam", {"learning_rate": 0.01, "global_clipnorm": 0.5}),
    ("adam", {"learning_rate": {"class_name": "ExponentialDecay",
                                "config": {"initial_learning_rate": 0.05, "decay_steps": 2, "decay_rate": 0.5}}}),
    ("adamw", {"learning_rate": {"class_name": "CosineDecay",
                                 "config": {"initial_learning_rate": 0.0, "decay_steps": 4, "alpha": 0.1,
                                            "warmup_target": 0.02, "warmup_steps": 2}}}),
    ("sgd", {"learning_rate": {"class_name": "PiecewiseConstantDecay",
                               "config": {"boundaries": [0, 2], "values": [0.1, 0.05, 0.01]}}}),
]

SCHEDULE_CASES = [
    {"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.9}},
    {"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.9, "staircase": True}},
    {"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.01, "decay_steps": 20, "alpha": 0.0}},
    {"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.01, "decay_steps": 20, "alpha": 0.25}},
    {"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.0, "decay_steps": 20, "alpha": 0.1,
                                             "warmup_target": 0.001, "warmup_steps": 5}},
    {"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.0005, "decay_steps": 10,
                                             "warmup_target": 0.002, "warmup_steps": 4}},
    {"class_name": "PiecewiseConstantDecay", "config": {"boundaries": [3, 7], "values": [1.0, 0.5, 0.1]}},
]
SCHEDULE_STEPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 15, 19, 20, 24, 25, 30, 100]

fixtures = {
    "generator": "engine/src/test/python/optimizer_fixtures.py (Keras 3 formulas in numpy; torch cross-checks)",
    "w0": [w.reshape(-1).tolist() for w in W0],
    "grads": [[g.reshape(-1).tolist() for g in gs] for gs in GRADS],
    "cases": [{"class_name": n, "config": c, "expected": run(n, c)} for n, c in CASES],
    "schedules": [{"schedule": s, "steps": SCHEDULE_STEPS,
                   "values": [lr_at(s, k) for k in SCHEDULE_STEPS]} for s in SCHEDULE_CASES],
}
here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "resources", "dev", "hyperforge", "engine", "optimizers", "optimizer_fixtures.json")
with open(path, "w") as f:
    json.dump(fixtures, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path), len(CASES), "optimizer cases,", len(SCHEDULE_CASES), "schedules")
