"""iOS packaging, checked here with a stand-in libtool: layout, Info.plist, module map,
a deterministic zip and a Swift package whose binary target carries the zip's sha256."""

import hashlib
import os
import plistlib
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "site_scons"))
from kokoro_build import profiles, xcframework  # noqa: E402

EPOCH = 1700000000
URL = "https://releases.example/kokoro-tvm/v0.1.0"
IOS = profiles.PROFILES["ios"].apple


@pytest.fixture
def dist_ios(tmp_path):
    """An ios dist stand-in and a libtool that concatenates its inputs (Xcode's merges them)."""
    dist = tmp_path / "dist" / "ios"
    for rel in xcframework.ARCHIVES:
        (dist / rel).parent.mkdir(parents=True, exist_ok=True)
        (dist / rel).write_bytes(b"!<arch>\n" + rel.encode())
    (dist / "include").mkdir()
    (dist / "include" / "kokoro_tvm.h").write_text(open(os.path.join(ROOT, "rust", "include", "kokoro_tvm.h")).read())
    libtool = tmp_path / "libtool"
    libtool.write_text('#!/bin/sh\n[ "$ZERO_AR_DATE" = 1 ] || exit 3\nshift 2; out=$2; shift 2; cat "$@" > "$out"\n')
    libtool.chmod(0o755)
    return str(dist), str(libtool)


def test_xcframework_layout_plist_module_map_and_package(tmp_path, dist_ios):
    dist, libtool = dist_ios
    out = tmp_path / "out"
    checksum = xcframework.build(dist, str(out), libtool, dict(os.environ), EPOCH, URL, IOS)
    framework = out / "KokoroTVM.xcframework"
    plist = plistlib.loads((framework / "Info.plist").read_bytes())
    assert plist["CFBundlePackageType"] == "XFWK" and plist["XCFrameworkFormatVersion"] == "1.0"
    [library] = plist["AvailableLibraries"]
    assert (library["LibraryIdentifier"], library["SupportedPlatform"], library["SupportedArchitectures"]) == \
        ("ios-arm64", "ios", ["arm64"])
    merged = (framework / "ios-arm64" / library["LibraryPath"]).read_bytes()
    assert all(rel.encode() in merged for rel in xcframework.ARCHIVES)          # all four archives merged
    headers = framework / "ios-arm64" / library["HeadersPath"]
    assert sorted(os.listdir(headers)) == ["kokoro_tvm.h", "module.modulemap"]
    assert 'header "kokoro_tvm.h"' in (headers / "module.modulemap").read_text()
    zip_bytes = (out / "KokoroTVM.xcframework.zip").read_bytes()
    assert checksum == hashlib.sha256(zip_bytes).hexdigest()
    package = (out / "Package.swift").read_text()
    assert f'checksum: "{checksum}"' in package and f'url: "{URL}/KokoroTVM.xcframework.zip"' in package
    names = zipfile.ZipFile(out / "KokoroTVM.xcframework.zip").namelist()
    assert names == sorted(names) and "KokoroTVM.xcframework/Info.plist" in names


def test_zip_is_the_same_bytes_whatever_the_umask_and_time_zone(tmp_path, dist_ios):
    dist, libtool = dist_ios
    xcframework.build(dist, str(tmp_path / "a"), libtool, dict(os.environ), EPOCH, URL, IOS)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from kokoro_build import profiles, xcframework; "
            "xcframework.build(*sys.argv[2:5], {'ZERO_AR_DATE': '1'}, 1700000000, sys.argv[5], "
            "profiles.PROFILES['ios'].apple)")
    subprocess.run(["sh", "-c", 'umask 077 && exec "$@"', "sh", sys.executable, "-c", code,
                    os.path.join(ROOT, "site_scons"), dist, str(tmp_path / "b"), libtool, URL],
                   check=True, env=dict(os.environ, TZ="America/St_Johns"))
    for name in ("KokoroTVM.xcframework.zip", "Package.swift"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_missing_ios_libraries_are_named(tmp_path, dist_ios):
    dist, libtool = dist_ios
    os.unlink(os.path.join(dist, "lib", "libkokoro_tvm.a"))
    with pytest.raises(xcframework.PackagingError, match="missing lib/libkokoro_tvm.a: build the ios profile"):
        xcframework.build(dist, str(tmp_path / "out"), libtool, dict(os.environ), EPOCH, URL, IOS)
