// SPDX-License-Identifier: GPL-3.0-or-later
// ProbeRedactor over hostile probe output in every framing a probe declares (JSON, JSON lines, sections,
// process arguments, stat lines, KEY=VALUE, text). Input: the probe's name on the first line (its catalog
// format is used; a name that is no probe picks a format by its bytes), the output after it. Properties:
// no crash, no undefined behaviour, no hang; output without a secret is stored byte for byte; a second
// pass over the stored bytes finds nothing left to redact (a hit there is a secret the first let through).
#include "FuzzSupport.h"

#include "probes/Probe.h"
#include "probes/ProbeRedactor.h"

using namespace bulkhead;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static constexpr ProbeFormat formats[] = {ProbeFormat::Json,        ProbeFormat::JsonLines, ProbeFormat::Sections,
                                              ProbeFormat::ProcessArgs, ProbeFormat::StatLines, ProbeFormat::KeyValue,
                                              ProbeFormat::Text};
    const fuzz::Split split = fuzz::splitFirstLine(fuzz::bytes(data, size));
    Probe probe;
    if (const Probe* known = ProbeCatalog::find(QString::fromUtf8(split.head))) {
        probe = *known;
    } else {
        probe.name = QStringLiteral("fuzz.probe");
        probe.format = formats[qHash(split.head) % std::size(formats)];
    }
    const QByteArray& output = split.tail;

    const Redaction first = ProbeRedactor::redact(probe, output);
    if (first.hits.isEmpty())
        FUZZ_CHECK(first.output == output, probe.name);
    const Redaction second = ProbeRedactor::redact(probe, first.output);
    FUZZ_CHECK(second.hits.isEmpty(), QStringLiteral("%1: %2 %3 at %4")
                                          .arg(probe.name, second.hits.value(0).rule, second.hits.value(0).key,
                                               second.hits.value(0).location));
    return 0;
}
