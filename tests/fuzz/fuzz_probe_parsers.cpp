// SPDX-License-Identifier: GPL-3.0-or-later
// Every facts parser, through ProbeParsers: the output of each probe of the catalog as a hostile host may
// print it. Input: the probe's name on the first line (a name that is no probe picks one by its bytes),
// the output after it. Properties: no crash, no undefined behaviour, no hang; an output that cannot be read
// gets an error that says why, in one line a terminal can show.
#include "FuzzSupport.h"

#include "core/DisplayText.h"
#include "facts/ProbeParsers.h"

using namespace bulkhead;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const QStringList probes = [] {
        QStringList names = ProbeParsers::probes();
        names.sort();
        return names;
    }();
    if (probes.isEmpty())
        return 0;
    const fuzz::Split split = fuzz::splitFirstLine(fuzz::bytes(data, size));
    QString probe = QString::fromUtf8(split.head);
    if (!ProbeParsers::has(probe))
        probe = probes.at(static_cast<qsizetype>(qHash(split.head) % static_cast<size_t>(probes.size())));
    const auto parsed = ProbeParsers::parse(probe, split.tail);
    if (parsed) {
        FUZZ_CHECK(parsed.value() >= 0, probe);
    } else {
        FUZZ_CHECK(!parsed.errorMessage().isEmpty(), probe);
        const auto unsafe = DisplayText::unsafeCharacter(parsed.errorMessage());
        FUZZ_CHECK(!unsafe, probe + QStringLiteral(": ") + DisplayText::shown(parsed.errorMessage(), 200));
    }
    return 0;
}
