// SPDX-License-Identifier: GPL-3.0-or-later
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
};

QTEST_GUILESS_MAIN(TestProbeParsers)
#include "tst_probeparsers.moc"
