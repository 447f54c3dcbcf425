"""The pandas peer of `hf bench data`: median read_csv time and peak memory on the same file.

    ./hf bench data --keep /tmp/bench.csv
    /usr/bin/python3 experiments/tools/pandas_read_csv.py /tmp/bench.csv      # Debian's python3-pandas

CPU time (time.process_time) is printed next to the wall time: on a shared machine it is the figure that does not
depend on the other load. Memory is the growth of the process's peak resident set during the reads (ru_maxrss), next to the size of the
float32 array of the same table (pandas itself keeps float64).
"""
import os
import resource
import statistics
import sys
import time

import numpy as np
import pandas as pd

path = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
times = []
cpu = []
for _ in range(repeats):
    t0 = time.perf_counter()
    c0 = time.process_time()
    df = pd.read_csv(path)
    times.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
    shape = df.shape
    del df
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
f32 = shape[0] * shape[1] * 4
print(f"pandas {pd.__version__} read_csv {shape[0]} x {shape[1]}: median {statistics.median(times):.2f} s of {[round(t, 2) for t in times]}")
print(f"CPU time median {statistics.median(cpu):.2f} s of {[round(t, 2) for t in cpu]}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
print(f"memory: peak RSS growth {peak / 2**20:.0f} MB = {peak / f32:.2f}x the float32 array ({f32 / 2**20:.0f} MB)")
