"""A profile's build spec as the model steps read it (site_scons/kokoro_build/spec.py writes it).

In:  build/<profile>/spec.json. Its paths inside the checkout (the device compiler's inputs,
     tools.archiver when the Python environment is the checkout's) are relative to the checkout, the folder the build runs its steps in.
Out: read() -> the spec as a dict, checked: its version is SPEC_VERSION and each field the models'
     steps read is there with its type; SpecError naming the file and the field otherwise
     (a spec of another version is refused as written by another build: run ./scons again).
     MANIFEST_KEYS: the spec's keys a models manifest carries with the same spellings.
     c_link_arguments(): the C link line of the spec's link part (tests, the GPU benchmark).
No heavy imports: the build reads this module.
"""

import json
import os

# Bumped whenever a field's meaning or spelling changes: a spec of another version is refused.
SPEC_VERSION = 1
# The spec's keys a models manifest carries as they are (models/compile.py); the crate reads them.
MANIFEST_KEYS = ("spec_version", "profile", "device", "schedule", "target", "gpu_limits", "printer", "buckets",
                 "weights_dtype")
# Each field the models' steps read and its JSON type (None: may be null).
FIELDS = {"spec_version": (int,), "profile": (str,), "device": (str,), "schedule": (str,), "target": (dict,),
          "gpu_limits": (dict, type(None)), "printer": (dict, type(None)), "cpu": (dict,), "buckets": (dict,),
          "archive": (dict,), "tools": (dict,), "device_compiler": (dict, type(None)), "bundle": (dict,),
          "weights_dtype": (str,)}
SCHEDULES = ("cpu", "gpu")
DEVICES = ("cpu", "cuda", "metal")
# The types the library's functions take the weights in (WEIGHTS_DTYPE): float16 halves the
# weights the functions hold in memory (models/relax_export.take_float16).
WEIGHTS_DTYPES = ("float32", "float16")
# The device compilers models.compile knows, each with the device it compiles for and the text
# fields its part of the spec holds beside kind, binaries, inputs (and arguments: a list of text).
DEVICE_COMPILERS = {"nvrtc": ("cuda", ()), "metal": ("metal", ("sdk", "xcode"))}


class SpecError(ValueError):
    """A spec file that is missing, not JSON, of another version, or lacking a field."""


def check(spec, where):
    """spec itself once checked (see the module's docstring); where: its file, for errors."""
    if not isinstance(spec, dict):
        raise SpecError(f"{where}: not a JSON object")
    version = spec.get("spec_version")
    if version != SPEC_VERSION:
        raise SpecError(f"{where}: spec_version is {version!r}, this build reads {SPEC_VERSION}: the file was "
                        f"written by another version of the build; run ./scons again, which writes it anew")
    for name, types in FIELDS.items():
        if name not in spec:
            raise SpecError(f"{where}: no field '{name}' (written by another version of the build? run ./scons again)")
        if not isinstance(spec[name], types) or isinstance(spec[name], bool):
            raise SpecError(f"{where}: field '{name}' is {json.dumps(spec[name])[:80]}, not "
                            f"{' or '.join('null' if t is type(None) else {int: 'a number', str: 'text', dict: 'an object'}[t] for t in types)}")
    if spec["schedule"] not in SCHEDULES or spec["device"] not in DEVICES:
        raise SpecError(f"{where}: schedule '{spec['schedule']}' / device '{spec['device']}': expected one of "
                        f"{', '.join(SCHEDULES)} / {', '.join(DEVICES)}")
    if spec["weights_dtype"] not in WEIGHTS_DTYPES or spec["bundle"].get("weights_dtype") != spec["weights_dtype"]:
        raise SpecError(f"{where}: field 'weights_dtype' is {spec['weights_dtype']!r} (the bundle's "
                        f"{spec['bundle'].get('weights_dtype')!r}): one of {', '.join(WEIGHTS_DTYPES)}, the same in both")
    limits = spec["gpu_limits"] or {}
    if spec["schedule"] == "gpu" and not ({"threads", "shared_bytes"} <= set(limits) <= {"threads", "shared_bytes", "blocks"}
                                          and all(isinstance(v, int) and not isinstance(v, bool) for v in limits.values())):
        raise SpecError(f"{where}: field 'gpu_limits' must be {{\"threads\": N, \"shared_bytes\": N}} and optionally "
                        f"\"blocks\": N, for the gpu schedule")
    printer = spec["printer"]
    if printer and (spec["schedule"] != "gpu" or printer.get("kind") == spec["target"].get("kind")):
        raise SpecError(f"{where}: field 'printer' must name a GPU target of another kind than the target's, "
                        f"with the gpu schedule")
    compiler = spec["device_compiler"]
    if compiler is not None:
        device, texts = DEVICE_COMPILERS.get(compiler.get("kind"), (None, ()))
        if device is None or device != spec["device"]:
            raise SpecError(f"{where}: field 'device_compiler' names {compiler.get('kind')!r} for device "
                            f"'{spec['device']}'; this build knows " + ", ".join(
                                f"{kind} (for {d})" for kind, (d, _) in DEVICE_COMPILERS.items()))
        for name in texts:
            if not isinstance(compiler.get(name), str) or not compiler[name]:
                raise SpecError(f"{where}: field 'device_compiler.{name}' is {json.dumps(compiler.get(name))[:80]}, "
                                f"not text" + (": the lock pins no Xcode ([apple] xcode in third_party/lock.toml)"
                                               if name == "xcode" else ""))
        arguments = compiler.get("arguments", [])
        if not (isinstance(arguments, list) and all(isinstance(a, str) for a in arguments)):
            raise SpecError(f"{where}: field 'device_compiler.arguments' is {json.dumps(arguments)[:80]}, not a "
                            f"list of text")
    buckets = spec["buckets"]
    if set(buckets) != {"tokens", "frames"} or not all(
            isinstance(values, list) and values and all(isinstance(v, int) and v > 0 for v in values)
            for values in buckets.values()):
        raise SpecError(f"{where}: field 'buckets' must be {{\"tokens\": [N, ...], \"frames\": [N, ...]}}, "
                        f"not {json.dumps(buckets)[:120]}")
    return spec


def read(path):
    """The checked spec in the file at path."""
    try:
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
    except OSError as e:
        raise SpecError(f"{path}: cannot read it ({e.strerror}): ./scons writes it (build/<profile>/spec.json)") from None
    except ValueError as e:
        raise SpecError(f"{path}: not JSON ({e})") from None
    return check(spec, path)


def c_link_arguments(link, lib, archives):
    """The arguments that link a C program as the spec's link part (GNU ld) says: the archives whole,
    the shared libraries of lib kept (they register functions when loaded) and found there at
    run time, the system libraries. For tests and benchmarks that link the C library as an app
    would; build.rs reads the same part for the crate. Here, beside the reader, so
    that programs without SCons (the GPU benchmark) import it."""
    if link["whole_archive"] != "whole-archive":
        raise ValueError(f"link.whole_archive is {link['whole_archive']!r}: this link line is GNU ld's")
    arguments = ["-Wl,--whole-archive", *archives, "-Wl,--no-whole-archive"]
    if link["shared_libraries"]:
        arguments += ["-L", lib, "-Wl,--no-as-needed", *(f"-l{name}" for name in link["shared_libraries"]),
                      "-Wl,--as-needed", f"-Wl,-rpath,{os.path.abspath(lib)}"]
    return arguments + [f"-l{name}" for name in link["system_libraries"]]
