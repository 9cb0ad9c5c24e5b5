// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Finding.h"
#include "domain/Scan.h"
#include "domain/Status.h"

#include <QTest>

using namespace bulkhead;

// The string forms are a stored and exported contract (workspace, CLI JSON/CSV): pin them.
class TestStatus : public QObject
{
    Q_OBJECT

private slots:
    void status_data()
    {
        QTest::addColumn<Status>("status");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("label");
        QTest::newRow("pass") << Status::Pass << "pass"
                              << "Pass";
        QTest::newRow("fail") << Status::Fail << "fail"
                              << "Fail";
        QTest::newRow("warn") << Status::Warn << "warn"
                              << "Warning";
        QTest::newRow("manual") << Status::Manual << "manual"
                                << "Manual";
        QTest::newRow("not applicable") << Status::NotApplicable << "not_applicable"
                                        << "Not applicable";
        QTest::newRow("error") << Status::Error << "error"
                               << "Error";
        QTest::newRow("waived") << Status::Waived << "waived"
                                << "Waived";
    }

    void status()
    {
        QFETCH(Status, status);
        QFETCH(QString, id);
        QFETCH(QString, label);
        QCOMPARE(statusToString(status), id);
        QCOMPARE(statusLabel(status), label);
        QCOMPARE(statusFromString(id), std::optional<Status>(status));
    }

    void unknownStrings_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("label, not id") << "Pass";
        QTest::newRow("upper case") << "FAIL";
        QTest::newRow("space") << "not applicable";
        QTest::newRow("padded") << " pass";
    }

    void unknownStrings()
    {
        QFETCH(QString, text);
        QVERIFY(!statusFromString(text));
        QVERIFY(!severityFromString(text));
        QVERIFY(!scanStateFromString(text));
        QVERIFY(!hostScanStateFromString(text));
        QVERIFY(!subjectKindFromString(text));
    }

    void severity_data()
    {
        QTest::addColumn<Severity>("severity");
        QTest::addColumn<QString>("id");
        QTest::newRow("info") << Severity::Info << "info";
        QTest::newRow("low") << Severity::Low << "low";
        QTest::newRow("medium") << Severity::Medium << "medium";
        QTest::newRow("high") << Severity::High << "high";
        QTest::newRow("critical") << Severity::Critical << "critical";
    }

    void severity()
    {
        QFETCH(Severity, severity);
        QFETCH(QString, id);
        QCOMPARE(severityToString(severity), id);
        QCOMPARE(severityFromString(id), std::optional<Severity>(severity));
    }

    void scanStates()
    {
        const QList<std::pair<ScanState, QString>> scans{{ScanState::Running, QStringLiteral("running")},
                                                         {ScanState::Complete, QStringLiteral("complete")},
                                                         {ScanState::Partial, QStringLiteral("partial")},
                                                         {ScanState::Failed, QStringLiteral("failed")}};
        for (const auto& [state, id] : scans) {
            QCOMPARE(scanStateToString(state), id);
            QCOMPARE(scanStateFromString(id), std::optional<ScanState>(state));
        }
        const QList<std::pair<HostScanState, QString>> hosts{{HostScanState::Pending, QStringLiteral("pending")},
                                                             {HostScanState::Running, QStringLiteral("running")},
                                                             {HostScanState::Done, QStringLiteral("done")},
                                                             {HostScanState::Partial, QStringLiteral("partial")},
                                                             {HostScanState::Failed, QStringLiteral("failed")},
                                                             {HostScanState::Cancelled, QStringLiteral("cancelled")}};
        for (const auto& [state, id] : hosts) {
            QCOMPARE(hostScanStateToString(state), id);
            QCOMPARE(hostScanStateFromString(id), std::optional<HostScanState>(state));
        }
    }

    void subjectKinds()
    {
        const QList<std::pair<SubjectKind, QString>> kinds{{SubjectKind::Host, QStringLiteral("host")},
                                                           {SubjectKind::Daemon, QStringLiteral("daemon")},
                                                           {SubjectKind::Container, QStringLiteral("container")},
                                                           {SubjectKind::Image, QStringLiteral("image")}};
        for (const auto& [kind, id] : kinds) {
            QCOMPARE(subjectKindToString(kind), id);
            QCOMPARE(subjectKindFromString(id), std::optional<SubjectKind>(kind));
        }
    }
};

QTEST_GUILESS_MAIN(TestStatus)
#include "tst_status.moc"
