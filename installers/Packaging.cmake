# CPack: the Debian package is built and installed in CI (.ci/run).
set(CPACK_PACKAGE_NAME "bulkhead")
set(CPACK_PACKAGE_VENDOR "Bulkhead developers")
set(CPACK_PACKAGE_CONTACT "Bulkhead developers <bulkhead@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Container compliance audit workstation")
set(CPACK_PACKAGE_DESCRIPTION
    "Bulkhead reaches container hosts over SSH, collects docker inspect output, daemon and host settings as
tamper-evident evidence, evaluates a checklist built from the CIS Docker Benchmark and ten compliance
tips, and exports an audit binder as PDF.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/LICENSE")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_FILE_NAME "bulkhead_${PROJECT_VERSION}_amd64")
set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
set(CPACK_DEBIAN_PACKAGE_LICENSE "GPL-3.0-or-later")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The SQLite driver is a Qt plugin and the binder font a data file: shlibdeps cannot see either.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openssh-client")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
include(CPack)
