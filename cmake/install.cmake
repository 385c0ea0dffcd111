# `cmake --install build/release --prefix /usr/local` (docs/deploy.md, issue 13):
#   bin/aftercare                           the binary (no build path compiled in)
#   share/aftercare/web/                    the web UI, when built (scripts/web.sh);
#                                           serve finds it from its own place
#   share/aftercare/data/                   the holiday calendar and the bid's default
#                                           policy, compiled into the binary: copies to read
#   share/aftercare/deploy/                 examples: aftercare.yaml, aftercare.env,
#                                           nginx-aftercare.conf
#   lib/systemd/system/aftercare.service    the unit, naming the installed binary
#   share/doc/aftercare/deploy.md           the steps
include(GNUInstallDirs)
set(AFTERCARE_SHARE ${CMAKE_INSTALL_DATADIR}/aftercare)

install(TARGETS aftercare RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(CODE "
  if(NOT EXISTS \"${PROJECT_SOURCE_DIR}/web/dist/index.html\")
    message(WARNING \"aftercare: web/dist is not built (scripts/web.sh): installing without the web UI\")
  endif()")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/dist/ DESTINATION ${AFTERCARE_SHARE}/web OPTIONAL)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION ${AFTERCARE_SHARE}/data)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/aftercare.yaml ${PROJECT_SOURCE_DIR}/deploy/aftercare.env
              ${PROJECT_SOURCE_DIR}/deploy/nginx-aftercare.conf
        DESTINATION ${AFTERCARE_SHARE}/deploy)
install(FILES ${PROJECT_SOURCE_DIR}/docs/deploy.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The unit names the binary where this install puts it: the prefix is known only
# when installing (cmake --install --prefix), so the file is written then.
install(CODE "
  set(AFTERCARE_BIN_DIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
  set(AFTERCARE_DOC_DIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DOCDIR}\")
  configure_file(\"${PROJECT_SOURCE_DIR}/deploy/aftercare.service.in\"
                 \"${PROJECT_BINARY_DIR}/deploy/aftercare.service\" @ONLY)")
install(FILES ${PROJECT_BINARY_DIR}/deploy/aftercare.service DESTINATION lib/systemd/system)
