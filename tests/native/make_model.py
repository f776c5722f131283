"""Compiles a small Relax module with the pinned TVM as a system library.

    python make_model.py OUT_DIR PREFIX

Writes the module's object files into OUT_DIR (from TVM's own tar export:
byte-for-byte determinism of that tar does not matter here) and prints their
names. The module's `main(x: (4, 8), w: (8, 3))` computes relu(x @ w) + 1.
"""

import os
import sys
import tarfile
import tempfile

import tvm
from tvm import relax
from tvm.script import ir as I
from tvm.script import relax as R


@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((4, 8), "float32"), w: R.Tensor((8, 3), "float32")) -> R.Tensor((4, 3), "float32"):
        with R.dataflow():
            y = R.matmul(x, w)
            z = R.nn.relu(y)
            o = R.add(z, R.const(1.0, "float32"))
            R.output(o)
        return o


def main(out_dir, prefix):
    mod = Module.with_attr("system_lib_prefix", prefix)
    executable = relax.build(mod, tvm.target.Target({"kind": "llvm"}), system_lib=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "module.tar")
        executable.export_library(path)
        with tarfile.open(path) as tar:
            names = [m.name for m in tar.getmembers() if m.name.endswith(".o")]
            tar.extractall(out_dir, members=[tar.getmember(n) for n in names])
    print("\n".join(sorted(names)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
