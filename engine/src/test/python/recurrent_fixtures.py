"""Known answers for the engine's recurrent layers, computed with PyTorch (run with a python that has torch
and numpy, e.g. Debian's /usr/bin/python3 with python3-torch):

    python3 engine/src/test/python/recurrent_fixtures.py

writes engine/src/test/resources/dev/hyperforge/engine/layers/recurrent/recurrent-fixtures.json, which
RecurrentKnownAnswerTest reads (the Java tests never run Python).

Weights use Keras' layout and are mapped to torch's cells: LSTM gates i, f, c, o in both (weight_ih = kernel^T,
weight_hh = recurrent_kernel^T, bias_ih = bias, bias_hh = 0); GRU with Keras' reset_after=True is torch's GRU
(candidate n = tanh(W_in x + b_in + r * (W_hn h + b_hn))) with the gate blocks reordered from Keras' z, r, h to
torch's r, z, n, bias row 0 -> bias_ih and row 1 -> bias_hh; SimpleRNN is torch's RNNCell with tanh. The mask
and go_backwards follow Keras' backend rnn: masked steps keep the states, output the previous output (or zeros
with zero_output_for_mask, which Bidirectional sets for sequences), go_backwards walks the steps from last to
first and returns the sequence in that order. Each case's loss is sum(output * r_out) + sum(h * r_h)
(+ sum(c * r_c) for LSTM) over the layer's outputs with return_state=True; the gradients are of that loss.
"""
import json
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
RNG = np.random.default_rng(20261206)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "hyperforge", "engine", "layers", "recurrent",
                   "recurrent-fixtures.json")


def rand(*shape, scale=0.5):
    return RNG.uniform(-scale, scale, size=shape)


def keras_weights(kind, features, units):
    g = {"LSTM": 4, "GRU": 3, "SimpleRNN": 1}[kind]
    w = {"kernel": rand(features, g * units), "recurrent_kernel": rand(units, g * units)}
    w["bias"] = rand(2, 3 * units) if kind == "GRU" else rand(g * units)
    return w


def gru_blocks(a, u):
    """Keras z, r, h column blocks of a (rows, 3u) array -> torch r, z, n row blocks of its transpose."""
    return torch.cat([a[:, u:2 * u], a[:, 0:u], a[:, 2 * u:]], dim=1).T.contiguous()


def cell_for(kind, w, features, units):
    """A step function (x_t, states) -> (h, states) built from torch's cells with the Keras weights."""
    t = {k: torch.tensor(v, requires_grad=True) for k, v in w.items()}
    if kind == "LSTM":
        cell = torch.nn.LSTMCell(features, units)
    elif kind == "GRU":
        cell = torch.nn.GRUCell(features, units)
    else:
        cell = torch.nn.RNNCell(features, units, nonlinearity="tanh")
    for p in cell.parameters():
        p.requires_grad_(False)

    def params():
        if kind == "GRU":
            return (gru_blocks(t["kernel"], units), gru_blocks(t["recurrent_kernel"], units),
                    gru_blocks(t["bias"][0:1], units).reshape(-1), gru_blocks(t["bias"][1:2], units).reshape(-1))
        return t["kernel"].T, t["recurrent_kernel"].T, t["bias"], torch.zeros(t["bias"].shape)

    def step(x, states):
        w_ih, w_hh, b_ih, b_hh = params()
        if kind == "LSTM":
            h, c = torch._VF.lstm_cell(x, states, w_ih, w_hh, b_ih, b_hh)
            return h, [h, c]
        if kind == "GRU":
            h = torch._VF.gru_cell(x, states[0], w_ih, w_hh, b_ih, b_hh)
        else:
            h = torch._VF.rnn_tanh_cell(x, states[0], w_ih, w_hh, b_ih, b_hh)
        return h, [h]

    return step, t, cell


def run(step, kind, x, mask, go_backwards, zero_output, units):
    """Keras' rnn loop: returns (sequence in pass order, last output, final states)."""
    batch, steps, _ = x.shape
    states = [torch.zeros(batch, units) for _ in range(2 if kind == "LSTM" else 1)]
    prev = torch.zeros(batch, units)
    outs = []
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    for s in order:
        h, new = step(x[:, s], states)
        if mask is not None:
            m = mask[:, s:s + 1] > 0
            states = [torch.where(m, n, o) for n, o in zip(new, states)]
            out = torch.where(m, h, torch.zeros_like(h) if zero_output else prev)
        else:
            states, out = new, h
        prev = out
        outs.append(out)
    return torch.stack(outs, dim=1), outs[-1], states


def check_against_torch_layer(kind, w, x, units):
    """The step loop without a mask equals torch's own fused layer (validates the weight mapping)."""
    step, t, _ = cell_for(kind, w, x.shape[2], units)
    seq, _, _ = run(step, kind, x, None, False, False, units)
    layer = {"LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU, "SimpleRNN": torch.nn.RNN}[kind](x.shape[2], units, batch_first=True)
    with torch.no_grad():
        if kind == "GRU":
            u = units
            layer.weight_ih_l0.copy_(gru_blocks(torch.tensor(w["kernel"]), u))
            layer.weight_hh_l0.copy_(gru_blocks(torch.tensor(w["recurrent_kernel"]), u))
            layer.bias_ih_l0.copy_(gru_blocks(torch.tensor(w["bias"][0:1]), u).reshape(-1))
            layer.bias_hh_l0.copy_(gru_blocks(torch.tensor(w["bias"][1:2]), u).reshape(-1))
        else:
            layer.weight_ih_l0.copy_(torch.tensor(w["kernel"]).T)
            layer.weight_hh_l0.copy_(torch.tensor(w["recurrent_kernel"]).T)
            layer.bias_ih_l0.copy_(torch.tensor(w["bias"]))
            layer.bias_hh_l0.zero_()
    ref, _ = layer(x.detach())
    assert torch.allclose(seq.detach(), ref, atol=1e-12), kind + ": step loop differs from torch's layer"


def single_case(name, kind, units, return_sequences, go_backwards, mask, batch=3, steps=5, features=4):
    w = keras_weights(kind, features, units)
    x = torch.tensor(rand(batch, steps, features, scale=1.0), requires_grad=True)
    check_against_torch_layer(kind, w, x, units)
    step, t, _ = cell_for(kind, w, features, units)
    m = None if mask is None else torch.tensor(mask, dtype=torch.float64)
    seq, last, states = run(step, kind, x, m, go_backwards, False, units)
    out = seq if return_sequences else last
    r = {"r_out": rand(*out.shape, scale=1.0), "r_h": rand(batch, units, scale=1.0)}
    loss = (out * torch.tensor(r["r_out"])).sum() + (states[0] * torch.tensor(r["r_h"])).sum()
    outputs = {"out": out, "h": states[0]}
    if kind == "LSTM":
        r["r_c"] = rand(batch, units, scale=1.0)
        loss = loss + (states[1] * torch.tensor(r["r_c"])).sum()
        outputs["c"] = states[1]
    loss.backward()
    return {
        "name": name, "layer": kind, "units": units, "return_sequences": return_sequences, "go_backwards": go_backwards,
        "x": x.detach().tolist(), "mask": mask, "weights": {k: v.tolist() for k, v in w.items()},
        "loss_weights": {k: v.tolist() for k, v in r.items()},
        "outputs": {k: v.detach().tolist() for k, v in outputs.items()},
        "grads": dict({"x": x.grad.tolist()}, **{k: v.grad.tolist() for k, v in t.items()}),
    }


def bidirectional_case(name, kind, units, return_sequences, merge_mode, mask, batch=3, steps=5, features=4):
    wf = keras_weights(kind, features, units)
    wb = keras_weights(kind, features, units)
    x = torch.tensor(rand(batch, steps, features, scale=1.0), requires_grad=True)
    m = None if mask is None else torch.tensor(mask, dtype=torch.float64)
    sf, tf, _ = cell_for(kind, wf, features, units)
    sb, tb, _ = cell_for(kind, wb, features, units)
    seq_f, last_f, _ = run(sf, kind, x, m, False, return_sequences, units)
    seq_b, last_b, _ = run(sb, kind, x, m, True, return_sequences, units)
    y, y_rev = (seq_f, torch.flip(seq_b, dims=[1])) if return_sequences else (last_f, last_b)
    out = {"concat": lambda: torch.cat([y, y_rev], dim=-1), "sum": lambda: y + y_rev, "ave": lambda: (y + y_rev) / 2,
           "mul": lambda: y * y_rev}[merge_mode]()
    r_out = rand(*out.shape, scale=1.0)
    (out * torch.tensor(r_out)).sum().backward()
    grads = {"x": x.grad.tolist()}
    grads.update({"forward/" + k: v.grad.tolist() for k, v in tf.items()})
    grads.update({"backward/" + k: v.grad.tolist() for k, v in tb.items()})
    weights = {"forward/" + k: v.tolist() for k, v in wf.items()}
    weights.update({"backward/" + k: v.tolist() for k, v in wb.items()})
    return {
        "name": name, "layer": "Bidirectional", "inner": kind, "units": units, "return_sequences": return_sequences,
        "merge_mode": merge_mode, "x": x.detach().tolist(), "mask": mask, "weights": weights,
        "loss_weights": {"r_out": r_out.tolist()}, "outputs": {"out": out.detach().tolist()}, "grads": grads,
    }


def main():
    # right padding in rows 0 and 2, a gap inside row 1, a fully real row last
    mask = [[1, 1, 1, 0, 0], [1, 0, 1, 1, 0], [1, 1, 1, 1, 1]]
    cases = []
    for kind in ("LSTM", "GRU", "SimpleRNN"):
        for seq in (False, True):
            for back in (False, True):
                cases.append(single_case(f"{kind} seq={seq} back={back}", kind, 3, seq, back, None))
                cases.append(single_case(f"{kind} seq={seq} back={back} masked", kind, 3, seq, back, mask))
    for kind, seq, mode in (("LSTM", True, "concat"), ("GRU", False, "concat"), ("LSTM", False, "sum"),
                            ("GRU", True, "ave"), ("SimpleRNN", True, "mul")):
        cases.append(bidirectional_case(f"Bidirectional {kind} seq={seq} {mode}", kind, 3, seq, mode, None))
        cases.append(bidirectional_case(f"Bidirectional {kind} seq={seq} {mode} masked", kind, 3, seq, mode, mask))
    with open(OUT, "w") as f:
        json.dump({"generator": "engine/src/test/python/recurrent_fixtures.py", "torch": torch.__version__, "cases": cases}, f)
    print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
