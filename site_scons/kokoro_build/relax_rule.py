"""Relax-compile rule: the Kokoro model artifacts of one profile, in two steps.

In:  the model sources (models/*.py, models/kokoro_config.json), the pinned
     Python lock (which fixes the TVM version), the fetched lock inputs the
     profile's compiler needs (the cuda profile's NVRTC wheels: their stamps and
     folders, passed as --input NAME=FOLDER), the token and frame buckets (frame
     buckets left out: the schedule family's own, models/buckets.py), and the
     profile's row (profiles.py): its TVM target on this build machine and its
     schedule family, given to models.compile on its command line, with the CPU
     levels (the architecture's default ones, or one chosen by CPU_LEVEL=) and
     the CPU features each level's code needs. Then the weights choice
     (synthetic, or WEIGHTS= with WEIGHTS_SHA256=) and the voices (one synthetic,
     or what VOICES= names: a folder of .pt and .f32 packs, or a kokoro-onnx
     voices file), the type the bundle stores the weights in (WEIGHTS_DTYPE=), and
     misaki's lexicon folder (the pinned misaki wheel's misaki/data) for the bundle's
     G2P lexicon.
Out: 1. the library step: build/<profile>/synthetic/models/ (kokoro.a,
        manifest.json, the seeded synthetic kokoro.weights and voice: a whole
        bundle, which the tests compare with PyTorch), written by
        `python -m models.compile` in a child process of the pinned Python into
        a staging folder and swapped in only when it succeeded. Its signature
        holds no weights and no voices: the compiled functions take every weight
        as a parameter, so the library's bytes do not depend on them.
     2. the bundle step: dist/<profile>/models/ (kokoro.a, kokoro.weights,
        manifest.json, voices/ and g2p/en.lexicon), written by `python -m models.bundle` from the
        library step's folder and the chosen weights and voices, in seconds and
        compiling nothing; a refused weights file or voice leaves the previous
        bundle in place.
     Output goes to build/logs/models-<profile>.log and bundle-<profile>.log.

Signature of the library step: the sources' contents (less the modules only the
bundle step runs) and the JSON of the command's options, with the checkout's
path marked; it goes through the step cache (step_cache.py) with that signature
as its key. The bundle step signs the library's files, the weights file's and
voice packs' contents (their paths marked), the misaki input's fetch stamp and its
own modules.
"""

import json
import os
import shutil
import sys
from dataclasses import dataclass

from . import step_cache, steps
from .actions import python_action

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


def model_artifacts(env, root, row, platform, options, tool_inputs=None, lexicon_input=None):
    """Declares the model artifacts of a profile row built on platform; returns
    (ModelOutputs of dist/<profile>/models, ModelOutputs of the synthetic bundle).
    options: the build's Options; tool_inputs: {lock input name: (folder, stamp node)} of the
    inputs its compiler needs; lexicon_input: (misaki's lexicon folder, its input's stamp node)
    for the bundle's G2P lexicon, or None."""
    profile = row.name
    library = synthetic_bundle(root, profile)
    staging = os.path.join(root, "build", profile, "models.staging")
    command = [sys.executable, "-m", "models.compile", *row.compile_arguments(platform, options.cpu_level),
               "--out", staging, "--buckets", options.token_buckets] + \
        (["--frame-buckets", options.frame_buckets] if options.frame_buckets else [])   # else the schedule's own
    sources = _model_sources(env, root) + [env.File(os.path.join(root, "third_party", "requirements.lock"))]
    for name, (folder, stamp) in sorted((tool_inputs or {}).items()):
        command += ["--input", f"{name}={folder}"]
        sources.append(stamp)
    settings = json.dumps({"command": command[3:], "profile": profile}, sort_keys=True)
    label = f"{profile}/models"
    step_outputs = tuple(os.path.relpath(os.path.join(library, name), root) for name in ARTIFACTS + (VOICES,))

    def compile_into_build(child_env):
        shutil.rmtree(staging, ignore_errors=True)
        os.makedirs(staging)
        steps.run(root, label, [("compile (export, Relax build, artifacts)", command)], child_env,
                  f"models-{profile}", cwd=root)
        _swap_in(staging, library)

    def compile_models(target, source, env_):
        files, values = step_cache.node_inputs(root, source)
        material = step_cache.key_material(root, label, files, values, RULE_MODULES, {}, env_["ENV"], platform)
        step_cache.run(root, step_cache.Step(label, step_outputs, material),
                       lambda: compile_into_build(env_["ENV"]))

    compiled = env.Command([os.path.join(library, a) for a in ARTIFACTS], sources + [env.Value(settings)],
                           python_action(compile_models, f"models: {profile} -> "
                                                         f"{os.path.relpath(library, root)} (the library)"))
    env.Precious(compiled)

    out = os.path.join(root, "dist", profile, "models")
    bundle_staging = os.path.join(root, "build", profile, "bundle.staging")
    bundle_command = [sys.executable, "-m", "models.bundle", "--library", library, "--out", bundle_staging]
    bundle_sources = list(compiled) + [env.File(os.path.join(root, "models", f)) for f in BUNDLE_SOURCES]
    if options.weights:
        bundle_command += ["--weights", options.weights, "--weights-sha256", options.weights_sha256]
        bundle_sources.append(env.File(options.weights))
    if options.voices:
        bundle_command += ["--voices", options.voices]
        bundle_sources += [env.File(path) for path in voice_files(options.voices)]
    if options.weights_dtype != "float32":
        bundle_command += ["--weights-dtype", options.weights_dtype]
    if lexicon_input:
        bundle_command += ["--lexicon-data", os.path.relpath(lexicon_input[0], root)]
        bundle_sources.append(lexicon_input[1])
    # Paths outside the checkout are marked by their role (their contents are signed as sources).
    marked = {options.weights: "<WEIGHTS>", options.voices: "<VOICES>"}
    bundle_settings = json.dumps({"command": [marked.get(word, word) for word in bundle_command[3:]]}, sort_keys=True)
    synthetic = not options.weights   # the action holds this, not the options: SCons signs what it holds

    def make_bundle(target, source, env_):
        if synthetic:
            print(f"models: {profile}: SYNTHETIC weights (WEIGHTS=synthetic): the audio will not be "
                  f"speech, and the manifest says so", flush=True)
        shutil.rmtree(bundle_staging, ignore_errors=True)
        steps.run(root, f"{profile}/bundle", [("weights and voices", bundle_command)], env_["ENV"],
                  f"bundle-{profile}", cwd=root)
        _swap_in(bundle_staging, out)

    nodes = env.Command([os.path.join(out, a) for a in ARTIFACTS], bundle_sources + [env.Value(bundle_settings)],
                        python_action(make_bundle, f"models: {profile} -> dist/{profile}/models"))
    env.Precious(nodes)
    return ModelOutputs(*nodes), ModelOutputs(*compiled)
