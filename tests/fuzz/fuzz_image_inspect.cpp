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
        if (image.healthcheck && !image.healthcheck->pointer.isEmpty())
            FUZZ_CHECK(JsonPointer::locate(input, image.healthcheck->pointer).has_value(), image.healthcheck->pointer);
        if (image.layerCount)
            FUZZ_CHECK(JsonPointer::locate(input, image.layersPointer()).has_value(), image.layersPointer());
        // A non-empty list was read from its pointer (empty ones may stand for an omitted key).
        const std::pair<const std::optional<QStringList>*, QString> lists[] = {
            {&image.cmd, image.cmdPointer()},
            {&image.entrypoint, image.entrypointPointer()},
            {&image.exposedPorts, image.exposedPortsPointer()},
            {&image.volumes, image.volumesPointer()},
            {&image.onBuild, image.onBuildPointer()}};
        for (const auto& [list, pointer] : lists) {
            if (*list && !(*list)->isEmpty())
                FUZZ_CHECK(JsonPointer::locate(input, pointer).has_value(), pointer);
        }
        for (const QString& pointer : image.mistyped)
            FUZZ_CHECK(JsonPointer::locate(input, pointer).has_value(), pointer);
    }
    return 0;
}
