// SPDX-License-Identifier: GPL-3.0-or-later
// The key under which notes and evidence files are kept (issue 5, item 3): one subject, one text, and a
// finding's key is the same in every scan of the same (host, check, subject).
#include "domain/EvidenceSubject.h"

#include <QTest>

using namespace bulkhead;

namespace {

Finding container(const QString& id, const QString& name)
{
    Finding finding;
    finding.id = 17;
    finding.scanId = 4;
    finding.hostId = 3;
    finding.checkId = QStringLiteral("container.memory-limit");
    finding.subject = Subject{SubjectKind::Container, id, name};
    return finding;
}

} // namespace

class TestEvidenceSubject : public QObject
{
    Q_OBJECT

private slots:
    void formats_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("key");
        QTest::newRow("named") << QString(64, u'a') << QStringLiteral("web-1")
                               << "finding:3/container.memory-limit/container/name:web-1";
        QTest::newRow("slash and colon")
            << QString() << QStringLiteral("registry:5000/app/web:1.2")
            << "finding:3/container.memory-limit/container/name:registry%3A5000%2Fapp%2Fweb%3A1.2";
        QTest::newRow("by id") << QStringLiteral("abc/def") << QString()
                               << "finding:3/container.memory-limit/container/id:abc%2Fdef";
        QTest::newRow("hostile")
            << QString() << QStringLiteral("\x1b[31mred\u202e%/ name")
            << "finding:3/container.memory-limit/container/name:%1B%5B31mred%E2%80%AE%25%2F%20name";
    }

    void formats()
    {
        QFETCH(QString, id);
        QFETCH(QString, name);
        QFETCH(QString, key);
        const EvidenceSubject subject = EvidenceSubject::ofFinding(container(id, name));
        QCOMPARE(subject.format(), key);
        auto parsed = EvidenceSubject::parse(key);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QVERIFY(parsed.value() == subject);
        QCOMPARE(parsed->identity, name.isEmpty() ? id : name);
    }

    // A re-scan gives the finding a new id and scan, and a recreated container a new id: same key.
    void survivesRescan()
    {
        Finding later = container(QString(64, u'b'), QStringLiteral("web-1"));
        later.id = 99;
        later.scanId = 8;
        QCOMPARE(EvidenceSubject::ofFinding(later).format(),
                 EvidenceSubject::ofFinding(container(QString(64, u'a'), QStringLiteral("web-1"))).format());
        Finding otherHost = later;
        otherHost.hostId = 4;
        QVERIFY(EvidenceSubject::ofFinding(otherHost).format() != EvidenceSubject::ofFinding(later).format());
    }

    void check()
    {
        const EvidenceSubject subject = EvidenceSubject::ofCheck(QStringLiteral("host.audit-rules"));
        QCOMPARE(subject.format(), QStringLiteral("check:host.audit-rules"));
        auto parsed = EvidenceSubject::parse(subject.format());
        QVERIFY(parsed);
        QVERIFY(parsed.value() == subject);
        QCOMPARE(parsed->scope, EvidenceSubject::Scope::Check);
    }

    void refused_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("empty") << QString();
        QTest::newRow("other prefix") << "attestation:3";
        QTest::newRow("check empty") << "check:";
        QTest::newRow("check with slash") << "check:a/b";
        QTest::newRow("check with space") << "check:a b";
        QTest::newRow("too few parts") << "finding:3/container.memory-limit/name:web";
        QTest::newRow("too many parts") << "finding:3/container.memory-limit/container/name:a/b";
        QTest::newRow("host zero") << "finding:0/c/container/name:a";
        QTest::newRow("host leading zero") << "finding:03/c/container/name:a";
        QTest::newRow("host word") << "finding:x/c/container/name:a";
        QTest::newRow("kind") << "finding:3/c/pod/name:a";
        QTest::newRow("no identity prefix") << "finding:3/c/container/web";
        QTest::newRow("empty name") << "finding:3/c/container/name:";
        QTest::newRow("lower-case hex") << "finding:3/c/container/name:a%2fb";
        QTest::newRow("needless escape") << "finding:3/c/container/name:%61";
        QTest::newRow("raw space") << "finding:3/c/container/name:a b";
        QTest::newRow("non-ASCII raw") << "finding:3/c/container/name:\u00e9";
        QTest::newRow("too long") << QString(QStringLiteral("check:") + QString(9000, u'a'));
    }

    void refused()
    {
        QFETCH(QString, key);
        auto parsed = EvidenceSubject::parse(key);
        QVERIFY(!parsed);
        QVERIFY(parsed.errorMessage().startsWith(QLatin1String("Not an evidence subject")));
    }
};

QTEST_GUILESS_MAIN(TestEvidenceSubject)
#include "tst_evidencesubject.moc"
