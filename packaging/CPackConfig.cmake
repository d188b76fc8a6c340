# Debian package of the CLI and the studio: `cpack -G DEB` in the build folder (tests/test-deb.sh
# builds it, unpacks it with dpkg -x and runs the programs from there).
install(FILES ${SYNOOD_SOURCE_DIR}/packaging/synood-studio.desktop DESTINATION share/applications)
install(FILES ${SYNOOD_SOURCE_DIR}/resources/synood-studio.svg
        DESTINATION share/icons/hicolor/scalable/apps)
install(FILES ${SYNOOD_SOURCE_DIR}/packaging/io.github.synood.studio.metainfo.xml DESTINATION share/metainfo)
# The demo pack, found by the programs at <prefix>/share/synood/demo-pack (defaultDemoPackDir).
install(DIRECTORY ${SYNOOD_SOURCE_DIR}/resources/demo-pack DESTINATION share/synood)
# The scenes world's toy CLIP (synood demo build --world scenes), beside it.
install(DIRECTORY ${SYNOOD_SOURCE_DIR}/resources/scenes-pack DESTINATION share/synood)

# Man pages from the programs' own --help, so they never disagree.
set(SYNOOD_MAN_PAGES ${CMAKE_BINARY_DIR}/man/synood.1)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/man/synood.1
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
  COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:synood> -DNAME=synood -DVERSION=${PROJECT_VERSION}
          "-DSUMMARY=near-boundary OOD synthesis and OOD detection (SynOOD)" -DCOMMANDS=auto
          -DOUT=${CMAKE_BINARY_DIR}/man/synood.1 -P ${SYNOOD_SOURCE_DIR}/packaging/ManPage.cmake
  DEPENDS synood ${SYNOOD_SOURCE_DIR}/packaging/ManPage.cmake VERBATIM)
if(SYNOOD_BUILD_GUI)
  list(APPEND SYNOOD_MAN_PAGES ${CMAKE_BINARY_DIR}/man/synood-studio.1)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/man/synood-studio.1
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=${CMAKE_BINARY_DIR}/man
            ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:synood-studio> -DNAME=synood-studio -DVERSION=${PROJECT_VERSION}
            "-DSUMMARY=the SynOOD Studio desktop application" -DOUT=${CMAKE_BINARY_DIR}/man/synood-studio.1
            -P ${SYNOOD_SOURCE_DIR}/packaging/ManPage.cmake
    DEPENDS synood-studio ${SYNOOD_SOURCE_DIR}/packaging/ManPage.cmake VERBATIM)
endif()
add_custom_target(man_pages ALL DEPENDS ${SYNOOD_MAN_PAGES})
install(FILES ${SYNOOD_MAN_PAGES} DESTINATION share/man/man1)

set(CPACK_PACKAGE_NAME "synood-studio")
set(CPACK_PACKAGE_VENDOR "SynOOD Studio developers")
set(CPACK_PACKAGE_CONTACT "SynOOD Studio developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread, dataset-fashion-mnist, wordnet-base")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_GENERATOR "DEB")
include(CPack)
