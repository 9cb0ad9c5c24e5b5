#!/usr/bin/env bash
# The Debian package as a user gets it (issue 7): builds it with CPack from a built tree, runs the
# validators (lintian, desktop-file-validate, appstreamcli), installs it with apt, then from the
# installed paths: bulkhead-cli --version, a scan of one test-fleet host, the binder of that workspace,
# the GUI opening the workspace offscreen the way a double-click does (the desktop entry's Exec line and
# the MIME association), the bash completion; then purges it and checks that nothing it installed is left.
# RPM and TGZ are built from the same configuration when rpmbuild is there, and every size is printed.
#
# Usage (as root): test-package.sh --build BUILD_DIR --fleet-dir FLEET_DIR
# Exit: 0 passed, 1 failed, 77 skipped (not root, or no apt/dpkg). ctest: package_deb (label package).
set -euo pipefail

BUILD="" FLEET_DIR=""
while (($#)); do
    case $1 in
        --build) BUILD=$2; shift 2 ;;
        --fleet-dir) FLEET_DIR=$2; shift 2 ;;
        *) echo "usage: $0 --build BUILD_DIR --fleet-dir FLEET_DIR" >&2; exit 2 ;;
    esac
done
[[ -n $BUILD && -n $FLEET_DIR ]] || { echo "usage: $0 --build BUILD_DIR --fleet-dir FLEET_DIR" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
SOURCE=$(cd "$HERE/../.." && pwd)
APP_ID=io.github.bulkhead.Bulkhead

if [[ $(id -u) != 0 ]]; then
    echo "SKIP: installing a package needs root (run as root, as CI does)"
    exit 77
fi
CPACK=${CPACK:-cpack}
for tool in apt-get dpkg dpkg-deb "$CPACK"; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool not found (not a Debian system?)"; exit 77; }
done
for tool in lintian desktop-file-validate appstreamcli jq gio xdg-mime; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool not found: run installers/debian/install-deps.sh"; exit 1; }
done

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*"; exit 1; }

WORK=$(mktemp -d /tmp/bulkhead-package-test.XXXXXX)
installed=0
cleanup()
{
    # A failed run must not leave the package installed.
    if ((installed)); then apt-get purge -y -q bulkhead >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

step "cpack (DEB, and RPM and TGZ from the same configuration)"
rm -f "$BUILD"/bulkhead_*.deb "$BUILD"/bulkhead-*.rpm "$BUILD"/bulkhead-*.tar.gz
generators="DEB;TGZ"
if command -v rpmbuild >/dev/null; then generators="DEB;RPM;TGZ"; else echo "rpmbuild not found: no RPM"; fi
(cd "$BUILD" && "$CPACK" -G "$generators") >"$WORK/cpack.log" 2>&1 || { cat "$WORK/cpack.log"; fail "cpack"; }
grep -E '^CPack: - package: ' "$WORK/cpack.log" || true
deb=$(ls "$BUILD"/bulkhead_*_*.deb)
ls -l "$BUILD"/bulkhead_*.deb "$BUILD"/bulkhead-*.rpm "$BUILD"/bulkhead-*.tar.gz 2>/dev/null
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'

step "lintian --fail-on error"
lintian --fail-on error --display-info "$deb" || fail "lintian found errors"
echo "lintian: no errors"

step "desktop-file-validate, appstreamcli validate, MIME type (the files as packaged)"
dpkg-deb -x "$deb" "$WORK/root"
desktop-file-validate "$WORK/root/usr/share/applications/$APP_ID.desktop" || fail "desktop-file-validate"
echo "desktop-file-validate: $APP_ID.desktop valid"
appstreamcli validate --no-net --strict "$WORK/root/usr/share/metainfo/$APP_ID.metainfo.xml" ||
    fail "appstreamcli validate"
appstreamcli validate-tree --no-net "$WORK/root" || fail "appstreamcli validate-tree"
grep -q 'MimeType=application/x-bulkhead-workspace;' "$WORK/root/usr/share/applications/$APP_ID.desktop" ||
    fail "the desktop entry does not open application/x-bulkhead-workspace"
for page in bulkhead bulkhead-cli; do
    [[ -s $WORK/root/usr/share/man/man1/$page.1.gz ]] || fail "no man page $page.1.gz"
    zcat "$WORK/root/usr/share/man/man1/$page.1.gz" | grep -q '^\.SH EXIT STATUS' || fail "$page.1: no EXIT STATUS"
done
for size in 16 22 24 32 48 64 128 256 512; do
    png=$WORK/root/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png
    file "$png" | grep -q "PNG image data, $size x $size" || fail "icon $png: $(file -b "$png")"
done
[[ -s $WORK/root/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg ]] || fail "no scalable icon"
echo "man pages, the icon in 9 sizes and as SVG: present"

step "apt-get install ./$(basename "$deb")"
if dpkg -s bulkhead >/dev/null 2>&1; then fail "bulkhead is installed already: purge it first"; fi
installed=1
# No recommends: the test needs nothing from the network (a user's `apt install` adds qt6-wayland).
apt-get install -y -q --no-install-recommends "$deb" >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; fail "apt-get install"; }
dpkg -L bulkhead | sort >"$WORK/files"
echo "$(wc -l <"$WORK/files") paths installed; depends: $(dpkg-query -W -f='${Depends}' bulkhead)"

step "the installed bulkhead-cli and bulkhead"
version=$(/usr/bin/bulkhead-cli --version)
echo "$version"
[[ $version == *"$(sed -n 's/^project(Bulkhead VERSION \([0-9.]*\).*/\1/p' "$SOURCE/CMakeLists.txt")"* ]] ||
    fail "bulkhead-cli --version: $version"
/usr/bin/bulkhead --version

step "scan of one test-fleet host with the installed bulkhead-cli"
fleet=$FLEET_DIR/fleet.json
[[ -r $fleet ]] || fail "$fleet not found: the test fleet is not up (ctest fixture fleet_up)"
host=$(jq -r '[.hosts[] | select(.docker)][0] | "root@\(.address):\(.port)"' "$fleet")
ws=$WORK/audit.bulkhead
QT_QPA_PLATFORM=offscreen /usr/bin/bulkhead-cli scan --workspace "$ws" --host "$host" \
    --identity "$(jq -r .identity "$fleet")" --known-hosts "$(jq -r .known_hosts "$fleet")" ||
    fail "scan of $host"
count=$(/usr/bin/bulkhead-cli findings --workspace "$ws" --format csv | tail -n +2 | wc -l)
((count > 0)) || fail "the scan stored no findings"
echo "scan of $host: $count findings"

step "report: the binder as PDF"
QT_QPA_PLATFORM=offscreen /usr/bin/bulkhead-cli report --workspace "$ws" --pdf "$WORK/binder.pdf" || fail "report"
[[ $(head -c 5 "$WORK/binder.pdf") == "%PDF-" ]] || fail "the binder is not a PDF"
echo "binder: $(stat -c %s "$WORK/binder.pdf") bytes"

step "double-click: MIME type, default application, the desktop entry's Exec line"
# What file managers use: shared-mime-info's database through GLib (xdg-mime's generic `filetype`
# only asks file(1), which sees an SQLite database), then the default application of that type.
[[ -e /usr/share/mime/application/x-bulkhead-workspace.xml ]] || fail "the MIME type was not registered"
type=$(gio info -a standard::content-type "$ws" | sed -n 's/^ *standard::content-type: //p')
echo "gio info: content type $type"
[[ $type == application/x-bulkhead-workspace ]] || fail "a workspace file is $type"
gio mime application/x-bulkhead-workspace | tee "$WORK/gio"
grep -q "$APP_ID.desktop" "$WORK/gio" || fail "gio does not know the handler of workspaces"
default=$(xdg-mime query default application/x-bulkhead-workspace)
echo "xdg-mime query default: $default"
[[ $default == "$APP_ID.desktop" ]] || fail "the default application of a workspace is '$default'"
exec_line=$(sed -n 's/^Exec=//p' "/usr/share/applications/$APP_ID.desktop")
[[ $exec_line == "bulkhead %f" ]] || fail "Exec=$exec_line"
# What the file manager runs, with --open-and-quit: exit 0 once the window has opened the workspace.
QT_QPA_PLATFORM=offscreen timeout 20 /usr/bin/bulkhead --open-and-quit "$ws" || fail "the GUI did not open $ws"

step "bash completion of the installed bulkhead-cli"
"$SOURCE/installers/completion/test-completion.sh" /usr/share/bash-completion/completions/bulkhead-cli ||
    [[ $? == 77 ]] || fail "bash completion"

step "apt-get purge bulkhead"
apt-get purge -y -q bulkhead >"$WORK/purge.log" 2>&1 || { cat "$WORK/purge.log"; fail "apt-get purge"; }
installed=0
dpkg -s bulkhead >/dev/null 2>&1 && fail "dpkg still knows bulkhead: $(dpkg -s bulkhead | grep Status)"
left=0
while read -r path; do
    [[ -e $path ]] || continue
    # Shared directories (/usr/share/icons/hicolor/48x48/apps, ...) stay; anything of ours must go.
    if [[ -d $path && $path != *bulkhead* ]]; then continue; fi
    echo "left behind: $path"
    left=1
done <"$WORK/files"
# Generated by the shared-mime-info and desktop-file-utils triggers, so not in `dpkg -L`: gone too.
if [[ -e /usr/share/mime/application/x-bulkhead-workspace.xml ]]; then
    echo "left behind: /usr/share/mime/application/x-bulkhead-workspace.xml"
    left=1
fi
if grep -qs "$APP_ID" /usr/share/applications/mimeinfo.cache; then
    echo "left behind: $APP_ID in /usr/share/applications/mimeinfo.cache"
    left=1
fi
((left == 0)) || fail "apt-get purge left files behind"
echo "purged: none of the $(wc -l <"$WORK/files") installed paths of bulkhead is left"
printf '\npackage test passed\n'
