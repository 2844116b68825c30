// The entry points libFuzzer calls, for a binary that holds one target.
#include <cstdio>
#include <cstdlib>

#include <QCoreApplication>

#include "fuzzcontract.h"

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // Qt's SQL plugins are found through the application object.
    static QCoreApplication app(*argc, *argv);
    if (pm::fuzz::targets().size() != 1) {
        std::fprintf(stderr, "a fuzz binary must hold exactly one target\n");
        std::abort();
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pm::fuzz::targets().front().run(data, size);
    return 0;
}
