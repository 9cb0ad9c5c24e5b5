// SPDX-License-Identifier: GPL-3.0-or-later
// `docker image inspect` output from a hostile host: no crash, no undefined behaviour, and every pointer
// the parser keeps resolves in the parsed bytes.
#include "FuzzSupport.h"

#include "core/JsonPointer.h"
#include "facts/ImageInspectParser.h"

using namespace bulkhead;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    const auto parsed = ImageInspectParser::parse(input);
    if (!parsed) {
        FUZZ_CHECK(!parsed.errorMessage().isEmpty());
        return 0;
    }
    for (const ImageFacts& image : parsed.value()) {
        FUZZ_CHECK(JsonPointer::locate(input, image.pointer).has_value(), image.pointer);
        for (const EnvEntry& entry : image.env)
            FUZZ_CHECK(JsonPointer::locate(input, entry.pointer).has_value(), entry.pointer);
    }
    return 0;
}
