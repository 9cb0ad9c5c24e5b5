# SPDX-License-Identifier: GPL-3.0-or-later
# The fuzz tests (label fuzz), included by tests/CMakeLists.txt. The targets are a clang project of their
# own (tests/fuzz/CMakeLists.txt): `fuzz_build` configures and builds it in BUILD/fuzz (incrementally),
# then each `fuzz_<name>` runs one target for BULKHEAD_FUZZ_SECONDS (tests/fuzz/run-fuzzer).
set(BULKHEAD_FUZZ "AUTO" CACHE STRING "Fuzz tests: AUTO (when clang++ with libFuzzer is installed), ON or OFF")
set_property(CACHE BULKHEAD_FUZZ PROPERTY STRINGS AUTO ON OFF)
set(BULKHEAD_FUZZ_SECONDS 10 CACHE STRING "Seconds each fuzz target runs under ctest")
set(BULKHEAD_FUZZ_SEED 1 CACHE STRING "libFuzzer seed under ctest (0: a new one each run, for exploration)")

if(NOT BULKHEAD_FUZZ STREQUAL "OFF")
    find_program(BULKHEAD_CLANGXX NAMES clang++ clang++-14 clang++-15 clang++-16)
    set(fuzz_usable FALSE)
    if(BULKHEAD_CLANGXX)
        execute_process(COMMAND ${BULKHEAD_CLANGXX} -print-file-name=libclang_rt.fuzzer-x86_64.a
                        OUTPUT_VARIABLE fuzz_runtime OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
        if(IS_ABSOLUTE "${fuzz_runtime}" AND EXISTS "${fuzz_runtime}")
            set(fuzz_usable TRUE)
        endif()
    endif()
    if(NOT fuzz_usable)
        if(BULKHEAD_FUZZ STREQUAL "ON")
            message(FATAL_ERROR "BULKHEAD_FUZZ=ON needs clang++ and libFuzzer: apt-get install clang libclang-rt-14-dev")
        endif()
        message(STATUS "Fuzz tests off: no clang++ with libFuzzer (apt-get install clang libclang-rt-14-dev)")
    else()
        set(BULKHEAD_FUZZ_BUILD_DIR ${CMAKE_BINARY_DIR}/fuzz)
        add_test(NAME fuzz_build
                 COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_CURRENT_LIST_DIR} -DBUILD_DIR=${BULKHEAD_FUZZ_BUILD_DIR}
                         -DCXX=${BULKHEAD_CLANGXX} -DGENERATOR=${CMAKE_GENERATOR}
                         -P ${CMAKE_CURRENT_LIST_DIR}/BuildFuzzers.cmake)
        set_tests_properties(fuzz_build PROPERTIES FIXTURES_SETUP fuzz LABELS fuzz TIMEOUT 1800)
        file(GLOB fuzz_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/fuzz_*.cpp)
        math(EXPR fuzz_timeout "${BULKHEAD_FUZZ_SECONDS} + 180")
        foreach(source IN LISTS fuzz_sources)
            get_filename_component(name ${source} NAME_WE)
            add_test(NAME ${name} COMMAND ${CMAKE_CURRENT_LIST_DIR}/run-fuzzer ${BULKHEAD_FUZZ_BUILD_DIR} ${name}
                                          ${BULKHEAD_FUZZ_SECONDS} ${BULKHEAD_FUZZ_SEED})
            set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED fuzz LABELS fuzz TIMEOUT ${fuzz_timeout})
        endforeach()
    endif()
endif()
