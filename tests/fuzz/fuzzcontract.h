#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <QString>

#include "base/error.h"

namespace pm::fuzz {

// A fuzz target: libFuzzer's LLVMFuzzerTestOneInput for one parser. Each
// target checks the contract every reader of user files keeps (issue 14): no
// crash, no hang, no sanitizer report, and every refusal either
// "path:line:col: sentence" pointing into the input or, for a URL, one
// sentence. A broken contract goes through violation().
using TargetFunction = void (*)(const uint8_t *data, size_t size);

struct Target
{
    const char *name;
    TargetFunction run;
};

// Targets register themselves (PM_FUZZ_TARGET) so that one libFuzzer binary
// holds one target and the replay suite holds them all.
const std::vector<Target> &targets();

struct Registration
{
    Registration(const char *name, TargetFunction run);
};

#define PM_FUZZ_TARGET(name)                                                                        \
    static void pmFuzzTarget_##name(const uint8_t *data, size_t size);                              \
    static const ::pm::fuzz::Registration pmFuzzRegistration_##name(#name, &pmFuzzTarget_##name);   \
    static void pmFuzzTarget_##name(const uint8_t *data, size_t size)

// What a violation does: abort (libFuzzer saves the input as a crash), or,
// in the replay suite, throw ContractViolation so one file fails one row.
struct ContractViolation
{
    QString message;
};
void setThrowOnViolation(bool enabled);
[[noreturn]] void violation(const QString &what);

// The input as a file's text: UTF-8 as our readers decode files (invalid
// sequences become U+FFFD, as QString::fromUtf8 does for a real file).
QString textOf(const uint8_t *data, size_t size);

// A refusal of `text`, read as `fileName`: located in that file, at a line
// that exists (or one past the end), with a one-line sentence; or, for a
// refusal of the file as a whole ("does not define revision"), the file
// without a line.
void expectLocatedRefusal(const Error &error, const QString &fileName, const QString &text);
// A refusal that names a file in `allowedFiles` (a reader that follows
// imports), with the same checks but the line bound only for `text`'s file.
void expectLocatedRefusalIn(const Error &error, const QStringList &allowedFiles, const QString &fileName,
                            const QString &text);
// A refusal with no file: one non-empty sentence on one line.
void expectSentence(const Error &error);

// A folder of its own for targets that must read a real file.
QString scratchDirectory();

} // namespace pm::fuzz
