# Debian's libqscintilla2-qt6-dev ships no CMake package config and no .pc
# file, only a qmake .prf; this module finds the header and library directly.
find_path(QSCINTILLA_INCLUDE_DIR NAMES Qsci/qsciscintilla.h
          HINTS ${Qt6Core_INCLUDE_DIRS}
          PATH_SUFFIXES qt6 x86_64-linux-gnu/qt6)
find_library(QSCINTILLA_LIBRARY NAMES qscintilla2_qt6)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(QScintilla
    REQUIRED_VARS QSCINTILLA_LIBRARY QSCINTILLA_INCLUDE_DIR
    REASON_FAILURE_MESSAGE "install Debian's package libqscintilla2-qt6-dev (apt-get install libqscintilla2-qt6-dev)")

if(QScintilla_FOUND AND NOT TARGET QScintilla::QScintilla)
    add_library(QScintilla::QScintilla UNKNOWN IMPORTED)
    set_target_properties(QScintilla::QScintilla PROPERTIES
        IMPORTED_LOCATION "${QSCINTILLA_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${QSCINTILLA_INCLUDE_DIR}"
        INTERFACE_COMPILE_DEFINITIONS QSCINTILLA_DLL
        INTERFACE_LINK_LIBRARIES Qt6::Widgets)
endif()
