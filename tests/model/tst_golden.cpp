// SPDX-License-Identifier: GPL-3.0-or-later
// Golden cases (issue 4): real outputs captured from the test fleet's hosts (tests/data/<case>/, made by
// tests/fleet/capture-golden from a scan), re-evaluated offline and compared verdict by verdict with
// the ones reviewed when they were captured. A changed verdict fails with the check and the subject; a
// check added since is not in a case until it is captured again.
#include "GoldenCase.h"
#include "VerdictEvidence.h"
#include "checks/Evaluator.h"

#include <QDir>
#include <QJsonArray>
#include <QTest>

using namespace bulkhead;

namespace {

const QString Cases = QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/data");

} // namespace

class TestGolden : public QObject
{
    Q_OBJECT

private slots:
    void cases_data()
    {
        QTest::addColumn<QString>("name");
        const QStringList cases = QDir(Cases).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY2(cases.size() >= 4, qPrintable(Cases));
        for (const QString& name : cases)
            QTest::newRow(qPrintable(name)) << name;
    }

    void cases()
    {
        QFETCH(QString, name);
        const QDir dir(Cases + QLatin1Char('/') + name);
        const test::GoldenCase golden = test::GoldenCase::read(dir);
        const QVector<Artifact>& artifacts = golden.artifacts;
        QVERIFY(artifacts.size() > 20);
        const QVector<Finding> findings = Evaluator::evaluateHost(artifacts);
        QHash<QString, QString> actual;
        for (const Finding& finding : findings) {
            const QString subject = subjectKindToString(finding.subject.kind) + QLatin1Char(':') +
                                    (finding.subject.name.isEmpty() ? finding.subject.id : finding.subject.name);
            actual.insert(finding.checkId + QLatin1Char(' ') + subject, statusToString(finding.status));
        }
        QStringList differences;
        const QJsonArray expected = golden.description.value(QStringLiteral("expected")).toArray();
        for (const QJsonValue& value : expected) {
            const QJsonObject verdict = value.toObject();
            const QString key = verdict.value(QStringLiteral("check")).toString() + QLatin1Char(' ') +
                                verdict.value(QStringLiteral("subject")).toString();
            const QString want = verdict.value(QStringLiteral("status")).toString();
            const QString got = actual.value(key, QStringLiteral("(no finding)"));
            if (got != want)
                differences << QStringLiteral("%1: %2, captured as %3").arg(key, got, want);
        }
        QVERIFY2(differences.isEmpty(), qPrintable(differences.join(u'\n')));
        QVERIFY(expected.size() > 100);
        // And every verdict still rests on evidence that was read.
        const QString broken = test::verdictWithoutEvidence(findings, artifacts);
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
        // And each excerpt is exactly the stored text its locator names.
        const QString misquoted = test::excerptNotAtLocator(findings, artifacts);
        QVERIFY2(misquoted.isEmpty(), qPrintable(misquoted));
    }
};

QTEST_GUILESS_MAIN(TestGolden)
#include "tst_golden.moc"
