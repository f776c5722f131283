"""Static checks of GPU kernels (models/gpu_checks.py), run in every build of a GPU profile:
no GPU needed. A kernel over its target's limits, or one that applies `~` to a boolean (which
CUDA and MSL print as an int, so every mask made that way is wrong on the GPU), stops the
build naming the kernel; the shipped Metal source holds no such expression."""

import os

import pytest
import torch
import tvm
from torch import nn

from conftest import ROOT
from models import compile as kcompile, gpu_checks, split

METAL = tvm.target.Target(kcompile.TARGETS["ios"])


def scheduled(module, inputs):
    """The module as the ios profile's pipeline leaves it, before code generation."""
    from tvm.relax.frontend.torch import from_exported_program
    mod = from_exported_program(torch.export.export(module.eval(), inputs))
    with METAL:
        return kcompile.pipeline("ios")(mod)


class MaskByNot(nn.Module):
    def forward(self, x, length):
        return x * (~split.padding_mask(length, 32)).to(torch.float32)


class MaskByCompare(nn.Module):
    def forward(self, x, length):
        return x * split.valid_mask(length, 32)[:, 0]


INPUTS = (torch.randn(1, 32), torch.tensor([20], dtype=torch.int32))


def test_a_boolean_not_is_refused_naming_the_kernel():
    with pytest.raises(gpu_checks.KernelCheckError) as e:
        gpu_checks.check_kernels(scheduled(MaskByNot(), INPUTS), METAL)
    message = str(e.value)
    assert message.startswith("kernel fused_") and "bitwise_not" in message and "(called by main)" in message
    assert "applies ~ (bitwise_not) to a boolean" in message


def test_the_models_masks_pass_and_compute_the_same():
    report = gpu_checks.check_kernels(scheduled(MaskByCompare(), INPUTS), METAL)
    assert report and all(k["threads"] <= 512 for k in report.values())
    with pytest.raises(gpu_checks.KernelCheckError, match="applies ~ to a boolean"):
        from tvm import relax
        with METAL:
            executable = relax.build(scheduled(MaskByNot(), INPUTS), METAL, relax_pipeline=None)
        gpu_checks.check_source(gpu_checks.device_source(executable), METAL)   # the source check catches it too
    x, length = INPUTS
    assert torch.equal(MaskByCompare()(x, length), MaskByNot()(x, length))


def too_many_threads():
    from tvm.script import ir as I, tirx as T

    @I.ir_module(s_tir=True)
    class Module:
        @T.prim_func(s_tir=True)
        def wide(a: T.Buffer((1024,), "float32"), b: T.Buffer((1024,), "float32")):
            for tx in T.thread_binding(768, thread="threadIdx.x"):
                with T.sblock("copy"):
                    v = T.axis.spatial(768, tx)
                    b[v] = a[v]
    return Module


def test_a_kernel_over_the_thread_limit_is_refused_with_its_name():
    with pytest.raises(gpu_checks.KernelCheckError) as e:
        gpu_checks.check_kernels(too_many_threads(), METAL)
    assert str(e.value) == "kernel wide (called by no Relax function) uses 768 threads per block; metal allows 512"
    cuda = tvm.target.Target({"kind": "cuda", "arch": "sm_90"})
    assert gpu_checks.check_kernels(too_many_threads(), cuda) == {"wide": {"threads": 768}}


MSL = """
kernel void kokorotvm_small_kernel(device float* a [[ buffer(0) ]]) {
  threadgroup float red_buf0[64];
  a[0] = 1.0f;
}
kernel void kokorotvm_big_kernel(device float* a [[ buffer(0) ]]) {
  threadgroup float tile[8192];
  threadgroup half more[2];
  a[0] = 1.0f;
}
"""


def test_shared_memory_over_the_limit_is_refused_naming_the_kernel():
    assert gpu_checks.shared_memory_in_source(MSL) == {"kokorotvm_small_kernel": 256, "kokorotvm_big_kernel": 32772}
    with pytest.raises(gpu_checks.KernelCheckError) as e:
        gpu_checks.check_source(MSL, METAL)
    assert str(e.value) == "kernel kokorotvm_big_kernel declares 32772 bytes of shared memory; metal allows 32768"


def test_the_source_scan_finds_a_printed_boolean_not():
    printed = "out[i] = x[i] * ((float)(~(((long)length[0]) <= ((long)i))));"
    assert gpu_checks.boolean_nots_in_source(printed) == ["~(((long)length[0]) <= ((long)i))"]
    assert gpu_checks.boolean_nots_in_source("y = ~(a << 2); z = ~(mask[i]);") == []


def test_the_shipped_metal_source_has_no_boolean_not():
    library = os.path.join(ROOT, "dist", "ios", "models", "kokoro.a")
    if not os.path.exists(library):
        pytest.fail(f"{library} is missing: run ./scons models (./scons test builds it first)")
    import re
    with open(library, "rb") as f:   # the MSL travels as text inside the objects; skip their binary parts
        source = b"\n".join(re.findall(rb"[\t\n\r\x20-\x7e]{200,}", f.read())).decode("ascii")
    assert "kernel void" in source
    assert gpu_checks.boolean_nots_in_source(source) == []
    shared = gpu_checks.check_source(source, METAL)
    assert len(shared) > 100 and max(shared.values()) <= 32768
