"""The cuda profile's models, and the iPhone's kernels, on a real NVIDIA GPU (marker `gpu`).

Run on a GPU machine with the folder `python benchmarks/gpu_pipeline.py pack DIR [--ios-kernels]`
made:

    KOKORO_GPU_PACK=DIR python3 -m pytest -m gpu tests/test_gpu.py

Every function of every bucket on the GPU against the PyTorch split, and the whole chain on
the GPU against KModel.forward_with_tokens, within models/README.md's tolerances, PyTorch
on the CPU being the reference (benchmarks/gpu_pipeline.py says why: PyTorch's own GPU run
of the decoder is 20% off its CPU run), on the GPU's side of atan2's cut in the decoder's
source STFT and on its phases that float32 does not decide (models/testing/reference.py
phase_branches); and the cuda profile's kokoro-tvm tool and a
C program on its C library, each running the whole chain on the GPU with no Python, against
forward_with_tokens on three utterances. The function and chain checks run again on the
ios-kernels library (the ios build's Metal kernels printed as CUDA C) where the pack has it.
Elsewhere (CI has no GPU) each test is skipped and says why."""

import importlib.util
import json
import os

import pytest

from conftest import ROOT

pytestmark = pytest.mark.gpu
PACK = os.environ.get("KOKORO_GPU_PACK", "")


def _why_not(library):
    try:
        import torch
    except ImportError:
        return "no PyTorch"
    if not torch.cuda.is_available():
        return "no CUDA GPU on this machine (the GPU tests run on the GPU machine: see this file's docstring)"
    if not os.path.isfile(os.path.join(PACK, "manifest.json")):
        return "KOKORO_GPU_PACK names no folder made by benchmarks/gpu_pipeline.py pack"
    if library and not os.path.isfile(os.path.join(PACK, library, "manifest.json")):
        return f"the pack has no {library} library (benchmarks/gpu_pipeline.py pack DIR --{library})"
    return None


@pytest.fixture(scope="module", params=[None, "ios-kernels"], ids=["cuda", "ios-kernels"])
def on_gpu(request):
    library = request.param
    why = _why_not(library)
    if why:
        pytest.skip(why)
    spec = importlib.util.spec_from_file_location("gpu_pipeline", os.path.join(ROOT, "benchmarks", "gpu_pipeline.py"))
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    import torch
    from models import weights, weights_file
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    folder = os.path.join(PACK, library) if library else PACK
    manifest_path, weights_path = os.path.join(folder, "manifest.json"), os.path.join(folder, "kokoro.weights")
    assert weights_file.main([manifest_path, weights_path]) == 0   # PyTorch makes the build's bytes again
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    if library:   # the ios build's Metal kernels, printed as CUDA C
        assert manifest["target"]["kind"] == "metal" and manifest["printer"]["kind"] == "cuda"
    split = bench.GpuSplit(PACK, manifest, weights_path, folder)
    models = {"cpu": weights.synthetic_model()[0].eval(), "gpu": weights.synthetic_model()[0].to(split.device).eval()}
    return bench, split, models, weights.load_config(), library


def test_every_function_of_every_bucket_on_the_gpu_matches_pytorch(on_gpu):
    bench, split, models, config, library = on_gpu
    results = bench.check_functions(split, models, config, say=print)
    # bert, duration and text_encoder at every token bucket; f0n and decoder at every frame bucket
    assert len(results) == 3 * len(split.buckets["tokens"]) + 2 * len(split.buckets["frames"])
    assert [f for f, error, tolerance in results if not error < tolerance] == []


def test_the_whole_chain_on_the_gpu_matches_forward_with_tokens(on_gpu):
    bench, split, models, config, library = on_gpu
    results = bench.check_chain(split, models, config, say=print)
    assert len(results) == 3
    assert [p for p, error, same in results if not (same and error < bench.TOLERANCE)] == []


def test_the_tool_and_the_c_abi_on_the_gpu_match_forward_with_tokens(on_gpu):
    bench, split, models, config, library = on_gpu
    if library:
        pytest.skip(f"the tool and the C library link the cuda profile's kernels, not {library}'s")
    results = bench.check_tool(split, models, config, PACK, say=print)
    assert len(results) == 6   # three utterances, each from the tool and from the C program
    assert [p for p, error, same in results if not (same and error < bench.TOLERANCE)] == []
