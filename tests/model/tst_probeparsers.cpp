// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/DisplayText.h"
#include "facts/ProbeParsers.h"
#include "probes/Probe.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace bulkhead;

// Every probe has a parser, and every output captured on a test-fleet host (alpha, as root,
// stored redacted in tests/model/data/fleet) parses.
class TestProbeParsers : public QObject
{
    Q_OBJECT

private slots:
    void everyProbeHasAParser()
    {
        for (const Probe& probe : ProbeCatalog::all())
            QVERIFY2(ProbeParsers::has(probe.name), qPrintable(probe.name));
        QVERIFY(!ProbeParsers::has(QStringLiteral("nope")));
        QVERIFY(!ProbeParsers::parse(QStringLiteral("nope"), "x"));
    }

    void capturedOutputsParse_data()
    {
        QTest::addColumn<QString>("probe");
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(BULKHEAD_TEST_DATA "/fleet"));
        const QStringList files = dir.entryList({QStringLiteral("*.out")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 15);
        for (const QString& file : files) {
            const QString probe = file.chopped(4);
            QTest::newRow(qPrintable(probe)) << probe << dir.filePath(file);
        }
    }

    void capturedOutputsParse()
    {
        QFETCH(QString, probe);
        QFETCH(QString, file);
        QVERIFY(ProbeCatalog::find(probe));
        QFile input(file);
        QVERIFY(input.open(QIODevice::ReadOnly));
        const auto parsed = ProbeParsers::parse(probe, input.readAll());
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QVERIFY(parsed.value() >= 1);
    }

    void garbageIsAnErrorNeverACount_data()
    {
        QTest::addColumn<QString>("probe");
        for (const Probe& probe : ProbeCatalog::all())
            QTest::newRow(qPrintable(probe.name)) << probe.name;
    }

    void garbageIsAnErrorNeverACount()
    {
        QFETCH(QString, probe);
        // Text no probe prints: every parser refuses it rather than reading it as "nothing found".
        const QByteArray garbage = "\x1b[31m<html>garbage {\"unterminated\": [\n";
        QVERIFY2(!ProbeParsers::parse(probe, garbage), qPrintable(probe));
    }

    // What a hostile host names its files and prints ends up in the error message: escaped, whatever the
    // probe (found by fuzz_probe_parsers in journald's "malformed line in FILE").
    void hostileTextInErrorsIsEscaped_data()
    {
        QTest::addColumn<QString>("probe");
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(BULKHEAD_TEST_DATA "/fleet"));
        for (const Probe& probe : ProbeCatalog::all()) {
            const QString file = dir.filePath(probe.name + QStringLiteral(".out"));
            QTest::newRow(qPrintable(probe.name)) << probe.name << (QFile::exists(file) ? file : QString());
        }
    }

    void hostileTextInErrorsIsEscaped()
    {
        QFETCH(QString, probe);
        QFETCH(QString, file);
        QByteArray captured = "==> /etc/x.conf <==\n|a = b\n";
        if (!file.isEmpty()) {
            QFile input(file);
            QVERIFY(input.open(QIODevice::ReadOnly));
            captured = input.readAll();
        }
        const QByteArray hostile = "\x1b]0;owned\a\xe2\x80\xae\x1b[2J";
        QList<QByteArray> outputs;
        // Every section renamed, each followed by a line no parser reads, then failed and cut short.
        QByteArray renamed;
        for (const QByteArray& line : captured.split('\n')) {
            if (line.startsWith("==> ") && line.endsWith(" <==")) {
                renamed += line.chopped(4) + hostile + " <==\n|" + hostile + " { [ no equals\n";
            } else {
                renamed += line + '\n';
            }
        }
        outputs << renamed << renamed + "!" + hostile + "\n" << renamed + "!exit 2\n";
        outputs << "==> " + hostile + " <==\n|" + hostile + "\n!exit 1\n";
        outputs << "[{\"Id\": \"" + hostile + "\", " + hostile << "{\"" + hostile + "\": 1}{" << hostile + "\n";
        outputs << "==> pid=1 uid=0 comm=" + hostile + " bytes=99 <==\nx";
        outputs << "==> /etc/docker/daemon.json" + hostile + " <==\n|[" + hostile + "\n";
        outputs << "==> /etc/docker/daemon.json" + hostile + " <==\n|{\"" + hostile + "\": [1]}\n";
        for (const QByteArray& output : outputs) {
            const auto parsed = ProbeParsers::parse(probe, output);
            if (parsed)
                continue;
            const auto unsafe = DisplayText::unsafeCharacter(parsed.errorMessage());
            if (unsafe)
                QFAIL(qPrintable(
                    QStringLiteral("%1 in %2").arg(*unsafe, DisplayText::shown(parsed.errorMessage(), 300))));
        }
    }
};

QTEST_GUILESS_MAIN(TestProbeParsers)
#include "tst_probeparsers.moc"
