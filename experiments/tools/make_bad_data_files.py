"""Regenerates the malformed data-file corpus of BadDataFilesCliTest (run from the repository root).

Each case is an experiment file NN-name.yaml next to the data file(s) it reads; the experiment is valid, the data
is not. `# expect:` lines give substrings the one-line error must contain (the data file and its line or column).
Needs only the standard library: .npy bytes are written by hand.
"""
import os
import struct
import zipfile

OUT = "experiments/src/test/resources/bad-data-files"

CSV_YAML = """{expect}name: bad-data-file
seed: 1
data:
  loader: csv
  options: {{path: {path}{options}}}
  split: {{validation: 0.25}}
model:
  inputs:
    - {{name: features, shape: [{width}]}}
  layers:
    - {{name: h, type: Dense, args: {{units: "${{units}}"}}}}
    - {{name: y, type: Dense, args: {{units: 1}}}}
compile:
  optimizer: {{type: adam, learning_rate: 0.01}}
  loss: mse
fit: {{epochs: 1, batch_size: 8}}
search:
  space:
    units: {{type: int, low: 2, high: 4}}
  objective: {{metric: val_loss, direction: min}}
"""

NPY_YAML = CSV_YAML.replace("loader: csv", "loader: npy").replace("  options: {{path: {path}{options}}}", "  options: {{{options}}}")

GOOD = "x1,x2,y\n1,2,3\n4,5,6\n7,8,9\n10,11,12\n"


def npy(descr, shape, data, version=1, magic=b"\x93NUMPY"):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")")
    pre = 6 + 2 + (2 if version == 1 else 4)
    header += " " * ((64 - (pre + len(header) + 1) % 64) % 64) + "\n"
    length = struct.pack("<H", len(header)) if version == 1 else struct.pack("<I", len(header))
    return magic + bytes([version, 0]) + length + header.encode("latin1") + data


def f4(shape, start=0.0):
    n = 1
    for s in shape:
        n *= s
    return npy("<f4", shape, struct.pack("<%df" % n, *[start + i for i in range(n)]))


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def csv_case(name, text, expects, options=", targets: [y]", width=2, path=None):
    path = path or name + ".csv"
    if text is not None:
        write(path, text)
    expect = "".join("# expect: %s\n" % e for e in expects)
    write(name + ".yaml", CSV_YAML.format(expect=expect, path=path, options=options, width=width))


def npy_case(name, files, expects, options=None, width=2):
    for fname, data in files.items():
        write(fname, data)
    options = options or "inputs: {features: %s-x.npy}, targets: {y: %s-y.npy}" % (name, name)
    expect = "".join("# expect: %s\n" % e for e in expects)
    write(name + ".yaml", NPY_YAML.format(expect=expect, options=options, width=width))


os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    os.remove(os.path.join(OUT, f))
csv_case("01-ragged-long", "x1,x2,y\n1,2,3\n4,5,6,7\n7,8,9\n", ["01-ragged-long.csv:3: the row has 4 fields, the header has 3"])
csv_case("02-ragged-short", "x1,x2,y\n1,2,3\n4,5,6\n7,8\n", ["02-ragged-short.csv:4: the row has 2 fields, the header has 3"])
csv_case("03-empty", "", ["03-empty.csv: the file is empty"])
csv_case("04-header-only", "x1,x2,y\n", ["04-header-only.csv: no data rows after the header"])
csv_case("05-target-not-in-header", GOOD, ["05-target-not-in-header.csv:1 column 'why' is not in the header", "did you mean 'y'?"], options=", targets: [why]")
csv_case("06-feature-not-in-header", GOOD, ["06-feature-not-in-header.csv:1 column 'x3' is not in the header", "'x1'"],
         options=", targets: [y], features: [x1, x3]")
csv_case("07-not-a-number", "x1,x2,y\n1,2,3\n4,abc,6\n7,8,9\n", ["07-not-a-number.csv:3 column 'x2': 'abc' is not a number"])
csv_case("08-na-without-missing", "x1,x2,y\n1,2,3\n4,5,6\nn/a,8,9\n",
         ["08-na-without-missing.csv:4 column 'x1': 'n/a' is not a number (use missing: drop or mean)"])
csv_case("09-empty-cell", "x1,x2,y\n1,2,3\n4,,6\n7,8,9\n", ["09-empty-cell.csv:3 column 'x2': the cell is empty (use missing: drop or mean)"])
csv_case("10-unterminated-quote", 'x1,x2,y\n1,2,3\n"4,5,6\n7,8,9\n', ["10-unterminated-quote.csv:3: a quoted field opened on this line", "unterminated quote"])
csv_case("11-text-after-quote", 'x1,x2,y\n1,2,3\n"4"x,5,6\n', ["11-text-after-quote.csv:3: malformed CSV"])
csv_case("12-bom-and-bad-number", "\ufeffx1,x2,y\r\n1,2,3\r\n4,5,6\r\n7,8x,9\r\n", ["12-bom-and-bad-number.csv:4 column 'x2': '8x' is not a number"])
write("13-not-utf8.csv", b"x1,x2,y\n1,2,3\n\xff\xfe,5,6\n")
csv_case("13-not-utf8", None, ["13-not-utf8.csv: is not UTF-8 text"])
csv_case("14-duplicate-column", "x1,x1,y\n1,2,3\n4,5,6\n", ["14-duplicate-column.csv:1 column 'x1' appears twice in the header"])
csv_case("15-missing-target-mean", "x1,x2,y\n1,2,3\n4,5,\n7,8,9\n", ["15-missing-target-mean.csv:3 column 'y': a missing target cannot be imputed"],
         options=", targets: [y], missing: mean")
csv_case("16-binary-three-classes", "x1,x2,y\n1,2,a\n4,5,b\n7,8,c\n", ["16-binary-three-classes.csv:4 column 'y': a binary target needs exactly 2"],
         options=", targets: {y: binary}")
csv_case("17-label-as-regression", "x1,x2,y\n1,2,cat\n4,5,dog\n", ["17-label-as-regression.csv:2 column 'y': 'cat' is not a number",
                                                                   "set the target's kind"])
csv_case("18-drop-removes-all", "x1,x2,y\n1,,3\nNA,5,6\n", ["18-drop-removes-all.csv: no data rows", "missing: drop removed all 2"],
         options=", targets: [y], missing: drop")
csv_case("19-wrong-delimiter", "x1;x2;y\n1;2;3\n4;5;6\n", ["19-wrong-delimiter.csv:1 column 'y' is not in the header", "x1;x2;y"])
csv_case("20-file-missing", None, ["20-file-missing.csv: no such file"])
csv_case("21-columns-vs-model-input", "x1,x2,x3,y\n1,2,3,4\n5,6,7,8\n9,10,11,12\n13,14,15,16\n",
         ["input 'features' expects arrays of shape", "21-columns-vs-model-input.csv", "features (4, 3)"])
csv_case("22-tsv-ragged", "x1\tx2\ty\n1\t2\t3\n4\t5\n", ["22-tsv-ragged.tsv:3: the row has 2 fields, the header has 3"], path="22-tsv-ragged.tsv")
csv_case("23-quoted-newline-number", 'x1,x2,y\n1,2,3\n"4\n5",6,7\n', ["23-quoted-newline-number.csv:3 column 'x1'", "is not a number"])

npy_case("30-bad-magic", {"30-bad-magic-x.npy": GOOD, "30-bad-magic-y.npy": f4([4])}, ["30-bad-magic-x.npy: not a NumPy .npy file"])
npy_case("31-truncated-data", {"31-truncated-data-x.npy": f4([4, 2])[:-12], "31-truncated-data-y.npy": f4([4])},
         ["31-truncated-data-x.npy: truncated: the header says (4, 2) float32 (32 bytes of data), the file holds 20"])
npy_case("32-unsupported-dtype", {"32-unsupported-dtype-x.npy": npy("<f2", [4, 2], bytes(16)), "32-unsupported-dtype-y.npy": f4([4])},
         ["32-unsupported-dtype-x.npy: unsupported dtype '<f2'"])
npy_case("33-shape-vs-model-input", {"33-shape-vs-model-input-x.npy": f4([4, 3]), "33-shape-vs-model-input-y.npy": f4([4])},
         ["input 'features' expects arrays of shape", "33-shape-vs-model-input-x.npy (4, 3)"])
write("34-npz-missing-key.npz", b"")
with zipfile.ZipFile(os.path.join(OUT, "34-npz-missing-key.npz"), "w") as z:
    z.writestr("x_train.npy", f4([4, 2]))
    z.writestr("y_train.npy", f4([4]))
npy_case("34-npz-missing-key", {}, ["34-npz-missing-key.npz: no array 'features' (the archive holds [x_train, y_train]"],
         options="inputs: {features: 34-npz-missing-key.npz}, targets: {y: {path: 34-npz-missing-key.npz, key: y_train}}")
npy_case("35-empty-npy", {"35-empty-npy-x.npy": b"", "35-empty-npy-y.npy": f4([4])}, ["35-empty-npy-x.npy: the file is empty"])
npy_case("36-sample-counts-differ", {"36-sample-counts-differ-x.npy": f4([4, 2]), "36-sample-counts-differ-y.npy": f4([3])},
         ["36-sample-counts-differ-y.npy holds 3 samples"])
npy_case("37-truncated-header", {"37-truncated-header-x.npy": f4([4, 2])[:30], "37-truncated-header-y.npy": f4([4])},
         ["37-truncated-header-x.npy: truncated inside the .npy header"])
npy_case("38-format-version-4", {"38-format-version-4-x.npy": npy("<f4", [4, 2], bytes(32), version=4), "38-format-version-4-y.npy": f4([4])},
         ["38-format-version-4-x.npy: .npy format version 4.0 is not supported"])
npy_case("39-object-dtype", {"39-object-dtype-x.npy": npy("|O", [4, 2], bytes(64)), "39-object-dtype-y.npy": f4([4])},
         ["39-object-dtype-x.npy: unsupported dtype"])
npy_case("40-test-shape-differs", {"40-test-shape-differs-x.npy": f4([4, 2]), "40-test-shape-differs-y.npy": f4([4]),
                                   "40-test-shape-differs-tx.npy": f4([2, 3]), "40-test-shape-differs-ty.npy": f4([2])},
         ["40-test-shape-differs-x.npy has shape (4, 2) but the test array 40-test-shape-differs-tx.npy has (2, 3)"],
         options="inputs: {features: 40-test-shape-differs-x.npy}, targets: {y: 40-test-shape-differs-y.npy}, "
                 "test: {inputs: {features: 40-test-shape-differs-tx.npy}, targets: {y: 40-test-shape-differs-ty.npy}}")
npy_case("41-npz-not-a-zip", {"41-npz-not-a-zip.npz": b"PK\x03\x04garbage that is not a zip archive"}, ["41-npz-not-a-zip.npz"],
         options="inputs: {features: 41-npz-not-a-zip.npz}, targets: {y: 41-npz-not-a-zip.npz}")
npy_case("42-npy-missing", {"42-npy-missing-y.npy": f4([4])}, ["42-npy-missing-x.npy: no such file"])
npy_case("43-big-endian-truncated", {"43-big-endian-truncated-x.npy": npy(">i8", [4, 2], bytes(40)), "43-big-endian-truncated-y.npy": f4([4])},
         ["43-big-endian-truncated-x.npy: truncated: the header says (4, 2) int64 (64 bytes of data), the file holds 40"])
print(len([f for f in os.listdir(OUT) if f.endswith(".yaml")]), "cases")
