# Sanitizer and fuzzing builds (issue 14), applied through pm_compile_options,
# which every target of ours links, so Qt and the system libraries stay as
# they are and only our code is instrumented.
#
#   -DPM_SANITIZE=ON  AddressSanitizer + UndefinedBehaviorSanitizer (GCC or
#                     clang); any UB report aborts the program, so a suite
#                     that meets one fails.
#   -DPM_FUZZ=ON      clang only: also the libFuzzer targets of tests/fuzz,
#                     with the libraries compiled for coverage feedback.
#                     Implies PM_SANITIZE.
option(PM_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(PM_FUZZ "Build the libFuzzer targets of tests/fuzz (clang; implies PM_SANITIZE)" OFF)

if(PM_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "PM_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-16")
    endif()
    set(PM_SANITIZE ON CACHE BOOL "" FORCE)
endif()

# libstdc++ 12 enables <expected> only for __cpp_concepts >= 202002L. Clang
# 16 implements what it needs (P0848, conditionally trivial special members)
# yet still announces 201907L; clang 14 and 15 do not, and fail on it.
function(pm_apply_clang_workarounds target)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        return()
    endif()
    if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 16)
        message(FATAL_ERROR "clang ${CMAKE_CXX_COMPILER_VERSION} cannot compile std::expected with libstdc++ 12; "
                            "use Debian's clang-16: -DCMAKE_CXX_COMPILER=clang++-16")
    endif()
    target_compile_options(${target} INTERFACE -D__cpp_concepts=202002L -Wno-macro-redefined)
endfunction()

function(pm_apply_sanitizers target)
    if(NOT PM_SANITIZE)
        return()
    endif()
    set(flags -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        # Qt's QObject casts go through types clang sees as unrelated, and
        # a function pointer call through another signature is how Qt's
        # own slot objects work: neither is ours to fix.
        list(APPEND flags -fno-sanitize=vptr,function)
    endif()
    target_compile_options(${target} INTERFACE ${flags})
    target_link_options(${target} INTERFACE -fsanitize=address,undefined)
    if(PM_FUZZ)
        target_compile_options(${target} INTERFACE -fsanitize=fuzzer-no-link)
    endif()
endfunction()
