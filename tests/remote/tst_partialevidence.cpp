// SPDX-License-Identifier: GPL-3.0-or-later
// HostCollector::makeArtifact for output a command did not finish (issue 3, item 7): cut at the size cap
// or by the timeout, it is kept as partial evidence up to its last complete line, redacted like whole
// output, and flagged; stderr is redacted too. Pure: no server.
#include "collect/HostCollector.h"
#include "probes/Probe.h"

#include <QCryptographicHash>
#include <QTest>

using namespace bulkhead;

namespace {

constexpr const char* Secret = "s3cr3t-Value-0f-the-DB-9QxZ";
constexpr const char* Token = "ghp_0123456789abcdefghijABCDEFGHIJ012345"; // 4 + 36

Probe probe(const QString& name, ProbeFormat format)
{
    Probe p;
    p.name = name;
    p.command = QStringLiteral("true");
    p.format = format;
    return p;
}

// docker inspect as docker prints it: four-space indentation, one value a line.
QByteArray inspect()
{
    return QByteArray("[\n    {\n        \"Id\": \"") + QByteArray(64, 'a') +
           "\",\n        \"Config\": {\n            \"Env\": [\n                \"PATH=/usr/bin\",\n"
           "                \"DB_PASSWORD=" +
           Secret + "\",\n                \"NOTE_FOR_OPS=" + Token + "\"\n            ]\n        }\n    }\n]\n";
}

} // namespace

class TestPartialEvidence : public QObject
{
    Q_OBJECT

private slots:
    void cutOutputIsKeptToItsLastLine_data()
    {
        QTest::addColumn<bool>("truncated");
        QTest::addColumn<bool>("timedOut");
        QTest::newRow("size cap") << true << false;
        QTest::newRow("timeout") << false << true;
    }

    void cutOutputIsKeptToItsLastLine()
    {
        QFETCH(bool, truncated);
        QFETCH(bool, timedOut);
        const QByteArray whole = inspect();
        // Cut in the middle of the token: the line that holds its first half is not kept.
        const qsizetype cut = whole.indexOf(Token) + 20;
        CommandResult result;
        result.output = whole.left(cut);
        result.truncated = truncated;
        result.timedOut = timedOut;
        result.exitStatus = -1;
        bool malformed = false;
        const Artifact artifact = HostCollector::makeArtifact(
            probe(QStringLiteral("docker.containers.inspect"), ProbeFormat::Json), result, &malformed);
        QCOMPARE(artifact.truncated, truncated);
        QCOMPARE(artifact.timedOut, timedOut);
        QVERIFY(artifact.output.endsWith('\n'));
        QVERIFY2(artifact.output.contains("\"PATH=/usr/bin\""), artifact.output.constData());
        QVERIFY2(artifact.output.contains("\"DB_PASSWORD=[REDACTED:"), artifact.output.constData());
        QVERIFY(!artifact.output.contains(Secret));
        QVERIFY(!artifact.output.contains(QByteArray(Token).left(8)));
        QVERIFY(!artifact.output.contains("NOTE_FOR_OPS"));
        QVERIFY(artifact.redactions >= 1);
        QVERIFY(malformed);
        QCOMPARE(artifact.sha256,
                 QString::fromLatin1(QCryptographicHash::hash(artifact.output, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(HostCollector::problemOf(artifact),
                 timedOut
                     ? QStringLiteral("docker.containers.inspect timed out")
                     : QStringLiteral("the output of docker.containers.inspect exceeded the size cap and was cut"));
    }

    void cutOutputWithoutALineIsEmpty()
    {
        CommandResult result;
        result.output = QByteArray("{\"Client\":{\"Version\":\"20.10\",\"Env\":[\"TOKEN=") + Token;
        result.truncated = true;
        const Artifact artifact =
            HostCollector::makeArtifact(probe(QStringLiteral("docker.version"), ProbeFormat::Json), result);
        QVERIFY(artifact.output.isEmpty());
        QVERIFY(artifact.truncated);
    }

    void cutTextKeepsCompleteLinesAndDropsAKeyWithoutItsEnd()
    {
        CommandResult result;
        result.output = QByteArray("==> /etc/ssl/private/key.pem <==\n|-----BEGIN PRIVATE KEY-----\n|MIIEvQIBADANBgkq\n"
                                   "|hkiG9w0BAQEFAASC\n|half-a-li");
        result.timedOut = true;
        const Artifact artifact =
            HostCollector::makeArtifact(probe(QStringLiteral("docker.daemon.json"), ProbeFormat::Sections), result);
        QVERIFY(artifact.output.startsWith("==> /etc/ssl/private/key.pem <==\n"));
        QVERIFY2(!artifact.output.contains("MIIEvQIBADANBgkq"), artifact.output.constData());
        QVERIFY(!artifact.output.contains("half-a-li"));
        QVERIFY(artifact.output.contains("[REDACTED:private-key]"));
    }

    void wholeOutputIsKeptWhole()
    {
        CommandResult result;
        result.output = inspect();
        result.exitStatus = 0;
        bool malformed = true;
        const Artifact artifact = HostCollector::makeArtifact(
            probe(QStringLiteral("docker.containers.inspect"), ProbeFormat::Json), result, &malformed);
        QVERIFY(!malformed);
        QVERIFY(!artifact.output.contains(Secret));
        QVERIFY(!artifact.output.contains(Token));
        QVERIFY(artifact.output.contains("PATH=/usr/bin"));
        QCOMPARE(artifact.redactions, 2);
    }

    // A failing command may print its configuration on stderr: stored too, so redacted too.
    void errorOutputIsRedacted()
    {
        CommandResult result;
        result.exitStatus = 1;
        result.errorOutput = QByteArray("\x1b[31mError\x1b[0m: cannot connect with DB_PASSWORD=") + Secret +
                             " and token " + Token + "\n";
        const Artifact artifact =
            HostCollector::makeArtifact(probe(QStringLiteral("docker.info"), ProbeFormat::Json), result);
        QVERIFY2(!artifact.errorOutput.contains(Secret), artifact.errorOutput.constData());
        QVERIFY(!artifact.errorOutput.contains(Token));
        QVERIFY(artifact.errorOutput.startsWith("\x1b[31mError\x1b[0m: cannot connect with DB_PASSWORD=[REDACTED:"));
        QCOMPARE(artifact.redactions, 2);
        const QString problem = HostCollector::problemOf(artifact);
        QVERIFY2(!problem.contains(QLatin1String(Secret)) && !problem.contains(QChar(0x1b)), qPrintable(problem));
    }

    // With the workspace's salt, stdout and stderr markers carry the value's fingerprint: the same secret
    // on both streams (and in every scan of the workspace) has the same one.
    void markersCarryTheWorkspaceFingerprint()
    {
        const SecretSalt salt = SecretSalt::generate();
        CommandResult result;
        result.exitStatus = 1;
        result.output = inspect();
        result.errorOutput = QByteArray("cannot connect with DB_PASSWORD=") + Secret + "\n";
        const Artifact artifact = HostCollector::makeArtifact(
            probe(QStringLiteral("docker.containers.inspect"), ProbeFormat::Json), result, nullptr, salt);
        const QByteArray marker = QByteArray("DB_PASSWORD=[REDACTED:password-by-name:") +
                                  salt.fingerprint(QString::fromLatin1(Secret)).toLatin1() + ']';
        QVERIFY2(artifact.output.contains(marker), artifact.output.constData());
        QVERIFY2(artifact.errorOutput.contains(marker), artifact.errorOutput.constData());
        QVERIFY(!artifact.output.contains(Secret) && !artifact.errorOutput.contains(Secret));
        const Artifact other =
            HostCollector::makeArtifact(probe(QStringLiteral("docker.containers.inspect"), ProbeFormat::Json), result,
                                        nullptr, SecretSalt::generate());
        QVERIFY(!other.output.contains(marker)); // another workspace, another fingerprint
    }
};

QTEST_GUILESS_MAIN(TestPartialEvidence)
#include "tst_partialevidence.moc"
