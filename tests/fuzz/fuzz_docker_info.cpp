// SPDX-License-Identifier: GPL-3.0-or-later
// `docker info --format '{{json .}}'` from a hostile host: no crash, no undefined behaviour, an error
// that says why when the document is unusable.
#include "FuzzSupport.h"

#include "facts/DockerInfoParser.h"

using namespace bulkhead;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto parsed = DockerInfoParser::parse(fuzz::bytes(data, size));
    if (!parsed)
        FUZZ_CHECK(!parsed.errorMessage().isEmpty());
    return 0;
}
