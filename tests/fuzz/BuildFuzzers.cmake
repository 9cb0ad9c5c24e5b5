# SPDX-License-Identifier: GPL-3.0-or-later
# Configures and builds the fuzz project (tests/fuzz) with clang: the ctest `fuzz_build` step.
#   cmake -DSOURCE_DIR=tests/fuzz -DBUILD_DIR=build/fuzz -DCXX=clang++ -DGENERATOR=Ninja -P BuildFuzzers.cmake
foreach(var SOURCE_DIR BUILD_DIR CXX GENERATOR)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "BuildFuzzers.cmake: -D${var}=... is required")
    endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR} -G ${GENERATOR}
                        -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=RelWithDebInfo
                RESULT_VARIABLE configured)
if(NOT configured EQUAL 0)
    message(FATAL_ERROR "configuring the fuzz targets failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --parallel 2 RESULT_VARIABLE built)
if(NOT built EQUAL 0)
    message(FATAL_ERROR "building the fuzz targets failed")
endif()
