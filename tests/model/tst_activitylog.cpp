// SPDX-License-Identifier: GPL-3.0-or-later
// Tamper evidence (issue 4, item 8): every state change is an entry of an append-only, hash-chained
// activity log, and verify() re-hashes the chain, the artifacts, the findings, zones, hosts, scans and
// baselines against what the log last recorded. Tested by altering a copy of a real workspace file: raw
// SQL edits (with the triggers dropped, as an attacker with the file would) and a byte edit of the file.
#include "RawSql.h"
#include "core/DisplayText.h"
#include "store/StateDigest.h"
#include "store/Workspace.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace bulkhead;
using bulkhead::testing::rawExec;

namespace {

const QString Marker = QStringLiteral("MARKER-0123456789-EVIDENCE");

Zone zone(const QString& name)
{
    Zone z;
    z.name = name;
    z.scope = ZoneScope::In;
    z.rationale = QStringLiteral("Cardholder data.");
    return z;
}

// A workspace with a zone, a host in it, a scan with two artifacts, findings and a baseline.
void populate(const QString& path)
{
    auto opened = Workspace::open(path);
    QVERIFY2(opened, qPrintable(opened.errorMessage()));
    Workspace& ws = *opened.value();
    Inventory inventory;
    inventory.zones << zone(QStringLiteral("prod"));
    InventoryHost host;
    host.name = QStringLiteral("alpha");
    host.address = QStringLiteral("127.0.0.1");
    host.user = QStringLiteral("audit");
    host.zone = QStringLiteral("prod");
    inventory.hosts << host;
    auto ids = ws.applyInventory(inventory);
    QVERIFY2(ids, qPrintable(ids.errorMessage()));
    const qint64 hostId = ids->front();
    auto scanId = ws.beginScan(QStringLiteral("test"));
    QVERIFY(scanId);
    Artifact a;
    a.scanId = scanId.value();
    a.hostId = hostId;
    a.probe = QStringLiteral("host.kernel");
    a.command = QStringLiteral("uname -srm");
    a.output = Marker.toUtf8() + "\n";
    a.exitStatus = 0;
    auto first = ws.addArtifact(a);
    QVERIFY(first);
    a.probe = QStringLiteral("host.os-release");
    a.output = "ID=debian\n";
    QVERIFY(ws.addArtifact(a));
    Finding finding;
    finding.checkId = QStringLiteral("host.security-updates");
    finding.status = Status::Fail;
    finding.message = QStringLiteral("3 pending");
    finding.evidence << EvidenceRef{first.value(), QStringLiteral("lines 1-1"), Marker, QString()};
    QVERIFY(ws.replaceFindings(scanId.value(), hostId, {finding}));
    HostScanRecord record;
    record.scanId = scanId.value();
    record.hostId = hostId;
    record.state = HostScanState::Done;
    record.hostKeyFingerprint = QStringLiteral("SHA256:abc");
    QVERIFY(ws.setHostScan(record));
    QVERIFY(ws.finishScan(scanId.value(), ScanState::Complete));
    ZoneBaseline baseline;
    baseline.processes = {QStringLiteral("dockerd"), QStringLiteral("sshd")};
    baseline.sockets = {QStringLiteral("tcp 0.0.0.0:22")};
    baseline.scanId = scanId.value();
    QVERIFY(ws.setZoneBaseline(QStringLiteral("prod"), baseline));
}

VerifyReport verify(const QString& path)
{
    auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
    if (!opened)
        return VerifyReport{0, 0, QString(), {QStringLiteral("open: ") + opened.errorMessage()}};
    auto report = opened.value()->verify();
    if (!report)
        return VerifyReport{0, 0, QString(), {QStringLiteral("verify: ") + report.errorMessage()}};
    return report.value();
}

} // namespace

class TestActivityLog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_original;

    QString copy(const char* name)
    {
        const QString path = m_dir.filePath(QLatin1String(name));
        QFile::remove(path);
        if (!QFile::copy(m_original, path))
            qFatal("cannot copy the workspace");
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        return path;
    }

private slots:
    void initTestCase()
    {
        m_original = m_dir.filePath(QStringLiteral("original.bulkhead"));
        populate(m_original);
    }

    void everyChangeIsChained()
    {
        auto opened = Workspace::open(m_original, Workspace::OpenMode::ExistingOnly);
        QVERIFY(opened);
        const auto entries = opened.value()->activity();
        QVERIFY(entries);
        QStringList actions;
        for (const ActivityEntry& entry : entries.value())
            actions << entry.action;
        QCOMPARE(actions, (QStringList{QStringLiteral("workspace.sealed"), QStringLiteral("zone.updated"),
                                       QStringLiteral("host.updated"), QStringLiteral("host.updated"),
                                       QStringLiteral("scan.begun"), QStringLiteral("artifact.stored"),
                                       QStringLiteral("artifact.stored"), QStringLiteral("findings.replaced"),
                                       QStringLiteral("hostscan.updated"), QStringLiteral("scan.finished"),
                                       QStringLiteral("baseline.accepted")}));
        QString previous = QLatin1String(ActivityLog::Genesis);
        for (const ActivityEntry& entry : entries.value()) {
            QCOMPARE(entry.previousSha256, previous);
            QCOMPARE(ActivityLog::hashOf(entry), entry.sha256);
            QVERIFY(!entry.actor.isEmpty());
            previous = entry.sha256;
        }
        const auto report = opened.value()->verify();
        QVERIFY(report);
        QVERIFY2(report->ok(), qPrintable(report->problems.join(u'\n')));
        QCOMPARE(report->headSha256, previous);
        QCOMPARE(report->entries, 11); // the host is logged when stored, then when put in its zone
        QCOMPARE(report->subjects, 8); // 2 artifacts, findings, scan, hostscan, host, zone, baseline

        // Re-applying the same inventory changes nothing and logs nothing.
        Inventory inventory;
        inventory.zones << zone(QStringLiteral("prod"));
        QVERIFY(opened.value()->upsertZone(inventory.zones.front()));
        QCOMPARE(opened.value()->activity()->size(), 11);
        // The database itself refuses to edit the log.
        opened.value().reset();
        QVERIFY(rawExec(m_original, {QStringLiteral("UPDATE activity_log SET actor = 'mallory' WHERE seq = 2")})
                    .contains(QLatin1String("append-only")));
        QVERIFY(rawExec(m_original, {QStringLiteral("DELETE FROM activity_log WHERE seq = 10")})
                    .contains(QLatin1String("append-only")));
    }

    void tampering_data()
    {
        QTest::addColumn<QStringList>("statements");
        QTest::addColumn<QString>("named");
        QTest::newRow("artifact output")
            << QStringList{QStringLiteral("DROP TRIGGER artifacts_immutable_update"),
                           QStringLiteral("UPDATE artifacts SET output = CAST('ID=ubuntu\n' AS BLOB) WHERE id = 2")}
            << "artifact:2: altered";
        QTest::newRow("artifact output and its sha256")
            << QStringList{QStringLiteral("DROP TRIGGER artifacts_immutable_update"),
                           QStringLiteral("UPDATE artifacts SET output = CAST('x' AS BLOB), sha256 ="
                                          " '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881'"
                                          " WHERE id = 2")}
            << "artifact:2: altered";
        QTest::newRow("artifact command")
            << QStringList{QStringLiteral("DROP TRIGGER artifacts_immutable_update"),
                           QStringLiteral("UPDATE artifacts SET command = 'true' WHERE id = 1")}
            << "artifact:1: altered";
        QTest::newRow("artifact removed") << QStringList{QStringLiteral("DROP TRIGGER artifacts_immutable_delete"),
                                                         QStringLiteral("DELETE FROM finding_evidence"),
                                                         QStringLiteral("DELETE FROM artifacts WHERE id = 2")}
                                          << "artifact:2: recorded in the activity log but gone";
        QTest::newRow("artifact inserted")
            << QStringList{QStringLiteral(
                   "INSERT INTO artifacts (scan_id, host_id, probe, command, output, error_output,"
                   " exit_status, exit_signal, truncated, timed_out, sha256) SELECT scan_id,"
                   " host_id, probe, command, output, error_output, exit_status, exit_signal,"
                   " truncated, timed_out, sha256 FROM artifacts WHERE id = 1")}
            << "artifact:3: not in the activity log";
        QTest::newRow("finding status") << QStringList{QStringLiteral("UPDATE findings SET status = 'pass'")}
                                        << "findings:1/1: altered";
        QTest::newRow("finding evidence")
            << QStringList{QStringLiteral("UPDATE finding_evidence SET excerpt = 'x'")} << "findings:1/1: altered";
        QTest::newRow("zone rationale") << QStringList{QStringLiteral("UPDATE zones SET scope = 'out'")}
                                        << "zone:prod: altered";
        QTest::newRow("host moved") << QStringList{QStringLiteral("UPDATE hosts SET zone_id = NULL")}
                                    << "host:1: altered";
        QTest::newRow("host key") << QStringList{QStringLiteral("UPDATE host_scans SET host_key_fingerprint = 'x'")}
                                  << "hostscan:1/1: altered";
        QTest::newRow("baseline") << QStringList{QStringLiteral("UPDATE zone_baselines SET sockets = '[]'")}
                                  << "baseline:prod: altered";
        QTest::newRow("log entry edited")
            << QStringList{QStringLiteral("DROP TRIGGER activity_log_append_only_update"),
                           QStringLiteral("UPDATE activity_log SET actor = 'mallory' WHERE seq = 6")}
            << "entry 6 (artifact.stored artifact:1) was altered";
        QTest::newRow("log entry deleted")
            << QStringList{QStringLiteral("DROP TRIGGER activity_log_append_only_delete"),
                           QStringLiteral("DELETE FROM activity_log WHERE seq = 7")}
            << "entries 7 to 7 are missing";
        QTest::newRow("log emptied") << QStringList{QStringLiteral("DROP TRIGGER activity_log_append_only_delete"),
                                                    QStringLiteral("DELETE FROM activity_log")}
                                     << "it is empty";
    }

    void tampering()
    {
        QFETCH(QStringList, statements);
        QFETCH(QString, named);
        const QString path = copy("tampered.bulkhead");
        QVERIFY(verify(path).ok());
        const QString error = rawExec(path, statements);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const VerifyReport report = verify(path);
        QVERIFY(!report.ok());
        QVERIFY2(report.problems.join(u'\n').contains(named), qPrintable(report.problems.join(u'\n')));
    }

    // The test: alter bytes of the file itself.
    void byteEdit()
    {
        const QString path = copy("bytes.bulkhead");
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray bytes = file.readAll();
        const qsizetype at = bytes.indexOf(Marker.toUtf8());
        QVERIFY(at > 0);
        bytes[at + 7] = '9'; // "MARKER-0..." -> "MARKER-9..."
        QVERIFY(file.seek(0));
        QCOMPARE(file.write(bytes), bytes.size());
        file.close();
        const VerifyReport report = verify(path);
        QVERIFY(!report.ok());
        QVERIFY2(report.problems.join(u'\n').contains(QLatin1String("artifact:1")),
                 qPrintable(report.problems.join(u'\n')));
    }

    // A workspace written before the log existed: the migration seals what it holds.
    void migratedWorkspaceIsSealed()
    {
        const QString path = m_dir.filePath(QStringLiteral("v1.bulkhead"));
        QVERIFY(QFile::copy(QStringLiteral(BULKHEAD_TEST_DATA "/workspace-v1.bulkhead"), path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        {
            auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
            QVERIFY2(opened, qPrintable(opened.errorMessage()));
            const auto entries = opened.value()->activity();
            QVERIFY(entries);
            QCOMPARE(entries->size(), 1);
            QCOMPARE(entries->front().action, QStringLiteral("workspace.sealed"));
            const auto report = opened.value()->verify();
            QVERIFY(report);
            QVERIFY2(report->ok(), qPrintable(report->problems.join(u'\n')));
            QVERIFY2(report->subjects >= 5, qPrintable(QString::number(report->subjects))); // artifacts, scan, host...
            QVERIFY(entries->front().details.contains(QLatin1String("\"artifact:1\"")));
        }
        QVERIFY(rawExec(path, {QStringLiteral("DROP TRIGGER artifacts_immutable_update"),
                               QStringLiteral(
                                   "UPDATE artifacts SET exit_status = 42 WHERE id = (SELECT max(id) FROM artifacts)")})
                    .isEmpty());
        const VerifyReport report = verify(path);
        QVERIFY(!report.ok());
        QVERIFY2(report.problems.join(u'\n').contains(QLatin1String(": altered since")),
                 qPrintable(report.problems.join(u'\n')));
    }

    // Waivers, attestations and their attachments are covered like the evidence.
    void decisionsAreCovered()
    {
        const QString path = copy("decisions.bulkhead");
        const QString evidence = m_dir.filePath(QStringLiteral("hardening-report.txt"));
        {
            QFile file(evidence);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("CIS Debian 12 benchmark: 212 of 220 passed\n");
        }
        {
            auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
            QVERIFY(opened);
            Workspace& ws = *opened.value();
            Waiver waiver;
            waiver.checkId = QStringLiteral("host.security-updates");
            waiver.scope = WaiverScope::Zone;
            waiver.target = QStringLiteral("prod");
            waiver.justification = QStringLiteral("Patch window on Sunday");
            waiver.approver = QStringLiteral("CISO");
            waiver.risk = QStringLiteral("low");
            waiver.expiresUtc = QDateTime::currentDateTimeUtc().addDays(7);
            auto waiverId = ws.addWaiver(waiver);
            QVERIFY2(waiverId, qPrintable(waiverId.errorMessage()));
            waiver.expiresUtc = QDateTime::currentDateTimeUtc().addDays(-1);
            QVERIFY(!ws.addWaiver(waiver)); // already expired: refused

            // The waived finding reads as waived, the stored one stays a fail.
            auto reviewed = ws.reviewedFindings(std::nullopt, QDateTime::currentDateTimeUtc());
            QVERIFY(reviewed);
            QCOMPARE(reviewed->front().status, Status::Waived);
            QCOMPARE(ws.findings()->front().status, Status::Fail);

            Attestation attestation;
            attestation.checkId = QStringLiteral("host.security-updates");
            attestation.target = QStringLiteral("alpha");
            attestation.status = Status::Pass;
            attestation.justification = QStringLiteral("Hardened per the attached report");
            attestation.auditor = QStringLiteral("Ann");
            attestation.reviewer = QStringLiteral("Bob");
            QVERIFY(!ws.addAttestation(attestation, {m_dir.filePath(QStringLiteral("missing.txt"))}));
            auto attestationId = ws.addAttestation(attestation, {evidence});
            QVERIFY2(attestationId, qPrintable(attestationId.errorMessage()));
            auto files = ws.attachments(QStringLiteral("attestation:%1").arg(attestationId.value()));
            QVERIFY(files);
            QCOMPARE(files->size(), 1);
            QCOMPARE(files->front().fileName, QStringLiteral("hardening-report.txt"));
            QCOMPARE(ws.attachmentBytes(files->front().id).value(),
                     QByteArray("CIS Debian 12 benchmark: 212 of 220 passed\n"));
            QVERIFY(ws.revokeWaiver(waiverId.value()));
            QVERIFY(!ws.revokeWaiver(waiverId.value()));
            QCOMPARE(ws.reviewedFindings(std::nullopt, QDateTime::currentDateTimeUtc())->front().status, Status::Fail);
            QStringList actions;
            for (const ActivityEntry& entry : ws.activity().value())
                actions << entry.action;
            QCOMPARE(actions.mid(11),
                     (QStringList{QStringLiteral("waiver.granted"), QStringLiteral("attachment.added"),
                                  QStringLiteral("attestation.recorded"), QStringLiteral("waiver.revoked")}));
            auto report = ws.verify();
            QVERIFY(report);
            QVERIFY2(report->ok(), qPrintable(report->problems.join(u'\n')));
        }
        const QString attachment = path + QStringLiteral(".attachment");
        QVERIFY(QFile::copy(path, attachment));
        QVERIFY(rawExec(attachment, {QStringLiteral("DROP TRIGGER attachments_immutable_update"),
                                     QStringLiteral("UPDATE attachments SET bytes = CAST('all passed' AS BLOB)")})
                    .isEmpty());
        const QString attachmentProblems = verify(attachment).problems.join(u'\n');
        QVERIFY2(attachmentProblems.contains(QLatin1String("attachment:1: altered")), qPrintable(attachmentProblems));
        QVERIFY(attachmentProblems.contains(QLatin1String("its bytes do not match its sha256")));
        // Whoever alters the file also writes the names verify prints: they come out as text.
        const QString renamed = path + QStringLiteral(".renamed");
        QVERIFY(QFile::copy(path, renamed));
        QVERIFY(rawExec(renamed, {QStringLiteral("DROP TRIGGER attachments_immutable_update"),
                                  QStringLiteral("UPDATE attachments SET file_name = 'a' || char(27) || '[2J' || "
                                                 "char(8238) || '.png', bytes = CAST('x' AS BLOB)")})
                    .isEmpty());
        const VerifyReport renamedReport = verify(renamed);
        QVERIFY(!renamedReport.ok());
        for (const QString& problem : renamedReport.problems)
            QVERIFY2(!DisplayText::unsafeCharacter(problem), qPrintable(DisplayText::shown(problem, 300)));
        QVERIFY(renamedReport.problems.join(u'\n').contains(QLatin1String("a\\u{1B}[2J\\u{202E}.png")));
        QVERIFY(
            rawExec(path, {QStringLiteral("UPDATE waivers SET expires_utc = '2099-01-01T00:00:00.000Z'")}).isEmpty());
        const QString waiverProblems = verify(path).problems.join(u'\n');
        QVERIFY2(waiverProblems.contains(QLatin1String("waiver:1: altered")), qPrintable(waiverProblems));
    }

    void policyForHost()
    {
        auto opened = Workspace::open(m_original, Workspace::OpenMode::ExistingOnly);
        QVERIFY(opened);
        auto policy = opened.value()->policyForHost(1);
        QVERIFY2(policy, qPrintable(policy.errorMessage()));
        QVERIFY(policy->zone);
        QCOMPARE(policy->zone->name, QStringLiteral("prod"));
        QVERIFY(policy->baseline);
        QCOMPARE(policy->baseline->processes, (QStringList{QStringLiteral("dockerd"), QStringLiteral("sshd")}));
        QVERIFY(policy->baseline->acceptedBy.contains(QLatin1String("bulkhead")));
        QCOMPARE(policy->zones.size(), 1);
        QVERIFY(!opened.value()->setZoneBaseline(QStringLiteral("nowhere"), ZoneBaseline{}));
        auto none = opened.value()->policyForHost(99);
        QVERIFY(none);
        QVERIFY(!none->zone);
    }
};

QTEST_GUILESS_MAIN(TestActivityLog)
#include "tst_activitylog.moc"
