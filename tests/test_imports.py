"""The rules' modules form no import cycle and share one error base class.

Every intra-package import of site_scons/kokoro_build/ is read from the source
(wherever it is written), so an import moved into a function to dodge a cycle
is found too; the graph they make must have no cycle. Every exception a rule
defines extends errors.BuildError, which the action wrapper alone catches.
"""

import ast
import importlib
import inspect
import os

from conftest import ROOT

PACKAGE = os.path.join(ROOT, "site_scons", "kokoro_build")


def modules():
    return sorted(f[:-3] for f in os.listdir(PACKAGE) if f.endswith(".py"))


def imports_of(name):
    """[(imported module, line, at module level?)] of one module's relative imports."""
    with open(os.path.join(PACKAGE, name + ".py"), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            targets = [node.module] if node.module else [alias.name for alias in node.names]
            found += [(target, node.lineno, id(node) in top) for target in targets]
    return found


def test_every_relative_import_is_at_module_level():
    nested = [f"{name}.py:{line} imports .{target} inside a function"
              for name in modules() for target, line, top in imports_of(name) if not top]
    assert not nested, "\n".join(nested)


def test_the_modules_import_each_other_without_a_cycle():
    graph = {name: sorted({target for target, _, _ in imports_of(name)}) for name in modules()}
    for name, targets in graph.items():
        assert set(targets) <= set(graph), f"{name}.py imports a module that does not exist: {targets}"
    state, cycles = {}, []

    def visit(name, path):
        state[name] = "open"
        for target in graph[name]:
            if state.get(target) == "open":
                cycles.append(" -> ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[name] = "done"

    for name in graph:
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)
    assert graph["errors"] == [], "errors.py must be a leaf"


def test_every_error_a_rule_defines_extends_the_one_base_class():
    from kokoro_build.errors import BuildError
    defined = []
    for name in modules():
        module = importlib.import_module(f"kokoro_build.{name}")
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Exception) and cls.__module__ == module.__name__ and cls is not BuildError:
                defined.append(cls)
                assert issubclass(cls, BuildError), f"{name}.{cls_name} does not extend errors.BuildError"
    assert len(defined) >= 10, defined   # the rules' own errors were found


# What runs on the GPU machine, which has Python, PyTorch and the pack's wheels but no SCons.
GPU_MACHINE = ("benchmarks/gpu_pipeline.py", "benchmarks/gpu_trace.py", "benchmarks/tool_memory.py",
               "benchmarks/cuda_context.py", "tests/test_gpu.py", "tests/conftest.py")


def needs_scons(name, seen=None):
    """Whether the rule module `name` imports SCons, itself or through the modules it imports."""
    seen = set() if seen is None else seen
    if name in seen or name not in modules():
        return False
    seen.add(name)
    with open(os.path.join(PACKAGE, name + ".py"), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    direct = any(isinstance(node, (ast.Import, ast.ImportFrom)) and any(
        (getattr(node, "module", None) or alias.name).split(".")[0] == "SCons" for alias in node.names)
        for node in ast.walk(tree) if not (isinstance(node, ast.ImportFrom) and node.level))
    return direct or any(needs_scons(target, seen) for target, _, _ in imports_of(name))


def test_what_the_gpu_machine_runs_imports_no_scons():
    found = []
    for path in GPU_MACHINE:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            tree = ast.parse(f.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "kokoro_build":
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kokoro_build."):
                names = [node.module.split(".")[1]]
            elif isinstance(node, ast.Import):
                names = [alias.name.split(".")[1] for alias in node.names if alias.name.startswith("kokoro_build.")]
                found += [f"{path}:{node.lineno} imports SCons" for alias in node.names if alias.name.startswith("SCons")]
            else:
                continue
            found += [f"{path}:{node.lineno} imports kokoro_build.{name}, which needs SCons" for name in names
                      if needs_scons(name)]
    assert not found, "\n".join(found)
    assert needs_scons("spec") and not needs_scons("profiles")   # what the check tells apart
