// SPDX-License-Identifier: GPL-3.0-or-later
// bulkhead-cli scan / findings / report against the real test fleet: real OpenSSH sshd and real dockerd
// per host (tests/fleet). Fails, never skips, when the fleet is not up.
#include "ProcessRun.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = ProcessRun;

Run runProgram(const QString& program, const QStringList& arguments, int timeoutMs = 300000)
{
    return ProcessRun::run(program, arguments, timeoutMs);
}

Run cli(const QStringList& arguments)
{
    return runProgram(QStringLiteral(BULKHEAD_CLI), arguments);
}

} // namespace

class TestCliFleet : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void scanWholeFleet();
    void findingsMatchSeededVerdicts();
    void secretsNeverStored();
    void reportPdf();
    void changedHostKeyRefused();
    void unknownHostKeyNeedsAcceptNew();
    void unreachableHost();
    void permissionDeniedIsAnError();

private:
    QString hostArg(const QJsonObject& host, const QString& user = QStringLiteral("root")) const;
    QJsonObject host(const QString& name) const;
    QStringList scanArgs(const QString& workspace, const QString& knownHosts) const;

    QJsonObject m_fleet;
    QTemporaryDir m_dir;
    QString m_workspace;
};

void TestCliFleet::initTestCase()
{
    const QString fleetDir = qEnvironmentVariable("BULKHEAD_FLEET_DIR");
    QVERIFY2(!fleetDir.isEmpty(), "BULKHEAD_FLEET_DIR is not set: the fleet fixture did not run");
    QFile file(fleetDir + QStringLiteral("/fleet.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), "fleet.json missing: is the test fleet up? (tests/fleet/fleet up)");
    m_fleet = QJsonDocument::fromJson(file.readAll()).object();
    QVERIFY(m_fleet.value(QStringLiteral("hosts")).toArray().size() >= 4);
    m_workspace = m_dir.filePath(QStringLiteral("fleet.bulkhead"));
}

QString TestCliFleet::hostArg(const QJsonObject& entry, const QString& user) const
{
    return QStringLiteral("%1@%2:%3")
        .arg(user, entry.value(QStringLiteral("address")).toString())
        .arg(entry.value(QStringLiteral("port")).toInt());
}

QJsonObject TestCliFleet::host(const QString& name) const
{
    for (const auto& value : m_fleet.value(QStringLiteral("hosts")).toArray()) {
        if (value.toObject().value(QStringLiteral("name")).toString() == name)
            return value.toObject();
    }
    return {};
}

QStringList TestCliFleet::scanArgs(const QString& workspace, const QString& knownHosts) const
{
    return {QStringLiteral("scan"),
            QStringLiteral("--workspace"),
            workspace,
            QStringLiteral("--identity"),
            m_fleet.value(QStringLiteral("identity")).toString(),
            QStringLiteral("--known-hosts"),
            knownHosts};
}

void TestCliFleet::scanWholeFleet()
{
    QStringList args = scanArgs(m_workspace, m_fleet.value(QStringLiteral("known_hosts")).toString());
    for (const auto& value : m_fleet.value(QStringLiteral("hosts")).toArray())
        args << QStringLiteral("--host") << hostArg(value.toObject());
    const Run run = cli(args);
    qInfo("fleet scan of %lld hosts took %lld ms", static_cast<long long>(args.count(QStringLiteral("--host"))),
          static_cast<long long>(run.ms));
    // delta has no docker: it is reached but cannot be audited, so the scan as a whole says so.
    QCOMPARE(run.exitCode, 1);
    const QList<QByteArray> errLines = run.err.trimmed().split('\n');
    QByteArrayList failureLines;
    for (const QByteArray& line : errLines) {
        if (line.contains(": partial: ") || line.contains(": failed: "))
            failureLines << line;
    }
    QCOMPARE(failureLines.size(), 1);
    QVERIFY2(failureLines.front().startsWith(hostArg(host(QStringLiteral("delta"))).toUtf8()),
             failureLines.front().constData());
    QVERIFY2(failureLines.front().contains("docker"), failureLines.front().constData());
    for (const QString& name : {QStringLiteral("alpha"), QStringLiteral("bravo"), QStringLiteral("charlie")})
        QVERIFY2(run.out.contains(QByteArray(hostArg(host(name)).toUtf8() + ": scanned")), run.out.constData());

    // One host on its own, for the figure quoted in the notes.
    QTemporaryDir single;
    QStringList one = scanArgs(single.filePath(QStringLiteral("one.bulkhead")),
                               m_fleet.value(QStringLiteral("known_hosts")).toString());
    one << QStringLiteral("--host") << hostArg(host(QStringLiteral("alpha")));
    const Run alpha = cli(one);
    QCOMPARE(alpha.exitCode, 0);
    qInfo("scan of one fleet host (alpha, %lld containers) took %lld ms",
          static_cast<long long>(host(QStringLiteral("alpha")).value(QStringLiteral("containers")).toArray().size()),
          static_cast<long long>(alpha.ms));
}

void TestCliFleet::findingsMatchSeededVerdicts()
{
    const Run run = cli({QStringLiteral("findings"), QStringLiteral("--workspace"), m_workspace,
                         QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonArray findings = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("findings")).toArray();
    QVERIFY(!findings.isEmpty());

    // (host, container, check) -> status, and every finding carries evidence with a sha256.
    QHash<QString, QString> actual;
    for (const auto& value : findings) {
        const QJsonObject finding = value.toObject();
        const QJsonObject subject = finding.value(QStringLiteral("subject")).toObject();
        const QString key = finding.value(QStringLiteral("host")).toString() + QLatin1Char('|') +
                            subject.value(QStringLiteral("name")).toString() + QLatin1Char('|') +
                            finding.value(QStringLiteral("check")).toString();
        QVERIFY2(!actual.contains(key), qPrintable(QStringLiteral("duplicate record ") + key));
        actual.insert(key, finding.value(QStringLiteral("status")).toString());
        if (subject.value(QStringLiteral("kind")).toString() == QLatin1String("container")) {
            const QJsonArray evidence = finding.value(QStringLiteral("evidence")).toArray();
            QVERIFY2(!evidence.isEmpty(), qPrintable(key));
            QCOMPARE(evidence.at(0).toObject().value(QStringLiteral("sha256")).toString().size(), 64);
        }
    }
    int compared = 0;
    for (const auto& hostValue : m_fleet.value(QStringLiteral("hosts")).toArray()) {
        const QJsonObject entry = hostValue.toObject();
        const QString hostName = QStringLiteral("%1:%2")
                                     .arg(entry.value(QStringLiteral("address")).toString())
                                     .arg(entry.value(QStringLiteral("port")).toInt());
        for (const auto& containerValue : entry.value(QStringLiteral("containers")).toArray()) {
            const QJsonObject container = containerValue.toObject();
            const QJsonObject expect = container.value(QStringLiteral("expect")).toObject();
            for (auto it = expect.begin(); it != expect.end(); ++it) {
                const QString key = hostName + QLatin1Char('|') + container.value(QStringLiteral("name")).toString() +
                                    QLatin1Char('|') + it.key();
                QVERIFY2(actual.contains(key), qPrintable(QStringLiteral("no finding for ") + key));
                QVERIFY2(actual.value(key) == it.value().toString(),
                         qPrintable(key + QStringLiteral(": expected ") + it.value().toString() +
                                    QStringLiteral(", got ") + actual.value(key)));
                ++compared;
            }
        }
    }
    QVERIFY(compared >= 50);
    qInfo("compared %d seeded verdicts", compared);
}

void TestCliFleet::secretsNeverStored()
{
    QByteArray bytes;
    for (const QString& suffix : {QString(), QStringLiteral("-wal")}) {
        QFile file(m_workspace + suffix);
        if (file.open(QIODevice::ReadOnly))
            bytes += file.readAll();
    }
    QVERIFY(bytes.size() > 10000);
    const QJsonArray secrets = m_fleet.value(QStringLiteral("secret_values")).toArray();
    QVERIFY(secrets.size() >= 3);
    for (const auto& secret : secrets)
        QVERIFY2(!bytes.contains(secret.toString().toUtf8()), "a seeded secret value was stored");
    const Run json = cli({QStringLiteral("findings"), QStringLiteral("--workspace"), m_workspace});
    for (const auto& secret : secrets)
        QVERIFY(!json.out.contains(secret.toString().toUtf8()));
    QVERIFY(json.out.contains("DB_PASSWORD"));
}

void TestCliFleet::reportPdf()
{
    const QString pdf = m_dir.filePath(QStringLiteral("binder.pdf"));
    const Run run =
        cli({QStringLiteral("report"), QStringLiteral("--workspace"), m_workspace, QStringLiteral("--pdf"), pdf});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
    const Run text = runProgram(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains(host(QStringLiteral("alpha")).value(QStringLiteral("address")).toString().toUtf8()));
    QVERIFY(text.out.contains("container.user-not-root"));
    QVERIFY(text.out.contains("page 1 of"));
    const QJsonArray secrets = m_fleet.value(QStringLiteral("secret_values")).toArray();
    for (const auto& secret : secrets)
        QVERIFY(!text.out.contains(secret.toString().toUtf8()));
}

void TestCliFleet::changedHostKeyRefused()
{
    QTemporaryDir dir;
    QStringList args = scanArgs(dir.filePath(QStringLiteral("changed.bulkhead")),
                                m_fleet.value(QStringLiteral("known_hosts_changed")).toString());
    args << QStringLiteral("--host") << hostArg(host(QStringLiteral("alpha"))) << QStringLiteral("--host")
         << hostArg(host(QStringLiteral("charlie"))) << QStringLiteral("--accept-new");
    const Run run = cli(args);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QByteArray(hostArg(host(QStringLiteral("alpha"))).toUtf8() + ": failed: ")),
             run.err.constData());
    QVERIFY2(run.err.contains("CHANGED"), run.err.constData());
    QVERIFY2(run.err.contains(
                 host(QStringLiteral("alpha")).value(QStringLiteral("host_key_fingerprint")).toString().toUtf8()),
             run.err.constData());
    // The other host in the same run is unaffected.
    QVERIFY2(run.out.contains(QByteArray(hostArg(host(QStringLiteral("charlie"))).toUtf8() + ": scanned")),
             run.out.constData());
}

void TestCliFleet::unknownHostKeyNeedsAcceptNew()
{
    QTemporaryDir dir;
    const QString knownHosts = dir.filePath(QStringLiteral("known_hosts"));
    QStringList args = scanArgs(dir.filePath(QStringLiteral("unknown.bulkhead")), knownHosts);
    args << QStringLiteral("--host") << hostArg(host(QStringLiteral("charlie")));
    const Run refused = cli(args);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("--accept-new"), refused.err.constData());
    const QString fingerprint =
        host(QStringLiteral("charlie")).value(QStringLiteral("host_key_fingerprint")).toString();
    QVERIFY2(refused.err.contains(fingerprint.toUtf8()), refused.err.constData());

    const Run accepted = cli(args << QStringLiteral("--accept-new"));
    QVERIFY2(accepted.exitCode == 0, accepted.err.constData());
    QFile file(knownHosts);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(
        file.readAll().contains(host(QStringLiteral("charlie")).value(QStringLiteral("address")).toString().toUtf8()));

    args.removeLast(); // no --accept-new: the key is now known
    const Run again = cli(args);
    QVERIFY2(again.exitCode == 0, again.err.constData());
}

void TestCliFleet::unreachableHost()
{
    QTemporaryDir dir;
    QStringList args = scanArgs(dir.filePath(QStringLiteral("unreachable.bulkhead")),
                                m_fleet.value(QStringLiteral("known_hosts")).toString());
    // Loopback address where nothing listens: refused at once.
    const QString nowhere = QStringLiteral("root@%1.99:2222").arg(m_fleet.value(QStringLiteral("net")).toString());
    args << QStringLiteral("--host") << nowhere << QStringLiteral("--host") << hostArg(host(QStringLiteral("charlie")));
    const Run run = cli(args);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QByteArray(nowhere.toUtf8() + ": failed: ")), run.err.constData());
    QVERIFY2(run.out.contains(QByteArray(hostArg(host(QStringLiteral("charlie"))).toUtf8() + ": scanned")),
             run.out.constData());
}

void TestCliFleet::permissionDeniedIsAnError()
{
    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("outsider.bulkhead"));
    QStringList args = scanArgs(workspace, m_fleet.value(QStringLiteral("known_hosts")).toString());
    args << QStringLiteral("--host") << hostArg(host(QStringLiteral("alpha")), QStringLiteral("outsider"));
    const Run run = cli(args);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("permission denied"), run.err.constData());
    const Run json = cli({QStringLiteral("findings"), QStringLiteral("--workspace"), workspace});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray findings = QJsonDocument::fromJson(json.out).object().value(QStringLiteral("findings")).toArray();
    QVERIFY(!findings.isEmpty());
    int containerChecks = 0;
    for (const auto& value : findings) {
        // No container is judged without the docker socket (the daemon and file checks may judge what any
        // user can read; tst_collection holds them to cited, readable evidence).
        if (!value.toObject().value(QStringLiteral("check")).toString().startsWith(QLatin1String("container.")))
            continue;
        ++containerChecks;
        QCOMPARE(value.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("error"));
        QVERIFY(value.toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QLatin1String("permission denied"), Qt::CaseInsensitive));
    }
    QVERIFY(containerChecks > 0);
}

QTEST_GUILESS_MAIN(TestCliFleet)
#include "tst_cli_fleet.moc"
