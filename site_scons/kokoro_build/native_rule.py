"""Native libraries of a profile: tvm-ffi and the TVM runtime, static.

In:  the profile's row (profiles.py: where its runtime's sources come from,
     the runtime's CMake cache entries), the Lock and the stamps of its fetched
     inputs, a Toolchain, the options (the RUNTIME_SOURCE choice for a row that
     leaves it open: the wheel's sources with this project's support headers,
     or the full TVM git tree; extra CMake arguments per project).
Out: build/<profile>/tvm-ffi/ and build/<profile>/tvm-runtime/ (through the
     CMake rule), then dist/<profile>/lib/libtvm_ffi_static.a,
     dist/<profile>/lib/libtvm_runtime.a and dist/<profile>/include/ with
     HEADERS.sha256 listing every header (with any extra headers given,
     such as the pipeline crate's C header).

A row with runtime_source "git" (ios) builds the runtime from the full TVM
tree, its CMake entries switching the Metal runtime on, archived into the
static runtime (upstream builds Metal only as a shared library).

A profile with `shared_libraries` (cuda) builds nothing: `shared_libraries()`
copies the pinned shared libraries its row names (the TVM wheel's
libtvm_runtime.so and libtvm_runtime_cuda.so, the Python lock's libtvm_ffi.so,
NVIDIA's libcudart.so.13) into dist/<profile>/lib, where the tool finds them
($ORIGIN/../lib), and the extra headers into dist/<profile>/include.
"""

import os
import shutil

from .cmake_rule import CMakeProject, cmake_project, headers_digest, toolchain_file
from .actions import python_action
from .errors import BuildError

RUNTIME_PROJECT = os.path.join("native", "tvm_runtime")
# The lock's inputs this rule reads, with their kinds.
NEEDS = {"apache-tvm": "archive", "apache-tvm-ffi": "archive", "tvm-source": "git"}
FFI_SWITCHES = {
    "CMAKE_BUILD_TYPE": "Release",
    "TVM_FFI_USE_LIBBACKTRACE": "OFF",
    "TVM_FFI_BACKTRACE_ON_SEGFAULT": "OFF",
    "TVM_FFI_BUILD_TESTS": "OFF",
    "TVM_FFI_BUILD_PYTHON_MODULE": "OFF",
}


def _own_files(env, root, folder):
    """Every file of a project of this repository, as dependencies."""
    found = []
    for base, dirs, files in os.walk(os.path.join(root, folder)):
        dirs.sort()
        found += [env.File(os.path.join(base, f)) for f in sorted(files)]
    return found


def runtime_input(profile, choice):
    """The lock input holding the TVM runtime's sources of a profile row: the full git tree
    (tvm-source) or the compiler wheel (apache-tvm); choice: the RUNTIME_SOURCE option, for a
    row that leaves it open. The fetch takes it whatever the lock's profiles list says."""
    return "tvm-source" if (profile.runtime_source or choice) == "git" else "apache-tvm"


def chosen_inputs(profile, choice):
    """The inputs a row's options add to what the lock lists for it: the runtime's sources of
    a row that builds the runtime."""
    return [runtime_input(profile, choice)] if "native" in profile.parts and not profile.shared_libraries else []


def runtime_source(root, lock, profile, choice):
    """(TVM tree, stamp input name, own support headers?) for the runtime of a profile row."""
    source = lock.inputs[runtime_input(profile, choice)]
    if source.name == "tvm-source":
        return os.path.join(root, "third_party", source.dirname), source.name, False
    return os.path.join(root, "third_party", source.dirname, "tvm"), source.name, True


def native_libraries(env, root, profile, lock, stamps, toolchain, tools, options, platform, show_commands,
                     extra_headers=()):
    """Declares both libraries, built on platform, and their dist copies for a profile row; returns the dist nodes.
    extra_headers (files) are published in dist/<profile>/include too (the pipeline's C header)."""
    toolchain_node = toolchain_file(env, root, toolchain, show_commands)
    ffi_input = lock.inputs["apache-tvm-ffi"]
    tvm_ffi_outputs, ffi_headers, ffi_prefix = cmake_project(env, root, toolchain, toolchain_node, CMakeProject(
        name="tvm-ffi",
        source_dir=os.path.join(root, "third_party", ffi_input.dirname),
        cache_args={**FFI_SWITCHES, **options.ffi_cmake_args},
        build_targets=("tvm_ffi_static", "tvm_ffi_shared"),
        outputs=("lib/libtvm_ffi_static.a",),
        depends=[stamps[ffi_input.name]],
    ), tools, platform, show_commands)

    tree, tree_input, own_headers = runtime_source(root, lock, profile, options.runtime_source)
    runtime_outputs, runtime_headers, runtime_prefix = cmake_project(env, root, toolchain, toolchain_node, CMakeProject(
        name="tvm-runtime",
        source_dir=os.path.join(root, RUNTIME_PROJECT),
        cache_args={"CMAKE_BUILD_TYPE": "Release", "TVM_SOURCE_DIR": tree, "TVM_FFI_ROOT": ffi_prefix,
                    "TVM_RUNTIME_OWN_SUPPORT_HEADERS": "ON" if own_headers else "OFF",
                    **dict(profile.runtime_cmake), **options.runtime_cmake_args},
        build_targets=("tvm_runtime",),
        outputs=("lib/libtvm_runtime.a",),
        depends=[stamps[tree_input], ffi_headers] + _own_files(env, root, RUNTIME_PROJECT),
    ), tools, platform, show_commands)

    dist = os.path.join(root, "dist", profile.name)
    libs = env.Install(os.path.join(dist, "lib"), tvm_ffi_outputs + runtime_outputs)
    headers = env.Command(os.path.join(dist, "include", "HEADERS.sha256"),
                          [ffi_headers, runtime_headers] + [env.File(h) for h in extra_headers],
                          python_action(_copy_headers([ffi_prefix, runtime_prefix], extra_headers),
                                        f"dist: headers -> dist/{profile.name}/include"))
    return libs + headers


def shared_libraries(env, root, profile, stamps, python_site, extra_headers=()):
    """Declares the copies of a profile's pinned shared libraries (Profile.shared_libraries) and
    of the extra headers; returns the dist nodes. python_site: the pinned environment's site-packages."""
    dist = os.path.join(root, "dist", profile.name)
    nodes = []
    for origin, path in profile.shared_libraries:
        if origin == "python-env":
            source = os.path.join(python_site, path)
            depends = [env.File(os.path.join(root, "third_party", "requirements.lock"))]
            fix = "remove third_party/python-env and run ./scons again, which makes it from the lock"
        else:
            stamp = stamps[origin]
            source, depends = os.path.join(os.path.dirname(str(stamp.abspath)), path), [stamp]
            fix = (f"run ./scons fetch PROFILE={profile.name}; if it stays missing, the lock's {origin} is not "
                   f"the release the {profile.name} row of site_scons/kokoro_build/profiles.py expects")
        target = os.path.join(dist, "lib", os.path.basename(path))
        nodes += env.Command(target, depends, python_action(
            _copy_file(source, fix), f"dist: {os.path.relpath(source, root)} -> {os.path.relpath(target, root)}"))
    for header in extra_headers:
        target = os.path.join(dist, "include", os.path.basename(header))
        nodes += env.Command(target, env.File(header), python_action(
            _copy_file(header, "restore it from git"),
            f"dist: {os.path.relpath(header, root)} -> {os.path.relpath(target, root)}"))
    return nodes


def _copy_file(source, fix):
    """An action copying one file (mode 0644 or 0755 as the source is executable) through a
    temporary name; fix: what to do when the source is missing."""
    def copy_file(target, source_nodes, env):
        final = target[0].abspath
        if not os.path.isfile(source):
            raise BuildError(f"{source}: missing; {fix}")
        os.makedirs(os.path.dirname(final), exist_ok=True)
        staged = final + ".new"
        shutil.copyfile(source, staged)
        os.chmod(staged, 0o755 if os.access(source, os.X_OK) else 0o644)
        os.replace(staged, final)
    return copy_file


def _copy_headers(prefixes, extra_headers):
    """An action copying the prefixes' include/ trees and extra headers into one folder, swapped in whole."""
    def copy_headers(target, source, env):
        final = os.path.dirname(target[0].abspath)
        staging = final + ".new"
        shutil.rmtree(staging, ignore_errors=True)
        for prefix in prefixes:
            shutil.copytree(os.path.join(prefix, "include"), staging, dirs_exist_ok=True)
        for header in extra_headers:
            shutil.copy2(header, os.path.join(staging, os.path.basename(header)))
        digest = headers_digest(staging)
        with open(os.path.join(staging, "HEADERS.sha256"), "w", encoding="utf-8") as f:
            f.write(digest)
        shutil.rmtree(final, ignore_errors=True)
        os.rename(staging, final)
    return copy_headers

