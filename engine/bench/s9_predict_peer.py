#!/usr/bin/python3
"""S9's prediction (16 rows through 13 -> 64 relu -> 64 relu -> 1) timed finely on both sides.

torch_peer.py prints PyTorch's milliseconds with two decimals (0.03 ms), too coarse for a call of about
25 microseconds. This script builds the same S9 model through torch_peer.py's own builder (imported from
--peer-dir, unchanged), trains it a few steps as torch_peer.bench does, and times model(x) under no_grad with
time.perf_counter over --calls calls after --warmup calls: median, 10th percentile and minimum, in microseconds.
With --engine it also runs the engine's bench command (`hf bench engine --models s9 --batches N`, whose
infer_ms_per_batch is itself a median over N predictions) alternately with PyTorch for --rounds rounds.

    /usr/bin/python3 engine/bench/s9_predict_peer.py --threads 2 --calls 20000 --engine --rounds 3
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def torch_predict_us(peer_dir, threads, calls, warmup):
    sys.path.insert(0, peer_dir)
    import torch
    import torch_peer
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    builder, batch = torch_peer.MODELS["s9"]
    model, inputs, loss_fn = builder(batch)
    optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3)
    for _ in range(20):
        optimizer.zero_grad()
        loss_fn(model(*inputs)).backward()
        optimizer.step()
    model.eval()
    times = []
    with torch.no_grad():
        for i in range(warmup + calls):
            start = time.perf_counter()
            model(*inputs)
            if i >= warmup:
                times.append(1e6 * (time.perf_counter() - start))
    times.sort()
    return {"median_us": statistics.median(times), "p10_us": times[len(times) // 10], "min_us": times[0]}


def engine_predict_us(root, batches):
    env = dict(os.environ, HF_NO_BUILD="1")
    out = subprocess.run([os.path.join(root, "hf"), "bench", "engine", "--models", "s9", "--batches", str(batches), "--format", "json"],
                         env=env, check=True, capture_output=True, text=True).stdout
    row = json.loads(out[out.index("["):])[0]
    return {"median_us": 1000 * row["infer_ms_per_batch"], "train_us": 1000 * row["train_ms_per_batch"]}


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p = argparse.ArgumentParser()
    p.add_argument("--peer-dir", default=os.path.join(root, "..", "shared", "bench"), help="folder of torch_peer.py")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--calls", type=int, default=20000)
    p.add_argument("--warmup", type=int, default=2000)
    p.add_argument("--engine", action="store_true", help="also time the engine (hf bench engine) alternately")
    p.add_argument("--batches", type=int, default=2000, help="the engine bench's --batches")
    p.add_argument("--rounds", type=int, default=1)
    a = p.parse_args()
    for r in range(a.rounds):
        if a.engine:
            e = engine_predict_us(root, a.batches)
            print(f"round {r + 1} engine  predict median {e['median_us']:.1f} us (train step {e['train_us']:.1f} us)", flush=True)
        # a fresh interpreter per round, as torch_peer.py runs
        cmd = [sys.executable, "-c", "import json, sys; sys.path.insert(0, %r); import s9_predict_peer as s; "
               "print(json.dumps(s.torch_predict_us(%r, %d, %d, %d)))" % (os.path.dirname(os.path.abspath(__file__)), a.peer_dir, a.threads, a.calls, a.warmup)]
        t = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        print(f"round {r + 1} pytorch predict median {t['median_us']:.1f} us, p10 {t['p10_us']:.1f}, min {t['min_us']:.1f}", flush=True)


if __name__ == "__main__":
    main()
