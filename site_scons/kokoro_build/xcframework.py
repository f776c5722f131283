"""iOS packaging: an .xcframework of one merged static library, its zip, a Swift package.

In:  the dist folder of a profile packaged as an xcframework (lib/libtvm_runtime.a,
     lib/libtvm_ffi_static.a, lib/libkokoro_tvm.a, models/kokoro.a,
     include/kokoro_tvm.h), its row's Apple minimums (profiles.py: the OS, the
     architecture, the minimum OS version), Xcode's libtool, the source date.
Out: in the output folder:
     KokoroTVM.xcframework/Info.plist            written here (no template)
     KokoroTVM.xcframework/ios-arm64/libKokoroTVM.a   the four archives merged
                                                 with `libtool -static` under ZERO_AR_DATE=1
     KokoroTVM.xcframework/ios-arm64/Headers/    kokoro_tvm.h and module.modulemap
     KokoroTVM.xcframework.zip                   deterministic (sorted, fixed dates
                                                 and modes, no extra fields)
     Package.swift                               a binaryTarget carrying the zip's sha256,
                                                 the platform at the row's minimum
An app links the library with -all_load (or -force_load): the runtime and the
models register their functions when loaded.
"""

import os
import plistlib
import shutil
import subprocess
import time
import zipfile

from .actions import python_action
from .cxx_toolchain import xcrun_query
from .errors import BuildError
from .digest import file_sha256

NAME = "KokoroTVM"
LIBRARY = f"lib{NAME}.a"
ARCHIVES = ("lib/libtvm_runtime.a", "lib/libtvm_ffi_static.a", "models/kokoro.a", "lib/libkokoro_tvm.a")
HEADER = "include/kokoro_tvm.h"


class PackagingError(BuildError):
    """The xcframework cannot be made; the message says what is missing."""


def merge_command(libtool, out, archives):
    return [libtool, "-static", "-no_warning_for_no_symbols", "-o", out, *archives]


def identifier(apple):
    """The slice's folder, as Xcode names it: ios-arm64."""
    return f"{apple.os.lower()}-{apple.arch}"


def info_plist(apple):
    """The xcframework's Info.plist: one static library with headers for the row's OS and architecture."""
    return plistlib.dumps({
        "AvailableLibraries": [{
            "BinaryPath": LIBRARY, "HeadersPath": "Headers", "LibraryIdentifier": identifier(apple),
            "LibraryPath": LIBRARY, "SupportedArchitectures": [apple.arch], "SupportedPlatform": apple.os.lower(),
        }],
        "CFBundlePackageType": "XFWK",
        "XCFrameworkFormatVersion": "1.0",
    }, sort_keys=True)


def module_map():
    return f"module {NAME} {{\n    header \"kokoro_tvm.h\"\n    export *\n}}\n"


def package_swift(zip_name, checksum, url_base, apple):
    return f"""// swift-tools-version:5.9
// Written by kokoro-tvm-build. The binary target is {zip_name}; link it with -all_load
// (the TVM runtime and the models register their functions when loaded).
import PackageDescription

let package = Package(
    name: "{NAME}",
    platforms: [.{apple.os}("{apple.minimum}")],
    products: [.library(name: "{NAME}", targets: ["{NAME}"])],
    targets: [
        .binaryTarget(
            name: "{NAME}",
            url: "{url_base.rstrip('/')}/{zip_name}",
            checksum: "{checksum}"
        ),
    ]
)
"""


def write_zip(folder, out_path, epoch):
    """The folder (its name as the top entry) as a zip whose bytes depend only on names,
    contents and executable bits."""
    date = time.gmtime(max(epoch, 315532800))[:6]   # zip dates start in 1980
    entries = []
    for base, dirs, names in os.walk(folder):
        dirs.sort()
        rel = os.path.relpath(base, os.path.dirname(folder)).replace(os.sep, "/")
        entries.append((rel + "/", None))
        entries += [(f"{rel}/{n}", os.path.join(base, n)) for n in sorted(names)]
    tmp = out_path + ".tmp"
    with zipfile.ZipFile(tmp, "w") as zf:
        for name, path in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date)
            info.create_system = 3
            if path is None:
                info.external_attr = (0o40755 << 16) | 0x10
                zf.writestr(info, b"")
                continue
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100755 if os.access(path, os.X_OK) else 0o100644) << 16
            with open(path, "rb") as f:
                zf.writestr(info, f.read(), compresslevel=9)
    os.replace(tmp, out_path)


def build(dist_ios, out_dir, libtool, env, epoch, url_base, apple):
    """Writes the xcframework, its zip and Package.swift into out_dir; returns the zip's sha256.
    apple: the profile row's Apple minimums."""
    missing = [p for p in ARCHIVES + (HEADER,) if not os.path.isfile(os.path.join(dist_ios, p))]
    if missing:
        name = os.path.basename(os.path.normpath(dist_ios))
        raise PackagingError(f"{dist_ios}: missing {', '.join(missing)}: build the {name} profile first (./scons {name})")
    framework = os.path.join(out_dir, f"{NAME}.xcframework")
    shutil.rmtree(framework, ignore_errors=True)
    slice_dir = os.path.join(framework, identifier(apple))
    os.makedirs(os.path.join(slice_dir, "Headers"))
    merged = os.path.join(slice_dir, LIBRARY)
    run = subprocess.run(merge_command(libtool, merged, [os.path.join(dist_ios, a) for a in ARCHIVES]),
                         env=dict(env, ZERO_AR_DATE="1"), capture_output=True, text=True)
    if run.returncode != 0:
        raise PackagingError(f"libtool -static failed: {run.stderr.strip()[:500]}")
    shutil.copyfile(os.path.join(dist_ios, HEADER), os.path.join(slice_dir, "Headers", "kokoro_tvm.h"))
    with open(os.path.join(slice_dir, "Headers", "module.modulemap"), "w", encoding="utf-8") as f:
        f.write(module_map())
    with open(os.path.join(framework, "Info.plist"), "wb") as f:
        f.write(info_plist(apple))
    zip_path = framework + ".zip"
    write_zip(framework, zip_path, epoch)
    checksum = file_sha256(zip_path)
    with open(os.path.join(out_dir, "Package.swift"), "w", encoding="utf-8") as f:
        f.write(package_swift(os.path.basename(zip_path), checksum, url_base, apple))
    return checksum


def xcframework_rule(env, root, row, inputs, url_base, epoch, show_commands):
    """Declares dist/<profile>/xcframework/ (the framework, its zip, Package.swift) from a
    profile row's dist nodes; needs Xcode's libtool (macOS)."""
    dist_ios = os.path.join(root, "dist", row.name)
    apple = row.apple   # the action holds the minimums, not the row
    out_dir = os.path.join(dist_ios, "xcframework")
    outputs = [os.path.join(out_dir, f"{NAME}.xcframework.zip"), os.path.join(out_dir, "Package.swift")]

    def package(target, source, env_):
        libtool = xcrun_query(["--sdk", apple.sdk, "--find", "libtool"], env_["ENV"])
        if not libtool:
            raise PackagingError(f"the xcframework needs Xcode's libtool (xcrun --sdk {apple.sdk} --find libtool "
                                 "found none): build it on macOS with Xcode")
        checksum = build(dist_ios, out_dir, libtool, env_["ENV"], epoch, url_base, apple)
        print(f"xcframework: {NAME}.xcframework.zip sha256 {checksum}", flush=True)

    label = f"xcframework: dist/{row.name} -> {os.path.relpath(out_dir, root)}/{NAME}.xcframework(.zip), Package.swift"
    if show_commands:
        archives = [os.path.join(dist_ios, a) for a in ARCHIVES]
        label += "\n  ZERO_AR_DATE=1 " + " ".join(merge_command(f"$(xcrun --sdk {row.apple.sdk} --find libtool)",
                                                               f"{NAME}.xcframework/{identifier(row.apple)}/{LIBRARY}",
                                                               archives))
    return env.Command(outputs, inputs, python_action(package, label))
