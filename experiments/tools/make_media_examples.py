#!/usr/bin/env python3
"""Writes the example data of experiments/image-folder.yaml and experiments/text-folder.yaml from the data
subsets bundled in experiments/src/main/resources/dev/hyperforge/experiments/data/ (standard library only).

  experiments/data/fashion-images/<class>/<n>.png  4 Fashion-MNIST classes x 60 training images, 28x28 grey PNG
  experiments/data/spam-mail/{ham,spam}/<n>.txt     150 + 150 SpamAssassin messages (subject, blank line, body)

Deterministic: the first images of each class in file order, the first messages of each label, fixed PNG
encoding. Run from the repository root:  python3 experiments/tools/make_media_examples.py
"""
import gzip, os, shutil, struct, sys, zlib

ROOT = sys.argv[1] if len(sys.argv) > 1 else "."
BUNDLED = os.path.join(ROOT, "experiments/src/main/resources/dev/hyperforge/experiments/data")
OUT = os.path.join(ROOT, "experiments/data")
CLASSES = {0: "tshirt", 1: "trouser", 7: "sneaker", 9: "ankle_boot"}
PER_CLASS, MAIL_PER_LABEL = 60, 150


def idx(name):
    with gzip.open(os.path.join(BUNDLED, "fashion-mnist", name), "rb") as f:
        data = f.read()
    ndim = struct.unpack(">I", data[:4])[0] & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def png_grey(width, height, pixels):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + pixels[r * width:(r + 1) * width] for r in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def images():
    (n, h, w), pixels = idx("train-images-idx3-ubyte.gz")
    _, labels = idx("train-labels-idx1-ubyte.gz")
    counts = {c: 0 for c in CLASSES}
    for i in range(n):
        c = labels[i]
        if c in CLASSES and counts[c] < PER_CLASS:
            folder = os.path.join(OUT, "fashion-images", CLASSES[c])
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "%05d.png" % i), "wb") as f:
                f.write(png_grey(w, h, pixels[i * h * w:(i + 1) * h * w]))
            counts[c] += 1
    assert all(v == PER_CLASS for v in counts.values()), counts


def mail():
    with gzip.open(os.path.join(BUNDLED, "spam", "spam-subset.tsv.gz"), "rt", encoding="utf-8") as f:
        lines = [l.rstrip("\n").split("\t", 2) for l in f if l.strip()]
    counts = {"0": 0, "1": 0}
    for i, (label, subject, body) in enumerate(lines):
        if counts[label] < MAIL_PER_LABEL:
            folder = os.path.join(OUT, "spam-mail", "spam" if label == "1" else "ham")
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "%04d.txt" % i), "w", encoding="utf-8", newline="\n") as f:
                f.write(subject + "\n\n" + body + "\n")
            counts[label] += 1
    assert all(v == MAIL_PER_LABEL for v in counts.values()), counts


if __name__ == "__main__":
    for d in ("fashion-images", "spam-mail"):
        shutil.rmtree(os.path.join(OUT, d), ignore_errors=True)
    images()
    mail()
    print("wrote", OUT)
