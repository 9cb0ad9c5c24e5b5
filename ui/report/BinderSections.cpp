// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/BinderSections.h"

#include "checks/CheckCatalog.h"
#include "checks/TipCatalog.h"
#include "domain/EvidenceSubject.h"
#include "items/HostsModel.h"
#include "probes/Probe.h"
#include "probes/ProbeCommands.h"
#include "report/BinderChart.h"
#include "report/BinderPage.h"
#include "report/BinderTable.h"
#include "style/StatusPalette.h"
#include "text/SafeText.h"

#include <QHash>
#include <QMap>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <map>

namespace bulkhead {

namespace {

const QString SansFamily = BinderPage::sansFamily();
const QString MonoFamily = BinderPage::monoFamily();

// CSS pixels (1/96 inch) for lengths inside the HTML: QTextDocument scales them to the device.
int px(double millimetres)
{
    return std::max(1, int(millimetres * 96.0 / 25.4 + 0.5));
}

QString esc(const QString& text)
{
    return SafeText::htmlLine(text);
}

QString escMulti(const QString& text)
{
    return SafeText::html(text).replace(QLatin1Char('\n'), QStringLiteral("<br/>"));
}

QString ours(const QString& text)
{
    return text.toHtmlEscaped();
}

QString utc(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) : QStringLiteral("—");
}

QString percent(double score)
{
    return score < 0 ? QStringLiteral("—") : QString::number(score, 'f', 1) + QLatin1Char('%');
}

QString statusHtml(Status status)
{
    return QStringLiteral("<span style=\"color:%1; font-weight:bold;\">%2</span>")
        .arg(StatusPalette::text(status).name(), statusLabel(status).toHtmlEscaped());
}

QString h1(int number, const QString& title)
{
    return QStringLiteral("<h1>%1&nbsp;&nbsp;%2</h1>").arg(number).arg(ours(title));
}

QString h2(const QString& number, const QString& title)
{
    return QStringLiteral("<h2>%1&nbsp;&nbsp;%2</h2>").arg(number, ours(title));
}

QString tableOpen(const QString& columns)
{
    return QStringLiteral("<table class=\"grid\" width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"%1\" "
                          "style=\"border-color:#c9d0dc; border-style:solid;\"><thead><tr>%2</tr></thead><tbody>")
        .arg(px(0.9))
        .arg(columns);
}

QString th(const QString& text, int widthPercent = 0)
{
    if (widthPercent > 0)
        return QStringLiteral("<th width=\"%1%\">%2</th>").arg(widthPercent).arg(ours(text));
    return QStringLiteral("<th>%1</th>").arg(ours(text));
}

QString muted(const QString& text)
{
    return QStringLiteral("<p class=\"muted\">%1</p>").arg(ours(text));
}

QString shade(bool shaded)
{
    return shaded ? QStringLiteral(" bgcolor=\"#f4f6fa\"") : QString();
}

bool isOpen(Status status)
{
    return status == Status::Fail || status == Status::Warn || status == Status::Error;
}

QString subjectHtml(const Subject& subject)
{
    const QString name = subject.name.isEmpty() ? subject.id : subject.name;
    return esc(name) + QStringLiteral("<br/><span class=\"small\">%1</span>").arg(subjectKindToString(subject.kind));
}

QString severityHtml(Severity severity)
{
    static const QHash<int, QString> colours{{int(Severity::Critical), QStringLiteral("#8e0000")},
                                             {int(Severity::High), QStringLiteral("#c62828")},
                                             {int(Severity::Medium), QStringLiteral("#b26a00")},
                                             {int(Severity::Low), QStringLiteral("#2e5d9f")},
                                             {int(Severity::Info), QStringLiteral("#616161")}};
    return QStringLiteral("<span style=\"color:%1; font-weight:bold;\">%2</span>")
        .arg(colours.value(int(severity)), severityToString(severity).toUpper());
}

QString severityTitle(Severity severity)
{
    QString name = severityToString(severity);
    if (!name.isEmpty())
        name[0] = name[0].toUpper();
    return name;
}

const QVector<Severity>& severitiesWorstFirst()
{
    static const QVector<Severity> order{Severity::Critical, Severity::High, Severity::Medium, Severity::Low,
                                         Severity::Info};
    return order;
}

// The catalog's prose: escaped, `code` set in the monospace face.
QString prose(const QString& text)
{
    static const QRegularExpression code(QStringLiteral("`([^`]+)`"));
    return escMulti(text).replace(code, QStringLiteral("<span class=\"mono\">\\1</span>"));
}

QString waiverState(const Waiver& waiver, const QDateTime& now)
{
    if (waiver.revoked())
        return QStringLiteral("revoked ") + utc(waiver.revokedUtc);
    return waiver.expiredAt(now) ? QStringLiteral("expired") : QStringLiteral("active");
}

QString attestationState(const Attestation& attestation, const QDateTime& now)
{
    if (attestation.revokedUtc.isValid())
        return QStringLiteral("revoked ") + utc(attestation.revokedUtc);
    return attestation.activeAt(now) ? QStringLiteral("in force") : QStringLiteral("expired");
}

// The findings of one check on one column (host or zone) of the control matrix, as one short verdict: the
// worst status and how many of the subjects there have it.
QString cellHtml(const ComplianceScore& cell)
{
    const int all = cell.pass + cell.fail + cell.warn + cell.error + cell.waived + cell.manual + cell.notApplicable;
    if (all == 0)
        return QStringLiteral("<span class=\"muted\">—</span>");
    const auto chip = [all](Status status, int count) {
        const QString figure = all > 1 ? QStringLiteral(" %1/%2").arg(count).arg(all) : QString();
        return QStringLiteral("<span style=\"color:%1; font-weight:bold;\">%2</span>%3")
            .arg(StatusPalette::text(status).name(), statusToString(status).replace(QLatin1Char('_'), QLatin1Char(' ')),
                 figure);
    };
    if (cell.fail > 0)
        return chip(Status::Fail, cell.fail);
    if (cell.error > 0)
        return chip(Status::Error, cell.error);
    if (cell.warn > 0)
        return chip(Status::Warn, cell.warn);
    if (cell.waived > 0)
        return chip(Status::Waived, cell.waived);
    if (cell.manual > 0)
        return chip(Status::Manual, cell.manual);
    if (cell.pass > 0)
        return QStringLiteral("<span style=\"color:%1;\">pass</span>").arg(StatusPalette::text(Status::Pass).name());
    return QStringLiteral("<span class=\"muted\">n/a</span>");
}

// A probe's command as the methodology lists it: without the supervisor every command runs under (printed once).
QString shownCommand(const QString& line)
{
    return ProbeCommands::unsupervised(line).value_or(line);
}

struct CommandRef
{
    QString command; // as shownCommand() gives it
    QString probe;
    int artifacts = 0;
};

// The distinct commands of the artifacts, by probe: their position (from 1) is the reference ("C3") the
// methodology, the evidence index and the appendix share.
QVector<CommandRef> collectCommands(const QVector<ArtifactInfo>& artifacts)
{
    QMap<QPair<QString, QString>, int> counted; // (probe, command) -> artifacts
    for (const ArtifactInfo& artifact : artifacts)
        ++counted[qMakePair(artifact.probe, shownCommand(artifact.command))];
    QVector<CommandRef> refs;
    for (auto it = counted.cbegin(); it != counted.cend(); ++it)
        refs << CommandRef{it.key().second, it.key().first, it.value()};
    return refs;
}

QColor seriesColour(Status status)
{
    return StatusPalette::background(status);
}

} // namespace

BinderSections::BinderSections(const BinderData& data, BinderChart& charts)
    : m_data(data)
    , m_charts(charts)
{}

QString BinderSections::styleSheet()
{
    return QStringLiteral(
               "body { font-family: '%1', '%7'; font-size: 8.5pt; color: #1d2330; }"
               "h1 { font-size: 16pt; font-weight: bold; color: #14306b; margin-top: 0px; margin-bottom: %3px; }"
               "h2 { font-size: 11.5pt; font-weight: bold; color: #14306b; margin-top: %4px; margin-bottom: %5px; }"
               "h3 { font-size: 9.5pt; font-weight: bold; color: #1d2330; margin-top: %4px; margin-bottom: %6px; }"
               "p { margin-top: 0px; margin-bottom: %5px; }"
               "table.grid { border-collapse: collapse; }"
               "th { background-color: #e7ebf3; color: #14306b; font-weight: bold; text-align: left; }"
               ".mono { font-family: '%2', '%7'; font-size: 7pt; }"
               ".small { font-size: 7pt; color: #505a6b; }"
               ".muted { color: #6b7486; }"
               ".label { color: #505a6b; }"
               ".figure { font-size: 15pt; font-weight: bold; color: #14306b; }")
        .arg(SansFamily, MonoFamily)
        .arg(px(3))
        .arg(px(5))
        .arg(px(2))
        .arg(px(1))
        .arg(BinderPage::fallbackFamily());
}

QString BinderSections::cover() const
{
    const ComplianceScore& score = m_data.scores.all;
    auto row = [](const QString& label, const QString& valueHtml) {
        return QStringLiteral("<tr><td width=\"27%\" class=\"label\">%1</td><td>%2</td></tr>")
            .arg(ours(label), valueHtml);
    };
    auto given = [](const QString& value) {
        return value.isEmpty() ? QStringLiteral("<span class=\"muted\">not recorded</span>") : esc(value);
    };
    QString zones = QStringLiteral("the whole workspace");
    if (!m_data.zoneFilter.isEmpty()) {
        QStringList names;
        for (const QString& zone : m_data.zoneFilter)
            names << esc(zone);
        zones = QStringLiteral("zones ") + names.join(QStringLiteral(", "));
    }
    QString html = QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"%1\">").arg(px(1.1));
    html += row(QStringLiteral("Engagement"), given(m_data.engagementTitle));
    html += row(QStringLiteral("Client"), given(m_data.client));
    html += row(QStringLiteral("Auditor"), given(m_data.auditor));
    html += row(QStringLiteral("Period"), given(m_data.period));
    if (!m_data.reference.isEmpty())
        html += row(QStringLiteral("Reference"), esc(m_data.reference));
    html += row(QStringLiteral("Scope of this binder"), zones);
    html += row(QStringLiteral("Workspace file"), esc(m_data.workspaceName));
    html += row(QStringLiteral("Workspace fingerprint"),
                QStringLiteral("activity log entry %1, <span class=\"mono\">%2</span>")
                    .arg(m_data.logSeq)
                    .arg(esc(m_data.logHeadSha256.isEmpty() ? QStringLiteral("(empty log)") : m_data.logHeadSha256)));
    html += row(QStringLiteral("Generated"), utc(m_data.generatedUtc));
    html += row(QStringLiteral("Generated by"), QStringLiteral("Bulkhead ") + QStringLiteral(BULKHEAD_VERSION));
    html += row(QStringLiteral("Hosts"), QString::number(m_data.hosts.size()));
    html += row(QStringLiteral("Findings"),
                QStringLiteral("%1: %2 pass, %3 fail, %4 warn, %5 waived, %6 manual, %7 error, %8 not applicable")
                    .arg(m_data.findings.size())
                    .arg(score.pass)
                    .arg(score.fail)
                    .arg(score.warn)
                    .arg(score.waived)
                    .arg(score.manual)
                    .arg(score.error)
                    .arg(score.notApplicable));
    html += row(QStringLiteral("Score"), QStringLiteral("<b>%1</b> with waivers, %2 without")
                                             .arg(percent(score.withWaivers()), percent(score.withoutWaivers())));
    html += QStringLiteral("</table>");
    html += QStringLiteral(
                "<p class=\"small\" style=\"margin-top:%1px;\">The fingerprint is the head of the workspace's "
                "hash-chained activity log when this binder was generated; every artifact's sha256 in the "
                "evidence index is computed over its stored bytes. <span class=\"mono\">bulkhead-cli verify "
                "--workspace FILE --binder THIS.pdf</span> checks both. Secret values found on hosts are redacted "
                "before storage and never printed.</p>")
                .arg(px(8));
    return html;
}

QString BinderSections::scope() const
{
    QString html = h1(1, QStringLiteral("Scope"));
    html += QStringLiteral("<p>The fleet is divided into zones (tip 10). Zones in scope are assessed; zones out of "
                           "scope are listed with the reason they are excluded. ");
    if (m_data.zoneFilter.isEmpty())
        html += QStringLiteral("This binder covers every zone of the workspace.</p>");
    else
        html += QStringLiteral("This binder covers only the zones marked <b>included</b>.</p>");

    if (m_data.zones.isEmpty()) {
        html += muted(QStringLiteral("No zones are defined in this workspace: every host is assessed."));
    } else {
        QHash<QString, int> hostCount;
        for (const HostRecord& host : m_data.hosts)
            ++hostCount[host.zone];
        html += tableOpen(th(QStringLiteral("Zone"), 20) + th(QStringLiteral("Scope"), 12) +
                          th(QStringLiteral("Rationale"), 56) + th(QStringLiteral("Hosts"), 12));
        bool shaded = false;
        for (const Zone& zone : m_data.zones) {
            const bool in = zone.scope && *zone.scope == ZoneScope::In;
            QString scope = in ? QStringLiteral("<b>in scope</b>") : QStringLiteral("out of scope");
            if (!m_data.zoneFilter.isEmpty())
                scope += m_data.includesZone(zone.name) ? QStringLiteral("<br/><span class=\"small\">included</span>")
                                                        : QStringLiteral("<br/><span class=\"small\">not in this "
                                                                         "binder</span>");
            html += QStringLiteral("<tr%1><td><b>%2</b></td><td>%3</td><td>%4</td><td align=\"right\">%5</td></tr>")
                        .arg(shade(shaded), esc(zone.name), scope,
                             zone.rationale.isEmpty() ? QStringLiteral("—") : escMulti(zone.rationale),
                             m_data.includesZone(zone.name) ? QString::number(hostCount.value(zone.name))
                                                            : QStringLiteral("—"));
            shaded = !shaded;
        }
        html += QStringLiteral("</tbody></table>");
    }

    html += h2(QStringLiteral("1.1"), QStringLiteral("Hosts"));
    if (m_data.hosts.isEmpty())
        return html + muted(QStringLiteral("No hosts in this workspace."));
    html += QStringLiteral("<p>Each host, its zone and the state of its last scan. Host keys were verified against a "
                           "known_hosts file before any command ran.</p>");
    html +=
        tableOpen(th(QStringLiteral("Host"), 18) + th(QStringLiteral("Zone"), 13) + th(QStringLiteral("Address"), 24) +
                  th(QStringLiteral("Last scan"), 19) + th(QStringLiteral("Message"), 26));
    QVector<HostRecord> hosts = m_data.hosts;
    std::stable_sort(hosts.begin(), hosts.end(), [](const HostRecord& a, const HostRecord& b) {
        return a.zone != b.zone ? a.zone < b.zone : a.name < b.name;
    });
    bool shaded = false;
    for (const HostRecord& host : std::as_const(hosts)) {
        const auto last = m_data.lastHostScan.constFind(host.id);
        QString state = QStringLiteral("<span class=\"muted\">never scanned</span>");
        QString message = QStringLiteral("—");
        QString key = QStringLiteral("not verified (no connection)");
        if (last != m_data.lastHostScan.cend()) {
            state = QStringLiteral("<b>%1</b><br/><span class=\"small\">%2</span>")
                        .arg(ours(HostsModel::stateLabel(last->state)),
                             utc(last->finishedUtc.isValid() ? last->finishedUtc : last->startedUtc));
            if (!last->message.isEmpty())
                message = escMulti(last->message);
            if (!last->hostKeyFingerprint.isEmpty())
                key = esc(last->hostKeyFingerprint);
        }
        html +=
            QStringLiteral("<tr%1><td><b>%2</b></td><td>%3</td><td class=\"mono\">%4</td><td>%5</td><td>%6</td></tr>")
                .arg(shade(shaded), esc(host.name),
                     host.zone.isEmpty() ? QStringLiteral("<span class=\"muted\">none</span>") : esc(host.zone),
                     esc(host.spec.toString()), state, message);
        html += QStringLiteral("<tr%1><td class=\"label\">host key</td><td colspan=\"4\" class=\"mono\">%2</td></tr>")
                    .arg(shade(shaded), key);
        shaded = !shaded;
    }
    return html + QStringLiteral("</tbody></table>");
}

QString BinderSections::methodology() const
{
    QString html = h1(2, QStringLiteral("Methodology"));
    html += QStringLiteral(
        "<p>Bulkhead reached every host over SSH (libssh). The host's key was checked against a known_hosts file "
        "before authentication; a changed key stopped the host's scan. Every probe is a fixed, read-only command: "
        "no part of a command comes from a host. Each command's output was stored as an artifact with its exit "
        "status, times and sha256, and secret values in it (environment values, keys, tokens) were redacted before "
        "storage. Probes that need more than the login account ran through <span class=\"mono\">sudo -n</span> "
        "with an allow-list of exactly these commands (<span class=\"mono\">bulkhead-cli sudoers</span>), or not "
        "at all. The checks (CIS Docker Benchmark v1.6.0 and the ten compliance tips) were then evaluated on the "
        "stored artifacts, so every verdict can be traced to its evidence.</p>");

    const QVector<CommandRef> commands = collectCommands(m_data.artifacts);

    html += h2(QStringLiteral("2.1"), QStringLiteral("What was collected from each host"));
    if (m_data.hosts.isEmpty()) {
        html += muted(QStringLiteral("No hosts in this workspace."));
    } else {
        struct HostCollection
        {
            QDateTime first;
            QDateTime last;
            int artifacts = 0;
            int failed = 0;
            bool sudo = false;
        };
        QHash<qint64, HostCollection> collected;
        for (const ArtifactInfo& artifact : m_data.artifacts) {
            HostCollection& host = collected[artifact.hostId];
            if (!host.first.isValid() || artifact.startedUtc < host.first)
                host.first = artifact.startedUtc;
            if (!host.last.isValid() || artifact.finishedUtc > host.last)
                host.last = artifact.finishedUtc;
            ++host.artifacts;
            if (artifact.exitStatus != 0)
                ++host.failed;
            if (shownCommand(artifact.command).startsWith(QLatin1String("sudo -n")))
                host.sudo = true;
        }
        html += tableOpen(th(QStringLiteral("Host"), 22) + th(QStringLiteral("Privileges"), 24) +
                          th(QStringLiteral("Collected"), 30) + th(QStringLiteral("Artifacts"), 12) +
                          th(QStringLiteral("Non-zero exit"), 12));
        bool shaded = false;
        for (const HostRecord& host : m_data.hosts) {
            const HostCollection found = collected.value(host.id);
            const QString privileges = found.artifacts == 0
                                           ? QStringLiteral("—")
                                           : (found.sudo ? QStringLiteral("login account; sudo -n for the allow-listed "
                                                                          "probes")
                                                         : QStringLiteral("login account only"));
            html += QStringLiteral("<tr%1><td><b>%2</b><br/><span class=\"mono\">%3</span></td><td>%4</td>"
                                   "<td>%5<br/>%6</td><td align=\"right\">%7</td><td align=\"right\">%8</td></tr>")
                        .arg(shade(shaded), esc(host.name), esc(host.spec.toString()), privileges,
                             found.artifacts ? utc(found.first) : QStringLiteral("nothing collected"),
                             found.artifacts ? QStringLiteral("to ") + utc(found.last) : QString())
                        .arg(found.artifacts)
                        .arg(found.failed);
            shaded = !shaded;
        }
        html += QStringLiteral("</tbody></table>");
    }

    html += h2(QStringLiteral("2.2"), QStringLiteral("Scans"));
    if (m_data.scans.isEmpty()) {
        html += muted(QStringLiteral("No scan reached these hosts."));
    } else {
        html +=
            QStringLiteral("<p>Every scan that reached the hosts of this binder: the audit's scans, lifecycle watches "
                           "and the evidence taken before and after each remediation.</p>");
        html += tableOpen(th(QStringLiteral("Scan"), 8) + th(QStringLiteral("Kind"), 14) +
                          th(QStringLiteral("Started"), 24) + th(QStringLiteral("Finished"), 24) +
                          th(QStringLiteral("State"), 12) + th(QStringLiteral("By"), 18));
        bool shaded = false;
        for (const ScanRecord& scan : m_data.scans) {
            html +=
                QStringLiteral("<tr%1><td><b>%2</b></td><td>%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</td></tr>")
                    .arg(shade(shaded))
                    .arg(scan.id)
                    .arg(scanKindToString(scan.kind), utc(scan.startedUtc), utc(scan.finishedUtc),
                         scanStateToString(scan.state), esc(scan.tool));
            shaded = !shaded;
        }
        html += QStringLiteral("</tbody></table>");
    }

    html += h2(QStringLiteral("2.3"), QStringLiteral("Probes"));
    if (commands.isEmpty())
        return html + muted(QStringLiteral("No command has run yet."));
    html += QStringLiteral("<p>Every distinct command that ran, with the privilege it needs and the tips it serves. "
                           "The evidence index refers to these by number; appendix A prints each command exactly as "
                           "it was sent.</p>");
    html += tableOpen(th(QStringLiteral("Ref"), 6) + th(QStringLiteral("Probe"), 26) +
                      th(QStringLiteral("Privilege"), 10) + th(QStringLiteral("Tips"), 9) +
                      th(QStringLiteral("Artifacts"), 10) + th(QStringLiteral("What it collects"), 39));
    bool shaded = false;
    for (int i = 0; i < commands.size(); ++i) {
        const CommandRef& ref = commands[i];
        const Probe* probe = ProbeCatalog::find(ref.probe);
        QStringList tips;
        if (probe) {
            for (int tip : probe->tips)
                tips << QString::number(tip);
        }
        QString privilege = probe ? privilegeName(probe->privilege) : QStringLiteral("—");
        if (ref.command.startsWith(QLatin1String("sudo -n")))
            privilege += QStringLiteral("<br/><span class=\"small\">through sudo</span>");
        html += QStringLiteral("<tr%1><td><b>C%2</b></td><td class=\"mono\">%3</td><td>%4</td><td>%5</td>"
                               "<td align=\"right\">%6</td><td class=\"small\">%7</td></tr>")
                    .arg(shade(shaded))
                    .arg(i + 1)
                    .arg(esc(ref.probe), privilege, tips.join(QStringLiteral(", ")))
                    .arg(ref.artifacts)
                    .arg(probe ? ours(probe->description) : QStringLiteral("—"));
        shaded = !shaded;
    }
    return html + QStringLiteral("</tbody></table>");
}

QString BinderSections::commandsAppendix() const
{
    QString html = QStringLiteral("<h1>A&nbsp;&nbsp;Appendix: the commands</h1>");
    const QVector<CommandRef> commands = collectCommands(m_data.artifacts);
    if (commands.isEmpty())
        return html + muted(QStringLiteral("No command has run yet."));
    html += QStringLiteral("<p>Each command of section 2.3 exactly as it was sent. Every one ran inside this "
                           "supervisor, which ends the command and its children when Bulkhead closes the channel (a "
                           "timeout, a cancelled scan); COMMAND stands for the command:</p>");
    html += QStringLiteral("<p class=\"mono\" style=\"white-space:pre-wrap;\">%1</p>")
                .arg(SafeText::html(ProbeCommands::supervised(QStringLiteral("COMMAND"))));
    for (int i = 0; i < commands.size(); ++i) {
        html += QStringLiteral("<h3>C%1&nbsp;&nbsp;<span class=\"mono\">%2</span></h3>")
                    .arg(i + 1)
                    .arg(esc(commands[i].probe));
        html += QStringLiteral("<p class=\"mono\" style=\"white-space:pre-wrap;\">%1</p>")
                    .arg(SafeText::html(commands[i].command));
    }
    return html;
}

QString BinderSections::summary() const
{
    QString html = h1(3, QStringLiteral("Executive summary"));
    const ComplianceScore& all = m_data.scores.all;
    int hostsNotDone = 0;
    for (const HostRecord& host : m_data.hosts) {
        const auto last = m_data.lastHostScan.constFind(host.id);
        if (last == m_data.lastHostScan.cend() || last->state != HostScanState::Done)
            ++hostsNotDone;
    }
    html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"%1\"><tr>").arg(px(1.5));
    auto figure = [](const QString& value, const QString& label) {
        return QStringLiteral("<td width=\"25%\" bgcolor=\"#f4f6fa\"><span class=\"figure\">%1</span><br/>"
                              "<span class=\"small\">%2</span></td>")
            .arg(ours(value), ours(label));
    };
    html += figure(percent(all.withWaivers()), QStringLiteral("score with waivers"));
    html += figure(percent(all.withoutWaivers()), QStringLiteral("score without waivers"));
    html +=
        figure(QString::number(all.fail + all.warn + all.error), QStringLiteral("open findings (fail, warn, error)"));
    html +=
        figure(QString::number(m_data.hosts.size()), QStringLiteral("hosts (%1 not fully scanned)").arg(hostsNotDone));
    html += QStringLiteral("</tr></table>");
    html += QStringLiteral("<p style=\"margin-top:%1px;\">A score is the share of judged findings that pass: judged "
                           "are pass, fail, warn and waived. With waivers, a waived finding counts as accepted; "
                           "without, as failed. Manual checks (%2 open), errors (%3) and not-applicable findings "
                           "(%4) are no verdict and are not counted.</p>")
                .arg(px(3))
                .arg(all.manual)
                .arg(all.error)
                .arg(all.notApplicable);

    const QStringList series{QStringLiteral("pass"), QStringLiteral("fail"), QStringLiteral("warn"),
                             QStringLiteral("waived")};
    const QVector<QColor> colours{seriesColour(Status::Pass), seriesColour(Status::Fail), seriesColour(Status::Warn),
                                  seriesColour(Status::Waived)};
    auto bar = [](const QString& label, const ComplianceScore& score) {
        return BinderChartBar{label,
                              {score.pass, score.fail, score.warn, score.waived},
                              score.judged() == 0
                                  ? QStringLiteral("nothing judged")
                                  : QStringLiteral("%1 · %2 w/o waivers")
                                        .arg(percent(score.withWaivers()), percent(score.withoutWaivers()))};
    };

    BinderChartSpec byTip{QStringLiteral("Score per tip"), series, colours, {}, BinderChartSpec::Scale::Share};
    for (int tip = 1; tip <= TipCatalog::Count; ++tip) {
        byTip.bars << bar(QStringLiteral("%1 %2").arg(tip).arg(TipCatalog::title(tip)), m_data.scores.byTip.value(tip));
    }
    html += m_charts.add(byTip);

    BinderChartSpec byZone{QStringLiteral("Score per zone"), series, colours, {}, BinderChartSpec::Scale::Share};
    for (auto it = m_data.scores.byZone.cbegin(); it != m_data.scores.byZone.cend(); ++it)
        byZone.bars << bar(it.key().isEmpty() ? QStringLiteral("(no zone)") : it.key(), it.value());
    if (!byZone.bars.isEmpty())
        html += m_charts.add(byZone);

    // Open findings by the severity of their check.
    const CheckCatalog& catalog = CheckCatalog::instance();
    QHash<int, std::array<int, 3>> bySeverity;
    for (const Finding& finding : m_data.findings) {
        if (!isOpen(finding.status))
            continue;
        const CheckDefinition* check = catalog.find(finding.checkId);
        auto& counts = bySeverity[int(check ? check->severity : Severity::Info)];
        ++counts[finding.status == Status::Fail ? 0 : finding.status == Status::Warn ? 1 : 2];
    }
    BinderChartSpec severity{QStringLiteral("Open findings by severity"),
                             {QStringLiteral("fail"), QStringLiteral("warn"), QStringLiteral("error")},
                             {seriesColour(Status::Fail), seriesColour(Status::Warn), seriesColour(Status::Error)},
                             {},
                             BinderChartSpec::Scale::Count};
    for (Severity level : severitiesWorstFirst()) {
        const auto counts = bySeverity.value(int(level));
        severity.bars << BinderChartBar{severityTitle(level),
                                        {counts[0], counts[1], counts[2]},
                                        QString::number(counts[0] + counts[1] + counts[2])};
    }
    html += m_charts.add(severity);

    // The checks that most need attention: worst severity first, then the most subjects.
    struct Worst
    {
        const CheckDefinition* check = nullptr;
        int subjects = 0;
        QSet<qint64> hosts;
    };
    QHash<QString, Worst> worst;
    for (const Finding& finding : m_data.findings) {
        if (finding.status != Status::Fail)
            continue;
        Worst& entry = worst[finding.checkId];
        entry.check = catalog.find(finding.checkId);
        ++entry.subjects;
        entry.hosts.insert(finding.hostId);
    }
    QVector<Worst> ranked;
    for (const Worst& entry : std::as_const(worst)) {
        if (entry.check)
            ranked << entry;
    }
    std::sort(ranked.begin(), ranked.end(), [](const Worst& a, const Worst& b) {
        if (a.check->severity != b.check->severity)
            return a.check->severity > b.check->severity;
        if (a.subjects != b.subjects)
            return a.subjects > b.subjects;
        return a.check->id < b.check->id;
    });
    html += h2(QStringLiteral("3.1"), QStringLiteral("The failing checks that matter most"));
    if (ranked.isEmpty())
        return html + muted(QStringLiteral("No check fails."));
    html +=
        tableOpen(th(QStringLiteral("Check"), 52) + th(QStringLiteral("CIS"), 10) + th(QStringLiteral("Severity"), 12) +
                  th(QStringLiteral("Failing"), 13) + th(QStringLiteral("Hosts"), 13));
    for (int i = 0; i < std::min<int>(10, int(ranked.size())); ++i) {
        const Worst& entry = ranked[i];
        html += QStringLiteral("<tr><td>%1<br/><span class=\"small mono\">%2</span></td><td>%3</td><td>%4</td>"
                               "<td align=\"right\">%5</td><td align=\"right\">%6</td></tr>")
                    .arg(ours(entry.check->title), ours(entry.check->id),
                         ours(entry.check->cis.join(QStringLiteral(", "))), severityHtml(entry.check->severity))
                    .arg(entry.subjects)
                    .arg(entry.hosts.size());
    }
    return html + QStringLiteral("</tbody></table>");
}

QString BinderSections::controlMatrix() const
{
    QString html = h1(4, QStringLiteral("Control matrix"));
    // Columns: each host while a page holds them, otherwise each zone.
    struct Column
    {
        QString title;
        QString subtitle;
    };
    QVector<Column> columns;
    QHash<qint64, int> columnOfHost;
    const bool perHost = m_data.hosts.size() <= 8;
    if (perHost) {
        for (const HostRecord& host : m_data.hosts) {
            columnOfHost.insert(host.id, int(columns.size()));
            columns << Column{host.name, host.zone};
        }
    } else {
        QMap<QString, int> zoneColumn;
        for (const HostRecord& host : m_data.hosts)
            zoneColumn.insert(host.zone, 0);
        for (auto it = zoneColumn.begin(); it != zoneColumn.end(); ++it) {
            it.value() = int(columns.size());
            columns << Column{it.key().isEmpty() ? QStringLiteral("(no zone)") : it.key(), QString()};
        }
        for (const HostRecord& host : m_data.hosts)
            columnOfHost.insert(host.id, zoneColumn.value(host.zone));
    }
    html += QStringLiteral("<p>Every check of the catalog, grouped by the tip it serves, against each %1. A cell "
                           "gives the worst verdict and how many of the subjects there have it (fail 3/12: three "
                           "of twelve containers fail); — means the check found nothing to judge there.</p>")
                .arg(perHost ? QStringLiteral("host") : QStringLiteral("zone"));
    if (columns.isEmpty())
        return html + muted(QStringLiteral("No hosts in this workspace."));

    QHash<QString, QVector<ComplianceScore>> cells;
    for (const Finding& finding : m_data.findings) {
        auto& row = cells[finding.checkId];
        if (row.isEmpty())
            row.resize(columns.size());
        const auto column = columnOfHost.constFind(finding.hostId);
        if (column != columnOfHost.cend())
            row[column.value()].add(finding);
    }

    const CheckCatalog& catalog = CheckCatalog::instance();
    constexpr int ColumnsPerTable = 6;
    for (int first = 0; first < columns.size(); first += ColumnsPerTable) {
        const int last = std::min<int>(int(columns.size()), first + ColumnsPerTable);
        const int cellWidth = 60 / ColumnsPerTable;
        QString head = th(QStringLiteral("Check"), 100 - 60 - 8) + th(QStringLiteral("CIS"), 8);
        for (int column = first; column < last; ++column) {
            head += QStringLiteral("<th width=\"%1%\">%2%3</th>")
                        .arg(cellWidth)
                        .arg(esc(columns[column].title), columns[column].subtitle.isEmpty()
                                                             ? QString()
                                                             : QStringLiteral("<br/><span class=\"small\">%1</span>")
                                                                   .arg(esc(columns[column].subtitle)));
        }
        if (first > 0)
            html += QStringLiteral("<p style=\"margin-top:%1px;\"><b>Continued: %2 %3 to %4.</b></p>")
                        .arg(px(4))
                        .arg(perHost ? QStringLiteral("hosts") : QStringLiteral("zones"))
                        .arg(first + 1)
                        .arg(last);
        html += tableOpen(head);
        for (int tip = 1; tip <= TipCatalog::Count; ++tip) {
            html += QStringLiteral("<tr bgcolor=\"#e7ebf3\"><td colspan=\"%1\"><b>Tip %2: %3</b></td></tr>")
                        .arg(2 + last - first)
                        .arg(tip)
                        .arg(ours(TipCatalog::title(tip)));
            for (const CheckDefinition& check : catalog.checks()) {
                if (check.tip != tip)
                    continue;
                const QVector<ComplianceScore> row = cells.value(check.id);
                html += QStringLiteral("<tr><td class=\"small\">%1</td><td class=\"small\">%2</td>")
                            .arg(ours(check.title), check.cis.isEmpty() ? QStringLiteral("—")
                                                                        : ours(check.cis.join(QStringLiteral(", "))));
                for (int column = first; column < last; ++column)
                    html += QStringLiteral("<td class=\"small\">%1</td>")
                                .arg(cellHtml(column < row.size() ? row[column] : ComplianceScore()));
                html += QStringLiteral("</tr>");
            }
        }
        html += QStringLiteral("</tbody></table>");
    }
    return html;
}

QString BinderSections::findings() const
{
    QString html = h1(5, QStringLiteral("Findings"));
    html += QStringLiteral("<p>Every open finding (fail, warn or error) from each host's most recent scan, worst "
                           "severity first, grouped by check: why it matters, what was expected, what was found, "
                           "the evidence with its sha256, and how to fix it. At most %1 subjects are printed per "
                           "check; <span class=\"mono\">bulkhead-cli export</span> lists every one. Waived findings "
                           "are in section 7, passing ones in the control matrix.</p>")
                .arg(SubjectsPerCheck);

    const CheckCatalog& catalog = CheckCatalog::instance();
    const QHash<QString, QVector<int>>& open = m_data.openByCheck;
    if (open.isEmpty())
        return html + muted(m_data.findings.isEmpty() ? QStringLiteral("No findings recorded.")
                                                      : QStringLiteral("No open findings: every judged check passes "
                                                                       "or is waived."));
    QHash<qint64, QString> zoneOfHost;
    for (const HostRecord& host : m_data.hosts)
        zoneOfHost.insert(host.id, host.zone);

    int subsection = 0;
    for (Severity level : severitiesWorstFirst()) {
        QVector<const CheckDefinition*> checks;
        int count = 0;
        for (const CheckDefinition& check : catalog.checks()) {
            if (check.severity == level && open.contains(check.id)) {
                checks << &check;
                count += int(open.value(check.id).size());
            }
        }
        if (checks.isEmpty())
            continue;
        ++subsection;
        html += h2(QStringLiteral("5.%1").arg(subsection),
                   QStringLiteral("%1: %2 open in %3 %4")
                       .arg(severityTitle(level))
                       .arg(count)
                       .arg(checks.size())
                       .arg(checks.size() == 1 ? QStringLiteral("check") : QStringLiteral("checks")));
        for (const CheckDefinition* check : std::as_const(checks)) {
            QVector<const Finding*> list;
            QSet<qint64> hosts;
            for (int index : open.value(check->id)) {
                list << &m_data.findings[index];
                hosts.insert(m_data.findings[index].hostId);
            }
            html += QStringLiteral("<h3>%1</h3>").arg(ours(check->title));
            html +=
                QStringLiteral("<p class=\"small\">%1 &middot; <span class=\"mono\">%2</span> &middot; %3 &middot; "
                               "tip %4 (%5) &middot; %6 open on %7 %8</p>")
                    .arg(severityHtml(check->severity), ours(check->id),
                         check->cis.isEmpty() ? QStringLiteral("beyond CIS")
                                              : QStringLiteral("CIS ") + ours(check->cis.join(QStringLiteral(", "))))
                    .arg(check->tip)
                    .arg(ours(TipCatalog::title(check->tip)))
                    .arg(list.size())
                    .arg(hosts.size())
                    .arg(hosts.size() == 1 ? QStringLiteral("host") : QStringLiteral("hosts"));
            html += QStringLiteral("<p><b>Rationale.</b> %1</p>").arg(prose(check->rationale));
            html += tableOpen(th(QStringLiteral("Host"), 17) + th(QStringLiteral("Subject"), 18) +
                              th(QStringLiteral("Status"), 9) + th(QStringLiteral("Expected"), 22) +
                              th(QStringLiteral("Actual"), 34));
            bool shaded = false;
            const int shown = std::min<int>(SubjectsPerCheck, int(list.size()));
            for (int i = 0; i < shown; ++i) {
                const Finding* finding = list[i];
                const QString zone = zoneOfHost.value(finding->hostId);
                html += QStringLiteral("<tr%1><td><b>%2</b>%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</td></tr>")
                            .arg(shade(shaded), esc(finding->hostName),
                                 zone.isEmpty() ? QString()
                                                : QStringLiteral("<br/><span class=\"small\">%1</span>").arg(esc(zone)),
                                 subjectHtml(finding->subject), statusHtml(finding->status),
                                 finding->expected.isEmpty() ? QStringLiteral("—") : escMulti(finding->expected),
                                 finding->actual.isEmpty() ? escMulti(finding->message) : escMulti(finding->actual));
                for (const EvidenceRef& ref : finding->evidence) {
                    QString excerpt = ref.excerpt;
                    if (excerpt.size() > 400)
                        excerpt = excerpt.left(400) + QStringLiteral(" … (%1 characters)").arg(ref.excerpt.size());
                    html +=
                        QStringLiteral("<tr%1><td class=\"label\">evidence #%2</td><td colspan=\"4\">"
                                       "<span class=\"small\">%3 &middot; sha256 </span><span class=\"mono\">%4"
                                       "</span>%5</td></tr>")
                            .arg(shade(shaded))
                            .arg(ref.artifactId)
                            .arg(ref.locator.isEmpty() ? QStringLiteral("the whole artifact") : esc(ref.locator),
                                 esc(ref.sha256),
                                 excerpt.isEmpty() ? QString()
                                                   : QStringLiteral("<p class=\"mono\" style=\"white-space:pre-wrap;\">"
                                                                    "%1</p>")
                                                         .arg(SafeText::html(excerpt)));
                }
                shaded = !shaded;
            }
            if (list.size() > shown) {
                html += QStringLiteral("<tr><td colspan=\"5\" class=\"small\">… and %1 more subjects with this "
                                       "finding, listed in the exports.</td></tr>")
                            .arg(list.size() - shown);
            }
            html += QStringLiteral("</tbody></table>");
            html += QStringLiteral("<p style=\"margin-top:%1px;\"><b>Remediation.</b> %2</p>")
                        .arg(px(1.5))
                        .arg(prose(check->remediation));
            if (!check->references.isEmpty()) {
                QStringList references;
                for (const QString& reference : check->references)
                    references << escMulti(reference);
                html +=
                    QStringLiteral("<p class=\"small\">References: %1</p>").arg(references.join(QStringLiteral("; ")));
            }
        }
    }
    return html;
}

QString BinderSections::reviews() const
{
    QString html = h1(6, QStringLiteral("Attestations and auditor evidence"));
    const QDateTime now = m_data.generatedUtc;
    const CheckCatalog& catalog = CheckCatalog::instance();
    auto checkTitle = [&catalog](const QString& id) -> QString {
        const CheckDefinition* check = catalog.find(id);
        return (check ? ours(check->title) : esc(id)) +
               QStringLiteral("<br/><span class=\"small mono\">%1</span>").arg(esc(id));
    };
    auto fileLine = [](const Attachment& file) {
        return QStringLiteral("%1 <span class=\"small\">(%2 bytes)</span><br/><span class=\"small\">sha256 </span>"
                              "<span class=\"mono\">%3</span>")
            .arg(esc(file.fileName))
            .arg(file.size)
            .arg(esc(file.sha256));
    };

    html += h2(QStringLiteral("6.1"), QStringLiteral("Manual attestations"));
    html += QStringLiteral("<p>Checks a machine cannot decide, attested by an auditor, with the files they attached "
                           "(stored in the workspace; the sha256 identifies each).</p>");
    if (m_data.attestations.isEmpty()) {
        html += muted(QStringLiteral("No attestations recorded."));
    } else {
        html +=
            tableOpen(th(QStringLiteral("ID"), 5) + th(QStringLiteral("Check"), 30) + th(QStringLiteral("Target"), 15) +
                      th(QStringLiteral("Verdict"), 9) + th(QStringLiteral("Auditor, reviewer"), 17) +
                      th(QStringLiteral("Attested"), 12) + th(QStringLiteral("State"), 12));
        bool shaded = false;
        for (const Attestation& attestation : m_data.attestations) {
            html += QStringLiteral("<tr%1><td>%2</td><td>%3</td><td>%4<br/><span class=\"small\">%5</span></td>"
                                   "<td>%6</td><td>%7<br/>%8</td><td>%9</td><td>%10</td></tr>")
                        .arg(shade(shaded))
                        .arg(attestation.id)
                        .arg(checkTitle(attestation.checkId), esc(attestation.target),
                             attestation.zoneWide ? QStringLiteral("zone") : QStringLiteral("host"),
                             statusHtml(attestation.status), esc(attestation.auditor),
                             attestation.reviewer.isEmpty() ? QStringLiteral("—") : esc(attestation.reviewer),
                             utc(attestation.attestedUtc))
                        .arg(ours(attestationState(attestation, now)) +
                             (attestation.expiresUtc.isValid()
                                  ? QStringLiteral("<br/><span class=\"small\">until %1</span>")
                                        .arg(utc(attestation.expiresUtc))
                                  : QString()));
            html += QStringLiteral("<tr%1><td colspan=\"7\"><span class=\"label\">Why: </span>%2</td></tr>")
                        .arg(shade(shaded), escMulti(attestation.justification));
            for (const Attachment& file : m_data.attestationFiles.value(attestation.id)) {
                html += QStringLiteral("<tr%1><td colspan=\"7\"><span class=\"label\">File #%2: </span>%3</td></tr>")
                            .arg(shade(shaded))
                            .arg(file.id)
                            .arg(fileLine(file));
            }
            shaded = !shaded;
        }
        html += QStringLiteral("</tbody></table>");
    }

    // Manual checks that no attestation decides yet.
    QMap<QString, QSet<qint64>> manual;
    for (const Finding& finding : m_data.findings) {
        if (finding.status == Status::Manual)
            manual[finding.checkId].insert(finding.hostId);
    }
    html += h2(QStringLiteral("6.2"), QStringLiteral("Manual checks still open"));
    if (manual.isEmpty()) {
        html += muted(QStringLiteral("Every manual check is attested."));
    } else {
        html += tableOpen(th(QStringLiteral("Check"), 70) + th(QStringLiteral("Hosts awaiting attestation"), 30));
        for (auto it = manual.cbegin(); it != manual.cend(); ++it) {
            html += QStringLiteral("<tr><td>%1</td><td align=\"right\">%2</td></tr>")
                        .arg(checkTitle(it.key()))
                        .arg(it.value().size());
        }
        html += QStringLiteral("</tbody></table>");
    }

    html += h2(QStringLiteral("6.3"), QStringLiteral("Notes and evidence files"));
    if (m_data.evidenceNotes.isEmpty())
        return html + muted(QStringLiteral("No notes or evidence files were added."));
    QHash<qint64, QString> hostNames;
    for (const HostRecord& host : m_data.hosts)
        hostNames.insert(host.id, host.name);
    html += tableOpen(th(QStringLiteral("On"), 32) + th(QStringLiteral("Note or file"), 46) +
                      th(QStringLiteral("By, when"), 22));
    bool shaded = false;
    for (const Attachment& note : m_data.evidenceNotes) {
        const auto subject = EvidenceSubject::parse(note.subject);
        QString on = esc(note.subject);
        if (subject) {
            on = checkTitle(subject->checkId);
            if (subject->scope == EvidenceSubject::Scope::Finding) {
                on += QStringLiteral("<br/>%1 &middot; %2 %3")
                          .arg(esc(hostNames.value(subject->hostId)), subjectKindToString(subject->kind),
                               esc(subject->identity));
            } else {
                on += QStringLiteral("<br/><span class=\"small\">the whole check</span>");
            }
        }
        const QString what = note.isNote() ? escMulti(note.note) : fileLine(note);
        html += QStringLiteral("<tr%1><td>%2</td><td>%3</td><td>%4<br/><span class=\"small\">%5</span></td></tr>")
                    .arg(shade(shaded), on, what, esc(note.addedBy), utc(note.addedUtc));
        shaded = !shaded;
    }
    return html + QStringLiteral("</tbody></table>");
}

QString BinderSections::waivers() const
{
    QString html = h1(7, QStringLiteral("Waivers register"));
    html += QStringLiteral("<p>Every waiver granted in this workspace, in force or not: the risk accepted, by whom, "
                           "until when, and the findings it turns to waived now.</p>");
    if (m_data.waivers.isEmpty())
        return html + muted(QStringLiteral("No waivers granted."));
    QHash<qint64, int> covered;
    for (const Finding& finding : m_data.findings) {
        if (finding.waiverId > 0)
            ++covered[finding.waiverId];
    }
    const CheckCatalog& catalog = CheckCatalog::instance();
    html +=
        tableOpen(th(QStringLiteral("ID"), 5) + th(QStringLiteral("Check"), 28) + th(QStringLiteral("Applies to"), 17) +
                  th(QStringLiteral("Risk"), 8) + th(QStringLiteral("Approver"), 13) + th(QStringLiteral("Valid"), 17) +
                  th(QStringLiteral("State"), 12));
    bool shaded = false;
    for (const Waiver& waiver : m_data.waivers) {
        const CheckDefinition* check = catalog.find(waiver.checkId);
        html +=
            QStringLiteral("<tr%1><td>%2</td><td>%3<br/><span class=\"small mono\">%4</span></td><td>%5<br/>"
                           "<span class=\"small\">%6</span></td><td>%7</td><td>%8</td><td>%9</td><td>%10</td></tr>")
                .arg(shade(shaded))
                .arg(waiver.id)
                .arg(check ? ours(check->title) : esc(waiver.checkId), esc(waiver.checkId), esc(waiver.target),
                     waiverScopeToString(waiver.scope), esc(waiver.risk), esc(waiver.approver),
                     QStringLiteral("%1<br/>to %2").arg(utc(waiver.createdUtc), utc(waiver.expiresUtc)))
                .arg(ours(waiverState(waiver, m_data.generatedUtc)) +
                     QStringLiteral("<br/><span class=\"small\">covers %1 now</span>").arg(covered.value(waiver.id)));
        html += QStringLiteral("<tr%1><td colspan=\"7\"><span class=\"label\">Why: </span>%2</td></tr>")
                    .arg(shade(shaded), escMulti(waiver.justification));
        if (!waiver.compensatingControl.isEmpty()) {
            html += QStringLiteral("<tr%1><td colspan=\"7\"><span class=\"label\">Compensating control: </span>%2</td>"
                                   "</tr>")
                        .arg(shade(shaded), escMulti(waiver.compensatingControl));
        }
        shaded = !shaded;
    }
    return html + QStringLiteral("</tbody></table>");
}

QString BinderSections::remediationLog() const
{
    QString html = h1(8, QStringLiteral("Remediation log"));
    html += QStringLiteral("<p>Every change Bulkhead made on a host at an engineer's confirmation: the exact "
                           "commands and their exit status, and the re-check that followed. Outputs are stored in "
                           "the workspace, redacted.</p>");
    if (m_data.remediations.isEmpty())
        return html + muted(QStringLiteral("No remediation was run."));
    html += tableOpen(th(QStringLiteral("ID"), 5) + th(QStringLiteral("When, who"), 19) +
                      th(QStringLiteral("Host"), 14) + th(QStringLiteral("What"), 36) +
                      th(QStringLiteral("Outcome"), 13) + th(QStringLiteral("Re-check"), 13));
    bool shaded = false;
    for (const RemediationRecord& record : m_data.remediations) {
        QString what =
            escMulti(record.summary) +
            QStringLiteral("<br/><span class=\"small mono\">%1</span> &middot; %2")
                .arg(esc(record.checkId), esc(record.subject.name.isEmpty() ? record.subject.id : record.subject.name));
        if (record.undoOf > 0)
            what += QStringLiteral("<br/><span class=\"small\">undoes #%1</span>").arg(record.undoOf);
        if (record.undoneBy > 0)
            what += QStringLiteral("<br/><span class=\"small\">undone by #%1</span>").arg(record.undoneBy);
        html += QStringLiteral("<tr%1><td>%2</td><td>%3<br/>%4</td><td>%5</td><td>%6</td><td>%7<br/>"
                               "<span class=\"small\">%8</span></td><td>%9</td></tr>")
                    .arg(shade(shaded))
                    .arg(record.id)
                    .arg(utc(record.startedUtc), esc(record.author), esc(record.hostName), what,
                         ours(remediationStateToString(record.state)), escMulti(record.message),
                         record.findingStatus ? statusHtml(*record.findingStatus) : QStringLiteral("—"));
        for (const RemediationStepResult& step : record.steps) {
            const QString exit = !step.ran                    ? QStringLiteral("did not run")
                                 : step.timedOut              ? QStringLiteral("timed out")
                                 : !step.exitSignal.isEmpty() ? QStringLiteral("signal ") + esc(step.exitSignal)
                                                              : QStringLiteral("exit %1").arg(step.exitStatus);
            html += QStringLiteral("<tr%1><td class=\"label\">ran</td><td colspan=\"4\" class=\"mono\">%2</td>"
                                   "<td class=\"small\">%3</td></tr>")
                        .arg(shade(shaded), escMulti(step.step.command), exit);
        }
        shaded = !shaded;
    }
    return html + QStringLiteral("</tbody></table>");
}

QString BinderSections::evidenceIndex() const
{
    QString html = h1(9, QStringLiteral("Evidence index"));
    html += QStringLiteral("<p>Every artifact collected from the hosts of this binder: where and when it was "
                           "collected, the command that produced it (by its reference in section 2.3), its exit "
                           "status, size and sha256.</p>");
    if (m_data.artifacts.isEmpty())
        return html + muted(QStringLiteral("No artifacts stored."));
    return html;
}

BinderTable BinderSections::evidenceTable(double width) const
{
    QHash<QPair<QString, QString>, int> commandRef;
    const QVector<CommandRef> commands = collectCommands(m_data.artifacts);
    for (int i = 0; i < commands.size(); ++i)
        commandRef.insert(qMakePair(commands[i].probe, commands[i].command), i + 1);
    QVector<BinderTableRow> rows;
    rows.reserve(m_data.artifacts.size());
    for (const ArtifactInfo& artifact : m_data.artifacts) {
        rows << BinderTableRow{
            {QStringLiteral("#%1").arg(artifact.id), artifact.hostName, artifact.probe,
             QStringLiteral("C%1").arg(commandRef.value(qMakePair(artifact.probe, shownCommand(artifact.command)))),
             artifact.exitStatus >= 0 ? QString::number(artifact.exitStatus) : QStringLiteral("none"),
             utc(artifact.finishedUtc), QStringLiteral("%1 bytes").arg(artifact.size)},
            QStringLiteral("sha256"),
            artifact.sha256};
    }
    return BinderTable({{QStringLiteral("Artifact"), 0.09},
                        {QStringLiteral("Host"), 0.17},
                        {QStringLiteral("Probe"), 0.27, true},
                        {QStringLiteral("Cmd"), 0.06},
                        {QStringLiteral("Exit"), 0.06, false, true},
                        {QStringLiteral("Finished"), 0.21},
                        {QStringLiteral("Size"), 0.14, false, true}},
                       rows, width);
}

QString BinderSections::integrity() const
{
    QString html = h1(10, QStringLiteral("Integrity statement"));
    html += QStringLiteral(
        "<p>Every change to the workspace (each artifact stored, each set of findings, zone, waiver, attestation, "
        "note and remediation) is an entry of an append-only activity log. Each entry holds the sha256 of the "
        "entry before it and a digest of its subject's state, so altering, removing or reordering anything breaks "
        "the chain. When this binder was generated the log was checked from its first entry:</p>");
    html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"%1\">").arg(px(1.1));
    auto row = [](const QString& label, const QString& valueHtml) {
        return QStringLiteral("<tr><td width=\"30%\" class=\"label\">%1</td><td>%2</td></tr>")
            .arg(ours(label), valueHtml);
    };
    html += row(QStringLiteral("Entries"), QString::number(m_data.logEntries));
    html += row(QStringLiteral("Head entry"), QString::number(m_data.logSeq));
    html += row(QStringLiteral("Head hash (sha256)"),
                QStringLiteral("<span class=\"mono\">%1</span>").arg(esc(m_data.logHeadSha256)));
    html += row(QStringLiteral("Artifacts in this binder"), QString::number(m_data.artifacts.size()));
    html += row(QStringLiteral("Workspace schema"), QString::number(m_data.schemaVersion));
    html += row(QStringLiteral("Result"), m_data.integrityProblems.isEmpty()
                                              ? QStringLiteral("<b>intact</b>: the chain is whole and every subject is "
                                                               "as the log last recorded it")
                                              : QStringLiteral("<b style=\"color:#c62828;\">altered</b>: %1 problems, "
                                                               "listed below")
                                                    .arg(m_data.integrityProblems.size()));
    html += QStringLiteral("</table>");
    if (!m_data.integrityProblems.isEmpty()) {
        QStringList items;
        for (const QString& problem : m_data.integrityProblems)
            items << QStringLiteral("<li>%1</li>").arg(escMulti(problem));
        html += QStringLiteral("<ul>%1</ul>").arg(items.join(QString()));
    }
    html +=
        QStringLiteral(
            "<p style=\"margin-top:%1px;\">Generating this binder appends an entry to the log with the binder's own "
            "sha256. Anyone holding the workspace can check that this document is the one generated from it, "
            "unchanged: "
            "<span class=\"mono\">bulkhead-cli verify --workspace %2 --binder THIS.pdf</span>. The same command "
            "re-computes every artifact's sha256.</p>")
            .arg(px(3))
            .arg(esc(m_data.workspaceName));
    return html;
}

QString BinderSections::signOff() const
{
    QString html = h1(11, QStringLiteral("Sign-off"));
    html += QStringLiteral("<p>The undersigned have reviewed this binder: the scope, the methodology, the findings "
                           "with their evidence, the attestations, the waivers and the remediation log.</p>");
    html += QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"%1\" "
                           "style=\"border-color:#c9d0dc; border-style:solid;\">")
                .arg(px(2));
    html += QStringLiteral("<tr>") + th(QStringLiteral("Role"), 20) + th(QStringLiteral("Name"), 28) +
            th(QStringLiteral("Signature"), 34) + th(QStringLiteral("Date"), 18) + QStringLiteral("</tr>");
    const QStringList roles{QStringLiteral("Auditor"), QStringLiteral("Reviewer"), QStringLiteral("Client")};
    for (const QString& role : roles) {
        QString name;
        if (role == QLatin1String("Auditor"))
            name = esc(m_data.auditor);
        else if (role == QLatin1String("Client"))
            name = esc(m_data.client);
        html += QStringLiteral("<tr><td height=\"%1\"><b>%2</b></td><td>%3</td><td></td><td></td></tr>")
                    .arg(px(16))
                    .arg(ours(role), name);
    }
    html += QStringLiteral("</table>");
    html += QStringLiteral("<p class=\"small\" style=\"margin-top:%1px;\">Binder of %2, generated %3, workspace "
                           "fingerprint <span class=\"mono\">%4</span>.</p>")
                .arg(px(4))
                .arg(esc(m_data.workspaceName), utc(m_data.generatedUtc), esc(m_data.logHeadSha256));
    return html;
}

} // namespace bulkhead
