"""Relax-compile rule: the Kokoro model artifacts of one profile.

In:  the model sources (models/*.py, models/kokoro_config.json), the pinned
     Python lock (which fixes the TVM version), the fetched lock inputs the
     profile's compiler needs (the cuda profile's NVRTC wheels: their stamps and
     folders, passed as --input NAME=FOLDER), the weights choice (synthetic,
     or WEIGHTS= with WEIGHTS_SHA256=), the voices (one synthetic, or the .pt and
     .f32 packs of the folder VOICES= names, or its kokoro-onnx voices file), the token and frame buckets (frame buckets left out: the
     schedule family's own, models/buckets.py), and the profile's row
     (profiles.py): its TVM target on this build machine and its schedule
     family, given to models.compile on its command line, with the CPU levels
     (the architecture's default ones, or one chosen by CPU_LEVEL=) and the
     CPU features each level's code needs.
Out: dist/<profile>/models/kokoro.a, kokoro.weights, manifest.json and voices/,
     written by `python -m models.compile` in a child process of the pinned
     Python into a staging folder and swapped in only when it succeeded, so a
     refused weights file or a failed compile leaves the previous artifacts
     in place. Output goes to build/logs/models-<profile>.log.

Signature: the sources' contents, the weights file's and voice packs'
contents and the JSON of the command's options, with the checkout's path and
the weights' and voices' paths marked (their contents are signed); only
models are rebuilt when only models change. The step goes through the step
cache (step_cache.py) with that signature as its key.
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
# The rule modules whose code decides the models' bytes (the step cache's key).
RULE_MODULES = ("relax_rule.py",)


def voice_files(given):
    """The files VOICES= names (models/voices.py reads them): the file itself, or the folder's packs."""
    if os.path.isfile(given):
        return [given]
    return [os.path.join(given, f) for f in sorted(os.listdir(given)) if f.endswith((".pt", ".f32"))]


def _model_sources(env, root):
    folder = os.path.join(root, "models")
    return [env.File(os.path.join(folder, f)) for f in sorted(os.listdir(folder))
            if f.endswith((".py", ".json"))]


@dataclass(frozen=True)
class ModelOutputs:
    """The nodes of one profile's model artifacts."""
    library: object      # kokoro.a
    weights: object      # kokoro.weights
    manifest: object     # manifest.json (it records the voices)

    @property
    def nodes(self):
        return [self.library, self.weights, self.manifest]


def model_artifacts(env, root, row, platform, options, tool_inputs=None):
    """Declares the model artifacts of a profile row built on platform; returns ModelOutputs.
    options: the build's Options; tool_inputs: {lock input name: (folder, stamp node)} of the
    inputs its compiler needs."""
    profile = row.name
    out = os.path.join(root, "dist", profile, "models")
    staging = os.path.join(root, "build", profile, "models.staging")
    command = [sys.executable, "-m", "models.compile", *row.compile_arguments(platform, options.cpu_level),
               "--out", staging, "--buckets", options.token_buckets] + \
        (["--frame-buckets", options.frame_buckets] if options.frame_buckets else [])   # else the schedule's own
    sources = _model_sources(env, root) + [env.File(os.path.join(root, "third_party", "requirements.lock"))]
    for name, (folder, stamp) in sorted((tool_inputs or {}).items()):
        command += ["--input", f"{name}={folder}"]
        sources.append(stamp)
    if options.weights:
        command += ["--weights", options.weights, "--weights-sha256", options.weights_sha256]
        sources.append(env.File(options.weights))
    if options.voices:
        folder = options.voices
        command += ["--voices", folder]
        sources += [env.File(path) for path in voice_files(folder)]
    # Paths outside the checkout are marked by their role (their contents are signed as sources).
    marked = {options.weights: "<WEIGHTS>", options.voices: "<VOICES>"}
    settings = json.dumps({"command": [marked.get(word, word) for word in command[3:]], "profile": profile},
                          sort_keys=True)
    synthetic = not options.weights   # the action holds this, not the options: SCons signs what it holds
    label = f"{profile}/models"
    step_outputs = tuple(os.path.relpath(os.path.join(out, name), root) for name in ARTIFACTS + (VOICES,))

    def compile_into_dist(child_env):
        shutil.rmtree(staging, ignore_errors=True)
        os.makedirs(staging)
        steps.run(root, label, [("compile (export, Relax build, artifacts)", command)], child_env,
                  f"models-{profile}", cwd=root)
        os.makedirs(out, exist_ok=True)
        for name in ARTIFACTS:
            os.replace(os.path.join(staging, name), os.path.join(out, name))
        shutil.rmtree(os.path.join(out, VOICES), ignore_errors=True)
        os.replace(os.path.join(staging, VOICES), os.path.join(out, VOICES))
        shutil.rmtree(staging, ignore_errors=True)

    def compile_models(target, source, env_):
        if synthetic:
            print(f"models: {profile}: SYNTHETIC weights (seeded; no WEIGHTS= given): the audio will not be "
                  f"speech, and the manifest says so", flush=True)
        files, values = step_cache.node_inputs(root, source)
        material = step_cache.key_material(root, label, files, values, RULE_MODULES, {}, env_["ENV"], platform)
        step_cache.run(root, step_cache.Step(label, step_outputs, material),
                       lambda: compile_into_dist(env_["ENV"]))

    nodes = env.Command([os.path.join(out, a) for a in ARTIFACTS], sources + [env.Value(settings)],
                        python_action(compile_models, f"models: {profile} -> dist/{profile}/models"))
    env.Precious(nodes)
    return ModelOutputs(*nodes)
