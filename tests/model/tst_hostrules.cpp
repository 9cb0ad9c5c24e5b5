// SPDX-License-Identifier: GPL-3.0-or-later
// Tip 1 host checks (issue 4): UID 0 accounts, docker group members, pending security updates, read
// from getent passwd/group and the package manager's list as a scan stores them.
#include "StoredArtifact.h"
#include "checks/CheckCatalog.h"
#include "checks/HostEvidence.h"
#include "checks/HostRules.h"

#include <QTest>

using namespace bulkhead;
using bulkhead::test::artifact;

namespace {

QMap<QString, Finding> judge(const QByteArray& passwd, const QByteArray& group, const QByteArray& updates)
{
    const QVector<Artifact> artifacts{artifact(1, "host.passwd", passwd), artifact(2, "host.group", group),
                                      artifact(3, "host.updates", updates)};
    QMap<QString, Finding> found;
    for (const Finding& finding : HostRules::evaluate(HostEvidence(artifacts)))
        found.insert(finding.checkId, finding);
    return found;
}

const QByteArray Passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                          "alice:x:1000:1000:Alice:/home/alice:/bin/bash\n";
const QByteArray Groups = "root:x:0:\ndocker:x:994:\nalice:x:1000:\n";
const QByteArray NoUpdates = "==> apt <==\n|Listing...\n!exit 0\n";

} // namespace

class TestHostRules : public QObject
{
    Q_OBJECT

private slots:
    void catalog()
    {
        for (const QString& id : HostRules::ids())
            QVERIFY2(CheckCatalog::instance().find(id), qPrintable(id));
    }

    void cleanHost()
    {
        const auto found = judge(Passwd, Groups, NoUpdates);
        QCOMPARE(found.value(QStringLiteral("host.only-root-uid0")).status, Status::Pass);
        QCOMPARE(found.value(QStringLiteral("host.docker-group-members")).status, Status::Pass);
        QCOMPARE(found.value(QStringLiteral("host.security-updates")).status, Status::Pass);
        QCOMPARE(found.value(QStringLiteral("host.engine-current")).status, Status::Error); // not collected here
        for (const Finding& finding : found) {
            if (finding.status != Status::Error)
                QVERIFY2(!finding.evidence.isEmpty(), qPrintable(finding.checkId));
        }
    }

    void findings()
    {
        const QByteArray passwd = Passwd + "toor:x:0:0::/root:/bin/sh\nci:x:1001:994::/home/ci:/bin/sh\n";
        const QByteArray groups = "root:x:0:\ndocker:x:994:alice,bob\n";
        const QByteArray updates =
            "==> apt <==\n"
            "|Listing...\n"
            "|libssl3/bookworm-security 3.0.15-1~deb12u1 amd64 [upgradable from: 3.0.11-1~deb12u2]\n"
            "|tzdata/bookworm-updates 2025b-0+deb12u1 all [upgradable from: 2024a-0+deb12u1]\n"
            "!exit 0\n";
        const auto found = judge(passwd, groups, updates);
        const Finding uid0 = found.value(QStringLiteral("host.only-root-uid0"));
        QCOMPARE(uid0.status, Status::Fail);
        QVERIFY(uid0.message.contains(QLatin1String("toor")));
        QCOMPARE(uid0.evidence.size(), 2); // root's line and toor's
        const Finding docker = found.value(QStringLiteral("host.docker-group-members"));
        QCOMPARE(docker.status, Status::Manual);
        QCOMPARE(docker.actual, QStringLiteral("alice, bob, ci")); // ci by its primary group
        const Finding updatesFinding = found.value(QStringLiteral("host.security-updates"));
        QVERIFY2(updatesFinding.status == Status::Fail, qPrintable(updatesFinding.message));
        QVERIFY(updatesFinding.message.contains(QLatin1String("libssl3")));
        QVERIFY(!updatesFinding.message.contains(QLatin1String("tzdata")));
    }

    void engineCurrent_data()
    {
        QTest::addColumn<QString>("engine");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("says");
        QTest::newRow("newest line") << "28.2.2" << int(Status::Pass) << "newest release line";
        QTest::newRow("newer than the catalog") << "31.0.1" << int(Status::Pass) << "newer than every line";
        QTest::newRow("one line behind") << "27.5.1" << int(Status::Warn) << "1 release line(s) behind";
        QTest::newRow("Debian's 20.10") << "20.10.24+dfsg1" << int(Status::Fail) << "6 release line(s) behind";
        QTest::newRow("not a version") << "banana" << int(Status::Error) << "cannot be read";
    }

    void engineCurrent()
    {
        QFETCH(QString, engine);
        QFETCH(int, status);
        QFETCH(QString, says);
        const QByteArray version = "{\"Client\":{\"Version\":\"28.2.2\"},\"Server\":{\"Components\":[{\"Name\":"
                                   "\"Engine\",\"Version\":\"" +
                                   engine.toUtf8() + "\",\"Details\":{\"ApiVersion\":\"1.41\"}}]}}\n";
        const QVector<Artifact> artifacts{artifact(9, "docker.version", version)};
        Finding found;
        for (const Finding& finding : HostRules::evaluate(HostEvidence(artifacts))) {
            if (finding.checkId == QLatin1String("host.engine-current"))
                found = finding;
        }
        QVERIFY2(int(found.status) == status, qPrintable(statusToString(found.status) + u' ' + found.message));
        QVERIFY2(found.message.contains(says), qPrintable(found.message));
        QCOMPARE(found.subject.kind, SubjectKind::Daemon);
        if (found.status != Status::Error) {
            QCOMPARE(found.evidence.size(), 1);
            QCOMPARE(found.evidence.front().artifactId, 9);
            QVERIFY(found.expected.contains(QLatin1String("28.0")));
        }
        if (engine.startsWith(QLatin1String("20.10")))
            QVERIFY2(found.actual.contains(QLatin1String("the 20.10 line, released 2020-12-08")),
                     qPrintable(found.actual));
    }

    void withoutEvidence()
    {
        Artifact denied = artifact(3, "host.updates", QByteArray(), 3);
        denied.errorOutput = "bulkhead: not present: package manager\n";
        const QVector<Artifact> artifacts{denied};
        const QVector<Finding> found = HostRules::evaluate(HostEvidence(artifacts));
        QCOMPARE(found.at(0).status, Status::Error); // passwd not collected
        QCOMPARE(found.at(2).status, Status::Error); // accounts: passwd not collected
        QCOMPARE(found.at(3).status, Status::NotApplicable);
        QCOMPARE(found.at(4).status, Status::Error); // docker version not collected
    }
};

QTEST_GUILESS_MAIN(TestHostRules)
#include "tst_hostrules.moc"
