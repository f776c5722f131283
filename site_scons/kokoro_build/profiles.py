"""The table of platforms: every fact about a profile or a build machine, in one place.

In:  the machine (platform.uname).
Out: PLATFORMS, one row per build machine (as the lock names platforms:
     linux-x86_64, linux-aarch64, macos-arm64, macos-x86_64), and PROFILES,
     one row per profile, which every rule, the spec writer (spec.py: the file
     models/compile.py and the crate's build.rs read) and the xcframework writer
     read; no rule tests a profile's
     name. Adding a profile is one row here plus what is truly new about it.

A profile row says:
  - what it builds (parts) and for which device (`device`: cpu, metal, cuda);
  - its TVM target: the device part (`gpu_target`, none on a CPU) and the code
    on the host side (`host_code`: none for the build machine's own CPU level,
    from PLATFORMS); the schedule family follows (GPU rules for a GPU target),
    and a GPU's limits per block (`gpu_limits`: threads, shared memory), those
    of the oldest GPU the row admits, which every kernel is checked against;
    for a proxy, the target whose code generator prints those kernels instead
    (`printer`: the ios kernels as CUDA C, run on an NVIDIA GPU);
  - the compiler of its device code (`device_compiler`: NVIDIA's NVRTC; Xcode's Metal
    compiler where METAL_KERNELS=metallib asks for it: with_options), and
    the binary format of its code (an Apple OS's, or the build machine's:
    `binary_format`), which decides the archive format and how the crate links
    (LINKING);
  - its cargo triple (none: the build machine's), whether the crate's
    command-line tool is built beside the static library, and the Apple
    frameworks the crate links;
  - where the TVM runtime comes from (`runtime_source`: none for the
    RUNTIME_SOURCE option, "git" for the full tree, or pinned shared
    libraries), and the runtime's CMake cache entries;
  - its C/C++ toolchain (`toolchain`: "machine" or "xcode-ios") and, for an
    Apple OS, its minimums (Apple): the oldest OS, whose devices' CPU level
    and GPU family are the ones the code is compiled for;
  - where its parts can be built (`models_build_on`, `natives_build_on`) and
    the message when this machine cannot; how its outputs are packaged
    (`package`: an xcframework).
"""

import platform as _platform
from dataclasses import dataclass, replace

# Machine names as platform.machine() gives them, to the lock's.
ARCH_NAMES = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "arm64"}


# LLVM CPU levels and the CPU features (as Rust's std::arch detection names them) their code
# needs: the manifest records them, and the runtime refuses a CPU lacking one.
_X86_64_V2 = ("cmpxchg16b", "popcnt", "sse3", "sse4.1", "sse4.2", "ssse3")
_X86_64_V3 = _X86_64_V2 + ("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "lzcnt", "movbe", "xsave")
CPU_FEATURES = {
    "x86-64-v3": _X86_64_V3,
    # AVX-512 (Intel Skylake-SP and Ice Lake, AMD Zen 4 and later): the decoder's convolutions
    # run in 8 x 32 tiles of 32 registers (models/cpu_schedule.py), 2.2x v3's on a Zen 5.
    "x86-64-v4": _X86_64_V3 + ("avx512bw", "avx512cd", "avx512dq", "avx512f", "avx512vl"),
    "generic": (),
    "apple-m1": ("neon",),
    "apple-a8": ("neon",),
}


@dataclass(frozen=True)
class Platform:
    """A build machine: what the host profile's code is compiled for there."""
    name: str
    cargo_triple: str
    # The LLVM CPU level of code compiled for this machine's CPU: a level per architecture,
    # never this machine's own CPU, so every machine of the architecture builds the same bytes.
    cpu: str
    # Higher levels a build may choose instead (CPU_LEVEL=): its models then run only on CPUs
    # that have the level's features, which the manifest records and the runtime checks.
    cpu_levels: tuple = ()
    # The levels whose code the default CPU build carries besides `cpu`'s, in one library: the
    # runtime runs the highest one whose features this CPU has (as oneDNN and PyTorch choose
    # their kernels at run time), so one artifact per architecture runs everywhere and fast.
    cpu_dispatch: tuple = ()
    # The object and archive format of code for this machine: "gnu" (ELF) or "darwin" (Mach-O).
    binary_format: str = "gnu"


@dataclass(frozen=True)
class Linking:
    """How the crate links the model archive and the runtime, by the binary format of its target."""
    whole_archive: str             # how an archive is linked whole: "whole-archive" (GNU ld), "force-load" (ld64)
    system_libraries: tuple        # the C++ runtime and system libraries the archives need
    rpath: str = None              # where a program finds the row's shared libraries at run time


LINKING = {
    "gnu": Linking("whole-archive", ("stdc++", "dl", "pthread", "m"), rpath="$ORIGIN/../lib"),
    "darwin": Linking("force-load", ("c++",)),
}


PLATFORMS = {p.name: p for p in (
    # x86-64-v3: AVX2 and FMA (Intel Haswell, AMD Excavator and later, 2013 onwards).
    Platform("linux-x86_64", "x86_64-unknown-linux-gnu", "x86-64-v3", ("x86-64-v4",), ("x86-64-v4",)),
    Platform("linux-aarch64", "aarch64-unknown-linux-gnu", "generic"),
    Platform("macos-arm64", "aarch64-apple-darwin", "apple-m1", binary_format="darwin"),
    Platform("macos-x86_64", "x86_64-apple-darwin", "x86-64-v3", ("x86-64-v4",), ("x86-64-v4",), binary_format="darwin"),
)}


def cpu_level(platform, chosen=""):
    """The CPU level of code compiled for platform's architecture: its default, or a chosen one
    of its cpu_levels; ValueError naming the choices otherwise."""
    row = PLATFORMS[platform]
    if not chosen or chosen == row.cpu:
        return row.cpu
    if chosen not in row.cpu_levels:
        raise ValueError(f"CPU_LEVEL={chosen}: {platform} builds for {', '.join((row.cpu,) + row.cpu_levels)} "
                         f"(default {row.cpu}{''.join(f' with {level} chosen at run time' for level in row.cpu_dispatch)})")
    return chosen


def cpu_levels(platform, chosen=""):
    """The CPU levels whose code a CPU build on platform carries, highest first: a chosen level
    alone, else the default level with the platform's cpu_dispatch levels above it."""
    row = PLATFORMS[platform]
    if chosen:
        return (cpu_level(platform, chosen),)
    return tuple(reversed(row.cpu_dispatch)) + (row.cpu,)


@dataclass(frozen=True)
class Apple:
    """An Apple OS's minimums. The oldest OS decides the oldest device, and with it the CPU
    level of the models' host code and the GPU family their kernels may use."""
    os: str                  # the Swift package's platform (.iOS) and CMake's system name
    minimum: str             # the deployment target: CMake, rustc, the models' objects, Package.swift
    sdk: str                 # xcrun --sdk
    arch: str                # CMAKE_OSX_ARCHITECTURES
    cpu: str                 # LLVM CPU level of the oldest device the minimum admits
    gpu_family: str          # the oldest MTLGPUFamily the minimum admits (APPLE_GPU_FAMILIES)
    deployment_env: str      # the variable rustc reads the minimum from
    oldest_devices: str      # what the minimum admits, said in the help
    # Xcode's Metal compiler's arguments for the kernels (METAL_KERNELS=metallib): the language
    # version TVM's Metal runtime compiles MSL source with at load (MTLLanguageVersion2_3), so
    # the metallib is the same program, and the minimum OS; {minimum} is the minimum above.
    metal_arguments: tuple = ("-std=ios-metal2.3", "-mios-version-min={minimum}")


# What Apple GPU families allow per threadgroup (Apple's Metal feature set tables), and
# whether they have SIMD-group functions (permutes such as simd_shuffle_down from Apple6,
# A13; reductions from Apple7): TVM lowers a reduction across threads to them when the
# target's thread_warp_size is above 1, so a row admitting older GPUs sets it to 1.
APPLE_GPU_FAMILIES = {
    "apple2": {"threads": 512, "shared_bytes": 16 * 1024, "simd_group": False},    # A8
    "apple3": {"threads": 512, "shared_bytes": 16 * 1024, "simd_group": False},    # A9, A10
    "apple4": {"threads": 1024, "shared_bytes": 32 * 1024, "simd_group": False},   # A11
    "apple5": {"threads": 1024, "shared_bytes": 32 * 1024, "simd_group": False},   # A12
    "apple6": {"threads": 1024, "shared_bytes": 32 * 1024, "simd_group": True},    # A13
}


def metal_target(family):
    """The TVM Metal target for GPUs of an Apple family and newer."""
    limits = APPLE_GPU_FAMILIES[family]
    return {"kind": "metal", "max_shared_memory_per_block": limits["shared_bytes"],
            **({} if limits["simd_group"] else {"thread_warp_size": 1})}


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    device: str = "cpu"
    # What the profile builds: "native" (TVM runtime, tvm-ffi), "models", "rust" (the crate).
    parts: tuple = ("native", "models", "rust")
    # The TVM target's device part ({"kind": ...}), without "host"; None: code for the CPU.
    gpu_target: dict = None
    # The TVM target of the code on the CPU side (llvm); None: the build machine's PLATFORMS cpu.
    host_code: dict = None
    # A GPU's limits per block, {"threads", "shared_bytes"}: the oldest GPU the row admits; and
    # optionally "blocks": the thread blocks a kernel should launch at least to keep the GPU's
    # multiprocessors busy (models/gpu_schedule.py takes smaller tiles where larger ones would
    # launch fewer).
    gpu_limits: dict = None
    # The cargo triple; None: the build machine's.
    cargo_triple: str = None
    # Builds the kokoro-tvm command-line tool beside the static library (iOS apps link the library).
    tool: bool = True
    # The TVM runtime's sources: None, the RUNTIME_SOURCE option (wheel or git); "git", the full tree.
    runtime_source: str = None
    # CMake cache entries of the TVM runtime (native/tvm_runtime), as (name, value) pairs.
    runtime_cmake: tuple = (("TVM_RUNTIME_METAL", "OFF"),)
    # The C/C++ toolchain: "machine" (cc, c++ on the PATH) or "xcode-ios" (Xcode's clang, the SDK).
    toolchain: str = "machine"
    apple: Apple = None
    # The compiler of the device code beside TVM: "nvrtc" (NVIDIA's, from the lock), "metal"
    # (Xcode's, on macOS: with_options), or None (a Metal row's MSL is compiled by the device at load).
    device_compiler: str = None
    # The GPU architectures whose machine code the library carries beside the device-independent
    # code (CUDA: cubins beside the PTX, one fatbin): none, the driver compiles at first use.
    device_binaries: tuple = ()
    # Lock inputs (third_party/lock.toml) the models' compiler needs besides the Python lock.
    model_inputs: tuple = ()
    # Build machines (platform prefixes) whose models' compiler exists; empty: every machine.
    models_build_on: tuple = ()
    # Why the models need those machines (said when this machine is not one of them).
    models_need: str = ""
    # Build machines (platform prefixes) that build the native libraries and the crate; empty: every one.
    natives_build_on: tuple = ()
    # What the native libraries need from the machine, said when it is missing.
    natives_need: str = ""
    # The native libraries: empty, tvm-ffi and the TVM runtime built by CMake into static
    # archives; else the pinned shared libraries copied into dist/<profile>/lib, as
    # (where from, path there): a lock input's name, or "python-env" (the pinned Python
    # environment's site-packages). For runtimes whose C++ sources the lock cannot give
    # (TVM's CUDA runtime is in the git tree only, which this build fetches for iOS alone).
    shared_libraries: tuple = ()
    # Which of shared_libraries the crate links (lib<name>.so), in link order.
    linked_libraries: tuple = ()
    # The Apple frameworks the crate links (the runtime's device API).
    frameworks: tuple = ()
    # Packaging of the profile's outputs beyond dist/<profile>/: "xcframework" or None.
    package: str = None
    # A GPU target of another kind whose code generator prints the kernels scheduled for
    # gpu_target, unchanged (models/kernel_printer.py); the library runs on its device.
    printer: dict = None
    # In releases, `./scons models` and the tests' build; False: built by its own target only.
    ships: bool = True

    def target(self, platform, level=""):
        """The TVM target (a JSON-able dict) of this profile's models built on platform; level:
        the CPU_LEVEL chosen for code on the build machine's architecture (default its own)."""
        host = dict(self.host_code) if self.host_code else {"kind": "llvm", "mcpu": cpu_level(platform, level)}
        return {**self.gpu_target, "host": host} if self.gpu_target else host

    @property
    def schedule(self):
        """The schedule family of its kernels: "gpu" or "cpu"."""
        return "gpu" if self.gpu_target else "cpu"

    def triple(self, platform):
        """The cargo target triple of the crate."""
        return self.cargo_triple or PLATFORMS[platform].cargo_triple

    def cpu_levels(self, platform, level=""):
        """The CPU levels of the models' code on the CPU, highest first: on a CPU profile those of
        cpu_levels() (the runtime takes the highest this CPU has), on a GPU profile or one with
        its own host code the one level of the target (its CPU side is glue)."""
        if self.gpu_target or self.host_code:
            return ((self.target(platform, level).get("host") or {}).get("mcpu", ""),)
        return cpu_levels(platform, level)

    def binary_format(self, platform):
        """The object and archive format of its code: an Apple OS's, else the build machine's."""
        return "darwin" if self.apple else PLATFORMS[platform].binary_format


# iOS 15 runs on the iPhone 6s and SE (A9) and later, and iPadOS 15 on the iPad mini 4 and Air 2
# (A8, A8X: GPU family Apple2) and later: the models' host code is compiled for the A8, and their
# kernels for Apple2's limits (512 threads and 16 KiB per threadgroup, no SIMD-group functions),
# so they run on every device the minimum admits and exclude none.
IOS = Apple(os="iOS", minimum="15.0", sdk="iphoneos", arch="arm64", cpu="apple-a8", gpu_family="apple2",
            deployment_env="IPHONEOS_DEPLOYMENT_TARGET", oldest_devices="A8 and newer")
IOS_GPU_LIMITS = {key: APPLE_GPU_FAMILIES[IOS.gpu_family][key] for key in ("threads", "shared_bytes")}

# The lock inputs of the CUDA compiler (NVRTC, ahead of time, with the headers and libraries
# TVM's CUDA code generator loads), and the printer target: the cuda row's, and the proxy's
# that runs the ios kernels on an NVIDIA GPU.
CUDA_COMPILER = ("nvidia-cuda-nvrtc", "nvidia-cuda-runtime", "nvidia-cuda-cccl", "nvidia-nvfatbin", "cuda-bindings",
                 "cuda-pathfinder")
CUDA_PRINTER = {"kind": "cuda", "arch": "sm_80"}
# The architectures whose cubins the cuda library carries beside its sm_80 PTX, so that the driver
# compiles nothing at first use there: A100 (sm_80), A10 and RTX 30 (sm_86), L4 and RTX 40
# (sm_89), H100 and H200 (sm_90). Another GPU of compute capability 8.0+ compiles the PTX.
CUDA_BINARIES = ("sm_80", "sm_86", "sm_89", "sm_90")

PROFILES = {p.name: p for p in (
    Profile("host", "this machine's OS and CPU; models compiled for LLVM on this CPU"),
    Profile("ios", f"iOS {IOS.minimum}+ arm64 devices ({IOS.oldest_devices}) with Metal; the native libraries "
            f"need macOS with Xcode",
            device="metal", gpu_target=metal_target(IOS.gpu_family), gpu_limits=IOS_GPU_LIMITS,
            host_code={"kind": "llvm", "mtriple": f"arm64-apple-ios{IOS.minimum}", "mcpu": IOS.cpu},
            cargo_triple="aarch64-apple-ios", tool=False, runtime_source="git",
            runtime_cmake=(("TVM_RUNTIME_METAL", "ON"),), frameworks=("Metal", "Foundation"), toolchain="xcode-ios",
            apple=IOS,
            natives_build_on=("macos-",), natives_need="macOS with Xcode", package="xcframework"),
    Profile("cuda", "NVIDIA GPUs of compute capability 8.0 or newer (PTX for sm_80 and machine code for sm_80, "
            "86, 89 and 90; Linux, driver R580+): "
            "models, and the tool linked against TVM's CUDA runtime (the pinned wheel's shared libraries); "
            "built on Linux without a GPU",
            device="cuda", gpu_target=CUDA_PRINTER,
            # compute capability 8.0 and newer: 1024 threads per block, 48 KiB of static shared memory;
            # 108 multiprocessors on an A100, 132 on an H100 and H200
            gpu_limits={"threads": 1024, "shared_bytes": 48 * 1024, "blocks": 128},
            device_compiler="nvrtc", device_binaries=CUDA_BINARIES, model_inputs=CUDA_COMPILER,
            models_build_on=("linux-",), models_need="NVIDIA's NVRTC wheels",
            shared_libraries=(("python-env", "tvm_ffi/lib/libtvm_ffi.so"),
                              ("apache-tvm", "tvm/lib/libtvm_runtime.so"),
                              ("apache-tvm", "tvm/lib/libtvm_runtime_cuda.so"),
                              ("nvidia-cuda-runtime", "nvidia/cu13/lib/libcudart.so.13")),
            linked_libraries=("tvm_ffi", "tvm_runtime", "tvm_runtime_cuda")),
    # The iPhone's kernels where this project can run them: the ios row's Metal schedules (the
    # TIR after every pass of the Metal build) printed as CUDA C instead of MSL, with host code
    # for this machine; benchmarks/gpu_pipeline.py checks them on an NVIDIA GPU as it checks the
    # cuda profile's. Not shipped: built by `./scons ios-kernels` alone.
    Profile("ios-kernels", "the ios profile's Metal kernels, scheduled for the iPhone as the ios build "
            "schedules them, printed as CUDA C to run on an NVIDIA GPU (models only; for checks and "
            "benchmarks on a GPU machine, not shipped)",
            device="cuda", parts=("models",), gpu_target=metal_target(IOS.gpu_family), gpu_limits=IOS_GPU_LIMITS,
            printer=CUDA_PRINTER, device_compiler="nvrtc", model_inputs=CUDA_COMPILER,
            models_build_on=("linux-",), models_need="NVIDIA's NVRTC wheels", ships=False),
)}


# METAL_KERNELS: a Metal row's kernels as MSL source, which the device compiles when the app first
# runs each (any build machine), or compiled ahead of time into metallibs by Xcode's Metal compiler
# (macOS with the pinned Xcode), which the device loads as they are.
METAL_KERNELS = ("source", "metallib")
METALLIB_NEED = ("Xcode's Metal compiler, which METAL_KERNELS=metallib asks for; METAL_KERNELS=source, the "
                 "default, builds them on any machine as MSL the device compiles at load")


def with_options(row, metal_kernels="source"):
    """The row as the build's options make it: with METAL_KERNELS=metallib a Metal row that ships
    its own kernels (not a proxy's printed ones) compiles them with Xcode's Metal compiler, which
    only macOS has."""
    if metal_kernels not in METAL_KERNELS:
        raise ValueError(f"METAL_KERNELS={metal_kernels}: expected one of {', '.join(METAL_KERNELS)}")
    if metal_kernels == "metallib" and row.device == "metal" and row.apple and not row.printer:
        return replace(row, device_compiler="metal", models_build_on=("macos-",), models_need=METALLIB_NEED)
    return row


def lock_inputs(name):
    """The lock inputs a profile's rules read beyond the native build's (its models' compiler,
    the origins of its shared libraries)."""
    profile = PROFILES[name]
    return set(profile.model_inputs) | {origin for origin, _ in profile.shared_libraries if origin != "python-env"}


def model_needs():
    """{lock input name: kind} of every input a profile's models' compiler needs."""
    return {name: "archive" for profile in PROFILES.values() for name in profile.model_inputs}


DEFAULT = "host"   # the profile ./scons builds when given no target


def with_part(part, rows=None):
    """Names of the profiles (of rows, by default all) that build a part ("native", "models", "rust")."""
    return [name for name, profile in (PROFILES if rows is None else rows).items() if part in profile.parts]


def with_package(package, rows=None):
    """Names of the profiles (of rows, by default all) packaged as package ("xcframework")."""
    return [name for name, profile in (PROFILES if rows is None else rows).items() if profile.package == package]


# Targets that build no profile's steps.
PROFILE_FREE_TARGETS = ("toolchains", "verify", "repro-check", "cache-upload")


def rows_for(targets, fetch_profile, metal_kernels="source"):
    """The rows whose steps the targets need declared, as the options make them (with_options): a
    profile's own target (host, native-ios) its row, `fetch` the PROFILE= row, the
    PROFILE_FREE_TARGETS none; every row for any other target (models, release, test, a file or
    folder), which may reach any profile's steps. A no-op `./scons host` reads only the host
    profile's graph."""
    return {name: with_options(row, metal_kernels) for name, row in _rows_for(targets, fetch_profile).items()}


def _rows_for(targets, fetch_profile):
    names = set()
    for target in targets:
        name = str(target)
        profile = name[len("native-"):] if name.startswith("native-") else name
        if profile in PROFILES:
            names.add(profile)
        elif name == "fetch":
            names.add(fetch_profile)
        elif name not in PROFILE_FREE_TARGETS:
            return dict(PROFILES)
    return {name: row for name, row in PROFILES.items() if name in names}


def host_platform(system=None, machine=None):
    """This machine as the lock names platforms."""
    system = (system or _platform.system()).lower()
    machine = ARCH_NAMES.get((machine or _platform.machine()).lower(), machine)
    if system == "darwin":
        return "macos-arm64" if machine in ("arm64", "aarch64") else "macos-x86_64"
    if system == "linux":
        return "linux-aarch64" if machine in ("arm64", "aarch64") else f"linux-{machine}"
    return f"{system}-{machine}"


def _builds_on(prefixes, platform):
    return not prefixes or platform.startswith(prefixes)


def buildable(platform):
    """The profiles this platform builds whole."""
    return [name for name, p in PROFILES.items()
            if _builds_on(p.models_build_on, platform) and _builds_on(p.natives_build_on, platform)]


def models_missing(name, platform, row=None):
    """Why a profile's models cannot be built on this platform, or None if they can; row: the
    profile's row as the options make it (rows_for), default the table's."""
    profile = row or PROFILES[name]
    if _builds_on(profile.models_build_on, platform):
        return None
    return (f"the {name} profile's models are compiled by tools that exist for "
            f"{', '.join(p + '*' for p in profile.models_build_on)} machines only ({profile.models_need}), "
            f"and this machine is {platform}: build them there; here you can build "
            f"./scons {' '.join(buildable(platform))} and ./scons models")


def natives_missing(name, platform):
    """Why a profile's native libraries and crate cannot be built on this platform (by the
    platform alone; the toolchain says what the machine lacks), or None if they can."""
    profile = PROFILES[name]
    if _builds_on(profile.natives_build_on, platform):
        return None
    return (f"the {name} profile's native libraries (TVM runtime, tvm-ffi, the Rust staticlib) "
            f"need {profile.natives_need}, and this machine is {platform}. Here you can build: "
            f"./scons {' '.join(buildable(platform))} and ./scons models (the {name} model artifacts "
            f"need no SDK). ./scons -n {name} shows the {name} commands without running them.")


def stops_before_work(targets, platform, toolchains, rows=None):
    """Why a profile named among targets cannot be built here (the first reason), or None.
    toolchains: {profile: cxx_toolchain.Toolchain}, whose `missing` says what the machine lacks
    (Xcode: the native libraries' compilers, and a metallib's); rows: the rows as the options make
    them (rows_for), default the table's."""
    for name in targets:
        if name not in PROFILES:
            continue
        profile = (rows or PROFILES).get(name) or PROFILES[name]
        xcode = ("native" in profile.parts and not profile.shared_libraries) or profile.device_compiler == "metal"
        lacking = xcode and toolchains[name].missing
        message = models_missing(name, platform, profile) or natives_missing(name, platform) or lacking
        if message:
            return message
    return None
