"""The build's options (NAME=value on the command line): declared once, read once, typed.

In:  the command line's NAME=value arguments (SCons's ARGUMENTS), the profile
     names, the default buckets (models/buckets.py, which models.compile uses
     too), the environment (KOKORO_TVM_CACHE for the cache folder's default).
Out: declare() gives SCons's Variables (which `./scons -h` prints with their
     defaults); read() gives an Options record with every value checked and
     parsed (CMake arguments as dicts, buckets as numbers, paths absolute), or
     a BuildError naming the option and the fix. An option that was renamed is
     refused with its new name.
"""

import os
import shlex
from dataclasses import dataclass

from SCons.Variables import BoolVariable, EnumVariable, PathVariable, Variables

from .errors import BuildError

RENAMED = {"MODEL_BUCKETS": "MODEL_TOKEN_BUCKETS"}
WORDS = ("pinned", "synthetic")  # WEIGHTS= and VOICES= words that name no file
NAMES = ("PROFILE", "CACHE_DIR", "PYTEST_ARGS", "RUNTIME_SOURCE", "TVM_FFI_CMAKE_ARGS", "TVM_RUNTIME_CMAKE_ARGS",
         "REPRO_TARGETS", "VERSION", "ALLOW_SYNTHETIC", "RELEASE", "SUMS_SHA256", "TAG", "ALLOWED_SIGNERS",
         "INTEGRITY_ONLY", "SIGNING_KEY", "PACKAGE_URL", "WEIGHTS", "WEIGHTS_SHA256", "WEIGHTS_DTYPE",
         "VOICES", "METAL_KERNELS", "MODEL_TOKEN_BUCKETS", "MODEL_FRAME_BUCKETS", "CPU_LEVEL", "CACHE_URL", "CACHE_WRITE", "CACHE_FOLDER", "CACHE_TIMEOUT")


class OptionError(BuildError):
    """An option's value cannot be used; the message names the option."""


@dataclass(frozen=True)
class Options:
    profile: str                 # the fetch target's profile
    cache_dir: str
    pytest_args: str
    runtime_source: str          # wheel | git
    ffi_cmake_args: dict
    runtime_cmake_args: dict
    repro_targets: tuple
    version: str
    allow_synthetic: bool
    release: str
    sums_sha256: str
    tag: str
    allowed_signers: str
    integrity_only: bool
    signing_key: str
    package_url: str
    weights: str                 # absolute path (the pinned model's: pinned_model.py), or "" for synthetic weights
    weights_sha256: str
    weights_dtype: str           # float32 | float16: how the bundle stores the weights and the functions take them
    voices: str                  # absolute folder or voices file, or "" for one synthetic voice
    metal_kernels: str           # source | metallib: a Metal row's kernels as MSL, or compiled by Xcode (profiles.py)
    token_buckets: str           # as given (comma-separated), checked
    frame_buckets: str           # likewise, or "" for each profile's default (models/buckets.py)
    buckets: dict                # both parsed once: {"tokens": (...)[, "frames": (...)]} (the spec's)
    cpu_level: str               # "" for the architecture's default levels, or one level alone (profiles.py)
    cache_url: str               # the step cache (step_cache.py): server, "" for none
    cache_write: bool
    cache_folder: str            # absolute folder, or "" for none
    cache_timeout: str
    given: dict                  # every option's text as given (WEIGHTS and VOICES absolute), for a child build

    def arguments(self, names):
        """{NAME: value} of the given options that are set, for another build's command line."""
        return {name: self.given[name] for name in names if self.given.get(name)}

    def model_facts(self):
        """The model options as the release manifest records them (file names, not paths)."""
        return {"weights": os.path.basename(self.weights), "weights_sha256": self.weights_sha256,
                "weights_dtype": self.weights_dtype, "metal_kernels": self.metal_kernels, "voices": os.path.basename(self.voices.rstrip("/")), "buckets": self.token_buckets,
                "frame_buckets": self.frame_buckets, "cpu_level": self.cpu_level}


def declare(arguments, profile_names, default_profile, root, default_buckets):
    """SCons's Variables for the command line's arguments, with help text and defaults;
    default_buckets: models/buckets.py's default_buckets(schedule family)."""
    tokens = ",".join(map(str, default_buckets("cpu")["tokens"]))
    cpu_frames, gpu_frames = (",".join(map(str, default_buckets(s)["frames"])) for s in ("cpu", "gpu"))
    options = Variables(None, arguments)
    options.AddVariables(
        EnumVariable("PROFILE", "profile of the fetch target", default_profile, allowed_values=tuple(profile_names)),
        PathVariable("CACHE_DIR", "content-addressed download cache (env: KOKORO_TVM_CACHE)",
                     os.environ.get("KOKORO_TVM_CACHE", os.path.join(root, ".cache", "downloads")),
                     PathVariable.PathAccept),
        ("PYTEST_ARGS", "extra arguments for pytest in the test target (e.g. '-m slow', '-k fetch')", ""),
        EnumVariable("RUNTIME_SOURCE", "TVM runtime sources of profiles that let you choose (host): the compiler "
                     "wheel's (with this project's support headers) or the full git tree (input tvm-source)",
                     "wheel", allowed_values=("wheel", "git")),
        ("TVM_FFI_CMAKE_ARGS", "extra CMake cache arguments for tvm-ffi ('-DNAME=VALUE ...')", ""),
        ("TVM_RUNTIME_CMAKE_ARGS", "extra CMake cache arguments for the TVM runtime ('-DNAME=VALUE ...')", ""),
        ("REPRO_TARGETS", "what repro-check builds in its two roots (a release: VERSION, default 0.0.0, "
         "and ALLOW_SYNTHETIC=1 without WEIGHTS)", "release"),
        ("VERSION", "the version the release target makes (x.y.z)", ""),
        BoolVariable("ALLOW_SYNTHETIC", "let the release target release synthetic weights (the manifest says so)",
                     False),
        ("RELEASE", "the release folder or .tar.gz the verify target checks", ""),
        ("SUMS_SHA256", "verify: the sha256 of the release's SHA256SUMS, from a channel you trust", ""),
        ("TAG", "verify: the release tag in this checkout to check SHA256SUMS against (default v<version>)", ""),
        ("ALLOWED_SIGNERS", "verify: an ssh allowed_signers file; the release's SHA256SUMS.sig must verify", ""),
        BoolVariable("INTEGRITY_ONLY", "verify: accept a release whose authenticity nothing shows", False),
        ("SIGNING_KEY", "release: an SSH private key that signs SHA256SUMS (ssh-keygen -Y sign)", ""),
        ("PACKAGE_URL", "where the Swift package's binary target downloads the xcframework zip from",
         "https://releases.invalid/kokoro-tvm"),
        ("WEIGHTS", "the weights: 'pinned' (the lock's model table: Kokoro v1.0, fetched), 'synthetic' (drawn "
         "from a fixed seed: not speech), or a file: hexgrad's kokoro-v1_0.pth, or kokoro-onnx's kokoro-v1.0.onnx, "
         ".fp16.onnx or .int8.onnx (with WEIGHTS_SHA256); default: pinned where the lock pins a model, "
         "else synthetic", ""),
        ("WEIGHTS_SHA256", "the sha256 the WEIGHTS file must have", ""),
        EnumVariable("WEIGHTS_DTYPE", "the type of the weights: float32, or float16 (weights of 4,096 values or "
                     "more rounded to nearest: the bundle and the weights in memory about half the size; the "
                     "functions take them as float16 and compute in float32)", "float32",
                     allowed_values=("float32", "float16")),
        ("VOICES", "the voices: 'pinned' (the lock's model table), 'synthetic' (one voice from a fixed seed), a folder "
         "of Kokoro .pt (or .f32) voice packs, or kokoro-onnx's voices-v1.0.bin or a .npz of packs "
         "(default: pinned with pinned weights, else synthetic)", ""),
        EnumVariable("METAL_KERNELS", "the ios kernels: 'source', Metal source (MSL) the device compiles as the "
                     "app first runs each (any build machine), or 'metallib', compiled ahead of time by Xcode's "
                     "Metal compiler (macOS with the Xcode the lock pins), which the device loads as they are "
                     "(no compile on the phone)", "source", allowed_values=("source", "metallib")),
        ("MODEL_TOKEN_BUCKETS", "token buckets of the compiled functions, comma-separated", tokens),
        ("MODEL_FRAME_BUCKETS", "frame buckets of the compiled functions (multiples of 16), comma-separated, for "
         f"every profile (default: each profile's: on the CPU {cpu_frames}, on a GPU {gpu_frames})", ""),
        ("CPU_LEVEL", "LLVM CPU level of the models' code for this machine's architecture (host, and the cuda "
         "profile's CPU side), alone, instead of the architecture's default levels (on x86-64: x86-64-v3 and "
         "x86-64-v4's AVX-512 in one library, the highest the CPU has chosen at run time): x86-64-v3 or x86-64-v4. "
         "The manifest records it, and the tool refuses to run on a CPU that lacks it", ""),
        ("CACHE_URL", "step cache: a server speaking Bazel's HTTP cache protocol (bazel-remote, BuildBuddy, a "
         "WebDAV server) that holds built steps (env: KOKORO_CACHE_URL; credentials only from the environment: "
         "KOKORO_CACHE_TOKEN, or KOKORO_CACHE_USER and KOKORO_CACHE_PASSWORD)", os.environ.get("KOKORO_CACHE_URL", "")),
        BoolVariable("CACHE_WRITE", "step cache: store the steps this build makes on CACHE_URL (CI); reads only "
                     "without it", False),
        PathVariable("CACHE_FOLDER", "step cache on this machine: a folder shared by its checkouts, read and written "
                     "(env: KOKORO_CACHE_FOLDER)", os.environ.get("KOKORO_CACHE_FOLDER", ""), PathVariable.PathAccept),
        ("CACHE_TIMEOUT", "step cache: seconds a request to CACHE_URL may wait before it counts as a miss", "30"),
    )
    return options


def unknown(variables):
    """The message for arguments no option takes (a renamed one says its new name), or None."""
    names = sorted(variables.UnknownVariables())
    renamed = [f"{name} is now {RENAMED[name]}: write {RENAMED[name]}=..." for name in names if name in RENAMED]
    if renamed:
        return "; ".join(renamed)
    if names:
        return f"unknown option(s) {', '.join(names)}: ./scons -h lists the options"
    return None


def parse_cmake_args(text, option_name):
    """'-DNAME=VALUE ...' from an option into a dict."""
    args = {}
    for word in shlex.split(text or ""):
        if not word.startswith("-D") or "=" not in word:
            raise OptionError(f"{option_name}: expected -DNAME=VALUE words, got {word!r}")
        name, value = word[2:].split("=", 1)
        args[name.split(":", 1)[0] if ":" in name else name] = value
    return args


def read(env, parse_buckets, check_cpu_level, pinned=None):
    """The Options of an SCons environment made with declare()'s Variables; parse_buckets:
    models/buckets.py's checker, check_cpu_level: profiles.py's cpu_level for this machine
    (each a ValueError naming the problem); pinned: pinned_model.paths() ({"weights"|"voices":
    (path, sha256)}), what WEIGHTS=pinned and VOICES=pinned name."""
    pinned = pinned or {}
    weights = env["WEIGHTS"] or ("pinned" if "weights" in pinned else "synthetic")
    voices = env["VOICES"] or ("pinned" if weights == "pinned" and "voices" in pinned else "synthetic")
    for name, value in (("WEIGHTS", weights), ("VOICES", voices)):
        if value == "pinned" and name.lower() not in pinned:
            raise OptionError(f"{name}=pinned: the lock has no model.{name.lower()} table "
                              f"(third_party/lock.toml): give a file, or {name}=synthetic")
    if weights == "pinned" and env["WEIGHTS_SHA256"]:
        raise OptionError("WEIGHTS=pinned takes its sha256 from the lock: leave WEIGHTS_SHA256 out")
    weights_sha256 = pinned["weights"][1] if weights == "pinned" else env["WEIGHTS_SHA256"]
    chosen = weights
    weights = {"pinned": pinned.get("weights", ("",))[0], "synthetic": ""}.get(weights, weights)
    voices = {"pinned": pinned.get("voices", ("",))[0], "synthetic": ""}.get(voices, voices)
    if weights and chosen == "pinned":
        pass   # made by the build (pinned_model.py)
    elif weights and not os.path.isfile(weights):
        raise OptionError(f"WEIGHTS={weights}: {'a folder' if os.path.isdir(weights) else 'no such file'}: "
                          f"give the checkpoint file itself (kokoro-v1_0.pth, or kokoro-onnx's kokoro-v1.0.onnx, "
                          f".fp16.onnx or .int8.onnx)")
    if weights and not weights_sha256:
        raise OptionError(f"WEIGHTS={weights} needs WEIGHTS_SHA256=<its sha256>, so the build is pinned")
    if voices and voices == pinned.get("voices", ("",))[0]:
        pass   # made by the build (pinned_model.py)
    elif voices and not (os.path.isdir(voices) or (os.path.isfile(voices) and voices.endswith((".bin", ".npz")))):
        raise OptionError(f"VOICES={voices}: {'not a voices file' if os.path.exists(voices) else 'no such folder or file'} "
                          f"(give a folder of Kokoro .pt or .f32 voice packs, or kokoro-onnx's voices-v1.0.bin / a .npz)")
    try:
        buckets = parse_buckets(env["MODEL_TOKEN_BUCKETS"], env["MODEL_FRAME_BUCKETS"])
    except ValueError as e:
        raise OptionError(f"MODEL_TOKEN_BUCKETS/MODEL_FRAME_BUCKETS: {e}") from None
    try:
        check_cpu_level(env["CPU_LEVEL"])
    except ValueError as e:
        raise OptionError(str(e)) from None
    return Options(
        profile=env["PROFILE"], cache_dir=os.path.abspath(env["CACHE_DIR"]), pytest_args=env["PYTEST_ARGS"],
        runtime_source=env["RUNTIME_SOURCE"],
        ffi_cmake_args=parse_cmake_args(env["TVM_FFI_CMAKE_ARGS"], "TVM_FFI_CMAKE_ARGS"),
        runtime_cmake_args=parse_cmake_args(env["TVM_RUNTIME_CMAKE_ARGS"], "TVM_RUNTIME_CMAKE_ARGS"),
        repro_targets=tuple(env["REPRO_TARGETS"].split()), version=env["VERSION"],
        allow_synthetic=bool(env["ALLOW_SYNTHETIC"]), release=env["RELEASE"], sums_sha256=env["SUMS_SHA256"],
        tag=env["TAG"], allowed_signers=env["ALLOWED_SIGNERS"], integrity_only=bool(env["INTEGRITY_ONLY"]),
        signing_key=env["SIGNING_KEY"], package_url=env["PACKAGE_URL"],
        weights=os.path.abspath(weights) if weights else "", weights_sha256=weights_sha256,
        weights_dtype=env["WEIGHTS_DTYPE"],
        voices=os.path.abspath(voices) if voices else "", metal_kernels=env["METAL_KERNELS"],
        token_buckets=env["MODEL_TOKEN_BUCKETS"], frame_buckets=env["MODEL_FRAME_BUCKETS"], buckets=buckets,
        cpu_level=env["CPU_LEVEL"], cache_url=env["CACHE_URL"], cache_write=bool(env["CACHE_WRITE"]),
        cache_folder=os.path.abspath(env["CACHE_FOLDER"]) if env["CACHE_FOLDER"] else "",
        cache_timeout=env["CACHE_TIMEOUT"],
        given={**{key: str(env[key]) for key in NAMES},
               "WEIGHTS": env["WEIGHTS"] if env["WEIGHTS"] in WORDS + ("",) else os.path.abspath(weights),
               "VOICES": env["VOICES"] if env["VOICES"] in WORDS + ("",) else os.path.abspath(voices)})
