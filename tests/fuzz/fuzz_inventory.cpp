// SPDX-License-Identifier: GPL-3.0-or-later
// The Bulkhead inventory (YAML) as a user or a colleague may hand it over: no exception escapes, no crash,
// and every problem is a diagnostic.
#include "FuzzSupport.h"

#include "inventory/InventoryParser.h"

using namespace bulkhead;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    const InventoryParseResult analyzed = InventoryParser::analyze(input, QStringLiteral("fuzz.yaml"));
    const auto parsed = InventoryParser::parse(input, QStringLiteral("fuzz.yaml"));
    if (!parsed)
        FUZZ_CHECK(!parsed.errorMessage().isEmpty());
    (void)analyzed;
    return 0;
}
