"""The Kokoro model classes from the pinned `kokoro` package, without its
package initializer.

In:  the installed kokoro package (third_party/requirements.lock).
Out: load() returns the `kokoro.model` module (KModel and friends) imported
     with `kokoro` as a bare namespace, so `kokoro/__init__.py`, which
     imports the text pipeline and misaki[en], never runs.
"""

import importlib
import importlib.util
import sys
import types


class KokoroImportError(Exception):
    """The pinned kokoro package is missing or already imported the usual way."""


def load():
    existing = sys.modules.get("kokoro")
    if existing is not None and getattr(existing, "__file__", None):
        raise KokoroImportError("kokoro was already imported through its initializer; "
                                "import it only through models.kokoro_modules.load()")
    if existing is None:
        spec = importlib.util.find_spec("kokoro")
        if spec is None or not spec.submodule_search_locations:
            raise KokoroImportError("the kokoro package is not installed: run ./scons (it makes the "
                                    "pinned environment from third_party/requirements.lock)")
        package = types.ModuleType("kokoro")
        package.__path__ = list(spec.submodule_search_locations)
        sys.modules["kokoro"] = package
    return importlib.import_module("kokoro.model")
