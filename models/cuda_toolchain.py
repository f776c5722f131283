"""The CUDA compiler of the cuda profile: NVIDIA's pinned wheels, no toolkit, no GPU, no driver.

In:  the folders fetch unpacked the lock's cuda inputs into (third_party/<name>-<version>/:
     nvidia-cuda-nvrtc, nvidia-cuda-runtime, nvidia-cuda-cccl, nvidia-nvfatbin,
     cuda-bindings, cuda-pathfinder), a C compiler (`CC`, else `cc`), a scratch folder,
     and the GPU architectures whose machine code the library carries (the spec's
     device_compiler.binaries, e.g. sm_80 sm_86 sm_89 sm_90; none: PTX alone).
Out: `prepare(folders, scratch, limits, binaries)` sets up this process so that
     relax.build for a cuda target compiles every kernel ahead of time, which the
     artifacts carry:
     - NVRTC's Python binding importable (sys.path), its library and libcudart loaded
       from the wheels (never from a CUDA toolkit the machine may have);
     - a stub libcuda.so.1 (built in scratch, exporting the driver entry points TVM's
       CUDA runtime library names, each returning an error) loaded first, so that
       TVM's libtvm_runtime_cuda.so loads on a machine without an NVIDIA driver: only
       then does TVM's code generator make a CUDA module from compiled code; without
       it TVM 0.26 keeps CUDA *source*, which needs a Python callback at load;
     - CUDA_PATH and NVRTC's include path (cuda_runtime.h, cuda/std from CCCL);
     - `tvm_callback_cuda_compile` registered to return, for the target's `arch`, PTX
       (NVRTC): PTX for sm_80 runs on every GPU of compute capability 8.0 or newer,
       the driver compiling it for the GPU at first load (16 s for the cuda library on
       an H100) and caching it. With binaries, a fatbin (nvFatbin, uncompressed) of that
       PTX and a cubin per architecture (NVRTC): the driver loads the cubin of its GPU's
       architecture as it is and compiles the PTX only on another GPU.
Must run before `import tvm`. Raises CudaToolchainError naming what is missing.
The stub never reaches an output: TVM calls no driver function while building.
"""

import ctypes
import os
import shlex
import shutil
import subprocess
import sys

# The driver entry points libtvm_runtime_cuda.so (TVM 0.26) imports from libcuda.so.1.
DRIVER_SYMBOLS = ("cuDeviceGetName", "cuFuncSetAttribute", "cuGetErrorName", "cuGetErrorString",
                  "cuLaunchKernelEx", "cuModuleGetFunction", "cuModuleLoadData", "cuModuleUnload",
                  "cuTensorMapEncodeTiled")
CUDA_ERROR_STUB_LIBRARY = 34   # CUresult CUDA_ERROR_STUB_LIBRARY
INPUTS = ("nvidia-cuda-nvrtc", "nvidia-cuda-runtime", "nvidia-cuda-cccl", "nvidia-nvfatbin", "cuda-bindings",
          "cuda-pathfinder")


REFUSED = []   # KernelCheckErrors raised inside the compile callback (they cross TVM's FFI)


class CudaToolchainError(Exception):
    """The cuda profile's compiler cannot be set up; the message says what is missing."""


def _find(folder, *parts):
    path = os.path.join(folder, *parts)
    if not os.path.exists(path):
        raise CudaToolchainError(f"{path}: missing (the folder is not the unpacked wheel the lock pins: "
                                 f"run ./scons fetch PROFILE=cuda)")
    return path


def _cuda_root(folder):
    """nvidia/cu<major> of an unpacked NVIDIA wheel."""
    base = _find(folder, "nvidia")
    found = sorted(d for d in os.listdir(base) if d.startswith("cu") and d[2:].isdigit())
    if len(found) != 1:
        raise CudaToolchainError(f"{base}: expected one nvidia/cu<version> folder, found {found or 'none'}")
    return os.path.join(base, found[0])


def build_stub(scratch):
    """libcuda.so.1 with DRIVER_SYMBOLS, each returning CUDA_ERROR_STUB_LIBRARY."""
    compiler = os.environ.get("CC") or shutil.which("cc")
    if compiler is None:
        raise CudaToolchainError("the cuda profile needs a C compiler (CC, or cc on the PATH) to build a stub "
                                 "libcuda.so.1 for TVM's CUDA code generator (Debian: apt-get install gcc)")
    os.makedirs(scratch, exist_ok=True)
    source = os.path.join(scratch, "libcuda_stub.c")
    with open(source, "w", encoding="utf-8") as f:
        f.write("/* A driver that has no GPU: lets TVM's CUDA runtime library load at build time. */\n")
        for name in DRIVER_SYMBOLS:
            f.write(f"int {name}(void) {{ return {CUDA_ERROR_STUB_LIBRARY}; }}\n")
    stub = os.path.join(scratch, "libcuda.so.1")
    result = subprocess.run([compiler, "-shared", "-fPIC", "-Wl,-soname,libcuda.so.1", "-o", stub, source],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise CudaToolchainError(f"building the stub libcuda.so.1 with {compiler} failed:\n{result.stderr}")
    return stub


def _arch_number(arch):
    """"80" of sm_80 (nvFatbin's spelling of an architecture)."""
    if not arch.startswith("sm_") or not arch[3:].isdigit():
        raise CudaToolchainError(f"GPU architecture {arch!r}: expected sm_<number>, e.g. sm_90")
    return arch[3:]


def fatbin(library, ptx, ptx_arch, cubins):
    """One fatbin of ptx (for ptx_arch) and cubins [(arch, bytes)], by nvFatbin (library: its
    ctypes handle), uncompressed (the same bytes from every build; the PTX stays readable)."""
    def call(name, *args):
        result = getattr(library, name)(*args)
        if result != 0:
            library.nvFatbinGetErrorString.restype = ctypes.c_char_p
            raise CudaToolchainError(f"nvFatbin: {name} failed: {library.nvFatbinGetErrorString(result).decode()}")
    handle = ctypes.c_void_p()
    options = (ctypes.c_char_p * 2)(b"-64", b"-compress=false")
    call("nvFatbinCreate", ctypes.byref(handle), options, ctypes.c_size_t(2))
    try:
        text = bytes(ptx)
        call("nvFatbinAddPTX", handle, ctypes.c_char_p(text), ctypes.c_size_t(len(text)),
             _arch_number(ptx_arch).encode(), b"kokoro", b"")
        for arch, code in cubins:
            data = bytes(code)
            call("nvFatbinAddCubin", handle, ctypes.c_char_p(data), ctypes.c_size_t(len(data)),
                 _arch_number(arch).encode(), b"kokoro")
        size = ctypes.c_size_t()
        call("nvFatbinSize", handle, ctypes.byref(size))
        out = ctypes.create_string_buffer(size.value)
        call("nvFatbinGet", handle, out)
        return out.raw
    finally:
        library.nvFatbinDestroy(ctypes.byref(handle))


def prepare(folders, scratch, limits, binaries=()):
    """Set up this process for ahead-of-time CUDA builds; folders: {input name: folder}; limits:
    the profile row's GPU limits, which every kernel's source is checked against first;
    binaries: the architectures (sm_XX) whose cubins the library carries beside the PTX."""
    missing = [name for name in INPUTS if name not in folders]
    if missing:
        raise CudaToolchainError(f"the cuda profile needs the lock's inputs {', '.join(missing)}")
    if "tvm" in sys.modules:
        raise CudaToolchainError("models.cuda_toolchain.prepare must run before tvm is imported")
    runtime = _cuda_root(folders["nvidia-cuda-runtime"])
    nvrtc = _cuda_root(folders["nvidia-cuda-nvrtc"])
    cccl = _find(_cuda_root(folders["nvidia-cuda-cccl"]), "include", "cccl")
    major = os.path.basename(runtime)[2:]
    sys.path[:0] = [folders["cuda-bindings"], folders["cuda-pathfinder"]]
    # Loaded by soname before TVM and NVRTC's binding look for them: the wheels' copies.
    builtins = sorted(f for f in os.listdir(_find(nvrtc, "lib")) if f.startswith(f"libnvrtc-builtins.so.{major}"))
    if not builtins:
        raise CudaToolchainError(f"{nvrtc}/lib: no libnvrtc-builtins.so.{major}.*, which NVRTC opens")
    for library in (_find(runtime, "lib", f"libcudart.so.{major}"), _find(nvrtc, "lib", builtins[0]),
                    _find(nvrtc, "lib", f"libnvrtc.so.{major}"), build_stub(scratch)):
        ctypes.CDLL(library, mode=ctypes.RTLD_GLOBAL)
    for arch in binaries:
        _arch_number(arch)
    fatbinary = ctypes.CDLL(_find(_cuda_root(folders["nvidia-nvfatbin"]), "lib", f"libnvfatbin.so.{major}")) \
        if binaries else None
    os.environ["CUDA_PATH"] = runtime
    os.environ["TVM_CUDA_NVRTC_EXTRA_OPTS"] = f"-I{shlex.quote(cccl)}"   # split by TVM as a shell would
    os.environ["TVM_CUDA_COMPILE_MODE"] = "nvrtc"

    import tvm  # noqa: F401  (loads libtvm_runtime_cuda.so against the stub)
    import tvm_ffi
    from tvm.support import nvcc
    from tvm.target import Target

    if tvm_ffi.get_global_func("ffi.Module.create.cuda", allow_missing=True) is None:
        raise CudaToolchainError("TVM's CUDA runtime library (libtvm_runtime_cuda.so) did not load, so TVM "
                                 "would ship CUDA source: check that the wheel has it")

    from .gpu_checks import KernelCheckError, check_source

    @tvm_ffi.register_global_func("tvm_callback_cuda_compile", override=True)
    def compile_device_code(code, *_):
        target = Target.current(allow_none=False)
        try:   # the source's limits first: a clear refusal instead of ptxas's
            check_source(code, target, limits)
        except KernelCheckError as e:
            REFUSED.append(e)
            raise
        arch = str(target.attrs["arch"])
        ptx = nvcc.compile_cuda(code, target_format="ptx", arch=arch, compiler="nvrtc")
        if not binaries:
            return ptx
        cubins = [(binary, nvcc.compile_cuda(code, target_format="cubin", arch=binary, compiler="nvrtc"))
                  for binary in binaries]
        return fatbin(fatbinary, ptx, arch, cubins)
    return {"cuda_root": runtime, "nvrtc": nvrtc, "cccl": cccl}


def versions(folders):
    """{input name: version} of the CUDA compiler, for the manifest."""
    return {name: os.path.basename(folders[name].rstrip("/"))[len(name) + 1:] for name in INPUTS}
