"""Code that runs the models for tests and benchmarks, never for the build: the reference
runs (reference.py: Kokoro's PyTorch model with the build's noise, STFT and phases, and the
compiled functions called in its place). A subfolder of models/, so the models step's key
(its sources: the files directly in models/) leaves it out: an edit here rebuilds nothing."""
