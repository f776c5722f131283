"""CMake external-project rule: configure with Ninja, build, install.

In:  a CMakeProject: its source folder (a fetched input or a project of this
     repository), CMake cache arguments, the targets to build, the outputs
     it installs; a Toolchain (cxx_toolchain.py); and the nodes it depends on
     (the input's stamp, another project's headers, its own files).
Out: build/<profile>/<name>/, the install prefix, holding the declared
     outputs and include.sha256 (each installed header with its sha256, so
     dependents rebuild only when headers really change). The build folder
     is build/<profile>/<name>.build/, the log build/logs/<profile>-<name>.log.
     toolchain_file() writes the profile's build/<profile>/toolchain.cmake.

A step_rule step, keyed by the dependencies' contents and a JSON of the cache
arguments, the toolchain file's text and the compiler identity, with the
checkout's path marked; the step cache stores the whole install prefix.
Changing any of them rebuilds this project and nothing else; Ninja keeps the
rebuild incremental, and a changed toolchain starts from an empty build folder
(CMake cannot switch compilers in place). The console shows one line per stage
(configure, build, install); `scons -n` shows the full commands.
"""

import json
import os
import shutil
from dataclasses import dataclass, field

from SCons.Action import Action

from . import step_rule
from .digest import text_sha256, tree_lines

TOOLCHAIN_MARK = ".kokoro-toolchain.sha256"
# The rule modules whose code decides a project's bytes (the step cache's key).
RULE_MODULES = ("cmake_rule.py", "native_rule.py", "cxx_toolchain.py")


@dataclass
class CMakeProject:
    name: str
    source_dir: str
    cache_args: dict
    build_targets: tuple
    outputs: tuple
    depends: list = field(default_factory=list)


def headers_digest(include):
    """Lines 'sha256  path' for every file under the include folder, sorted by path."""
    return tree_lines(include)


class _Paths:
    def __init__(self, root, profile, name):
        base = os.path.join(root, "build", profile)
        self.prefix = os.path.join(base, name)
        self.build = os.path.join(base, name + ".build")
        self.toolchain = os.path.join(base, "toolchain.cmake")
        self.label = f"{profile}/{name}"
        self.log = f"{profile}-{name}"


def _stages(project, paths, tools):
    cache = dict(sorted(project.cache_args.items()))
    configure = [tools["cmake"], "-G", "Ninja", "-S", project.source_dir, "-B", paths.build,
                 f"-DCMAKE_TOOLCHAIN_FILE={paths.toolchain}", f"-DCMAKE_INSTALL_PREFIX={paths.prefix}",
                 f"-DCMAKE_MAKE_PROGRAM={tools['ninja']}"] + [f"-D{k}={v}" for k, v in cache.items()]
    targets = list(project.build_targets)
    return [("configure", configure),
            (f"build {' '.join(targets)}", [tools["cmake"], "--build", paths.build, "--target"] + targets),
            ("install", [tools["cmake"], "--install", paths.build])]


def toolchain_file(env, root, toolchain, show_commands=False):
    """The profile's CMake toolchain file, written from the Toolchain's text."""
    path = _Paths(root, toolchain.profile, "").toolchain

    def write(target, source, env):
        with open(target[0].abspath, "w", encoding="utf-8") as f:
            f.write(toolchain.cmake_text)

    def describe(target, source, env):
        shown = "".join(f"#   {line}\n" for line in toolchain.cmake_text.splitlines()) if show_commands else ""
        return f"# {toolchain.profile}: toolchain file {os.path.relpath(path, root)}\n{shown}".rstrip()
    return env.Command(path, env.Value(toolchain.cmake_text), Action(write, describe))


def _prepare_build_folder(paths, toolchain):
    """Empties the build folder when the toolchain changed."""
    mark = os.path.join(paths.build, TOOLCHAIN_MARK)
    wanted = text_sha256(toolchain.cmake_text + toolchain.identity)
    try:
        with open(mark, encoding="utf-8") as f:
            same = f.read().strip() == wanted
    except OSError:
        same = False
    if not same:
        shutil.rmtree(paths.build, ignore_errors=True)
        os.makedirs(paths.build)
        with open(mark, "w", encoding="utf-8") as f:
            f.write(wanted + "\n")


def cmake_project(env, root, toolchain, toolchain_node, project, tools, platform, show_commands=False):
    """Declares the project built on platform; returns (output nodes, headers digest node, install prefix)."""
    paths = _Paths(root, toolchain.profile, project.name)
    signature = json.dumps({"cache": project.cache_args, "targets": list(project.build_targets),
                            "source": os.path.relpath(project.source_dir, root),
                            "toolchain": toolchain.cmake_text, "compiler": toolchain.identity},
                           sort_keys=True, indent=1)

    def write_headers_digest():
        with open(os.path.join(paths.prefix, "include.sha256"), "w", encoding="utf-8") as f:
            f.write(headers_digest(os.path.join(paths.prefix, "include")))

    outputs = [os.path.join(paths.prefix, o) for o in project.outputs] + [os.path.join(paths.prefix, "include.sha256")]
    nodes = step_rule.declare(env, root, platform, step_rule.StepRule(
        label=paths.label, log=paths.log, targets=outputs, sources=project.depends + [env.Value(signature)],
        after=tuple(toolchain_node), stages=tuple(_stages(project, paths, tools)),
        line=f"cmake: {paths.label} -> {os.path.relpath(paths.prefix, root)}",
        outputs=(os.path.relpath(paths.prefix, root),), rule_modules=RULE_MODULES,
        prepare=lambda: _prepare_build_folder(paths, toolchain), finish=write_headers_digest), show_commands)
    return nodes[:-1], nodes[-1], paths.prefix
