// SPDX-License-Identifier: GPL-3.0-or-later
// `docker container inspect` output from a hostile host. Besides not crashing, the parser promises that
// every pointer it hands to a finding resolves in the very bytes it parsed, to the value it used: the
// evidence an auditor is shown is what was evaluated.
#include "FuzzSupport.h"

#include "core/JsonPointer.h"
#include "facts/ContainerInspectParser.h"

#include <nlohmann/json.hpp>

#include <optional>

using namespace bulkhead;

namespace {

std::optional<nlohmann::json> valueAt(const QByteArray& document, const QString& pointer)
{
    const auto span = JsonPointer::locate(document, pointer);
    if (!span)
        return std::nullopt;
    FUZZ_CHECK(span->offset >= 0 && span->length >= 0 && span->offset + span->length <= document.size(), pointer);
    const QByteArray excerpt = document.mid(span->offset, span->length);
    try {
        return nlohmann::json::parse(excerpt.constBegin(), excerpt.constEnd());
    } catch (const nlohmann::json::exception&) {
        fuzz::violated("the excerpt at a parser's pointer is not a JSON value", __FILE__, __LINE__, pointer);
    }
}

QString text(const nlohmann::json& value)
{
    return value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    ContainerInspectParser::isRootUser(QString::fromUtf8(input.left(80)));
    const auto parsed = ContainerInspectParser::parse(input);
    if (!parsed) {
        FUZZ_CHECK(!parsed.errorMessage().isEmpty());
        return 0;
    }
    for (const ContainerFacts& container : parsed.value()) {
        FUZZ_CHECK(container.id.size() == 64, container.id);
        FUZZ_CHECK(valueAt(input, container.pointer).has_value(), container.pointer);
        if (container.user) {
            const auto user = valueAt(input, container.userPointer());
            FUZZ_CHECK(user && text(*user) == *container.user, container.userPointer());
        }
        if (container.privileged) {
            const auto privileged = valueAt(input, container.privilegedPointer());
            FUZZ_CHECK(privileged && privileged->is_boolean() && privileged->get<bool>() == *container.privileged,
                       container.privilegedPointer());
        }
        if (container.readonlyRootfs) {
            const auto readonly = valueAt(input, container.readonlyRootfsPointer());
            FUZZ_CHECK(readonly && readonly->is_boolean() && readonly->get<bool>() == *container.readonlyRootfs,
                       container.readonlyRootfsPointer());
        }
        for (const EnvEntry& entry : container.env) {
            const auto value = valueAt(input, entry.pointer);
            FUZZ_CHECK(value.has_value(), entry.pointer);
            const QString stored = text(*value);
            FUZZ_CHECK(stored == entry.name || stored == entry.name + QLatin1Char('=') + entry.value, entry.pointer);
        }
        for (const MountFact& mount : container.mounts)
            FUZZ_CHECK(valueAt(input, mount.pointer).has_value(), mount.pointer);
    }
    return 0;
}
