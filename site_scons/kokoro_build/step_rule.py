"""The one way a long step is declared: its inputs, key, cache, staging, log and progress.

In:  a StepRule: the step's label ("host/models") and log name, the SCons targets it makes, its
     sources (file nodes, signed by content; Value nodes, signed by text), nodes it only needs
     to exist first (`after`: order only, e.g. the spec file whose part a Value holds), its stages
     ((what, command), run in `cwd`), the rule modules whose code decides its bytes, and, for a
     step the cache stores, its outputs (files or whole folders, relative to the checkout).
     Hooks, each optional: environment(env) -> the stages' environment (default the build's),
     tools(child env) -> {name: identity} in the key, prepare() before the stages (emptying a
     staging folder), finish() after them (moving staged outputs into place), notice() printed
     first.
Out: one SCons Command (Precious: the previous outputs stay until replaced) whose action, when
     SCons finds the step out of date, computes the key (step_cache.key_material: the sources'
     contents, the values, the rules' code, the tools, the platform), installs the outputs on a
     cache hit, and otherwise runs prepare, the stages (steps.run: a progress line each, output
     in build/logs/<log>.log, the log's tail on failure), finish, and records and stores the
     outputs. A step without outputs is not cached and runs its stages whenever out of date.
     `scons -n` (show) prints the stages' commands.
"""

import json
import os
import sys
from dataclasses import dataclass

from . import step_cache, steps
from .actions import python_action


@dataclass(frozen=True)
class StepRule:
    label: str
    log: str
    targets: tuple
    sources: tuple
    stages: tuple
    line: str
    outputs: tuple = ()           # relative to the checkout; () for a step the cache does not store
    rule_modules: tuple = ()
    after: tuple = ()
    cwd: str = None
    environment: object = None    # callable(env) -> dict
    tools: object = None          # callable(child env) -> {name: identity}
    prepare: object = None
    finish: object = None
    notice: str = ""


def declare(env, root, platform, rule, show=False):
    """Declares rule's step (see the module's docstring); returns its target nodes."""
    # The pinned Python environment's place is marked (the lock, in every key, says what it holds):
    # a clone that shares another checkout's environment keys its steps as that checkout does.
    commands = json.dumps([[what, [word.replace(sys.prefix, "<python-env>") for word in command]]
                           for what, command in rule.stages], ensure_ascii=False)

    def run_stages(child):
        if rule.prepare:
            rule.prepare()
        steps.run(root, rule.label, rule.stages, child, rule.log, cwd=rule.cwd or root)
        if rule.finish:
            rule.finish()

    def action(target, source, env_):
        if rule.notice:
            print(rule.notice, flush=True)
        child = rule.environment(env_["ENV"]) if rule.environment else env_["ENV"]
        if not rule.outputs:
            return run_stages(child)
        files, values = step_cache.node_inputs(root, source)
        tools = rule.tools(child) if rule.tools else {}
        material = step_cache.key_material(root, rule.label, files, values, rule.rule_modules, tools, child, platform)
        step_cache.run(root, step_cache.Step(rule.label, rule.outputs, material), lambda: run_stages(child))

    # SCons runs the action again when its rule's code changes (not this module's: it decides no byte)
    signature = rule.label + json.dumps(step_cache.rule_hashes(rule.rule_modules))
    where = f"(in {os.path.relpath(rule.cwd, root)}/) " if rule.cwd and rule.cwd != root else ""
    line = rule.line + ("".join(f"\n# {rule.label}: {what}\n{where}" + " ".join(command) for what, command in rule.stages)
                        if show else "")
    nodes = env.Command(list(rule.targets), list(rule.sources) + [env.Value(commands)],
                        python_action(action, line, signature=signature))
    env.Precious(nodes)
    if rule.after:
        env.Requires(nodes, list(rule.after))
    return nodes


def relative(root, paths):
    """Paths relative to the checkout, as a step's outputs are given."""
    return tuple(os.path.relpath(p, root) for p in paths)
