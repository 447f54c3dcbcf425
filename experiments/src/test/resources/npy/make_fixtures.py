"""Writes the .npy/.npz fixtures of NpyLoaderTest with real NumPy (run once; the files are committed).

    /usr/bin/python3 make_fixtures.py np1                               # Debian's python3-numpy (1.24)
    /root/.pyenv/versions/3.11.7/bin/python3 make_fixtures.py np2       # a NumPy 2.x

Every array holds known values: base = arange(24).reshape(2, 3, 4), cast or transformed as named.
"""
import sys
import numpy as np

prefix = sys.argv[1]
base = np.arange(24).reshape(2, 3, 4)
np.save(f"{prefix}_f4_c.npy", (base * 0.5).astype(np.float32))
np.save(f"{prefix}_f8_fortran.npy", np.asfortranarray((base - 3).astype(np.float64)))
np.save(f"{prefix}_i4_big.npy", (base * 7).astype(">i4"))
np.save(f"{prefix}_i8.npy", (base - 10).astype(np.int64))
np.save(f"{prefix}_u1.npy", (base * 10).astype(np.uint8))
np.save(f"{prefix}_b1.npy", base % 3 == 0)
np.save(f"{prefix}_f4_1d.npy", np.arange(5, dtype=np.float32))
with open(f"{prefix}_f8_v2.npy", "wb") as f:
    np.lib.format.write_array(f, (base * 0.25).astype(np.float64), version=(2, 0))
with open(f"{prefix}_f4_v3.npy", "wb") as f:
    np.lib.format.write_array(f, (base * 0.5).astype(np.float32), version=(3, 0))
np.savez(f"{prefix}_arrays.npz", x=(base * 0.5).astype(np.float32), y=np.array([1, 0], dtype=np.int64))
np.savez_compressed(f"{prefix}_compressed.npz", x=(base * 0.5).astype(np.float32), y=np.array([1, 0], dtype=np.int64))
print(prefix, np.__version__)
