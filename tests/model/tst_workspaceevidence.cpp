// SPDX-License-Identifier: GPL-3.0-or-later
// Evidence capture in the workspace (issue 5, item 3): notes and files on a finding or a whole check, kept
// across re-scans, newest first, limited in size, each in the activity log with its author and sha256, and
// under `verify` (a note or file altered in the file is named).
#include "RawSql.h"
#include "store/Workspace.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace bulkhead;
using bulkhead::testing::rawExec;

namespace {

QString sha256(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// One scan of one host with a failing finding on container "web" (id `containerId`).
Finding scanOnce(Workspace& ws, qint64 hostId, const QString& containerId)
{
    auto scanId = ws.beginScan(QStringLiteral("test"));
    if (!scanId)
        qFatal("beginScan");
    Finding finding;
    finding.checkId = QStringLiteral("container.memory-limit");
    finding.subject = Subject{SubjectKind::Container, containerId, QStringLiteral("web")};
    finding.status = Status::Fail;
    finding.message = QStringLiteral("no limit");
    if (!ws.replaceFindings(scanId.value(), hostId, {finding}) || !ws.finishScan(scanId.value(), ScanState::Complete))
        qFatal("findings");
    auto stored = ws.findings(scanId.value());
    if (!stored || stored->size() != 1)
        qFatal("findings read");
    return stored->constFirst();
}

} // namespace

class TestWorkspaceEvidence : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_count = 0;

    QString freshPath() { return m_dir.filePath(QStringLiteral("ws%1.bulkhead").arg(++m_count)); }

private slots:
    void notesSurviveRescans()
    {
        auto opened = Workspace::open(freshPath());
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Workspace& ws = *opened.value();
        auto hostId = ws.upsertHost(HostSpec::parse(QStringLiteral("audit@127.0.0.1")).value());
        QVERIFY(hostId);
        const Finding first = scanOnce(ws, hostId.value(), QString(64, u'a'));
        auto noted =
            ws.addNote(EvidenceSubject::ofFinding(first), QStringLiteral("Asked the owner."), QStringLiteral("alice"));
        QVERIFY2(noted, qPrintable(noted.errorMessage()));
        // Recreated under the same name: a new finding id, a new container id, the same subject.
        const Finding second = scanOnce(ws, hostId.value(), QString(64, u'b'));
        QVERIFY(second.id != first.id);
        auto notes = ws.evidenceNotes(EvidenceSubject::ofFinding(second));
        QVERIFY(notes);
        QCOMPARE(notes->size(), 1);
        QCOMPARE(notes->constFirst().note, QStringLiteral("Asked the owner."));
        QCOMPARE(notes->constFirst().addedBy, QStringLiteral("alice"));
        QVERIFY(notes->constFirst().isNote());
        QVERIFY(notes->constFirst().addedUtc.isValid());

        auto found = ws.finding(second.id);
        QVERIFY2(found, qPrintable(found.errorMessage()));
        QCOMPARE(found->subject.name, QStringLiteral("web"));
        QCOMPARE(found->hostId, hostId.value());
        QVERIFY(!ws.finding(9999));
    }

    void newestFirstAndLogged()
    {
        auto opened = Workspace::open(freshPath());
        QVERIFY(opened);
        Workspace& ws = *opened.value();
        const EvidenceSubject check = EvidenceSubject::ofCheck(QStringLiteral("host.audit-rules"));
        QVERIFY(ws.addNote(check, QStringLiteral("first"), QStringLiteral("alice")));
        const QByteArray png = QByteArrayLiteral("\x89PNG\r\n\x1a\nnot really");
        auto attached = ws.attachEvidence(check, QStringLiteral("/tmp/shots/screen.png"), png,
                                          QStringLiteral("the window"), QStringLiteral("bob"));
        QVERIFY2(attached, qPrintable(attached.errorMessage()));
        QVERIFY(ws.addNote(check, QStringLiteral("third"), QStringLiteral("alice")));
        auto all = ws.evidence(check);
        QVERIFY(all);
        QCOMPARE(all->size(), 3);
        QCOMPARE(all->at(0).note, QStringLiteral("third"));
        QCOMPARE(all->at(1).fileName, QStringLiteral("screen.png")); // folders dropped
        QCOMPARE(all->at(1).sha256, sha256(png));
        QCOMPARE(all->at(1).size, png.size());
        QCOMPARE(all->at(1).addedBy, QStringLiteral("bob"));
        QCOMPARE(all->at(2).note, QStringLiteral("first"));
        QCOMPARE(ws.attachmentBytes(attached.value()).value(), png);
        QCOMPARE(ws.evidenceNotes(check)->size(), 2);
        // Another subject sees none of it.
        QVERIFY(ws.evidence(EvidenceSubject::ofCheck(QStringLiteral("host.other")))->isEmpty());

        auto log = ws.activity();
        QVERIFY(log);
        const ActivityEntry& file = log->at(log->size() - 2);
        QCOMPARE(file.action, QStringLiteral("evidence.attached"));
        QCOMPARE(file.subject, QStringLiteral("attachment:%1").arg(attached.value()));
        const QJsonObject details = QJsonDocument::fromJson(file.details.toUtf8()).object();
        QCOMPARE(details.value(QStringLiteral("sha256")).toString(), sha256(png));
        QCOMPARE(details.value(QStringLiteral("author")).toString(), QStringLiteral("bob"));
        QCOMPARE(details.value(QStringLiteral("to")).toString(), check.format());
        QCOMPARE(details.value(QStringLiteral("file")).toString(), QStringLiteral("screen.png"));
        const ActivityEntry& note = log->constLast();
        QCOMPARE(note.action, QStringLiteral("evidence.noted"));
        QCOMPARE(
            QJsonDocument::fromJson(note.details.toUtf8()).object().value(QStringLiteral("note_sha256")).toString(),
            sha256("third"));
        QVERIFY(note.timeUtc.isValid());
        QVERIFY(!note.actor.isEmpty());
        QVERIFY(ws.verify()->ok());
    }

    void refused()
    {
        auto opened = Workspace::open(freshPath());
        QVERIFY(opened);
        Workspace& ws = *opened.value();
        const EvidenceSubject check = EvidenceSubject::ofCheck(QStringLiteral("host.audit-rules"));
        QVERIFY(!ws.addNote(check, QStringLiteral("  \n"), QStringLiteral("alice")));
        QVERIFY(!ws.addNote(check, QStringLiteral("text"), QStringLiteral("  ")));
        QVERIFY(!ws.addNote(check, QStringLiteral("text"), QStringLiteral("a\nb")));
        QVERIFY(!ws.addNote(check, QString(Workspace::MaxNoteChars + 1, u'x'), QStringLiteral("alice")));
        QVERIFY(!ws.addNote(EvidenceSubject::ofCheck(QStringLiteral("bad id")), QStringLiteral("x"),
                            QStringLiteral("alice")));
        QVERIFY(!ws.attachEvidence(check, QString(), "x", QString(), QStringLiteral("alice")));
        const QByteArray big(Workspace::MaxEvidenceBytes + 1, 'x');
        auto tooBig = ws.attachEvidence(check, QStringLiteral("dump.bin"), big, QString(), QStringLiteral("alice"));
        QVERIFY(!tooBig);
        QVERIFY2(tooBig.errorMessage().contains(QLatin1String("at most 20.0 MiB")), qPrintable(tooBig.errorMessage()));
        QVERIFY(ws.evidence(check)->isEmpty());
        QVERIFY(ws.verify()->ok());
    }

    // Files from disk: all or none, the size said before reading.
    void filesAllOrNothing()
    {
        auto opened = Workspace::open(freshPath());
        QVERIFY(opened);
        Workspace& ws = *opened.value();
        const EvidenceSubject check = EvidenceSubject::ofCheck(QStringLiteral("host.audit-rules"));
        const QString good = m_dir.filePath(QStringLiteral("good.txt"));
        QFile file(good);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("evidence\n");
        file.close();
        const QString big = m_dir.filePath(QStringLiteral("big.bin"));
        QFile bigFile(big);
        QVERIFY(bigFile.open(QIODevice::WriteOnly));
        QVERIFY(bigFile.resize(Workspace::MaxEvidenceBytes + 1));
        bigFile.close();
        auto refusedBig = ws.attachEvidenceFiles(check, {good, big}, QString(), QStringLiteral("alice"));
        QVERIFY(!refusedBig);
        QVERIFY(refusedBig.errorMessage().contains(QLatin1String("big.bin")));
        QVERIFY(!ws.attachEvidenceFiles(check, {good, m_dir.filePath(QStringLiteral("missing"))}, QString(),
                                        QStringLiteral("alice")));
        auto folder = ws.attachEvidenceFiles(check, {m_dir.path()}, QString(), QStringLiteral("alice"));
        QVERIFY(!folder);
        QVERIFY2(folder.errorMessage().contains(QLatin1String("not a file")), qPrintable(folder.errorMessage()));
        QVERIFY(ws.evidence(check)->isEmpty());
        auto ids = ws.attachEvidenceFiles(check, {good, good}, QStringLiteral("twice"), QStringLiteral("alice"));
        QVERIFY2(ids, qPrintable(ids.errorMessage()));
        QCOMPARE(ids->size(), 2);
        QCOMPARE(ws.evidence(check)->size(), 2);
    }

    void tampering_data()
    {
        QTest::addColumn<QString>("statement");
        QTest::addColumn<QString>("named");
        QTest::newRow("note text") << "UPDATE attachments SET note = 'all fine' WHERE id = 1"
                                   << "attachment:1: altered";
        QTest::newRow("note author") << "UPDATE attachments SET added_by = 'mallory' WHERE id = 1"
                                     << "attachment:1: altered";
        QTest::newRow("moved to another finding") << "UPDATE attachments SET subject = 'check:other' WHERE id = 1"
                                                  << "attachment:1: altered";
        QTest::newRow("file bytes") << "UPDATE attachments SET bytes = CAST('forged' AS BLOB) WHERE id = 2"
                                    << "attachment:2 (screen.png): its bytes do not match its sha256";
        QTest::newRow("file removed") << "DELETE FROM attachments WHERE id = 2"
                                      << "attachment:2: recorded in the activity log but gone";
    }

    void tampering()
    {
        QFETCH(QString, statement);
        QFETCH(QString, named);
        const QString path = freshPath();
        {
            auto opened = Workspace::open(path);
            QVERIFY(opened);
            const EvidenceSubject check = EvidenceSubject::ofCheck(QStringLiteral("host.audit-rules"));
            QVERIFY(opened.value()->addNote(check, QStringLiteral("needs a fix"), QStringLiteral("alice")));
            QVERIFY(opened.value()->attachEvidence(check, QStringLiteral("screen.png"), "png", QString(),
                                                   QStringLiteral("alice")));
            QVERIFY(opened.value()->verify()->ok());
        }
        const QString error = rawExec(path, {QStringLiteral("DROP TRIGGER attachments_immutable_update"),
                                             QStringLiteral("DROP TRIGGER attachments_immutable_delete"), statement});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY(opened);
        auto report = opened.value()->verify();
        QVERIFY(report);
        QVERIFY(!report->ok());
        QVERIFY2(report->problems.join(u'\n').contains(named), qPrintable(report->problems.join(u'\n')));
    }

    // The database itself refuses to change stored evidence.
    void immutable()
    {
        const QString path = freshPath();
        {
            auto opened = Workspace::open(path);
            QVERIFY(opened);
            QVERIFY(opened.value()->addNote(EvidenceSubject::ofCheck(QStringLiteral("c")), QStringLiteral("n"),
                                            QStringLiteral("alice")));
        }
        QVERIFY(
            rawExec(path, {QStringLiteral("UPDATE attachments SET note = 'x'")}).contains(QLatin1String("immutable")));
        QVERIFY(rawExec(path, {QStringLiteral("DELETE FROM attachments")}).contains(QLatin1String("immutable")));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceEvidence)
#include "tst_workspaceevidence.moc"
