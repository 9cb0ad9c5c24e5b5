// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/ProcessArgsParser.h"
#include "facts/SectionsParser.h"
#include "probes/ProbeRedactor.h"

#include <QTest>

using namespace bulkhead;

// Secrets in non-inspect probe output are replaced before storage; everything else stays byte
// for byte, so the parsers still read it.
class TestProbeRedactor : public QObject
{
    Q_OBJECT

private slots:
    void lines_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("expected");
        QTest::newRow("assignment") << "DB_PASSWORD=hunter2 ./run"
                                    << "DB_PASSWORD=[REDACTED:password-by-name] ./run";
        QTest::newRow("flag=value") << "mysqld --password=s3cret --port=3306"
                                    << "mysqld --password=[REDACTED:password-by-name] --port=3306";
        QTest::newRow("flag value") << "app --api-token abcdef123 --verbose"
                                    << "app --api-token [REDACTED:token-by-name] --verbose";
        QTest::newRow("systemd environment") << "Environment=DB_PASSWORD=x1 LOG=info"
                                             << "Environment=DB_PASSWORD=[REDACTED:password-by-name] LOG=info";
        QTest::newRow("yaml") << "    password: topsecret"
                              << "    password: \"[REDACTED:password-by-name]\"";
        QTest::newRow("json in a file") << "  \"secret\": \"abc\","
                                        << "  \"secret\": \"[REDACTED:secret-by-name]\",";
        QTest::newRow("kubeconfig key") << "    client-key-data: LS0tLS1CRUdJTg=="
                                        << "    client-key-data: \"[REDACTED:private-key-by-name]\"";
        QTest::newRow("token by shape") << "curl -H x ghp_0123456789abcdefghijABCDEFGHIJ012345"
                                        << "curl -H x [REDACTED:github-token]";
        QTest::newRow("url with password") << "mirror https://bob:pa55@reg.example/v2"
                                           << "mirror [REDACTED:credentials-in-url]";
        QTest::newRow("paths and switches stay") << "--tls-key-file=/etc/k.pem --password-file /run/pw DEBUG=true"
                                                 << "--tls-key-file=/etc/k.pem --password-file /run/pw DEBUG=true";
        QTest::newRow("an assignment inside a flag's value") << "app --password a=DB_PASSWORD=secret1 -v"
                                                             << "app --password [REDACTED:password-by-name] -v";
        QTest::newRow("plain") << "tcp LISTEN 0 128 0.0.0.0:22 users:((\"sshd\",pid=19,fd=4))"
                               << "tcp LISTEN 0 128 0.0.0.0:22 users:((\"sshd\",pid=19,fd=4))";
    }

    void lines()
    {
        QFETCH(QString, line);
        QFETCH(QString, expected);
        QVector<SecretHit> hits;
        QCOMPARE(ProbeRedactor::redactLine(line, hits), expected);
        QCOMPARE(hits.isEmpty(), line == expected);
    }

    void kubernetesEnvPairs()
    {
        const QByteArray manifest = "==> /etc/kubernetes/manifests/app.yaml <==\n"
                                    "|    env:\n"
                                    "|    - name: DB_PASSWORD\n"
                                    "|      value: hunter2\n"
                                    "|    - name: LOG_LEVEL\n"
                                    "|      value: debug\n";
        const Redaction redaction = ProbeRedactor::redactText(manifest, true);
        QCOMPARE(redaction.hits.size(), 1);
        QCOMPARE(redaction.hits.front().key, QStringLiteral("DB_PASSWORD"));
        QVERIFY(!redaction.output.contains("hunter2"));
        QVERIFY(redaction.output.contains("|      value: \"[REDACTED:password-by-name]\"\n"));
        QVERIFY(redaction.output.contains("value: debug"));
        QVERIFY(SectionsParser::parse(redaction.output));
    }

    void pemBlocks()
    {
        const QByteArray text = "==> /etc/x.conf <==\n|key: |\n|  -----BEGIN RSA PRIVATE KEY-----\n|  MIIBOgIBAAJB\n"
                                "|  AKj34GkxFhD9\n|  -----END RSA PRIVATE KEY-----\n|after: 1\n";
        const Redaction redaction = ProbeRedactor::redactText(text, true);
        QVERIFY(!redaction.output.contains("MIIBOgIBAAJB"));
        QVERIFY(!redaction.output.contains("AKj34GkxFhD9"));
        QVERIFY(redaction.output.contains("[REDACTED:private-key]"));
        QVERIFY(redaction.output.endsWith("|after: 1\n"));
        auto sections = SectionsParser::parse(redaction.output);
        QVERIFY2(sections, qPrintable(sections.errorMessage()));

        // A block cut off at the cap: all of it after the header goes.
        const Redaction cut = ProbeRedactor::redactText("-----BEGIN PRIVATE KEY-----\nAAAA\nBBBB", false);
        QVERIFY(!cut.output.contains("AAAA"));
        QVERIFY(!cut.output.contains("BBBB"));
    }

    void bytesOutsideSecretsStay()
    {
        const QByteArray text = "caf\xe9 \xff\xfe TOKEN=abc123xyz end\n\x01\x02 raw\n";
        const Redaction redaction = ProbeRedactor::redactText(text, false);
        QCOMPARE(redaction.output, QByteArray("caf\xe9 \xff\xfe TOKEN=[REDACTED:token-by-name] end\n\x01\x02 raw\n"));
        const QByteArray clean = "no \xff secrets here\n";
        QCOMPARE(ProbeRedactor::redactText(clean, false).output, clean);
    }

    void processArgsKeepTheirFraming()
    {
        static const char raw[] = "dockerd\0--tlsverify\0--registry-password=hunter2\0--debug\0";
        const QByteArray args(raw, sizeof(raw) - 1);
        QByteArray output = "==> pid=7 uid=0 comm=dockerd bytes=" + QByteArray::number(args.size()) + " <==\n";
        output += args;
        output += "\n==> pid=9 uid=0 comm=dockerd bytes=8 <==\ndockerd";
        output += '\0';
        output += '\n';
        const Redaction redaction = ProbeRedactor::redactProcessArgs(output);
        QCOMPARE(redaction.hits.size(), 1);
        auto processes = ProcessArgsParser::parse(redaction.output);
        QVERIFY2(processes, qPrintable(processes.errorMessage()));
        QCOMPARE(processes->size(), 2);
        QCOMPARE(processes->front().args,
                 (QStringList{QStringLiteral("dockerd"), QStringLiteral("--tlsverify"),
                              QStringLiteral("--registry-password=[REDACTED:password-by-name]"),
                              QStringLiteral("--debug")}));
        QCOMPARE(processes->at(1).args, QStringList{QStringLiteral("dockerd")});
    }

    void processArgsWithAnImpossibleLength()
    {
        // A hostile host may state a length no output has: not our framing, so redacted as text all the same.
        for (const QByteArray& bytes : {QByteArray("9223372036854775807"), QByteArray("99999999999999999999")}) {
            const QByteArray output =
                "==> pid=7 uid=0 comm=dockerd bytes=" + bytes + " <==\ndockerd --registry-password=hunter2\n";
            const Redaction redaction = ProbeRedactor::redactProcessArgs(output);
            QVERIFY2(!redaction.output.contains("hunter2"), bytes.constData());
            QVERIFY(!ProcessArgsParser::parse(redaction.output));
        }
    }

    void aSecondPassFindsNothing()
    {
        // Found by fuzz_probe_redactor (corpus/probe_redactor/regression-nested-password-value): a record whose
        // stated length cuts it short is redacted as text; "--password VALUE" held an assignment of its own, and
        // redacting only the inner one left the rest of VALUE for a second pass to find.
        static const char raw[] = "==> pid=1234 uid=0 comm=dockerd bytes=52 <==\ndockerd\0--tlskey=/x\0--password\0"
                                  "\xf2\xf2\xf2\xf2\xf2/uironment=DB_PASSWORD=secret1\0\0-H\0fd://\0\n";
        const QByteArray output(raw, sizeof(raw) - 1);
        const Redaction first = ProbeRedactor::redactProcessArgs(output);
        QVERIFY(!first.output.contains("secret1"));
        QVERIFY(!first.output.contains("uironment"));
        const Redaction second = ProbeRedactor::redactProcessArgs(first.output);
        QVERIFY2(second.hits.isEmpty(), qPrintable(second.hits.value(0).rule + u' ' + second.hits.value(0).location));
        QCOMPARE(second.output, first.output);
    }

    void imageHistoryLines()
    {
        const QByteArray lines =
            "{\"Image\":\"sha256:1\",\"Layer\":{\"CreatedBy\":\"/bin/sh -c #(nop)  ENV "
            "DB_PASSWORD=hunter2\",\"ID\":\"x\"}}\n"
            "{\"Image\":\"sha256:1\",\"Layer\":{\"CreatedBy\":\"|1 API_TOKEN=abc123 /bin/sh -c make\",\"ID\":\"y\"}}\n"
            "{\"Image\":\"sha256:1\",\"Layer\":{\"CreatedBy\":\"COPY . /app\",\"ID\":\"z\"}}\n";
        const Redaction redaction = ProbeRedactor::redactJsonLines(lines);
        QCOMPARE(redaction.hits.size(), 2);
        QVERIFY(!redaction.output.contains("hunter2"));
        QVERIFY(!redaction.output.contains("abc123"));
        QVERIFY(redaction.output.contains("ENV DB_PASSWORD=[REDACTED:password-by-name]"));
        QVERIFY(redaction.output.contains(
            "{\"Image\":\"sha256:1\",\"Layer\":{\"CreatedBy\":\"COPY . /app\",\"ID\":\"z\"}}"));
        // A line that is not JSON still loses its secret.
        const Redaction broken = ProbeRedactor::redactJsonLines("{\"CreatedBy\":\"ENV SECRET_KEY=abcdef\n");
        QVERIFY(!broken.output.contains("abcdef"));
    }

    void byFormat()
    {
        const Probe* services = ProbeCatalog::find(QStringLiteral("swarm.services"));
        const Redaction json = ProbeRedactor::redact(
            *services, "[{\"Spec\":{\"TaskTemplate\":{\"ContainerSpec\":{\"Env\":[\"DB_PASSWORD=hunter2\"]}}}}]");
        QVERIFY(!json.output.contains("hunter2"));
        const Probe* processes = ProbeCatalog::find(QStringLiteral("host.processes"));
        const Redaction ps =
            ProbeRedactor::redact(*processes, "==> procps <==\n|0 1 0 root app --password=hunter2\n!exit 0\n");
        QVERIFY(!ps.output.contains("hunter2"));
        QVERIFY(ps.output.endsWith("!exit 0\n"));
    }
};

QTEST_GUILESS_MAIN(TestProbeRedactor)
#include "tst_proberedactor.moc"
