#!/bin/sh
# Installs everything Bulkhead needs to build, test and run its test fleet on Debian 12, from
# Debian's own archive only. Run as root. Safe to run again.
set -eu
export DEBIAN_FRONTEND=noninteractive

BUILD="build-essential cmake ninja-build pkg-config clang-format dpkg-dev file
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6svg6-dev libqt6opengl6-dev libxkbcommon-dev
  libqt6sql6-sqlite libgl-dev libssh-dev nlohmann-json3-dev libyaml-cpp-dev libsqlite3-dev"
# The fuzz targets (tests/fuzz): clang with libFuzzer and the sanitizer runtimes.
FUZZ="clang libclang-rt-14-dev"
# The test fleet: real sshd and dockerd per host, a busybox root for the seeded images.
FLEET="docker.io containerd runc openssh-server openssh-client busybox-static iproute2 procps psmisc util-linux
  sqlite3 ca-certificates jq sudo"
# Looking at what a user sees: Xvfb for the GUI, poppler for the binder; jsonschema checks the SARIF export
# against its schema (tests/model/data/schemas).
LOOK="xvfb xauth imagemagick poppler-utils python3-jsonschema"
# The binder's fonts, compiled into Bulkhead's resources (ui/CMakeLists.txt): DejaVu, and a fallback for CJK.
FONTS="fonts-dejavu-core fonts-droid-fallback"

# The packages (installers/, ctest package_deb): lintian, desktop-file-validate, appstreamcli, rpmbuild for
# the RPM, xdg-mime and gio for the double-click association, bash-completion for the completion test,
# shared-mime-info and hicolor-icon-theme so the MIME type and icons are registered on install, man-db.
PACKAGE="lintian desktop-file-utils appstream rpm xdg-utils libglib2.0-bin bash-completion shared-mime-info
  hicolor-icon-theme man-db file"

EXTRA=""
if [ -f "$(dirname "$0")/extra-packages.txt" ]; then
    EXTRA=$(grep -v '^#' "$(dirname "$0")/extra-packages.txt" | tr '\n' ' ')
fi

missing=""
for p in $BUILD $FUZZ $FLEET $LOOK $FONTS $PACKAGE $EXTRA; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "install-deps: installing:$missing"
    apt-get update -q
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing
else
    echo "install-deps: everything is installed"
fi
