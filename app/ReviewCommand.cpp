// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReviewCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "checks/CheckCatalog.h"
#include "checks/CheckText.h"
#include "checks/FindingReview.h"
#include "checks/ScanDiff.h"
#include "checks/ScoreBreakdown.h"
#include "store/Workspace.h"

#include <QDateTime>
#include <QMap>
#include <QTimeZone>

namespace bulkhead {

namespace {

QCommandLineOption valueOption(const char* name, const char* what)
{
    return QCommandLineOption(QLatin1String(name), QLatin1String(what), QStringLiteral("VALUE"));
}

// "2027-03-31" (end of that day, UTC) or a full ISO 8601 time.
QDateTime parseDate(const QString& text)
{
    // A date alone holds to the end of that day: "until 2027-03-31" includes the 31st.
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (date.isValid() && text.size() == 10)
        return QDateTime(date, QTime(23, 59, 59), Qt::UTC);
    const QDateTime time = QDateTime::fromString(text, Qt::ISODate);
    return time.isValid() ? time.toUTC() : QDateTime();
}

QString scoreText(double score)
{
    return score < 0 ? QStringLiteral("n/a") : QString::number(score, 'f', 1) + QLatin1Char('%');
}

bool knownCheck(const QString& id, const QString& command, QTextStream& err)
{
    if (CheckCatalog::instance().find(id))
        return true;
    err << "bulkhead-cli " << command << ": there is no check '" << CheckText::printable(id, 80) << "'\n";
    return false;
}

// How a waiver or an attestation stands: revoked, in force, or past its expiry.
QString decisionState(bool revoked, bool active)
{
    if (revoked)
        return QStringLiteral("revoked");
    return active ? QStringLiteral("active") : QStringLiteral("EXPIRED");
}

} // namespace

QString ReviewCommand::helpText()
{
    return QStringLiteral(
        "  waiver add    Accept the risk of a failing check for a scope, until an expiry date.\n"
        "            --workspace FILE --check ID (--zone Z | --host H | --container NAME | --label K=V)\n"
        "            --justification TEXT --approver NAME --risk low|medium|high|critical --expires DATE\n"
        "            [--control TEXT]  (a compensating control)\n"
        "  waiver list | waiver revoke --id N   --workspace FILE\n"
        "  attest    Record the verdict on a manual check, with evidence files kept in the workspace.\n"
        "            --workspace FILE --check ID (--host H | --zone Z) --status pass|fail\n"
        "            --justification TEXT --auditor NAME --reviewer NAME [--expires DATE] [--attach FILE ...]\n"
        "  attest list | attest revoke --id N   --workspace FILE\n"
        "  score     Scores with and without waivers, per tip, and the waivers that expired.\n"
        "            --workspace FILE [--scan ID]\n"
        "  diff      What changed between two scans: new, fixed, regressed, waived, expired, added, removed.\n"
        "            --workspace FILE [--from ID] [--to ID]  (default: the two latest scans)\n");
}

int ReviewCommand::waiver(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = QStringLiteral("waiver");
    const QString action = arguments.value(0);
    QCommandLineParser parser;
    const auto check = valueOption("check", "Check id.");
    const auto zone = valueOption("zone", "Zone.");
    const auto host = valueOption("host", "Host name.");
    const auto container = valueOption("container", "Container name.");
    const auto label = valueOption("label", "Label key=value.");
    const auto justification = valueOption("justification", "Why the risk is accepted.");
    const auto approver = valueOption("approver", "Who accepted the risk.");
    const auto risk = valueOption("risk", "low, medium, high or critical.");
    const auto expires = valueOption("expires", "Expiry date.");
    const auto control = valueOption("control", "Compensating control.");
    const auto id = valueOption("id", "Waiver id.");
    parser.addOptions(
        {workspaceOption(), check, zone, host, container, label, justification, approver, risk, expires, control, id});
    if (action != QLatin1String("add") && action != QLatin1String("list") && action != QLatin1String("revoke")) {
        err << "bulkhead-cli waiver: expected add, list or revoke\nTry 'bulkhead-cli --help'.\n";
        return Cli::Usage;
    }
    if (!parseWithWorkspace(parser, command, arguments.mid(1), err))
        return Cli::Usage;
    const auto workspace = openWorkspace(parser, command, err);
    if (!workspace)
        return Cli::WorkspaceError;

    if (action == QLatin1String("list")) {
        auto list = workspace->waivers();
        if (!list) {
            err << "bulkhead-cli waiver: " << list.errorMessage() << "\n";
            return Cli::WorkspaceError;
        }
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (const Waiver& w : list.value()) {
            const QString state = decisionState(w.revoked(), w.activeAt(now));
            out << w.id << "  " << state << "  " << w.checkId << "  " << waiverScopeToString(w.scope) << "="
                << CheckText::printable(w.target, 80) << "  until " << w.expiresUtc.toString(Qt::ISODate)
                << "  approved by " << CheckText::printable(w.approver, 60) << "  risk " << w.risk << "\n";
        }
        return Cli::Ok;
    }
    if (action == QLatin1String("revoke")) {
        if (!requireOption(parser, QStringLiteral("id"), command, err))
            return Cli::Usage;
        if (auto done = workspace->revokeWaiver(parser.value(id).toLongLong()); !done) {
            err << "bulkhead-cli waiver: " << done.errorMessage() << "\n";
            return Cli::Usage;
        }
        out << "Waiver " << parser.value(id) << " revoked.\n";
        return Cli::Ok;
    }
    for (const char* name : {"check", "justification", "approver", "risk", "expires"}) {
        if (!requireOption(parser, QLatin1String(name), command, err))
            return Cli::Usage;
    }
    if (!knownCheck(parser.value(check), command, err))
        return Cli::Usage;
    Waiver w;
    int scopes = 0;
    for (const auto& [option, scope] :
         {std::pair{&zone, WaiverScope::Zone}, std::pair{&host, WaiverScope::Host},
          std::pair{&container, WaiverScope::Container}, std::pair{&label, WaiverScope::Label}}) {
        if (parser.isSet(*option)) {
            w.scope = scope;
            w.target = parser.value(*option);
            ++scopes;
        }
    }
    if (scopes != 1) {
        err << "bulkhead-cli waiver: give exactly one of --zone, --host, --container, --label\n";
        return Cli::Usage;
    }
    w.checkId = parser.value(check);
    w.justification = parser.value(justification);
    w.approver = parser.value(approver);
    w.risk = parser.value(risk);
    w.compensatingControl = parser.value(control);
    w.expiresUtc = parseDate(parser.value(expires));
    if (!w.expiresUtc.isValid()) {
        err << "bulkhead-cli waiver: --expires takes a date (2027-03-31) or an ISO 8601 time\n";
        return Cli::Usage;
    }
    auto added = workspace->addWaiver(w);
    if (!added) {
        err << "bulkhead-cli waiver: " << added.errorMessage() << "\n";
        return Cli::Usage;
    }
    out << "Waiver " << added.value() << " granted until " << w.expiresUtc.toString(Qt::ISODate) << ".\n";
    return Cli::Ok;
}

int ReviewCommand::attest(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = QStringLiteral("attest");
    const QString action = arguments.value(0);
    if (action == QLatin1String("list") || action == QLatin1String("revoke"))
        return attestations(action, arguments.mid(1), out, err);
    QCommandLineParser parser;
    const auto check = valueOption("check", "Check id.");
    const auto zone = valueOption("zone", "Zone.");
    const auto host = valueOption("host", "Host name.");
    const auto status = valueOption("status", "pass or fail.");
    const auto justification = valueOption("justification", "Why.");
    const auto auditor = valueOption("auditor", "Who attests.");
    const auto reviewer = valueOption("reviewer", "Who reviewed.");
    const auto expires = valueOption("expires", "Until when it holds.");
    const auto attach = valueOption("attach", "Evidence file (repeatable).");
    parser.addOptions(
        {workspaceOption(), check, zone, host, status, justification, auditor, reviewer, expires, attach});
    if (!parseOrExplain(parser, command, arguments, err))
        return Cli::Usage;
    for (const char* name : {"workspace", "check", "status", "justification", "auditor", "reviewer"}) {
        if (!requireOption(parser, QLatin1String(name), command, err))
            return Cli::Usage;
    }
    if (parser.isSet(zone) == parser.isSet(host)) {
        err << "bulkhead-cli attest: give exactly one of --host, --zone\n";
        return Cli::Usage;
    }
    if (!knownCheck(parser.value(check), command, err))
        return Cli::Usage;
    const auto workspace = openWorkspace(parser, command, err);
    if (!workspace)
        return Cli::WorkspaceError;
    Attestation a;
    a.checkId = parser.value(check);
    a.zoneWide = parser.isSet(zone);
    a.target = parser.value(a.zoneWide ? zone : host);
    const auto parsedStatus = statusFromString(parser.value(status));
    if (!parsedStatus || (*parsedStatus != Status::Pass && *parsedStatus != Status::Fail)) {
        err << "bulkhead-cli attest: --status is pass or fail\n";
        return Cli::Usage;
    }
    a.status = *parsedStatus;
    a.justification = parser.value(justification);
    a.auditor = parser.value(auditor);
    a.reviewer = parser.value(reviewer);
    if (parser.isSet(expires)) {
        a.expiresUtc = parseDate(parser.value(expires));
        if (!a.expiresUtc.isValid()) {
            err << "bulkhead-cli attest: --expires takes a date (2027-03-31) or an ISO 8601 time\n";
            return Cli::Usage;
        }
    }
    auto added = workspace->addAttestation(a, parser.values(attach));
    if (!added) {
        err << "bulkhead-cli attest: " << added.errorMessage() << "\n";
        return Cli::Usage;
    }
    auto files = workspace->attachments(QStringLiteral("attestation:%1").arg(added.value()));
    out << "Attestation " << added.value() << " recorded";
    if (files && !files->isEmpty()) {
        out << " with:\n";
        for (const Attachment& file : files.value())
            out << "  " << CheckText::printable(file.fileName, 120) << "  " << file.size << " bytes  sha256 "
                << file.sha256 << "\n";
    } else {
        out << ".\n";
    }
    return Cli::Ok;
}

int ReviewCommand::attestations(const QString& action, const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = QStringLiteral("attest");
    QCommandLineParser parser;
    const auto id = valueOption("id", "Attestation id.");
    parser.addOptions({workspaceOption(), id});
    if (!parseWithWorkspace(parser, command, arguments, err))
        return Cli::Usage;
    if (action == QLatin1String("revoke") && !requireOption(parser, QStringLiteral("id"), command, err))
        return Cli::Usage;
    const auto workspace = openWorkspace(parser, command, err);
    if (!workspace)
        return Cli::WorkspaceError;
    if (action == QLatin1String("revoke")) {
        bool ok = false;
        const qint64 number = parser.value(id).toLongLong(&ok);
        if (!ok) {
            err << "bulkhead-cli attest: --id takes the number attest list shows\n";
            return Cli::Usage;
        }
        if (auto done = workspace->revokeAttestation(number); !done) {
            err << "bulkhead-cli attest: " << done.errorMessage() << "\n";
            return Cli::Usage;
        }
        out << "Attestation " << number << " revoked.\n";
        return Cli::Ok;
    }
    auto list = workspace->attestations();
    if (!list) {
        err << "bulkhead-cli attest: " << list.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const Attestation& a : list.value()) {
        const QString state = decisionState(a.revokedUtc.isValid(), a.activeAt(now));
        out << a.id << "  " << state << "  " << a.checkId << "  " << (a.zoneWide ? "zone=" : "host=")
            << CheckText::printable(a.target, 80) << "  " << statusToString(a.status) << "  by "
            << CheckText::printable(a.auditor, 60) << ", reviewed by " << CheckText::printable(a.reviewer, 60) << "  "
            << a.attestedUtc.toString(Qt::ISODate)
            << (a.expiresUtc.isValid() ? QStringLiteral("  until ") + a.expiresUtc.toString(Qt::ISODate) : QString())
            << "\n";
    }
    return Cli::Ok;
}

int ReviewCommand::score(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = QStringLiteral("score");
    QCommandLineParser parser;
    const auto scan = valueOption("scan", "Scan id.");
    parser.addOptions({workspaceOption(), scan});
    if (!parseWithWorkspace(parser, command, arguments, err))
        return Cli::Usage;
    const auto workspace = openWorkspace(parser, command, err);
    if (!workspace)
        return Cli::WorkspaceError;
    std::optional<qint64> scanId;
    if (parser.isSet(scan))
        scanId = parser.value(scan).toLongLong();
    auto findings = workspace->reviewedFindings(scanId, QDateTime::currentDateTimeUtc());
    if (!findings) {
        err << "bulkhead-cli score: " << findings.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    auto hosts = workspace->hosts();
    auto zones = workspace->zones();
    if (!hosts || !zones) {
        err << "bulkhead-cli score: " << (hosts ? zones.errorMessage() : hosts.errorMessage()) << "\n";
        return Cli::WorkspaceError;
    }
    const ScoreBreakdown scores = ScoreBreakdown::of(findings.value(), hosts.value());
    const auto line = [&](const QString& label, const ComplianceScore& s) {
        out << label << "  without waivers " << scoreText(s.withoutWaivers()) << "  with waivers "
            << scoreText(s.withWaivers()) << "  (pass " << s.pass << ", fail " << s.fail << ", warn " << s.warn
            << ", waived " << s.waived << ", manual " << s.manual << ", error " << s.error << ")\n";
    };
    line(QStringLiteral("All    "), scores.all);
    for (auto it = scores.byTip.cbegin(); it != scores.byTip.cend(); ++it)
        line(QStringLiteral("Tip %1 ").arg(it.key(), 2), *it);
    QHash<QString, bool> inScope;
    for (const Zone& zone : zones.value())
        inScope.insert(zone.name, zone.scope != ZoneScope::Out);
    for (auto it = scores.byZone.cbegin(); it != scores.byZone.cend(); ++it) {
        if (it.key().isEmpty()) {
            line(QStringLiteral("Hosts in no zone"), *it);
            continue;
        }
        const QString scope =
            inScope.value(it.key(), true) ? QStringLiteral("in scope") : QStringLiteral("OUT OF SCOPE");
        line(QStringLiteral("Zone %1 (%2)").arg(CheckText::printable(it.key(), 40), scope), *it);
    }
    QHash<qint64, QString> hostNames;
    for (const HostRecord& host : hosts.value())
        hostNames.insert(host.id, host.name);
    for (auto it = scores.byHost.cbegin(); it != scores.byHost.cend(); ++it)
        line(QStringLiteral("Host %1").arg(CheckText::printable(hostNames.value(it.key(), QStringLiteral("?")), 60)),
             *it);
    if (scores.all.expiredWaivers > 0)
        out << scores.all.expiredWaivers << " failing finding(s) were covered by a waiver that has expired.\n";
    return Cli::Ok;
}

int ReviewCommand::diff(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = QStringLiteral("diff");
    QCommandLineParser parser;
    const auto from = valueOption("from", "Earlier scan id.");
    const auto to = valueOption("to", "Later scan id.");
    parser.addOptions({workspaceOption(), from, to});
    if (!parseWithWorkspace(parser, command, arguments, err))
        return Cli::Usage;
    const auto workspace = openWorkspace(parser, command, err);
    if (!workspace)
        return Cli::WorkspaceError;
    auto scans = workspace->scans();
    if (!scans) {
        err << "bulkhead-cli diff: " << scans.errorMessage() << "\n";
        return Cli::WorkspaceError;
    }
    QVector<qint64> ids;
    for (const ScanRecord& scan : scans.value()) {
        if (scan.kind == ScanKind::Scan)
            ids << scan.id;
    }
    std::sort(ids.begin(), ids.end());
    const qint64 later = parser.isSet(to) ? parser.value(to).toLongLong() : ids.value(ids.size() - 1, 0);
    qint64 earlier = parser.isSet(from) ? parser.value(from).toLongLong() : 0;
    if (!parser.isSet(from)) {
        for (const qint64 id : std::as_const(ids)) {
            if (id < later)
                earlier = id;
        }
    }
    if (!ids.contains(later) || !ids.contains(earlier) || earlier == later) {
        err << "bulkhead-cli diff: needs two different scans of this workspace (it has " << ids.size() << ")\n";
        return Cli::Usage;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto before = workspace->reviewedFindings(earlier, now);
    auto after = workspace->reviewedFindings(later, now);
    if (!before || !after) {
        err << "bulkhead-cli diff: " << (before ? after.errorMessage() : before.errorMessage()) << "\n";
        return Cli::WorkspaceError;
    }
    const QVector<FindingDelta> deltas = ScanDiff::compare(before.value(), after.value());
    QMap<QString, int> counts;
    for (const FindingDelta& delta : deltas) {
        const QString change = findingChangeToString(delta.change);
        ++counts[change];
        out << change.leftJustified(10) << CheckText::printable(delta.hostName, 40) << "  "
            << subjectKindToString(delta.subject.kind) << " "
            << CheckText::printable(delta.subject.name.isEmpty() ? delta.subject.id : delta.subject.name, 80);
        if (!delta.checkId.isEmpty())
            out << "  " << delta.checkId << "  " << (delta.before ? statusToString(*delta.before) : QStringLiteral("-"))
                << " -> " << (delta.after ? statusToString(*delta.after) : QStringLiteral("-"));
        out << "\n";
    }
    out << "Scan " << earlier << " -> " << later << ":";
    for (const char* change : {"new", "fixed", "regressed", "waived", "expired", "added", "removed"})
        out << " " << counts.value(QLatin1String(change)) << " " << change;
    out << "\n";
    return Cli::Ok;
}

} // namespace bulkhead
