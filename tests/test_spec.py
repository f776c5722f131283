"""One build spec per profile (build/<profile>/spec.json, site_scons/kokoro_build/spec.py): the
only place a profile's facts reach the processes after SCons from. models.compile, the bundle
step and the crate's build.rs read it; the models manifest carries its keys with the same
spellings, which the crate reads; a spec of another version or lacking a field is refused by
name; and the step rules are each one short declaration of the generic step
(site_scons/kokoro_build/step_rule.py)."""

import ast
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT, synthetic_models
from kokoro_build import profiles, spec
from models import spec as model_spec

RULES = os.path.join(ROOT, "site_scons", "kokoro_build")


def built_spec(profile):
    path = spec.path(ROOT, profile)
    if not os.path.exists(path):
        pytest.fail(f"{path} is missing: run ./scons (./scons test builds it first)")
    return model_spec.read(path)


@pytest.mark.parametrize("profile", ["host", "ios"])
def test_the_manifest_carries_the_spec_the_models_were_compiled_from(profile):
    found = built_spec(profile)
    manifest = json.load(open(os.path.join(synthetic_models(profile), "manifest.json"), encoding="utf-8"))
    assert {key: manifest[key] for key in model_spec.MANIFEST_KEYS} == {key: found[key] for key in model_spec.MANIFEST_KEYS}
    assert [level["level"] for level in manifest["cpu"]["levels"]] == [level["level"] for level in found["cpu"]["levels"]]
    row = profiles.PROFILES[profile]
    assert found["device"] == row.device and found["archive"]["format"] == row.binary_format(profiles.host_platform())
    linking = profiles.LINKING[found["archive"]["format"]]
    assert found["link"]["whole_archive"] == linking.whole_archive
    assert found["link"]["system_libraries"] == list(linking.system_libraries)
    # Where this machine's tools lie is in no step's key: a clone sharing another checkout's
    # Python environment (tests/test_step_cache.py) keys its steps as this checkout does.
    assert "tools" not in spec.MODELS_PART + spec.LINK_PART and os.access(found["tools"]["archiver"], os.X_OK)


def test_the_crate_reads_the_manifest_with_the_specs_spellings():
    """The runtime reads the device and the buckets under the keys the spec writes."""
    source = open(os.path.join(ROOT, "rust", "src", "manifest.rs"), encoding="utf-8").read()
    assert 'text(&doc, &["device"])' in source and 'field(&doc, &["buckets", kind])' in source
    assert {"device", "buckets"} <= set(model_spec.MANIFEST_KEYS)
    build = open(os.path.join(ROOT, "rust", "build.rs"), encoding="utf-8").read()
    assert "KOKORO_SPEC" in build and "CARGO_CFG_TARGET_VENDOR" not in build   # the link style is the spec's


def run_compile(spec_path, out):
    return subprocess.run([sys.executable, "-m", "models.compile", "--spec", str(spec_path), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("change, message", [
    (lambda s: s.update(spec_version=0), "spec_version is 0, this build reads 1"),
    (lambda s: s.pop("buckets"), "no field 'buckets'"),
    (lambda s: s.update(gpu_limits="1024"), "field 'gpu_limits' is \"1024\", not an object or null"),
    (lambda s: s.update(schedule="gpu", gpu_limits={"threads": 1024, "shared_bytes": 49152, "block": 128}),
     "field 'gpu_limits' must be {\"threads\": N, \"shared_bytes\": N} and optionally \"blocks\": N"),
    (lambda s: s.update(buckets={"tokens": [32], "frames": [-64]}), "field 'buckets' must be"),
    (lambda s: s.update(printer={"kind": "cuda"}), "field 'printer' must name a GPU target"),
    (lambda s: s.update(weights_dtype="bfloat16"), "field 'weights_dtype' is 'bfloat16' (the bundle's 'float32')"),
    (lambda s: s.update(weights_dtype="float16"), "field 'weights_dtype' is 'float16' (the bundle's 'float32'): "
                                                  "one of float32, float16, the same in both"),
])
def test_models_compile_refuses_a_spec_naming_the_field(tmp_path, change, message):
    found = spec.profile_spec(profiles.PROFILES["host"], profiles.host_platform(), ROOT)
    change(found)
    path = spec.write(str(tmp_path / "spec.json"), found)
    run = run_compile(path, tmp_path / "out")
    assert run.returncode == 2 and f"models.compile: spec refused: {path}: {message}" in run.stderr, run.stderr
    assert not (tmp_path / "out").exists()


def test_models_compile_takes_no_profile_fact_from_its_command_line(tmp_path):
    run = subprocess.run([sys.executable, "-m", "models.compile", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0 and "--spec FILE" in run.stdout
    for flag in ("--target", "--schedule", "--cpu-level", "--gpu-limits", "--printer", "--buckets", "--frame-buckets",
                 "--input", "--profile"):
        assert flag not in run.stdout, flag
    missing = run_compile(tmp_path / "nowhere.json", tmp_path / "out")
    assert missing.returncode == 2 and "nowhere.json: cannot read it" in missing.stderr


def test_no_profile_fact_is_derived_from_a_target_string_after_the_spec():
    """The device, the archive format, the device compiler and the link style are the row's: the
    processes after SCons read them from the spec, not from a target's kind or triple."""
    compile_source = open(os.path.join(ROOT, "models", "compile.py"), encoding="utf-8").read()
    assert "mtriple" not in compile_source and 'get("kind") == "cuda"' not in compile_source
    assert not re.search(r'\["kind"\]\s+if gpu', compile_source)
    assert "sys.platform" not in compile_source
    for rule in ("cargo_rule.py", "relax_rule.py", "cmake_rule.py"):
        text = open(os.path.join(RULES, rule), encoding="utf-8").read()
        assert "row.apple" not in text and "linked_libraries" not in text and "compile_arguments" not in text, rule


def test_the_buckets_are_parsed_once_on_their_way_to_the_crate():
    """MODEL_FRAME_BUCKETS: parsed by the build's options (models/buckets.py), written into the
    spec as numbers under buckets.frames, carried so into the manifest, read so by the crate."""
    callers = []
    for folder in ("site_scons/kokoro_build", "models"):
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            if name.endswith(".py"):
                tree = ast.parse(open(os.path.join(ROOT, folder, name), encoding="utf-8").read())
                callers += [f"{folder}/{name}" for call in ast.walk(tree) if isinstance(call, ast.Call)
                            and getattr(call.func, "id", getattr(call.func, "attr", "")) == "parse_buckets"]
    assert callers == ["site_scons/kokoro_build/options.py"], callers
    found = spec.profile_spec(profiles.PROFILES["host"], profiles.host_platform(), ROOT,
                              buckets={"tokens": (32,), "frames": (64, 128)})
    assert found["buckets"] == {"frames": [64, 128], "tokens": [32]}


def _function_lengths(path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    return {node.name: node.end_lineno - node.lineno + 1 for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
            and any(isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "declare" for call in ast.walk(node))}


def test_each_step_rule_is_one_short_declaration_of_the_generic_step():
    lengths = {}
    for rule in ("relax_rule.py", "cargo_rule.py", "cmake_rule.py"):
        found = _function_lengths(os.path.join(RULES, rule))
        assert found, f"{rule} declares no step through step_rule"
        lengths.update({f"{rule}:{name}": n for name, n in found.items()})
        text = open(os.path.join(RULES, rule), encoding="utf-8").read()
        assert "step_cache.run(" not in text and "key_material(" not in text, rule   # the generic step's alone
    assert all(n < 40 for n in lengths.values()), lengths
