// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/LoggingRules.h"

#include "checks/CheckText.h"
#include "checks/LineEvidence.h"
#include "facts/LoggingFactsParser.h"

namespace bulkhead {

namespace {

const QString JournalPersistent = QStringLiteral("logging.journal-persistent");
const QString RemoteSyslog = QStringLiteral("logging.remote-target");
const QString RequiredTargets = QStringLiteral("logging.zone-required-targets");

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

// What the syslog daemons forward, or why that cannot be read.
struct Forwarding
{
    QVector<LogForward> forwards;
    QVector<EvidenceRef> evidence; // each daemon's artifact, or the probe that says it is not installed
    bool anyDaemon = false;
};

std::variant<Forwarding, EvidenceGap> forwarding(const HostEvidence& evidence)
{
    Forwarding result;
    for (const char* probe : {"logging.rsyslog", "logging.syslog-ng"}) {
        const QString name = QLatin1String(probe);
        if (auto gap = evidence.gap(name)) {
            if (gap->status != Status::NotApplicable)
                return *gap;                  // unreadable: no verdict
            result.evidence += gap->evidence; // that daemon is not installed: its probe says so
            continue;
        }
        const Artifact& artifact = *evidence.artifact(name);
        auto config = name == QLatin1String("logging.rsyslog") ? LoggingFactsParser::rsyslog(artifact.output)
                                                               : LoggingFactsParser::syslogNg(artifact.output);
        if (!config)
            return EvidenceGap::unreadable(artifact, config.errorMessage());
        result.anyDaemon = true;
        result.evidence << LineEvidence::whole(artifact);
        result.forwards += config->forwards;
    }
    return result;
}

QString describe(const LogForward& forward)
{
    return QStringLiteral("%1 %2 (%3:%4)")
        .arg(CheckText::printable(forward.protocol, 20), CheckText::printable(forward.target, 120),
             CheckText::printable(forward.file, 120))
        .arg(forward.line);
}

Finding remoteTarget(const HostEvidence& evidence)
{
    const auto read = forwarding(evidence);
    if (const auto* gap = std::get_if<EvidenceGap>(&read))
        return gap->finding(RemoteSyslog);
    const Forwarding& found = std::get<Forwarding>(read);
    Finding finding = hostFinding(RemoteSyslog);
    finding.expected = QStringLiteral("rsyslog or syslog-ng forwards to a remote collector");
    finding.evidence = found.evidence;
    QStringList targets;
    for (const LogForward& forward : found.forwards)
        targets << describe(forward);
    if (!targets.isEmpty()) {
        finding.status = Status::Pass;
        finding.actual = targets.join(QStringLiteral("; "));
        finding.message = QStringLiteral("Logs are forwarded to %1").arg(finding.actual);
        return finding;
    }
    finding.status = Status::Fail;
    finding.actual = found.anyDaemon ? QStringLiteral("no remote target") : QStringLiteral("no rsyslog or syslog-ng");
    finding.message = found.anyDaemon
                          ? QStringLiteral("The syslog daemon keeps every log on this host: no remote target")
                          : QStringLiteral("Neither rsyslog nor syslog-ng is installed, so no log leaves this host "
                                           "(a journal upload to a collector is not recognised yet)");
    return finding;
}

// "host[:port]" with the syslog default port when none is given; the host compared case-insensitively.
std::pair<QString, int> hostAndPort(QString target)
{
    target = target.trimmed().toLower();
    QString host = target;
    QString port;
    if (target.startsWith(QLatin1Char('['))) { // [v6] or [v6]:port
        const qsizetype close = target.indexOf(QLatin1Char(']'));
        host = target.mid(1, close - 1);
        if (close > 0 && target.mid(close + 1).startsWith(QLatin1Char(':')))
            port = target.mid(close + 2);
    } else if (target.count(QLatin1Char(':')) == 1) { // host:port; more colons: a bare IPv6 address
        const qsizetype colon = target.indexOf(QLatin1Char(':'));
        host = target.left(colon);
        port = target.mid(colon + 1);
    }
    bool ok = false;
    const int number = port.toInt(&ok);
    return {host, ok ? number : 514};
}

Finding requiredTargets(const HostEvidence& evidence, const ZonePolicy& policy)
{
    Finding finding = hostFinding(RequiredTargets);
    if (!policy.zone || policy.zone->requiredLogTargets.isEmpty()) {
        finding.status = Status::NotApplicable;
        finding.message =
            policy.zone ? QStringLiteral("Zone %1 requires no log target").arg(CheckText::quoted(policy.zone->name))
                        : QStringLiteral("The host is in no zone, so no log target is required");
        return finding;
    }
    const QStringList& required = policy.zone->requiredLogTargets;
    finding.expected = QStringLiteral("forwarding to %1").arg(required.join(QStringLiteral(", ")));
    const auto read = forwarding(evidence);
    if (const auto* gap = std::get_if<EvidenceGap>(&read))
        return gap->finding(RequiredTargets);
    const Forwarding& found = std::get<Forwarding>(read);
    finding.evidence = found.evidence;
    QStringList actual;
    for (const LogForward& forward : found.forwards)
        actual << describe(forward);
    finding.actual = actual.isEmpty() ? QStringLiteral("no remote target") : actual.join(QStringLiteral("; "));
    QStringList missing;
    for (const QString& target : required) {
        const auto wanted = hostAndPort(target);
        const bool present = std::any_of(found.forwards.cbegin(), found.forwards.cend(),
                                         [&](const LogForward& f) { return hostAndPort(f.target) == wanted; });
        if (!present)
            missing << target;
    }
    finding.status = missing.isEmpty() ? Status::Pass : Status::Fail;
    finding.message =
        missing.isEmpty()
            ? QStringLiteral("Logs reach every collector zone %1 requires").arg(CheckText::quoted(policy.zone->name))
            : QStringLiteral("Logs do not reach %1, which zone %2 requires")
                  .arg(missing.join(QStringLiteral(", ")), CheckText::quoted(policy.zone->name));
    return finding;
}

} // namespace

QStringList LoggingRules::ids()
{
    return {JournalPersistent, RemoteSyslog, RequiredTargets};
}

QVector<Finding> LoggingRules::evaluate(const HostEvidence& evidence, const ZonePolicy& policy)
{
    return {journalPersistent(evidence), remoteTarget(evidence), requiredTargets(evidence, policy)};
}

} // namespace bulkhead
