// SPDX-License-Identifier: GPL-3.0-or-later
// HostSpec::parse over anything a user (or an imported inventory) may write. A spec that parses prints
// as a canonical text that parses back to the same spec, and holds nothing a command line or libssh
// could misread (whitespace, control characters, '@' in the address).
#include "FuzzSupport.h"

#include "domain/HostSpec.h"

using namespace bulkhead;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const auto spec = HostSpec::parse(text);
    if (!spec) {
        FUZZ_CHECK(!spec.errorMessage().isEmpty());
        return 0;
    }
    FUZZ_CHECK(spec->port >= 1 && spec->port <= 65535, text);
    FUZZ_CHECK(!spec->address.isEmpty(), text);
    for (const QChar c : QString(spec->address + spec->user))
        FUZZ_CHECK(!c.isSpace() && c.unicode() >= 0x20 && c.unicode() != 0x7f, text);
    FUZZ_CHECK(!spec->address.contains(QLatin1Char('@')), text);
    const auto again = HostSpec::parse(spec->toString());
    FUZZ_CHECK(again && again.value() == spec.value(), text + QStringLiteral(" -> ") + spec->toString());
    return 0;
}
