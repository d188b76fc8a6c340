# Writes a man page from a program's --help text (and, for synood, every command's --help), so the
# pages never disagree with the programs. Script mode:
#   cmake -DPROGRAM=path -DNAME=synood -DSUMMARY="..." -DVERSION=0.1.0 -DOUT=synood.1 -P ManPage.cmake
# COMMANDS=auto adds one section per command listed under "commands:" in the --help text, with
# `PROGRAM COMMAND --help`.
function(help_of out)
  execute_process(COMMAND ${PROGRAM} ${ARGN} --help OUTPUT_VARIABLE text ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} ${ARGN} --help failed (${rc}): ${err}")
  endif()
  # roff: backslashes doubled; lines starting with . or ' protected.
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

string(TIMESTAMP today "%Y-%m-%d" UTC)
string(TOUPPER "${NAME}" upper)
help_of(main)
if(COMMANDS STREQUAL "auto")
  set(COMMANDS "")
  string(REGEX REPLACE ".*\ncommands:\n" "" listing "${main}")
  string(REGEX REPLACE "\n\n.*" "" listing "${listing}")
  string(REPLACE "\n" ";" lines "${listing}")
  foreach(line IN LISTS lines)
    if(line MATCHES "^  ([a-z]+) ")
      list(APPEND COMMANDS "${CMAKE_MATCH_1}")
    endif()
  endforeach()
endif()
set(page ".TH ${upper} 1 \"${today}\" \"${NAME} ${VERSION}\" \"User Commands\"\n.SH NAME\n${NAME} \\- ${SUMMARY}\n")
string(APPEND page ".SH DESCRIPTION\n.nf\n${main}.fi\n")
foreach(command IN LISTS COMMANDS)
  help_of(text ${command})
  string(APPEND page ".SH \"${upper} ${command}\"\n.nf\n${text}.fi\n")
endforeach()
string(APPEND page ".SH SEE ALSO\nThe README and BENCHMARKS.md of SynOOD Studio.\n")
file(WRITE "${OUT}" "${page}")
