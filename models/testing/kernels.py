"""The kernels of two libraries compared, by their manifests' `kernels` (models/kernel_printer.py):
what proves a proxy library (ios-kernels: the ios build's Metal kernels printed as CUDA C)
holds the kernels of the build it stands for."""


def kernel_differences(proxy, metal):
    """Where a proxy library's kernels ({name: facts}, its manifest's) differ from the build's
    of the scheduled target: kernels missing on either side, then kernels whose facts differ."""
    found = [f"{name}: not in the proxy" for name in sorted(set(metal) - set(proxy))]
    found += [f"{name}: not in the Metal build" for name in sorted(set(proxy) - set(metal))]
    found += [f"{name}: {key} {proxy[name].get(key)} against the Metal build's {metal[name].get(key)}"
              for name in sorted(set(proxy) & set(metal)) for key in sorted(set(proxy[name]) | set(metal[name]))
              if proxy[name].get(key) != metal[name].get(key)]
    return found
