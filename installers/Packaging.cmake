# CPack: one configuration for DEB, RPM and TGZ (built here; the DEB is installed and tested by the
# `package_deb` ctest, installers/debian/test-package.sh), and for the Windows (NSIS) and macOS
# (DragNDrop) installers, which need their own platform (installers/README.md).
set(CPACK_PACKAGE_NAME "bulkhead")
set(CPACK_PACKAGE_VENDOR "Bulkhead developers")
set(CPACK_PACKAGE_CONTACT "Bulkhead developers <bulkhead@users.noreply.github.com>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/bulkhead/bulkhead")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Container compliance audit workstation")
# Lines under 80 columns: the Debian description is shown as it is written.
set(CPACK_PACKAGE_DESCRIPTION
    "Bulkhead reaches container hosts over SSH with read-only commands, collects
docker inspect output, daemon and host settings as tamper-evident evidence,
evaluates a checklist built from the CIS Docker Benchmark and ten compliance
tips, and exports an audit binder as PDF and the findings as SARIF, JSON, CSV,
JUnit or OSCAL.
.
The package holds the desktop application (bulkhead) and its command-line
twin for pipelines (bulkhead-cli).")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Bulkhead")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_FILE_NAME "bulkhead-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")

if(WIN32)
    # installers/windows/README.md: windeployqt fills the install tree (installers/CMakeLists.txt).
    set(CPACK_GENERATOR "NSIS;ZIP")
    set(CPACK_NSIS_DISPLAY_NAME "Bulkhead")
    set(CPACK_NSIS_PACKAGE_NAME "Bulkhead ${PROJECT_VERSION}")
    set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\bulkhead.exe")
    set(CPACK_NSIS_URL_INFO_ABOUT "${CPACK_PACKAGE_HOMEPAGE_URL}")
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
    set(CPACK_NSIS_MODIFY_PATH ON) # offers to put bin\ (bulkhead-cli) on PATH
    set(CPACK_PACKAGE_EXECUTABLES "bulkhead;Bulkhead")
    set(CPACK_CREATE_DESKTOP_LINKS "bulkhead")
    # Double-click a workspace: the .bulkhead extension opens in bulkhead.exe.
    set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS "
        WriteRegStr HKCR '.bulkhead' '' 'Bulkhead.Workspace'
        WriteRegStr HKCR 'Bulkhead.Workspace' '' 'Bulkhead audit workspace'
        WriteRegStr HKCR 'Bulkhead.Workspace\\\\DefaultIcon' '' '$INSTDIR\\\\bin\\\\bulkhead.exe,0'
        WriteRegStr HKCR 'Bulkhead.Workspace\\\\shell\\\\open\\\\command' '' '\\\"$INSTDIR\\\\bin\\\\bulkhead.exe\\\" \\\"%1\\\"'")
    set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS "
        DeleteRegKey HKCR '.bulkhead'
        DeleteRegKey HKCR 'Bulkhead.Workspace'")
elseif(APPLE)
    # installers/macos/README.md: macdeployqt fills bulkhead.app (installers/CMakeLists.txt).
    set(CPACK_GENERATOR "DragNDrop")
    set(CPACK_DMG_VOLUME_NAME "Bulkhead ${PROJECT_VERSION}")
    set(CPACK_DMG_FORMAT "UDZO")
else()
    set(CPACK_GENERATOR "DEB;RPM;TGZ")
    # Debian: dependencies from the binaries (dpkg-shlibdeps) plus what it cannot see.
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # bulkhead_0.1.0-1_amd64.deb
    set(CPACK_DEBIAN_PACKAGE_RELEASE 1) # the package's revision: not a native package (debian/changelog)
    set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
    set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
    set(CPACK_DEBIAN_PACKAGE_LICENSE "GPL-3.0-or-later")
    set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${CPACK_PACKAGE_HOMEPAGE_URL}")
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    # The workspace's SQLite driver is a Qt plugin, loaded at run time: shlibdeps cannot see it. (The SVG
    # icon and image plugins come with libqt6svg6, which the binaries link; the binder's fonts are built in.)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
    # openssh-client: ssh-agent and ssh-keygen for the keys Bulkhead logs in with; qt6-wayland: native
    # windows on a Wayland desktop (XWayland otherwise).
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openssh-client, qt6-wayland")
    set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
    set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)

    # RPM: the same files; dependencies from the binaries (rpm's find-requires), the SQLite plugin by hand.
    # Untested on an RPM distribution: the names are Fedora's (qt6-qtbase ships the SQLite driver).
    set(CPACK_RPM_FILE_NAME RPM-DEFAULT) # bulkhead-0.1.0-1.x86_64.rpm
    set(CPACK_RPM_PACKAGE_RELEASE 1)
    set(CPACK_RPM_PACKAGE_LICENSE "GPL-3.0-or-later")
    set(CPACK_RPM_PACKAGE_GROUP "Applications/System")
    set(CPACK_RPM_PACKAGE_URL "${CPACK_PACKAGE_HOMEPAGE_URL}")
    string(REPLACE "\n.\n" "\n\n" CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
    set(CPACK_RPM_SPEC_MORE_DEFINE "%define _build_id_links none") # no /usr/lib/.build-id to collide on
    set(CPACK_RPM_PACKAGE_AUTOREQ ON)
    set(CPACK_RPM_PACKAGE_AUTOPROV OFF) # no libraries to offer
    set(CPACK_RPM_PACKAGE_REQUIRES "qt6-qtbase >= 6.4, qt6-qtsvg >= 6.4")
    # Directories the system owns (filesystem, hicolor-icon-theme, shared-mime-info, bash-completion).
    set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
        /usr/share/applications /usr/share/metainfo /usr/share/mime /usr/share/mime/packages
        /usr/share/icons /usr/share/icons/hicolor /usr/share/icons/hicolor/scalable
        /usr/share/icons/hicolor/scalable/apps /usr/share/bash-completion /usr/share/bash-completion/completions
        /usr/share/man /usr/share/man/man1 /usr/share/doc)
    foreach(size 16 22 24 32 48 64 128 256 512)
        list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION /usr/share/icons/hicolor/${size}x${size}
             /usr/share/icons/hicolor/${size}x${size}/apps)
    endforeach()
endif()
include(CPack)
