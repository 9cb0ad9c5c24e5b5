#!/usr/bin/env bash
# Recipe (not run in this project's CI: linuxdeploy is not in Debian's archive and CI downloads
# nothing else): builds Bulkhead-<version>-x86_64.AppImage with linuxdeploy and its Qt plugin.
#
# Needs, on the PATH or next to this script:
#   linuxdeploy-x86_64.AppImage            https://github.com/linuxdeploy/linuxdeploy/releases
#   linuxdeploy-plugin-qt-x86_64.AppImage  https://github.com/linuxdeploy/linuxdeploy-plugin-qt/releases
# and Qt 6 with qmake6 (Debian: qt6-base-dev-tools). Build on the oldest distribution the AppImage
# should run on: its glibc is the floor.
#
# Usage: installers/appimage/build-appimage.sh [BUILD_DIR]   (default: build-appimage)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BUILD=${1:-$ROOT/build-appimage}
APPDIR=$BUILD/AppDir
APP_ID=io.github.bulkhead.Bulkhead

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBULKHEAD_BUILD_TESTS=OFF \
    -DCMAKE_INSTALL_PREFIX=/usr
cmake --build "$BUILD"
rm -rf "$APPDIR"
DESTDIR=$APPDIR cmake --install "$BUILD"

# The Qt plugin finds Qt through qmake; the SQLite driver and the SVG plugins are not linked, so name them.
export QMAKE=${QMAKE:-$(command -v qmake6 || echo /usr/lib/qt6/bin/qmake)}
export EXTRA_QT_PLUGINS="sqldrivers;iconengines;imageformats;platforms/libqwayland-generic.so"
export EXTRA_PLATFORM_PLUGINS="libqwayland-egl.so;libqwayland-generic.so"
# The AppImage opens the GUI; bulkhead-cli is inside and runs as `Bulkhead.AppImage` with ARGV0, or
# extracted (--appimage-extract).
export OUTPUT=Bulkhead-$(sed -n 's/^project(Bulkhead VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")-x86_64.AppImage
linuxdeploy-x86_64.AppImage --appdir "$APPDIR" \
    --executable "$APPDIR/usr/bin/bulkhead" --executable "$APPDIR/usr/bin/bulkhead-cli" \
    --desktop-file "$APPDIR/usr/share/applications/$APP_ID.desktop" \
    --icon-file "$APPDIR/usr/share/icons/hicolor/256x256/apps/$APP_ID.png" \
    --plugin qt --output appimage
echo "built $OUTPUT"
