#!/usr/bin/python3
"""Known answers for the attention, normalisation and position-embedding layers, computed independently.

Run with Debian's python3-torch:  /usr/bin/python3 engine/src/test/python/attention_fixtures.py
It writes engine/src/test/resources/dev/hyperforge/engine/layers/attention-fixtures.json, which the Java
tests read (they never run Python). Each case holds fixed inputs and weights in Keras' layouts, the output,
and the gradients of L = sum(output * r) for a fixed r with respect to every input and weight, computed with
torch autograd in double precision. The maths is written out here from the Keras 3 / keras_hub definitions:

- LayerNormalization: (x - mean) / sqrt(var + eps) * gamma + beta over the last axis (biased variance).
- MultiHeadAttention: query/key/value kernels (dim, heads, key_dim) and biases (heads, key_dim), output kernel
  (heads, value_dim, out) and bias (out); scores = (q / sqrt(key_dim)) . k, masked softmax as Keras' Softmax
  (scores + (1 - mask) * -1e9, softmax, times mask), combined with v, projected out.
- TokenAndPositionEmbedding: token_embedding[ids] + position_embedding[:T].
- GlobalAveragePooling1D with a mask: sum(x * mask) / sum(mask) over the steps.
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "hyperforge", "engine", "layers",
                   "attention-fixtures.json")


def det(seed, *shape, scale=1.0):
    """Deterministic values in [-scale, scale) that do not depend on torch's generator."""
    n = math.prod(shape)
    vals = [((((i + 1) * 7919 + seed * 104729) % 1000) / 500.0 - 1.0) * scale for i in range(n)]
    return torch.tensor(vals).reshape(shape)


def arr(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def layer_norm_case():
    x = det(1, 2, 3, 4, scale=2.0).requires_grad_()
    gamma = (det(2, 4) + 1.5).requires_grad_()
    beta = det(3, 4).requires_grad_()
    eps = 1e-3
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    y = (x - mean) / torch.sqrt(var + eps) * gamma + beta
    r = det(4, *y.shape)
    (y * r).sum().backward()
    return {"epsilon": eps, "inputs": {"x": arr(x)}, "weights": {"gamma": arr(gamma), "beta": arr(beta)},
            "r": arr(r), "output": arr(y),
            "grads": {"x": arr(x.grad), "gamma": arr(gamma.grad), "beta": arr(beta.grad)}}


def mha(query, value, key, w, heads, key_dim, mask):
    q = torch.einsum("btd,dhk->bthk", query, w["query_kernel"]) + w["query_bias"]
    k = torch.einsum("bsd,dhk->bshk", key, w["key_kernel"]) + w["key_bias"]
    v = torch.einsum("bsd,dhv->bshv", value, w["value_kernel"]) + w["value_bias"]
    scores = torch.einsum("bshk,bthk->bhts", k, q / math.sqrt(key_dim))
    if mask is not None:
        m = mask[:, None, :, :]
        probs = torch.softmax(scores + (1.0 - m) * -1e9, dim=-1) * m
    else:
        probs = torch.softmax(scores, dim=-1)
    ctx = torch.einsum("bhts,bshv->bthv", probs, v)
    return torch.einsum("bthv,hvo->bto", ctx, w["attention_output_kernel"]) + w["attention_output_bias"]


def mha_case(seed, b, t, s, dq, dv, dk, heads, key_dim, value_dim, out, self_attention, mask_kind):
    query = det(seed, b, t, dq).requires_grad_()
    value = query if self_attention else det(seed + 1, b, s, dv).requires_grad_()
    key = value if dk is None else det(seed + 2, b, s, dk).requires_grad_()
    kdim = dv if dk is None else dk
    shapes = {"query_kernel": (dq, heads, key_dim), "query_bias": (heads, key_dim),
              "key_kernel": (kdim, heads, key_dim), "key_bias": (heads, key_dim),
              "value_kernel": (dv, heads, value_dim), "value_bias": (heads, value_dim),
              "attention_output_kernel": (heads, value_dim, out), "attention_output_bias": (out,)}
    w = {name: det(seed + 10 + i, *shape, scale=0.7).requires_grad_() for i, (name, shape) in enumerate(shapes.items())}
    mask = None
    if mask_kind in ("explicit", "explicit+causal"):
        mask = (det(seed + 30, b, t, s) > -0.4).double()
        mask[0, 0, :] = 0.0  # a query row that may attend nowhere: zero weights
    if mask_kind in ("causal", "explicit+causal"):
        causal = torch.tril(torch.ones(t, s))[None, :, :]
        mask = causal.expand(b, t, s).clone() if mask is None else mask * causal
    y = mha(query, value, key, w, heads, key_dim, mask)
    r = det(seed + 40, *y.shape)
    (y * r).sum().backward()
    inputs = {"query": arr(query)}
    grads = {"query": arr(query.grad)}
    if not self_attention:
        inputs["value"] = arr(value)
        grads["value"] = arr(value.grad)
    if dk is not None:
        inputs["key"] = arr(key)
        grads["key"] = arr(key.grad)
    for name, p in w.items():
        grads[name] = arr(p.grad)
    case = {"num_heads": heads, "key_dim": key_dim, "value_dim": value_dim, "output_shape": out,
            "inputs": inputs, "weights": {n: arr(p) for n, p in w.items()}, "r": arr(r), "output": arr(y), "grads": grads}
    if mask_kind in ("explicit", "explicit+causal"):
        explicit = (det(seed + 30, b, t, s) > -0.4).double()
        explicit[0, 0, :] = 0.0
        case["attention_mask"] = arr(explicit)
    case["use_causal_mask"] = mask_kind in ("causal", "explicit+causal")
    return case


def token_position_case():
    ids = torch.tensor([[3, 0, 6, 2], [1, 1, 5, 0]])
    tok = det(50, 7, 3, scale=0.05).requires_grad_()
    pos = det(51, 6, 3, scale=0.5).requires_grad_()
    y = tok[ids] + pos[: ids.shape[1]][None, :, :]
    r = det(52, *y.shape)
    (y * r).sum().backward()
    return {"vocabulary_size": 7, "sequence_length": 6, "embedding_dim": 3, "inputs": {"ids": arr(ids.double())},
            "weights": {"token_embeddings": arr(tok), "position_embeddings": arr(pos)}, "r": arr(r), "output": arr(y),
            "grads": {"token_embeddings": arr(tok.grad), "position_embeddings": arr(pos.grad)}}


def masked_average_case():
    x = det(60, 2, 4, 3, scale=3.0).requires_grad_()
    mask = torch.tensor([[1.0, 1.0, 0.0, 0.0], [1.0, 0.0, 1.0, 1.0]])
    y = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True)
    r = det(61, *y.shape)
    (y * r).sum().backward()
    return {"inputs": {"x": arr(x)}, "mask": arr(mask), "r": arr(r), "output": arr(y), "grads": {"x": arr(x.grad)}}


def main():
    cases = {
        "layer_norm": layer_norm_case(),
        "mha_self": mha_case(100, 2, 3, 3, 4, 4, None, 2, 3, 2, 4, True, None),
        "mha_self_explicit_mask": mha_case(200, 2, 4, 4, 4, 4, None, 2, 3, 3, 4, True, "explicit"),
        "mha_self_causal": mha_case(300, 2, 4, 4, 3, 3, None, 1, 2, 2, 3, True, "causal"),
        "mha_cross_key_mask_causal": mha_case(400, 2, 3, 5, 4, 3, 6, 3, 2, 4, 5, False, "explicit+causal"),
        "mha_cross_no_key": mha_case(500, 2, 2, 4, 3, 5, None, 2, 2, 3, 3, False, None),
        "token_and_position": token_position_case(),
        "masked_average": masked_average_case(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(cases, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
