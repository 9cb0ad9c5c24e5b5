// SPDX-License-Identifier: GPL-3.0-or-later
// The pieces the facts parsers read out of a probe's output, fed to them directly so the fuzzer need not
// rebuild the framing around them: a section name as the probe encodes it, one audit rule, a static pod
// manifest (YAML), KEY=VALUE blocks. Input: the first byte picks the piece, the rest is its text.
// Properties: no crash, no undefined behaviour, no hang, no exception; errors say why.
#include "FuzzSupport.h"

#include "facts/HostFactsParser.h"
#include "facts/KubernetesFactsParser.h"
#include "facts/LoggingFactsParser.h"
#include "facts/SectionsParser.h"

using namespace bulkhead;

namespace {

template <typename T> void verify(const Result<T>& parsed)
{
    if (!parsed)
        FUZZ_CHECK(!parsed.errorMessage().isEmpty());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray input = fuzz::bytes(data + 1, size - 1);
    switch (data[0] % 5) {
    case 0:
        verify(SectionsParser::decodeName(QString::fromUtf8(input)));
        break;
    case 1:
        verify(LoggingFactsParser::auditRule(QString::fromUtf8(input), QStringLiteral("fuzz.rules")));
        break;
    case 2:
        verify(KubernetesFactsParser::staticPod(input, QStringLiteral("fuzz.yaml")));
        break;
    case 3:
        verify(HostFactsParser::keyValueBlocks(input));
        break;
    case 4:
        verify(SectionsParser::parse(input));
        break;
    }
    return 0;
}
