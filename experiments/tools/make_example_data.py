"""Writes the data files of the example experiments under experiments/data/ (run from the repository root).

    /usr/bin/python3 experiments/tools/make_example_data.py     # needs Debian's python3-numpy for the .npy files

- boston.csv: the bundled Boston table as a plain file (copied).
- boston-bands.csv: the same rows with two categorical columns, `river` (yes/no, from chas) and `highway`
  (the radial-highway access index as a label r1..r24, from rad), and the target `band` (low/mid/high: the
  terciles of medv) in place of medv.
- fashion-*.npy: the first 1000 training and 200 test images (uint8, 28 x 28) and labels (int64) of the bundled
  Fashion-MNIST subset.
"""
import csv
import gzip
import shutil

import numpy as np

SRC = "experiments/src/main/resources/dev/hyperforge/experiments/data/"
OUT = "experiments/data/"

shutil.copyfile(SRC + "boston/boston.csv", OUT + "boston.csv")

with open(SRC + "boston/boston.csv", newline="") as f:
    rows = list(csv.DictReader(f))
prices = sorted(float(r["medv"]) for r in rows)
low, high = prices[len(prices) // 3], prices[2 * len(prices) // 3]
columns = ["crim", "zn", "indus", "river", "nox", "rm", "age", "dis", "highway", "tax", "ptratio", "b", "lstat", "band"]
with open(OUT + "boston-bands.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        medv = float(r["medv"])
        r["river"] = "yes" if r["chas"] == "1" else "no"
        r["highway"] = "r" + str(int(float(r["rad"])))
        r["band"] = "low" if medv < low else "mid" if medv < high else "high"
        w.writerow([r[c] for c in columns])


def idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


train_x = idx(SRC + "fashion-mnist/train-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)
train_y = idx(SRC + "fashion-mnist/train-labels-idx1-ubyte.gz", 8)
test_x = idx(SRC + "fashion-mnist/t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)
test_y = idx(SRC + "fashion-mnist/t10k-labels-idx1-ubyte.gz", 8)
np.save(OUT + "fashion-x-train.npy", train_x[:1000])
np.save(OUT + "fashion-y-train.npy", train_y[:1000].astype(np.int64))
np.save(OUT + "fashion-x-test.npy", test_x[:200])
np.save(OUT + "fashion-y-test.npy", test_y[:200].astype(np.int64))
print("written to", OUT, "numpy", np.__version__)
