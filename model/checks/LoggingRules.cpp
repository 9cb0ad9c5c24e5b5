// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/LoggingRules.h"

#include "checks/CheckText.h"
#include "facts/LoggingFactsParser.h"

namespace bulkhead {

namespace {

const QString JournalPersistent = QStringLiteral("logging.journal-persistent");
const QString RemoteSyslog = QStringLiteral("logging.remote-target");

Finding hostFinding(const QString& id)
{
    Finding finding;
    finding.checkId = id;
    finding.subject = Subject{SubjectKind::Host, QString(), QString()};
    return finding;
}

Finding journalPersistent(const HostEvidence& evidence)
{
    const QString probe = QStringLiteral("logging.journald");
    if (auto gap = evidence.gap(probe))
        return gap->finding(JournalPersistent);
    const Artifact& artifact = *evidence.artifact(probe);
    auto config = LoggingFactsParser::journald(artifact.output);
    if (!config)
        return EvidenceGap::unreadable(artifact, config.errorMessage()).finding(JournalPersistent);
    Finding finding = hostFinding(JournalPersistent);
    finding.expected = QStringLiteral("Storage=persistent, or auto with /var/log/journal present");
    finding.actual = QStringLiteral("Storage=%1, /var/log/journal %2")
                         .arg(CheckText::printable(config->storage(), 40),
                              config->persistentDirectory ? QStringLiteral("present") : QStringLiteral("absent"));
    finding.evidence << EvidenceRef{artifact.id, QString(), QString(), QString()};
    finding.status = config->persistent() ? Status::Pass : Status::Fail;
    finding.message = config->persistent()
                          ? QStringLiteral("The journal is kept on disk across reboots")
                          : QStringLiteral("The journal is kept in memory only: it is lost at every reboot");
    return finding;
}

Finding remoteTarget(const HostEvidence& evidence)
{
    Finding finding = hostFinding(RemoteSyslog);
    finding.expected = QStringLiteral("rsyslog or syslog-ng forwards to a remote collector");
    QStringList targets;
    bool anyDaemon = false;
    for (const char* probe : {"logging.rsyslog", "logging.syslog-ng"}) {
        const QString name = QLatin1String(probe);
        if (auto gap = evidence.gap(name)) {
            if (gap->status != Status::NotApplicable)
                return gap->finding(RemoteSyslog); // unreadable: no verdict
            finding.evidence += gap->evidence;     // that daemon is not installed: its probe says so
            continue;
        }
        const Artifact& artifact = *evidence.artifact(name);
        auto config = name == QLatin1String("logging.rsyslog") ? LoggingFactsParser::rsyslog(artifact.output)
                                                               : LoggingFactsParser::syslogNg(artifact.output);
        if (!config)
            return EvidenceGap::unreadable(artifact, config.errorMessage()).finding(RemoteSyslog);
        anyDaemon = true;
        finding.evidence << EvidenceRef{artifact.id, QString(), QString(), QString()};
        for (const LogForward& forward : config->forwards)
            targets << QStringLiteral("%1 %2 (%3:%4)")
                           .arg(CheckText::printable(forward.protocol, 20), CheckText::printable(forward.target, 120),
                                CheckText::printable(forward.file, 120))
                           .arg(forward.line);
    }
    if (!targets.isEmpty()) {
        finding.status = Status::Pass;
        finding.actual = targets.join(QStringLiteral("; "));
        finding.message = QStringLiteral("Logs are forwarded to %1").arg(finding.actual);
        return finding;
    }
    finding.status = Status::Fail;
    finding.actual = anyDaemon ? QStringLiteral("no remote target") : QStringLiteral("no rsyslog or syslog-ng");
    finding.message = anyDaemon
                          ? QStringLiteral("The syslog daemon keeps every log on this host: no remote target")
                          : QStringLiteral("Neither rsyslog nor syslog-ng is installed, so no log leaves this host "
                                           "(a journal upload to a collector is not recognised yet)");
    return finding;
}

} // namespace

QStringList LoggingRules::ids()
{
    return {JournalPersistent, RemoteSyslog};
}

QVector<Finding> LoggingRules::evaluate(const HostEvidence& evidence)
{
    return {journalPersistent(evidence), remoteTarget(evidence)};
}

} // namespace bulkhead
