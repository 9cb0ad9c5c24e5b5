// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/DaemonCheck.h"

#include "checks/CheckText.h"
#include "checks/HostEvidence.h"
#include "checks/JsonEvidence.h"
#include "checks/LineEvidence.h"
#include "core/JsonPointer.h"
#include "facts/DockerInfoParser.h"
#include "facts/EngineFactsParser.h"
#include "facts/ProcessArgsParser.h"

#include <nlohmann/json.hpp>

namespace bulkhead {

namespace {

using Json = nlohmann::json;

const QString CmdlineProbe = QStringLiteral("docker.dockerd.cmdline");
const QString FileProbe = QStringLiteral("docker.daemon.json");
const QString InfoProbe = QStringLiteral("docker.info");

// daemon.json values are stored as compact JSON text: strings unquoted, arrays as their elements.
QStringList fileValues(const QString& jsonText)
{
    try {
        const Json value = Json::parse(jsonText.toStdString());
        const auto asText = [](const Json& v) {
            return v.is_string() ? QString::fromStdString(v.get<std::string>())
                                 : QString::fromStdString(v.dump(-1, ' ', false, Json::error_handler_t::replace));
        };
        QStringList values;
        if (value.is_array()) {
            for (const Json& element : value)
                values << asText(element);
        } else {
            values << asText(value);
        }
        return values;
    } catch (const Json::exception&) {
        return {jsonText};
    }
}

// The first line of `artifact` that contains `needle`, as "lines N-N" evidence (1-based).
std::optional<EvidenceRef> lineRef(const Artifact* artifact, const QByteArray& needle)
{
    if (!artifact)
        return std::nullopt;
    auto ref = LineEvidence::containing(*artifact, needle);
    if (ref)
        ref->excerpt =
            ref->excerpt.replace(QChar(u'\0'), QLatin1Char(' ')).trimmed(); // command lines are NUL-separated
    return ref;
}

} // namespace

QString DaemonValue::describe(const QString& key) const
{
    switch (source) {
    case Source::Default:
        return QStringLiteral("%1 not set (engine default)").arg(key);
    case Source::Flag:
        // As written: -H for a one-letter flag, --host for the long one (daemon.json says "hosts").
        return QStringLiteral("%1%2=%3 (dockerd command line)")
            .arg(flag.size() == 1 ? QStringLiteral("-") : QStringLiteral("--"), flag.isEmpty() ? key : flag,
                 CheckText::printable(values.join(u','), 200));
    case Source::File:
        return QStringLiteral("%1=%2 (daemon.json)").arg(key, CheckText::printable(values.join(u','), 200));
    }
    return {};
}

std::variant<DaemonCheck, EvidenceGap> DaemonCheck::from(const HostEvidence& evidence)
{
    if (auto gap = evidence.gap(CmdlineProbe))
        return *gap;
    DaemonCheck check;
    check.m_cmdline = evidence.artifact(CmdlineProbe);
    auto processes = ProcessArgsParser::parse(check.m_cmdline->output);
    if (!processes)
        return EvidenceGap::unreadable(*check.m_cmdline, processes.errorMessage());
    if (processes->isEmpty())
        return EvidenceGap{
            Status::Error,
            QStringLiteral("No dockerd process is visible (not running, or /proc hides other users' processes), so "
                           "its configuration cannot be read"),
            QStringLiteral("no dockerd process"),
            {EvidenceRef{check.m_cmdline->id, {}, {}, {}}}};
    DaemonSettings settings;
    const auto fileGap = evidence.gap(FileProbe);
    check.m_file = evidence.artifact(FileProbe);
    if (fileGap && fileGap->status != Status::NotApplicable)
        return *fileGap; // daemon.json could not be read: its settings are unknown
    if (!fileGap) {
        auto parsed = EngineFactsParser::daemonJson(check.m_file->output);
        if (!parsed)
            return EvidenceGap::unreadable(*check.m_file, parsed.errorMessage());
        settings = std::move(parsed).value();
    }
    check.m_settings = EngineFactsParser::withFlags(std::move(settings), processes.value());

    check.m_infoArtifact = evidence.artifact(InfoProbe);
    if (auto gap = evidence.gap(InfoProbe)) {
        check.m_info = *gap;
    } else {
        auto info = DockerInfoParser::parse(check.m_infoArtifact->output);
        if (info)
            check.m_info = std::move(info).value();
        else
            check.m_info = EvidenceGap::unreadable(*check.m_infoArtifact, info.errorMessage());
    }
    return check;
}

Finding DaemonCheck::make(const QString& checkId) const
{
    Finding finding;
    finding.checkId = checkId;
    finding.subject = Subject{SubjectKind::Daemon, QString(), QStringLiteral("dockerd")};
    return finding;
}

DaemonValue DaemonCheck::value(const QString& key, const QStringList& flags) const
{
    DaemonValue result;
    for (const QString& flag : flags) {
        const auto it = m_settings.flags.constFind(flag);
        if (it == m_settings.flags.cend() || it->isEmpty())
            continue;
        result.source = DaemonValue::Source::Flag;
        result.values = *it;
        result.flag = flag;
        const QByteArray needle = (flag.size() == 1 ? QByteArray("-") : QByteArray("--")) + flag.toUtf8();
        if (auto ref = lineRef(m_cmdline, needle))
            result.evidence << *ref;
        return result;
    }
    if (const auto it = m_settings.file.constFind(key); it != m_settings.file.cend()) {
        result.source = DaemonValue::Source::File;
        result.values = fileValues(*it);
        if (auto ref = lineRef(m_file, QByteArray("\"") + key.toUtf8() + QByteArray("\"")))
            result.evidence << *ref;
        else if (m_file)
            result.evidence << EvidenceRef{m_file->id, QString(), QString(), QString()};
        return result;
    }
    // Nowhere: the command line and daemon.json (or its absence) as a whole are the evidence.
    result.evidence << EvidenceRef{m_cmdline->id, QString(), QString(), QString()};
    if (m_file)
        result.evidence << (m_file->exitStatus == 0
                                ? EvidenceRef{m_file->id, QString(), QString(), QString()}
                                : EvidenceRef{m_file->id, QStringLiteral("stderr"),
                                              CheckText::reasonFrom(m_file->errorOutput), QString()});
    return result;
}

EvidenceRef DaemonCheck::infoRef(const QString& pointer) const
{
    if (!m_infoArtifact)
        return {};
    return JsonEvidence::at(*m_infoArtifact, pointer).value_or(EvidenceRef{m_infoArtifact->id, pointer, {}, {}});
}

} // namespace bulkhead
