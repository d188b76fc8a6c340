# Debian package of the CLI and the studio: `cpack -G DEB` in the build folder.
install(FILES ${SYNOOD_SOURCE_DIR}/packaging/synood-studio.desktop DESTINATION share/applications)
install(FILES ${SYNOOD_SOURCE_DIR}/resources/synood-studio.svg
        DESTINATION share/icons/hicolor/scalable/apps)

set(CPACK_PACKAGE_NAME "synood-studio")
set(CPACK_PACKAGE_VENDOR "SynOOD Studio developers")
set(CPACK_PACKAGE_CONTACT "SynOOD Studio developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread, dataset-fashion-mnist, wordnet-base")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_GENERATOR "DEB")
include(CPack)
