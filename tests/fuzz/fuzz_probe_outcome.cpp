// SPDX-License-Identifier: GPL-3.0-or-later
// ProbeOutcome reads a probe's exit status and stderr, both the host's to choose. Input: one byte of
// exit status, one of flags, then stderr. Properties: no crash; only exit 0 without timeout, cut or
// signal is Ok; the reason is one printable line.
#include "FuzzSupport.h"

#include "probes/ProbeOutcome.h"

using namespace bulkhead;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 2)
        return 0;
    const int exitStatus = data[0] == 255 ? -1 : data[0];
    const bool timedOut = (data[1] & 1) != 0;
    const bool truncated = (data[1] & 2) != 0;
    const QString signal = (data[1] & 4) != 0 ? QStringLiteral("KILL") : QString();
    const QByteArray errors = fuzz::bytes(data + 2, size - 2);
    const ProbeOutcome outcome = ProbeOutcome::of(exitStatus, errors, timedOut, truncated, signal);
    if (outcome.ok())
        FUZZ_CHECK(exitStatus == 0 && !timedOut && !truncated && signal.isEmpty());
    for (const QChar c : outcome.reason)
        FUZZ_CHECK(c.isPrint() || c == QLatin1Char(' '), outcome.reason);
    return 0;
}
