// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the libFuzzer targets (one per fuzz_*.cpp file). A target feeds its bytes to one parser and
// checks, besides the sanitizers (AddressSanitizer, UndefinedBehaviorSanitizer), the promises that
// parser makes: a violated property aborts, which libFuzzer reports as a crash with the input saved.
#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace fuzz {

inline QByteArray bytes(const std::uint8_t* data, std::size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
}

[[noreturn]] inline void violated(const char* property, const char* file, int line, const QString& detail = QString())
{
    std::fprintf(stderr, "\n==fuzz== property violated at %s:%d: %s\n", file, line, property);
    if (!detail.isEmpty())
        std::fprintf(stderr, "==fuzz== %s\n", detail.left(2000).toLocal8Bit().constData());
    std::abort();
}

// The first line of the input and the rest: targets that need two inputs (a pointer and a document).
struct Split
{
    QByteArray head;
    QByteArray tail;
};
inline Split splitFirstLine(const QByteArray& input)
{
    const qsizetype newline = input.indexOf('\n');
    if (newline < 0)
        return {input, QByteArray()};
    return {input.left(newline), input.mid(newline + 1)};
}

} // namespace fuzz

#define FUZZ_CHECK(condition, ...)                                                                                     \
    do {                                                                                                               \
        if (!(condition))                                                                                              \
            ::fuzz::violated(#condition, __FILE__, __LINE__ __VA_OPT__(, ) __VA_ARGS__);                               \
    } while (false)

// Qt's own warnings (e.g. about invalid UTF-8) are expected on hostile input: kept quiet, except fatal ones.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/)
{
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
        if (type == QtFatalMsg) {
            std::fprintf(stderr, "qFatal: %s\n", message.toLocal8Bit().constData());
            std::abort();
        }
    });
    return 0;
}
