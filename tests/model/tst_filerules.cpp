// SPDX-License-Identifier: GPL-3.0-or-later
// The CIS 3.x file checks (issue 4): for every rule a file that passes and one that fails, read from the
// docker.files.stat output as a scan stores it; modes compared as masks, a finding per file, absent
// files not applicable, unreadable ones errors.
#include "checks/CheckCatalog.h"
#include "checks/Evaluator.h"
#include "checks/FileRules.h"
#include "checks/HostEvidence.h"

#include <QTest>

using namespace bulkhead;

namespace {

// One stat line: ROLE|ok|PATH|RAWMODEHEX|UID|GID|USER|GROUP|LINK.
QByteArray statLine(const QString& role, const QString& path, uint type, uint mode, int uid, int gid,
                    const QString& user, const QString& group)
{
    return QStringLiteral("%1|ok|%2|%3|%4|%5|%6|%7|no\n")
        .arg(role, path, QString::number(type | mode, 16))
        .arg(uid)
        .arg(gid)
        .arg(user, group)
        .toUtf8();
}

constexpr uint Regular = 0100000;
constexpr uint Directory = 0040000;
constexpr uint Socket = 0140000;

uint typeOf(const QString& role)
{
    if (role == QLatin1String("etc-docker"))
        return Directory;
    if (role.endsWith(QLatin1String(".sock")))
        return Socket;
    return Regular;
}

QVector<Finding> judge(const FileRule& rule, const QByteArray& output, int exitStatus = 0)
{
    Artifact artifact;
    artifact.id = 9;
    artifact.probe = QStringLiteral("docker.files.stat");
    artifact.exitStatus = exitStatus;
    artifact.output = output;
    const QVector<Artifact> artifacts{artifact};
    const HostEvidence evidence(artifacts);
    return FileRules::judge(rule, evidence);
}

} // namespace

class TestFileRules : public QObject
{
    Q_OBJECT

private slots:
    void everyRuleIsInTheCatalog()
    {
        const CheckCatalog& catalog = CheckCatalog::instance();
        QStringList cis;
        for (const FileRule& rule : FileRules::all()) {
            const CheckDefinition* check = catalog.find(QLatin1String(rule.id));
            QVERIFY2(check, rule.id);
            QCOMPARE(check->level, SubjectKind::Host);
            cis += check->cis;
        }
        // CIS 3.1 to 3.24, each exactly once.
        QCOMPARE(cis.size(), 24);
        for (int i = 1; i <= 24; ++i)
            QVERIFY2(cis.contains(QStringLiteral("3.%1").arg(i)), qPrintable(QString::number(i)));
    }

    void eachRulePassesAndFails()
    {
        for (const FileRule& rule : FileRules::all()) {
            const QString role = QLatin1String(rule.role);
            const QString path = QStringLiteral("/etc/bulkhead-test/") + role;
            const uint type = typeOf(role);
            const QString group = rule.kind == FileRule::Kind::Owner ? rule.groups.first() : QStringLiteral("root");
            const int gid = group == QLatin1String("root") ? 0 : 994;
            const uint good = rule.kind == FileRule::Kind::Mode ? rule.allowed : 0600;
            const QVector<Finding> pass = judge(
                rule, statLine(role, path, type, good & 0600 ? good : 0400, 0, gid, QStringLiteral("root"), group));
            QCOMPARE(pass.size(), 1);
            QVERIFY2(pass.at(0).status == Status::Pass,
                     qPrintable(QLatin1String(rule.id) + QLatin1Char(' ') + pass.at(0).message));
            QCOMPARE(pass.at(0).subject.name, path);
            QCOMPARE(pass.at(0).evidence.at(0).locator, QStringLiteral("lines 1-1"));
            QVERIFY(pass.at(0).evidence.at(0).excerpt.startsWith(role + QLatin1String("|ok|")));

            const QVector<Finding> fail = rule.kind == FileRule::Kind::Owner
                                              ? judge(rule, statLine(role, path, type, 0600, 1000, 1000,
                                                                     QStringLiteral("dev"), QStringLiteral("dev")))
                                              : judge(rule, statLine(role, path, type, rule.allowed | 0002, 0, 0,
                                                                     QStringLiteral("root"), QStringLiteral("root")));
            QCOMPARE(fail.size(), 1);
            QVERIFY2(fail.at(0).status == Status::Fail, rule.id);
            QVERIFY(!fail.at(0).expected.isEmpty() && !fail.at(0).actual.isEmpty());
        }
    }

    // "644 or more restrictive" is a mask: 0477 is a smaller number than 0644 and still fails.
    void modesAreMasksNotNumbers()
    {
        const FileRule* rule = nullptr;
        for (const FileRule& r : FileRules::all()) {
            if (QByteArray(r.id) == "file.daemon-json.mode")
                rule = &r;
        }
        QVERIFY(rule);
        const auto status = [&](uint mode) {
            return judge(*rule, statLine(QStringLiteral("daemon.json"), QStringLiteral("/etc/docker/daemon.json"),
                                         Regular, mode, 0, 0, QStringLiteral("root"), QStringLiteral("root")))
                .at(0);
        };
        QCOMPARE(status(0477).status, Status::Fail);
        QVERIFY(status(0477).message.contains(QLatin1String("allows 0033 beyond 0644")));
        QCOMPARE(status(0600).status, Status::Pass);
        QCOMPARE(status(0400).status, Status::Pass);
        QCOMPARE(status(04644).status, Status::Fail); // setuid is outside the mask too
    }

    void socketOwnedByDockerGroup()
    {
        const FileRule& rule = FileRules::all().at(14);
        QCOMPARE(QByteArray(rule.id), QByteArray("file.docker-sock.owner"));
        const QByteArray docker = statLine(QStringLiteral("docker.sock"), QStringLiteral("/var/run/docker.sock"),
                                           Socket, 0660, 0, 994, QStringLiteral("root"), QStringLiteral("docker"));
        QCOMPARE(judge(rule, docker).at(0).status, Status::Pass);
        const QByteArray staff = statLine(QStringLiteral("docker.sock"), QStringLiteral("/var/run/docker.sock"), Socket,
                                          0660, 0, 50, QStringLiteral("root"), QStringLiteral("staff"));
        QCOMPARE(judge(rule, staff).at(0).status, Status::Fail);
    }

    // A finding per file; the socket under /var/run and /run is one file; missing files are skipped.
    void findingsPerFile()
    {
        const FileRule& rule = FileRules::all().at(1); // docker.service mode
        QByteArray output =
            statLine(QStringLiteral("docker.service"), QStringLiteral("/etc/systemd/system/docker.service"), Regular,
                     0644, 0, 0, QStringLiteral("root"), QStringLiteral("root"));
        output += "docker.service|missing|/lib/systemd/system/docker.service\n";
        output += statLine(QStringLiteral("docker.service"), QStringLiteral("/usr/lib/systemd/system/docker.service"),
                           Regular, 0664, 0, 0, QStringLiteral("root"), QStringLiteral("root"));
        const QVector<Finding> findings = judge(rule, output);
        QCOMPARE(findings.size(), 2);
        QCOMPARE(findings.at(0).status, Status::Pass);
        QCOMPARE(findings.at(1).status, Status::Fail);
        QCOMPARE(findings.at(1).evidence.at(0).locator, QStringLiteral("lines 3-3"));

        const FileRule& sock = FileRules::all().at(15);
        QByteArray both = statLine(QStringLiteral("docker.sock"), QStringLiteral("/var/run/docker.sock"), Socket, 0660,
                                   0, 994, QStringLiteral("root"), QStringLiteral("docker"));
        both += statLine(QStringLiteral("docker.sock"), QStringLiteral("/run/docker.sock"), Socket, 0660, 0, 994,
                         QStringLiteral("root"), QStringLiteral("docker"));
        QCOMPARE(judge(sock, both).size(), 1);
    }

    void absentDeniedAndMissingEvidence()
    {
        const FileRule& rule = FileRules::all().at(8); // TLS CA owner
        const QVector<Finding> none = judge(rule, "docker.sock|missing|/var/run/docker.sock\n");
        QCOMPARE(none.size(), 1);
        QCOMPARE(none.at(0).status, Status::NotApplicable);
        // One file denied: that file is an error, named; the probe's other files are still judged.
        Artifact partial;
        partial.probe = QStringLiteral("docker.files.stat");
        partial.exitStatus = 1;
        partial.output = "tlscacert|denied|/etc/docker/ca.pem\n" +
                         statLine(QStringLiteral("daemon.json"), QStringLiteral("/etc/docker/daemon.json"), Regular,
                                  0644, 0, 0, QStringLiteral("root"), QStringLiteral("root"));
        partial.errorOutput = "bulkhead: permission denied: /etc/docker/ca.pem\n";
        const QVector<Artifact> partialScan{partial};
        const HostEvidence evidence(partialScan);
        const QVector<Finding> denied = FileRules::judge(rule, evidence);
        QCOMPARE(denied.size(), 1);
        QCOMPARE(denied.at(0).status, Status::Error);
        QCOMPARE(denied.at(0).subject.name, QStringLiteral("/etc/docker/ca.pem"));
        QVERIFY(denied.at(0).message.contains(QLatin1String("permission denied")));
        QCOMPARE(FileRules::judge(FileRules::all().at(17), evidence).at(0).status, Status::Pass); // daemon.json mode
        // Any other failure of the probe leaves no verdict.
        partial.errorOutput += "stat: something else\n";
        const QVector<Artifact> failedScan{partial};
        const HostEvidence failed(failedScan);
        QCOMPARE(FileRules::judge(FileRules::all().at(17), failed).at(0).status, Status::Error);
        const QVector<Artifact> nothing;
        const QVector<Finding> notCollected = FileRules::judge(rule, HostEvidence(nothing));
        QCOMPARE(notCollected.at(0).status, Status::Error);
        const QVector<Finding> garbage = judge(rule, "<html>not ours</html>\n");
        QCOMPARE(garbage.at(0).status, Status::Error);
    }

    // The evaluator runs every file rule: a full host gives findings for all 24.
    void evaluatorRunsThem()
    {
        Artifact artifact;
        artifact.probe = QStringLiteral("docker.files.stat");
        artifact.exitStatus = 0;
        artifact.output = statLine(QStringLiteral("daemon.json"), QStringLiteral("/etc/docker/daemon.json"), Regular,
                                   0644, 0, 0, QStringLiteral("root"), QStringLiteral("root"));
        QSet<QString> ids;
        for (const Finding& finding : Evaluator::evaluateHost({artifact})) {
            if (finding.checkId.startsWith(QLatin1String("file.")))
                ids.insert(finding.checkId);
        }
        QCOMPARE(ids.size(), FileRules::all().size());
    }
};

QTEST_GUILESS_MAIN(TestFileRules)
#include "tst_filerules.moc"
