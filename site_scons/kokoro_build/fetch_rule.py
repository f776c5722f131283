"""Fetch rule: the locked inputs of a profile, verified, in third_party/.

In:  the Lock, a profile name, and fetch Settings (cache, mirrors, offline,
     this machine's platform).
Out: one node per input (by input name), third_party/<name>-<version>/.kokoro-input.json,
     rebuilt on every run: each run checks the cached file against the
     lock (re-hashed unless unchanged since this checkout hashed it; about
     0.1 s for 100 MB) and re-unpacks only when the
     stamp differs, so what depends on the stamp rebuilds only when the
     input really changed. A wheel with `built_from` is checked against the
     commit of that git input. `fetch_summary` prints the closing line.
"""

import os

from . import fetch
from .actions import python_action


def _fetch_one(inp, built_from, settings):
    """The action of one input; built_from: the git input a wheel must be built from, or None
    (the action holds these two inputs, not the whole lock: SCons signs what an action holds)."""
    def fetch_input(target, source, env):
        folder = fetch.fetch_input(inp, settings)
        if built_from:
            fetch.check_built_from(inp, folder, built_from)
    return fetch_input


def input_nodes(env, lock, profile, settings, chosen=()):
    """Stamp nodes of every input the profile needs, by input name: those the lock lists for
    it, and those its options choose (chosen: names, such as RUNTIME_SOURCE=git's tree).
    profile None: the chosen inputs only."""
    nodes = {}
    for inp in lock.inputs_for(profile) + [lock.inputs[n] for n in chosen if profile not in lock.inputs[n].profiles]:
        stamp = os.path.join(settings.third_party_dir, inp.dirname, fetch.STAMP_NAME)
        line = f"fetch: verify {fetch.label(inp)} -> {os.path.relpath(os.path.dirname(stamp))}"
        built_from = lock.inputs.get(inp.built_from)
        action = python_action(_fetch_one(inp, built_from, settings), line,
                               signature=repr((inp, built_from, settings)))
        node = env.Command(stamp, env.Value(repr(inp)), action)
        env.AlwaysBuild(node)
        env.Precious(node)
        env.NoClean(node)
        nodes[inp.name] = node[0]
    return nodes


def fetch_summary(env, nodes, profile, settings):
    """An always-run alias action printing that every input is verified."""
    def summary(target, source, env):
        print(f"fetch: all {len(nodes)} inputs of profile {profile} verified "
              f"(cache: {settings.cache_dir})", flush=True)
    return python_action(summary, None)
