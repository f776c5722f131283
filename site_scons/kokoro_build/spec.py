"""The build spec of one profile: its row of the table with the build's options resolved.

In:  a profile row and the build machine's platform (profiles.py), the build's Options
     (options.py: buckets parsed once, the CPU level, the weights and voices, the type the
     bundle stores the weights in), the folders of the lock inputs its models' compiler
     needs, misaki's lexicon folder, the archiver (the pinned zig), and the Xcode version the
     lock pins (for a Metal row whose kernels Xcode compiles: METAL_KERNELS=metallib).
Out: profile_spec() -> a JSON-able dict of typed values, SPEC_VERSION first; spec_file()
     declares build/<profile>/spec.json, written from it. Every process after SCons reads
     its profile's facts from that file and nothing else: `python -m models.compile --spec`
     (target, limits, CPU levels, buckets, the weights' type, archive, device compiler; models/spec.py reads and
     checks it, and holds SPEC_VERSION), `python -m
     models.bundle` (through the bundle step's command, the `bundle` part), the crate's
     build.rs (the `link` part) and, through the models manifest, which carries MANIFEST_KEYS
     with the same spellings, the crate at run time (device, buckets). Paths inside the
     checkout are relative to it (the spec is the same in every checkout; `tools` says where this
     machine's pinned tools lie, in no step's key); WEIGHTS= and
     VOICES= outside it stay absolute and reach only the bundle step.

No profile fact is derived from a target string after this: the device, the schedule family,
the archive format, the device compiler and the link style are the row's and the platform's.
"""

import json
import os

from models.buckets import default_buckets   # the schedule family's buckets, where none are given
from models.spec import MANIFEST_KEYS, SPEC_VERSION   # the reader's (no heavy imports)

from . import profiles
from .actions import python_action

SPEC_FILE = "spec.json"
# The spec's parts each step reads: a step is keyed by its own parts, so a new voice recompiles
# nothing and new buckets relink nothing but what links them. `tools` (where this machine's pinned
# tools lie: the zig of the Python environment, which may lie outside the checkout) is in no
# part: the Python lock, in every key, pins what they are.
MODELS_PART = MANIFEST_KEYS + ("cpu", "archive", "device_compiler")
LINK_PART = ("spec_version", "profile", "link", "minimum_os")
BUNDLE_PART = ("spec_version", "profile", "bundle")


def _relative(root, path):
    """A path inside the checkout relative to it; others as given (absolute)."""
    if not path:
        return None
    inside = os.path.relpath(path, root)
    return path if inside.startswith("..") else inside


def from_options(row, platform, options, root, compiler_inputs=None, lexicon=None, archiver=None, xcode=""):
    """profile_spec() with the build's Options (options.py): its CPU level, buckets and bundle (the
    row as the options make it: profiles.rows_for)."""
    bundle = {"weights": _relative(root, options.weights), "weights_sha256": options.weights_sha256 or None,
              "voices": _relative(root, options.voices), "weights_dtype": options.weights_dtype,
              "lexicon": _relative(root, lexicon)}
    return profile_spec(row, platform, root, options.cpu_level, options.buckets, compiler_inputs, archiver, bundle,
                        xcode)


def device_compiler(row, root, compiler_inputs=None, xcode=""):
    """The spec's device_compiler: None, or its kind, the architectures of machine code (cuda) and
    the compiler's input folders; for Xcode's Metal compiler the SDK, the Metal language version,
    the minimum OS and the Xcode version the lock pins (what the kernels' metallibs depend on)."""
    if not row.device_compiler:
        return None
    found = {"kind": row.device_compiler, "binaries": list(row.device_binaries),
             "inputs": {name: _relative(root, folder) for name, folder in sorted((compiler_inputs or {}).items())}}
    if row.device_compiler == "metal":
        found.update(sdk=row.apple.sdk, xcode=xcode or None,
                     arguments=[a.format(minimum=row.apple.minimum) for a in row.apple.metal_arguments])
    return found


def profile_spec(row, platform, root, cpu_level="", buckets=None, compiler_inputs=None, archiver=None, bundle=None,
                 xcode=""):
    """The spec of row built on platform (see the module's docstring). cpu_level: one chosen level
    ("" for the platform's default levels); buckets: {"tokens": (...)[, "frames": (...)]}, parsed
    (models/buckets.py), over the schedule family's defaults; compiler_inputs: {lock input name:
    folder} of the models' compiler; archiver: the zig executable that writes the model archive;
    bundle: the bundle step's choices (default: synthetic weights and voice, float32, no lexicon);
    xcode: the Xcode version the lock pins (a metallib's compiler)."""
    levels = row.cpu_levels(platform, cpu_level)
    bundle = bundle or {"weights": None, "weights_sha256": None, "voices": None, "weights_dtype": "float32",
                        "lexicon": None}
    binary = row.binary_format(platform)
    linking = profiles.LINKING[binary]
    return {
        "spec_version": SPEC_VERSION,
        "profile": row.name,
        "device": row.device,
        "schedule": row.schedule,
        "target": row.target(platform, levels[-1]),
        "gpu_limits": dict(row.gpu_limits) if row.gpu_limits else None,
        "printer": dict(row.printer) if row.printer else None,
        "cpu": {"levels": [{"level": level, "features": sorted(profiles.CPU_FEATURES[level])} for level in levels]},
        "buckets": {kind: list(values) for kind, values in sorted({**default_buckets(row.schedule),
                                                                   **(buckets or {})}.items())},
        "archive": {"format": binary},
        "tools": {"archiver": _relative(root, archiver)},
        "device_compiler": device_compiler(row, root, compiler_inputs, xcode),
        "link": {"triple": row.triple(platform), "whole_archive": linking.whole_archive,
                 "system_libraries": list(linking.system_libraries),
                 "shared_libraries": list(row.linked_libraries), "frameworks": list(row.frameworks),
                 "rpath": linking.rpath if row.linked_libraries else None},
        "minimum_os": {"variable": row.apple.deployment_env, "version": row.apple.minimum} if row.apple else None,
        "bundle": bundle,
        "weights_dtype": bundle["weights_dtype"],   # the functions' too (models/relax_export.take_float16)
    }


def part(spec, keys):
    """The spec's keys a step reads, as canonical JSON text (what the step is keyed by)."""
    return json.dumps({key: spec[key] for key in keys}, sort_keys=True, ensure_ascii=False)


def path(root, profile):
    return os.path.join(root, "build", profile, SPEC_FILE)


def text(spec):
    return json.dumps(spec, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def write(file, spec):
    """Writes spec into file whole (a staged file renamed over it); returns file."""
    os.makedirs(os.path.dirname(os.path.abspath(file)), exist_ok=True)
    with open(file + ".new", "w", encoding="utf-8") as f:
        f.write(text(spec))
    os.replace(file + ".new", file)
    return file


def spec_file(env, root, spec):
    """Declares build/<profile>/spec.json, written from spec; returns its node. Steps list it with
    Requires (written before they run) and are keyed by their part() of it."""
    def write_spec(target, source, env_):
        write(target[0].abspath, spec)

    return env.Command(path(root, spec["profile"]), env.Value(text(spec)),
                       python_action(write_spec, f"spec: {spec['profile']} -> {os.path.relpath(path(root, spec['profile']), root)}"))
