// SPDX-License-Identifier: GPL-3.0-or-later
// `docker container inspect` output from a hostile host. Besides not crashing, the parser promises that
// every pointer it hands to a finding resolves in the very bytes it parsed, to the value it used: the
// evidence an auditor is shown is what was evaluated. Fields read as mistyped resolve too.
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

void checkString(const QByteArray& input, const std::optional<QString>& field, const QString& pointer)
{
    if (!field)
        return;
    const auto value = valueAt(input, pointer);
    FUZZ_CHECK(value && value->is_string() && text(*value) == *field, pointer);
}

void checkBool(const QByteArray& input, const std::optional<bool>& field, const QString& pointer)
{
    if (!field)
        return;
    const auto value = valueAt(input, pointer);
    FUZZ_CHECK(value && value->is_boolean() && value->get<bool>() == *field, pointer);
}

// An integer field; docker's null-for-unset reads 0 where the parser says so (nullReadsZero).
void checkInteger(const QByteArray& input, const std::optional<qint64>& field, const QString& pointer,
                  bool nullReadsZero = false)
{
    if (!field)
        return;
    const auto value = valueAt(input, pointer);
    FUZZ_CHECK(value.has_value(), pointer);
    if (nullReadsZero && value->is_null()) {
        FUZZ_CHECK(*field == 0, pointer);
        return;
    }
    FUZZ_CHECK(value->is_number_integer() && value->get<qint64>() == *field, pointer);
}

// A list of strings (null reads empty) or, with keysOf, the keys of an object. Docker omits some keys
// when unset: an empty list may stand for a pointer that does not resolve.
void checkList(const QByteArray& input, const std::optional<QStringList>& field, const QString& pointer,
               bool keysOf = false)
{
    if (!field)
        return;
    const auto value = valueAt(input, pointer);
    if (!value || value->is_null()) {
        FUZZ_CHECK(field->isEmpty(), pointer);
        return;
    }
    QStringList read;
    if (keysOf) {
        FUZZ_CHECK(value->is_object(), pointer);
        for (const auto& [key, unused] : value->items()) {
            (void)unused;
            read << QString::fromStdString(key);
        }
        read.sort();
        QStringList sorted = *field;
        sorted.sort();
        FUZZ_CHECK(read == sorted, pointer);
        return;
    }
    FUZZ_CHECK(value->is_array(), pointer);
    for (const auto& entry : *value) {
        FUZZ_CHECK(entry.is_string(), pointer);
        read << text(entry);
    }
    FUZZ_CHECK(read == *field, pointer);
}

void checkPorts(const QByteArray& input, const std::optional<QVector<PortBinding>>& ports)
{
    if (!ports)
        return;
    for (const PortBinding& binding : *ports) {
        const auto value = valueAt(input, binding.pointer);
        FUZZ_CHECK(value && value->is_object(), binding.pointer);
        checkString(input, binding.hostIp, binding.pointer + QStringLiteral("/HostIp"));
        checkString(input, binding.hostPort, binding.pointer + QStringLiteral("/HostPort"));
    }
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

        // The fields read leniently: each one the parser kept is the value at its pointer.
        checkString(input, container.created, container.createdPointer());
        checkString(input, container.path, container.pathPointer());
        checkList(input, container.args, container.argsPointer());
        checkString(input, container.appArmorProfile, container.appArmorProfilePointer());
        checkString(input, container.processLabel, container.processLabelPointer());
        checkString(input, container.mountLabel, container.mountLabelPointer());
        checkInteger(input, container.statePid, container.statePidPointer());
        if (container.healthStatus && !container.healthStatus->isEmpty())
            checkString(input, container.healthStatus, container.healthStatusPointer());
        checkPorts(input, container.ports);
        checkList(input, container.networks, container.networksPointer(), true);
        checkString(input, container.hostname, container.hostnamePointer());
        checkList(input, container.cmd, container.cmdPointer());
        checkList(input, container.entrypoint, container.entrypointPointer());
        checkList(input, container.exposedPorts, container.exposedPortsPointer(), true);
        if (container.healthcheck && !container.healthcheck->pointer.isEmpty()) {
            FUZZ_CHECK(container.healthcheck->pointer == container.healthcheckPointer());
            checkList(input, container.healthcheck->test, container.healthcheckPointer() + QStringLiteral("/Test"));
        }
        checkList(input, container.capAdd, container.capAddPointer());
        checkList(input, container.capDrop, container.capDropPointer());
        checkList(input, container.securityOpt, container.securityOptPointer());
        checkString(input, container.pidMode, container.pidModePointer());
        checkString(input, container.ipcMode, container.ipcModePointer());
        checkString(input, container.utsMode, container.utsModePointer());
        checkString(input, container.networkMode, container.networkModePointer());
        checkString(input, container.usernsMode, container.usernsModePointer());
        checkString(input, container.cgroupnsMode, container.cgroupnsModePointer());
        if (container.devices) {
            for (const DeviceMapping& device : *container.devices)
                checkString(input, device.pathOnHost, device.pointer + QStringLiteral("/PathOnHost"));
        }
        checkPorts(input, container.portBindings);
        checkBool(input, container.publishAllPorts, container.publishAllPortsPointer());
        checkInteger(input, container.memory, container.memoryPointer());
        checkInteger(input, container.nanoCpus, container.nanoCpusPointer());
        checkInteger(input, container.cpuShares, container.cpuSharesPointer());
        checkInteger(input, container.cpuQuota, container.cpuQuotaPointer());
        checkInteger(input, container.pidsLimit, container.pidsLimitPointer(), true);
        if (container.restartPolicy) {
            checkString(input, container.restartPolicy->name,
                        container.restartPolicyPointer() + QStringLiteral("/Name"));
            checkInteger(input, container.restartPolicy->maximumRetryCount,
                         container.restartPolicyPointer() + QStringLiteral("/MaximumRetryCount"));
        }
        if (container.logConfig)
            checkString(input, container.logConfig->type, container.logConfigPointer() + QStringLiteral("/Type"));
        if (container.ulimits) {
            for (const UlimitFact& ulimit : *container.ulimits)
                checkInteger(input, ulimit.hard, ulimit.pointer + QStringLiteral("/Hard"));
        }
        checkBool(input, container.oomKillDisable, container.oomKillDisablePointer());
        checkString(input, container.cgroupParent, container.cgroupParentPointer());
        checkString(input, container.runtime, container.runtimePointer());
        for (const QString& pointer : container.mistyped)
            FUZZ_CHECK(valueAt(input, pointer).has_value(), pointer);
    }
    return 0;
}
