"""Relax-compile rule: the Kokoro model artifacts of one profile, in two steps.

In:  the model sources (models/*.py, models/kokoro_config.json; not models/testing/),
     the pinned Python lock (which fixes the TVM version), the profile's spec
     (spec.py, build/<profile>/spec.json: target and limits, CPU levels with
     their features, buckets, the type the functions take the weights in
     (WEIGHTS_DTYPE=), archive format and archiver, the device compiler
     and the lock inputs it reads, whose fetch stamps are sources too), and for
     the bundle the spec's `bundle` part: the weights (synthetic, or WEIGHTS=
     with WEIGHTS_SHA256=), the voices (one synthetic, or a folder of .pt and
     .f32 packs, or a kokoro-onnx voices file), the type the bundle stores the
     weights in (WEIGHTS_DTYPE=) and misaki's lexicon folder for the G2P.
Out: 1. the library step: build/<profile>/synthetic/models/ (kokoro.a,
        manifest.json, the seeded synthetic kokoro.weights and voice: a whole
        bundle, which the tests compare with PyTorch), written by
        `python -m models.compile --spec` in a child process of the pinned
        Python into a staging folder and swapped in only when it succeeded.
     2. the bundle step: dist/<profile>/models/ (kokoro.a, kokoro.weights,
        manifest.json, voices/ and g2p/*.lexicon), written by `python -m
        models.bundle` from the library step's folder and the chosen weights and
        voices, in seconds and compiling nothing; a refused weights file or voice
        leaves the previous bundle in place.
     Output goes to build/logs/models-<profile>.log and bundle-<profile>.log.

Both are step_rule steps. The library step is keyed (and cached, step_cache.py) by the
sources' contents and the spec's models part (spec.MODELS_PART), with the checkout's path
marked: no weights and no voices, since the compiled functions take every weight as a
parameter (their type, float32 or float16, is the spec's weights_dtype). The bundle step
signs the library's files, the weights file's and voice packs' contents, the misaki input's
fetch stamp, its own modules and its command.
"""

import os
import shutil
import sys
from dataclasses import dataclass

from . import spec as kspec, step_rule

ARTIFACTS = ("kokoro.a", "kokoro.weights", "manifest.json")
VOICES = "voices"
G2P = "g2p"   # the bundle's G2P lexicon (g2p/en.lexicon)
# The modules only the bundle step runs (the library step's key leaves them out).
BUNDLE_MODULES = ("bundle.py", "lexicon.py", "onnx_weights.py", "weights_file.py")
# What the bundle step imports: its key.
BUNDLE_SOURCES = BUNDLE_MODULES + ("weights.py", "voices.py", "kokoro_modules.py", "kokoro_config.json")
# The rule modules whose code decides the models' bytes (the step cache's key).
RULE_MODULES = ("relax_rule.py",)


def voice_files(given):
    """The files VOICES= names (models/voices.py reads them): the file itself, or the folder's packs."""
    if os.path.isfile(given) or given.endswith((".bin", ".npz")):
        return [given]
    return [os.path.join(given, f) for f in sorted(os.listdir(given)) if f.endswith((".pt", ".f32"))]


def _model_sources(env, root):
    """The files directly in models/: its subfolders (models/testing/, the reference runs of the
    tests and benchmarks) decide no byte of the models and are no source of their step."""
    folder = os.path.join(root, "models")
    return [env.File(os.path.join(folder, f)) for f in sorted(os.listdir(folder))
            if f.endswith((".py", ".json")) and f not in BUNDLE_MODULES]


@dataclass(frozen=True)
class ModelOutputs:
    """The nodes of one profile's model artifacts."""
    library: object      # kokoro.a
    weights: object      # kokoro.weights
    manifest: object     # manifest.json (it records the voices)

    @property
    def nodes(self):
        return [self.library, self.weights, self.manifest]


def synthetic_bundle(root, profile):
    """The library step's folder: the compiled library with the synthetic weights and voice."""
    return os.path.join(root, "build", profile, "synthetic", "models")


def _swap_in(staging, out):
    """Moves a finished folder's artifacts over out's, the manifest last (a folder the staging
    one lacks, such as a bundle's g2p/ without a lexicon, is removed from out)."""
    os.makedirs(out, exist_ok=True)
    for folder in (VOICES, G2P):
        shutil.rmtree(os.path.join(out, folder), ignore_errors=True)
        if os.path.isdir(os.path.join(staging, folder)):
            os.replace(os.path.join(staging, folder), os.path.join(out, folder))
    for name in ARTIFACTS:
        os.replace(os.path.join(staging, name), os.path.join(out, name))
    shutil.rmtree(staging, ignore_errors=True)


def model_artifacts(env, root, row, platform, spec, spec_node, input_stamps=(), lexicon_stamp=None, show=False):
    """Declares the model artifacts of a profile row built on platform from its spec (spec.py;
    spec_node: its file); returns (ModelOutputs of dist/<profile>/models, ModelOutputs of the
    synthetic bundle). input_stamps: the fetch stamps of the lock inputs its compiler needs;
    lexicon_stamp: misaki's, when the spec's bundle has a lexicon folder."""
    library = library_step(env, root, row.name, platform, spec, spec_node, input_stamps, show)
    return ModelOutputs(*bundle_step(env, root, row.name, spec, library, lexicon_stamp, show)), ModelOutputs(*library)


def library_step(env, root, profile, platform, spec, spec_node, input_stamps, show):
    """The library step: `python -m models.compile --spec` into a staging folder, swapped in."""
    library = synthetic_bundle(root, profile)
    staging = os.path.join(root, "build", profile, "models.staging")
    command = [sys.executable, "-m", "models.compile", "--spec", kspec.path(root, profile), "--out", staging]
    sources = _model_sources(env, root) + [env.File(os.path.join(root, "third_party", "requirements.lock")),
                                           env.Value(kspec.part(spec, kspec.MODELS_PART)), *input_stamps]
    targets = [os.path.join(library, name) for name in ARTIFACTS]
    return step_rule.declare(env, root, platform, step_rule.StepRule(
        label=f"{profile}/models", log=f"models-{profile}", targets=targets, sources=sources, after=(spec_node,),
        stages=(("compile (export, Relax build, artifacts)", command),),
        line=f"models: {profile} -> {os.path.relpath(library, root)} (the library)",
        outputs=step_rule.relative(root, targets + [os.path.join(library, VOICES)]), rule_modules=RULE_MODULES,
        prepare=lambda: _empty(staging), finish=lambda: _swap_in(staging, library)), show)


def bundle_step(env, root, profile, spec, library_nodes, lexicon_stamp, show):
    """The bundle step: `python -m models.bundle` with the spec's weights, voices, weights type and
    lexicon, into a staging folder, swapped in (not cached: it compiles nothing)."""
    chosen = spec["bundle"]
    library, out = synthetic_bundle(root, profile), os.path.join(root, "dist", profile, "models")
    staging = os.path.join(root, "build", profile, "bundle.staging")
    command = [sys.executable, "-m", "models.bundle", "--library", library, "--out", staging]
    sources = list(library_nodes) + [env.File(os.path.join(root, "models", f)) for f in BUNDLE_SOURCES]
    weights, voices = (chosen[name] and os.path.join(root, chosen[name]) for name in ("weights", "voices"))
    if weights:
        command += ["--weights", weights, "--weights-sha256", chosen["weights_sha256"]]
        sources.append(env.File(weights))
    if voices:
        command += ["--voices", voices]
        sources += [env.File(path) for path in voice_files(voices)]
    if chosen["weights_dtype"] != "float32":
        command += ["--weights-dtype", chosen["weights_dtype"]]
    if chosen["lexicon"]:
        command += ["--lexicon-data", chosen["lexicon"]]
        sources.append(lexicon_stamp)
    return step_rule.declare(env, root, None, step_rule.StepRule(
        label=f"{profile}/bundle", log=f"bundle-{profile}", targets=[os.path.join(out, a) for a in ARTIFACTS],
        sources=sources, stages=(("weights and voices", command),), line=f"models: {profile} -> dist/{profile}/models",
        rule_modules=RULE_MODULES,
        notice="" if chosen["weights"] else (f"models: {profile}: SYNTHETIC weights (WEIGHTS=synthetic): the audio "
                                             f"will not be speech, and the manifest says so"),
        prepare=lambda: shutil.rmtree(staging, ignore_errors=True), finish=lambda: _swap_in(staging, out)), show)


def _empty(folder):
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
