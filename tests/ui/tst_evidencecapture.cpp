// SPDX-License-Identifier: GPL-3.0-or-later
// Evidence capture in the window's parts (issue 5, item 3): the note dialog validates before it closes and
// stores its note and files (a screenshot among them) in one go; the evidence pane lists a finding's notes and
// files with author, time and sha256, hostile text escaped; WindowCapture makes a real PNG of a widget.
#include "WorkspaceFixture.h"
#include "dialogs/EvidenceNoteDialog.h"
#include "evidence/EvidencePane.h"
#include "evidence/WindowCapture.h"
#include "store/ActivityLog.h"

#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QVBoxLayout>

using namespace bulkhead;
using namespace bulkhead::testing;

namespace {

template <typename T> T* childOf(QWidget* parent, const char* name)
{
    return parent->findChild<T*>(QLatin1String(name));
}

const QString HostileNote = QStringLiteral("<b>bold</b> \x1b[2J\u202eevil\nsecond line");
const QString HostileAuthor = QStringLiteral("<i>mallory</i>\x07");
const QString HostileFile = QStringLiteral("<img src=x>\u202egnp.exe");

} // namespace

class tst_EvidenceCapture : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void dialogValidatesBeforeClosing();
    void dialogSavesNoteAndFilesTogether();
    void dialogForAWholeCheck();
    void paneListsNotesEscaped();
    void notesFollowTheFindingIntoTheNextScan();
    void windowCaptureIsAPng();

private:
    Finding web() const;

    QTemporaryDir m_dir;
    QString m_path;
    Fixture m_fx;
};

void tst_EvidenceCapture::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("capture.bulkhead"));
    QString error;
    m_fx = buildFixture(m_path, &error);
    QVERIFY2(m_fx.workspace != nullptr, qPrintable(error));
}

Finding tst_EvidenceCapture::web() const
{
    auto all = m_fx.workspace->findings(m_fx.scanId, false);
    for (const Finding& finding : all.value()) {
        if (finding.subject.name == QLatin1String("web") && finding.checkId == QLatin1String("container.user-not-root"))
            return finding;
    }
    qFatal("no web finding");
}

void tst_EvidenceCapture::dialogValidatesBeforeClosing()
{
    EvidenceNoteDialog dialog(web());
    QCOMPARE(childOf<QLineEdit>(&dialog, "authorEdit")->text(), ActivityLog::currentUser());
    QCOMPARE(childOf<QComboBox>(&dialog, "targetCombo")->count(), 2); // the finding, the whole check
    dialog.show();
    auto* error = childOf<QLabel>(&dialog, "evidenceNoteDialogError");

    dialog.accept(); // nothing written, nothing attached
    QVERIFY(dialog.isVisible());
    QVERIFY(!error->isHidden());
    QVERIFY(error->text().contains(QLatin1String("note or add a file")));

    childOf<QPlainTextEdit>(&dialog, "noteEdit")->setPlainText(QStringLiteral("Owner asked"));
    childOf<QLineEdit>(&dialog, "authorEdit")->setText(QStringLiteral("   "));
    dialog.accept(); // no author
    QVERIFY(dialog.isVisible());
    QVERIFY(error->text().contains(QLatin1String("author")));

    childOf<QLineEdit>(&dialog, "authorEdit")->setText(QStringLiteral("Ann"));
    dialog.addFiles({m_dir.filePath(QStringLiteral("no-such-file.txt"))});
    dialog.accept(); // a file that cannot be read
    QVERIFY(dialog.isVisible());
    QVERIFY(error->text().contains(QLatin1String("no-such-file.txt")));

    const QString big = m_dir.filePath(QStringLiteral("big.bin"));
    QFile file(big);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(Workspace::MaxEvidenceBytes + 1));
    file.close();
    childOf<QListWidget>(&dialog, "filesList")->clear();
    dialog.addFiles({big});
    dialog.accept(); // too large
    QVERIFY(dialog.isVisible());
    QVERIFY2(error->text().contains(QLatin1String("at most 20.0 MiB")), qPrintable(error->text()));

    childOf<QListWidget>(&dialog, "filesList")->clear();
    dialog.accept();
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.author(), QStringLiteral("Ann"));
    QCOMPARE(dialog.subject(), EvidenceSubject::ofFinding(web()));
}

void tst_EvidenceCapture::dialogSavesNoteAndFilesTogether()
{
    const QString path = m_dir.filePath(QStringLiteral("ps.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("PID USER CMD\n1 root dockerd\n");
    file.close();
    QLabel picture(QStringLiteral("the window"));
    picture.resize(120, 40);
    auto png = WindowCapture::png(&picture);
    QVERIFY2(png, qPrintable(png.errorMessage()));

    EvidenceNoteDialog dialog(web());
    childOf<QPlainTextEdit>(&dialog, "noteEdit")->setPlainText(QStringLiteral("Seen running as root"));
    dialog.addFiles({path, path}); // listed once
    dialog.addCapture(WindowCapture::fileName(QDateTime(QDate(2026, 11, 30), QTime(8, 1, 2), Qt::UTC)), png.value());
    QCOMPARE(childOf<QListWidget>(&dialog, "filesList")->count(), 2);
    dialog.show();
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    auto saved = dialog.save(*m_fx.workspace);
    QVERIFY2(saved, qPrintable(saved.errorMessage()));
    QCOMPARE(saved->size(), 2);

    auto listed = m_fx.workspace->evidence(EvidenceSubject::ofFinding(web()));
    QVERIFY(listed);
    QCOMPARE(listed->size(), 2);
    QCOMPARE(listed->at(0).fileName, QStringLiteral("screenshot-20261130T080102Z.png"));
    QCOMPARE(listed->at(0).note, QStringLiteral("Seen running as root"));
    QCOMPARE(listed->at(0).addedBy, ActivityLog::currentUser());
    QCOMPARE(m_fx.workspace->attachmentBytes(listed->at(0).id).value(), png.value());
    QCOMPARE(listed->at(1).fileName, QStringLiteral("ps.txt"));
    QVERIFY(m_fx.workspace->verify()->ok());
}

void tst_EvidenceCapture::dialogForAWholeCheck()
{
    EvidenceNoteDialog fromFinding(web());
    auto* target = childOf<QComboBox>(&fromFinding, "targetCombo");
    target->setCurrentIndex(1);
    QCOMPARE(fromFinding.subject(), EvidenceSubject::ofCheck(QStringLiteral("container.user-not-root")));

    EvidenceNoteDialog checkOnly(QStringLiteral("host.process-baseline"));
    QCOMPARE(childOf<QComboBox>(&checkOnly, "targetCombo")->count(), 1);
    QCOMPARE(checkOnly.subject(), EvidenceSubject::ofCheck(QStringLiteral("host.process-baseline")));
}

void tst_EvidenceCapture::paneListsNotesEscaped()
{
    const Finding finding = web();
    QVERIFY(m_fx.workspace->addNote(EvidenceSubject::ofFinding(finding), HostileNote, HostileAuthor));
    QVERIFY(m_fx.workspace->attachEvidence(EvidenceSubject::ofFinding(finding), HostileFile, "MZ", QString(),
                                           QStringLiteral("bob")));
    QVERIFY(m_fx.workspace->addNote(EvidenceSubject::ofCheck(finding.checkId), QStringLiteral("Fleet-wide: tracked"),
                                    QStringLiteral("carol")));
    EvidencePane pane;
    pane.resize(700, 900);
    pane.setWorkspace(m_fx.workspace.get());
    pane.showFinding(finding);
    const QString text = childOf<QTextEdit>(&pane, "evidenceView")->toPlainText();
    QVERIFY2(text.contains(QLatin1String("Notes and files (4)")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("Notes and files on the whole check (1)")));
    QVERIFY(text.contains(QLatin1String("Fleet-wide: tracked")));
    // Newest first: the hostile file, then the hostile note, then the dialog's screenshot.
    const qsizetype file = text.indexOf(QLatin1String("<img src=x>"));
    const qsizetype note = text.indexOf(QLatin1String("<b>bold</b>"));
    const qsizetype shot = text.indexOf(QLatin1String("screenshot-20261130T080102Z.png"));
    QVERIFY2(file > 0 && note > file && shot > note, qPrintable(text));
    QVERIFY(text.contains(QLatin1String("\\u202egnp.exe")));
    QVERIFY(text.contains(QLatin1String("<i>mallory</i>\\x07")));
    QVERIFY(text.contains(QLatin1String("\\x1b[2J\\u202eevil")));
    QVERIFY(text.contains(QLatin1String("second line"))); // a note keeps its lines
    // The dialog's two files share one note: shown once, after both.
    QCOMPARE(text.count(QLatin1String("Seen running as root")), 1);
    QVERIFY(text.indexOf(QLatin1String("Seen running as root")) > text.indexOf(QLatin1String("File ps.txt")));
    QVERIFY(!text.contains(QChar(0x1b)));
    QVERIFY(!text.contains(QChar(0x202e)));
    QVERIFY(!text.contains(QChar(0x07)));
    const QString sha = m_fx.workspace->evidence(EvidenceSubject::ofFinding(finding))->constFirst().sha256;
    QVERIFY(text.contains(QStringLiteral("sha256 ") + sha.left(16)));
    // Markup is text: nothing became bold or an image.
    QVERIFY(!childOf<QTextEdit>(&pane, "evidenceView")->toHtml().contains(QLatin1String("<img src=x>")));
}

// A second scan: the finding has a new id, its notes are still shown, under its history.
void tst_EvidenceCapture::notesFollowTheFindingIntoTheNextScan()
{
    const Finding before = web();
    auto scan = m_fx.workspace->beginScan(QStringLiteral("bulkhead 0.1.0"));
    QVERIFY(scan);
    Finding again = before;
    again.id = 0;
    again.scanId = scan.value();
    again.evidence.clear();
    QVERIFY(m_fx.workspace->replaceFindings(scan.value(), m_fx.hostA, {again}));
    QVERIFY(m_fx.workspace->finishScan(scan.value(), ScanState::Complete));
    auto latest = m_fx.workspace->findings(scan.value(), false);
    QVERIFY(latest);
    QCOMPARE(latest->size(), 1);
    QVERIFY(latest->constFirst().id != before.id);

    EvidencePane pane;
    pane.setWorkspace(m_fx.workspace.get());
    pane.showFinding(latest->constFirst());
    const QString text = childOf<QTextEdit>(&pane, "evidenceView")->toPlainText();
    const qsizetype history = text.indexOf(QLatin1String("History (2 scan(s))"));
    const qsizetype notes = text.indexOf(QLatin1String("Notes and files (4)"));
    QVERIFY2(history > 0 && notes > history, qPrintable(text));
    QVERIFY(text.indexOf(QLatin1String("Rationale")) > notes);
}

void tst_EvidenceCapture::windowCaptureIsAPng()
{
    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    layout->addWidget(new QLabel(QStringLiteral("Bulkhead")));
    layout->addWidget(new QPushButton(QStringLiteral("Scan")));
    window.resize(320, 200);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto png = WindowCapture::png(&window);
    QVERIFY2(png, qPrintable(png.errorMessage()));
    QVERIFY(png->startsWith("\x89PNG\r\n\x1a\n"));
    const QImage image = QImage::fromData(png.value(), "PNG");
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), window.size() * window.devicePixelRatio());
    QVERIFY(!WindowCapture::png(nullptr));
    QCOMPARE(WindowCapture::fileName(QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC)),
             QStringLiteral("screenshot-20260102T030405Z.png"));
}

QTEST_MAIN(tst_EvidenceCapture)
#include "tst_evidencecapture.moc"
