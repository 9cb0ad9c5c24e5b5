// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/FileStatParser.h"
#include "facts/ProcessArgsParser.h"
#include "facts/SectionsParser.h"

#include <QTest>

using namespace bulkhead;

// The three framings of the probe outputs: sections, process records, stat lines.
class TestSectionsParser : public QObject
{
    Q_OBJECT

private slots:
    void sections()
    {
        const QByteArray output = "==> /etc/rsyslog.conf <==\n|a\n|\n|==> not a header <==\n"
                                  "==> /etc/rsyslog.d/ <==\n!directory\n"
                                  "==> hex:2f6574632f610a62 <==\n!denied\n"
                                  "==> apt <==\n|Listing...\n!exit 0\n";
        auto parsed = SectionsParser::parse(output);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 4);
        QCOMPARE(parsed->at(0).lines,
                 (QStringList{QStringLiteral("a"), QString(), QStringLiteral("==> not a header <==")}));
        QVERIFY(parsed->at(0).readable());
        QVERIFY(parsed->at(1).isDirectory());
        QCOMPARE(parsed->at(1).status, QStringLiteral("directory"));
        QCOMPARE(parsed->at(2).name, QStringLiteral("/etc/a\nb"));
        QCOMPARE(parsed->at(2).status, QStringLiteral("denied"));
        QCOMPARE(parsed->at(3).exitStatus, 0);
        QCOMPARE(SectionsParser::find(parsed.value(), QStringLiteral("apt")), &parsed->at(3));
        QVERIFY(SectionsParser::parse(QByteArray()));
    }

    void malformedSections_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::newRow("content first") << QByteArray("|x\n");
        QTest::newRow("bare line") << QByteArray("==> /a <==\nplain\n");
        QTest::newRow("unknown status") << QByteArray("==> /a <==\n!exploded\n");
        QTest::newRow("bad exit") << QByteArray("==> a <==\n!exit x\n");
        QTest::newRow("bad hex") << QByteArray("==> hex:zz <==\n");
        QTest::newRow("odd hex") << QByteArray("==> hex:abc <==\n");
    }

    void malformedSections()
    {
        QFETCH(QByteArray, output);
        QVERIFY(!SectionsParser::parse(output));
    }

    void processArgs()
    {
        static const char raw[] = "dockerd\0--debug\0--log-level\0info\0-H\0";
        QByteArray output = "==> pid=17 uid=0 comm=dockerd bytes=36 <==\n";
        output += QByteArray(raw, sizeof(raw) - 1);
        output += "\n==> pid=3 uid=? comm=kube-controller bytes=0 <==\n\n";
        auto parsed = ProcessArgsParser::parse(output);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 2);
        const ProcessArgs& dockerd = parsed->front();
        QCOMPARE(dockerd.pid, 17);
        QCOMPARE(dockerd.uid, 0);
        QCOMPARE(dockerd.args.size(), 5);
        QCOMPARE(dockerd.value(QStringLiteral("debug")), std::optional<QString>(QStringLiteral("true")));
        QCOMPARE(dockerd.value(QStringLiteral("log-level")), std::optional<QString>(QStringLiteral("info")));
        QCOMPARE(dockerd.value(QStringLiteral("H")), std::optional<QString>(QStringLiteral("true")));
        QVERIFY(!dockerd.has(QStringLiteral("tls")));
        QCOMPARE(parsed->at(1).uid, -1);
        QVERIFY(parsed->at(1).args.isEmpty());
    }

    void processArgsMalformed_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::newRow("no header") << QByteArray("dockerd\n");
        QTest::newRow("length too long") << QByteArray("==> pid=1 uid=0 comm=dockerd bytes=99 <==\nab\n");
        QTest::newRow("length too short") << QByteArray("==> pid=1 uid=0 comm=dockerd bytes=1 <==\nab\n");
        QTest::newRow("length overflows")
            << QByteArray("==> pid=1 uid=0 comm=dockerd bytes=9223372036854775807 <==\nab\n");
        QTest::newRow("length not representable")
            << QByteArray("==> pid=1 uid=0 comm=dockerd bytes=99999999999999999999 <==\n\n");
        QTest::newRow("hostile comm") << QByteArray("==> pid=1 uid=0 comm=a;b bytes=0 <==\n\n");
    }

    void processArgsMalformed()
    {
        QFETCH(QByteArray, output);
        QVERIFY(!ProcessArgsParser::parse(output));
    }

    void fileStats()
    {
        const QByteArray output = "docker.sock|ok|/var/run/docker.sock|c1b0|0|105|root|docker|no\n"
                                  "daemon.json|missing|/etc/docker/daemon.json\n"
                                  "kubelet-config|denied|/var/lib/kubelet/config.yaml\n"
                                  "etc-docker|ok|/etc/docker|41ed|0|0|root|root|yes\n"
                                  "tmp|ok|hex:2f746d700a|43ff|0|0|root|root|no\n";
        auto parsed = FileStatParser::parse(output);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 5);
        const FileStat& socket = parsed->at(0);
        QCOMPARE(socket.type, QStringLiteral("socket"));
        QCOMPARE(socket.mode, 0660u);
        QCOMPARE(socket.octal(), QStringLiteral("0660"));
        QCOMPARE(socket.group, QStringLiteral("docker"));
        QVERIFY(socket.modeWithin(0660));
        QVERIFY(!socket.modeWithin(0644)); // 660 has group write: not "644 or stricter"
        QVERIFY(!parsed->at(1).exists());
        QCOMPARE(parsed->at(2).state, QStringLiteral("denied"));
        QCOMPARE(parsed->at(3).type, QStringLiteral("directory"));
        QVERIFY(parsed->at(3).symlink);
        QCOMPARE(parsed->at(4).path, QStringLiteral("/tmp\n"));
        QCOMPARE(parsed->at(4).mode, 01777u);
        QCOMPARE(FileStatParser::withRole(parsed.value(), QStringLiteral("docker.sock")).size(), 1);

        // A mode of 477 is not "644 or stricter", whatever its number says.
        FileStat weird;
        weird.mode = 0477;
        QVERIFY(!weird.modeWithin(0644));
        weird.mode = 0600;
        QVERIFY(weird.modeWithin(0644));
    }

    void fileStatsMalformed_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::newRow("few fields") << QByteArray("x|ok\n");
        QTest::newRow("ok short") << QByteArray("x|ok|/a|81a4|0|0\n");
        QTest::newRow("bad mode") << QByteArray("x|ok|/a|zz|0|0|root|root|no\n");
        QTest::newRow("unknown state") << QByteArray("x|gone|/a\n");
    }

    void fileStatsMalformed()
    {
        QFETCH(QByteArray, output);
        QVERIFY(!FileStatParser::parse(output));
    }
};

QTEST_GUILESS_MAIN(TestSectionsParser)
#include "tst_sectionsparser.moc"
