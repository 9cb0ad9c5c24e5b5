// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/EvidenceGap.h"
#include "domain/Artifact.h"
#include "domain/Finding.h"
#include "facts/DockerInfo.h"
#include "facts/EngineFacts.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace bulkhead {

class HostEvidence;

// One daemon setting as it is in effect: a dockerd flag wins over daemon.json, else the engine's
// default applies. Evidence is the flag's command line or the daemon.json line, or both artifacts
// as a whole when the setting is nowhere (the default).
struct DaemonValue
{
    enum class Source
    {
        Default,
        Flag,
        File,
    };
    Source source = Source::Default;
    QStringList values; // flag values; for daemon.json the string, number or bool as text, an array's elements
    QVector<EvidenceRef> evidence;
    QString flag; // Flag: the command-line spelling that set it ("H", "host", "icc")

    bool isSet() const { return source != Source::Default; }
    QString last() const { return values.isEmpty() ? QString() : values.last(); }
    QString describe(const QString& key) const; // e.g. `icc=false (daemon.json)`, `log-level not set (default)`
};

// The Docker daemon of one host as the daemon checks read it: its effective configuration (the running
// dockerd's command line merged with the daemon.json it reads) and `docker info`.
class DaemonCheck
{
public:
    // The daemon of a host, or the gap every daemon check reports (docker absent: not_applicable; the
    // command line or daemon.json unreadable: error). A missing daemon.json is the engine's defaults.
    static std::variant<DaemonCheck, EvidenceGap> from(const HostEvidence& evidence);

    // A finding of `checkId` about the daemon (status still to be set).
    Finding make(const QString& checkId) const;

    // The setting `key` (daemon.json spelling) or any of `flags` (command-line spellings, without dashes).
    DaemonValue value(const QString& key, const QStringList& flags) const;

    // docker info, or why it cannot be read.
    const std::variant<DockerInfo, EvidenceGap>& info() const { return m_info; }
    // Evidence from docker info: the text at a JSON pointer of its artifact.
    EvidenceRef infoRef(const QString& pointer) const;

private:
    DaemonCheck() = default;

    DaemonSettings m_settings;
    const Artifact* m_cmdline = nullptr;
    const Artifact* m_file = nullptr; // null or "not present" when there is no daemon.json
    const Artifact* m_infoArtifact = nullptr;
    std::variant<DockerInfo, EvidenceGap> m_info;
};

} // namespace bulkhead
