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
