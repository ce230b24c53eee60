# Compile every .java file under SOURCE_DIRS (a |-separated list) and pack
# the classes, with the files of RESOURCE_DIR, into JAR. Run at build time
# (cmake -P), because SWIG decides which Java files it generates.
#
#   -DJAVAC= -DJAR_TOOL= -DRELEASE= -DSOURCE_DIRS= [-DCLASSPATH=]
#   [-DRESOURCE_DIR=] [-DMANIFEST=FILE] [-DLINT=] -DCLASSES=DIR -DJAR=FILE
cmake_minimum_required(VERSION 3.21)
foreach(var JAVAC JAR_TOOL RELEASE SOURCE_DIRS CLASSES JAR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "build_jar.cmake: ${var} is not set")
  endif()
endforeach()

string(REPLACE "|" ";" dirs "${SOURCE_DIRS}")
set(sources)
foreach(dir ${dirs})
  file(GLOB_RECURSE found ${dir}/*.java)
  list(APPEND sources ${found})
endforeach()
list(SORT sources)
if(NOT sources)
  message(FATAL_ERROR "build_jar.cmake: no Java sources in ${SOURCE_DIRS}")
endif()

# The warnings javac checks (-Xlint), every one an error.
if(NOT LINT)
  set(LINT all,-serial,-options)
endif()

file(REMOVE_RECURSE ${CLASSES})
file(MAKE_DIRECTORY ${CLASSES})
string(REPLACE ";" "\n" lines "${sources}")
file(WRITE ${CLASSES}.sources "${lines}\n")

set(cp)
if(CLASSPATH)
  string(REPLACE "|" ":" cp_value "${CLASSPATH}")
  set(cp -classpath ${cp_value})
endif()
execute_process(
  COMMAND ${JAVAC} --release ${RELEASE} -encoding UTF-8 -Xlint:${LINT} -Werror
          ${cp} -d ${CLASSES} @${CLASSES}.sources
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "build_jar.cmake: javac failed")
endif()

if(RESOURCE_DIR)
  file(COPY ${RESOURCE_DIR}/ DESTINATION ${CLASSES})
endif()
file(REMOVE ${JAR})
if(MANIFEST)
  execute_process(COMMAND ${JAR_TOOL} cfm ${JAR} ${MANIFEST} -C ${CLASSES} . RESULT_VARIABLE rc)
else()
  execute_process(COMMAND ${JAR_TOOL} cf ${JAR} -C ${CLASSES} . RESULT_VARIABLE rc)
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "build_jar.cmake: jar failed")
endif()
