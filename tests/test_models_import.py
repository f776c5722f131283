"""The Kokoro model classes import from the pinned package without its text
front end (misaki), which the lock leaves out."""

import subprocess
import sys

from conftest import ROOT


def test_kmodel_imports_without_the_text_front_end():
    code = ("import sys; from models import kokoro_modules; m = kokoro_modules.load(); "
            "print(m.KModel.__name__, 'misaki' in sys.modules, 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["KModel", "False", "False"]
