"""The non-unrolled LSTM (models/lstm.py) equals torch.nn.LSTM run on the
true length of a padded input, on this CPU; its Metal kernel compiles for
iOS with the pinned compiler."""

import numpy as np
import pytest
import torch
import tvm
from tvm import relax

from conftest import target_of
from models import compile as kcompile, lstm

STEPS, IN, HIDDEN = 24, 40, 32


def bidirectional_module(gpu):
    bb = relax.BlockBuilder()
    var = lambda name, shape, dtype="float32": relax.Var(name, relax.TensorType(shape, dtype))
    x, length = var("x", (STEPS, IN)), var("length", (1,), "int32")
    weights = [var(f"{d}_{n}", s) for d in ("f", "b")
               for n, s in (("w_ih", (4 * HIDDEN, IN)), ("w_hh_t", (HIDDEN, 4 * HIDDEN)), ("bias", (4 * HIDDEN,)))]
    with bb.function("main", [x, length] + weights):
        with bb.dataflow():
            out = lstm.emit_lstm(bb, x, length, tuple(weights[:3]), tuple(weights[3:]), gpu=gpu)
            out = bb.emit_output(out)
        bb.emit_func_output(out)
    return bb.get()


@pytest.fixture(scope="module")
def cpu_vm():
    executable = relax.build(bidirectional_module(gpu=False), tvm.target.Target({"kind": "llvm"}))
    return relax.VirtualMachine(executable, tvm.cpu())


@pytest.mark.parametrize("length", [STEPS, 17, 1])
def test_matches_torch_on_the_true_length_of_padded_input(cpu_vm, length):
    torch.manual_seed(length)
    layer = torch.nn.LSTM(IN, HIDDEN, 1, batch_first=True, bidirectional=True)
    x = torch.randn(1, STEPS, IN)
    x[:, length:] = 100.0  # padding that would change the result if it leaked in
    with torch.no_grad():
        expected, _ = layer(x[:, :length])
    params = [p for reverse in (False, True) for p in lstm.layer_parameters(layer, reverse)]
    args = [x[0].numpy(), np.array([length], dtype=np.int32)] + params
    got = cpu_vm["main"](*[tvm.runtime.tensor(a) for a in args]).numpy()
    assert got.shape == (STEPS, 2 * HIDDEN)
    np.testing.assert_allclose(got[:length], expected[0].numpy(), atol=2e-6, rtol=1e-5)
    assert not got[length:].any()


def test_ir_does_not_grow_with_the_sequence():
    text = bidirectional_module(gpu=False).script()
    assert text.count("T.sigmoid(") == 2 * 3  # three sigmoids per direction, not per step


def test_metal_kernel_compiles_for_ios():
    mod = bidirectional_module(gpu=True).with_attr("system_lib_prefix", "lstmtest_")
    target = tvm.target.Target(target_of("ios"))
    executable = relax.build(mod, target, relax_pipeline=kcompile.pipeline(target, "gpu"), system_lib=True)
    sources = []
    stack = [executable.mod]
    while stack:
        module = stack.pop()
        stack.extend(module.imports)
        if module.kind == "metal":
            sources.append(module.inspect_source("metal"))
    assert len(sources) == 1
    source = sources[0]
    # both directions in one kernel, a threadgroup each
    assert "kernel void lstmtest_lstm_kernel" in source and "lstm_fwd" not in source and "lstm_bwd" not in source
    assert "if (((int)blockIdx) == 0) {" in source
    assert "threadgroup float h[32]" in source and "threadgroup_barrier(mem_flags::mem_threadgroup)" in source
