// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/EvidenceNoteDialog.h"

#include "checks/CheckCatalog.h"
#include "dialogs/FormRows.h"
#include "store/ActivityLog.h"
#include "store/Workspace.h"
#include "text/SafeText.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace bulkhead {

namespace {

// A list row holds either a path on disk or, for a capture, the bytes themselves.
constexpr int PathRole = Qt::UserRole;
constexpr int BytesRole = Qt::UserRole + 1;
constexpr int NameRole = Qt::UserRole + 2;

QString sizeText(qint64 bytes)
{
    return bytes < 1024 * 1024 ? EvidenceNoteDialog::tr("%1 KiB").arg((bytes + 1023) / 1024)
                               : EvidenceNoteDialog::tr("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

} // namespace

EvidenceNoteDialog::EvidenceNoteDialog(const Finding& finding, QWidget* parent)
    : EvidenceNoteDialog(std::optional<Finding>(finding), finding.checkId, parent)
{}

EvidenceNoteDialog::EvidenceNoteDialog(const QString& checkId, QWidget* parent)
    : EvidenceNoteDialog(std::nullopt, checkId, parent)
{}

EvidenceNoteDialog::EvidenceNoteDialog(const std::optional<Finding>& finding, const QString& checkId, QWidget* parent)
    : QDialog(parent)
    , m_finding(finding)
    , m_checkId(checkId)
{
    setWindowTitle(tr("Add note or evidence"));
    setObjectName(QStringLiteral("evidenceNoteDialog"));
    const CheckDefinition* check = CheckCatalog::instance().find(checkId);

    auto* checkLabel = new QLabel(this);
    checkLabel->setTextFormat(Qt::PlainText);
    checkLabel->setWordWrap(true);
    checkLabel->setText((check ? check->title + QStringLiteral("\n") : QString()) + SafeText::visibleLine(checkId));

    m_targetCombo = new QComboBox(this);
    m_targetCombo->setObjectName(QStringLiteral("targetCombo"));
    if (m_finding) {
        const Subject& s = m_finding->subject;
        m_targetCombo->addItem(tr("This finding: %1 %2 on %3 (kept in later scans)")
                                   .arg(subjectKindToString(s.kind),
                                        SafeText::visibleLine(s.name.isEmpty() ? s.id : s.name).left(80),
                                        SafeText::visibleLine(m_finding->hostName).left(80)),
                               true);
    }
    m_targetCombo->addItem(tr("The whole check, every host and subject"), false);

    m_noteEdit = new QPlainTextEdit(this);
    m_noteEdit->setObjectName(QStringLiteral("noteEdit"));
    m_noteEdit->setPlaceholderText(tr("What you saw, asked or decided"));
    m_noteEdit->setTabChangesFocus(true);
    m_noteEdit->setFixedHeight(m_noteEdit->fontMetrics().lineSpacing() * 6);

    m_authorEdit = new QLineEdit(ActivityLog::currentUser(), this);
    m_authorEdit->setObjectName(QStringLiteral("authorEdit"));
    m_authorEdit->setPlaceholderText(tr("Who writes it"));

    m_filesList = new QListWidget(this);
    QWidget* filesRow = FormRows::filesRow(m_filesList, this, [this] { browseFiles(); });

    m_errorLabel = FormRows::errorLabel(QStringLiteral("evidenceNoteDialogError"), this);

    auto* form = new QFormLayout;
    form->addRow(tr("Check:"), checkLabel);
    form->addRow(tr("For:"), m_targetCombo);
    form->addRow(tr("Note:"), m_noteEdit);
    form->addRow(tr("Author:"), m_authorEdit);
    form->addRow(tr("Files:"), filesRow);
    form->addRow(QString(), FormRows::note(tr("Files are copied into the workspace with their sha256 (at most %1 MiB "
                                              "each) and can never be changed; the note and every file are "
                                              "recorded in the activity log with the author and time.")
                                               .arg(Workspace::MaxEvidenceBytes / (1024 * 1024)),
                                           this));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add to the workspace"));
    connect(buttons, &QDialogButtonBox::accepted, this, &EvidenceNoteDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &EvidenceNoteDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_errorLabel);
    layout->addWidget(buttons);
    resize(580, sizeHint().height());
    m_noteEdit->setFocus();
}

EvidenceSubject EvidenceNoteDialog::subject() const
{
    if (m_finding && m_targetCombo->currentData().toBool())
        return EvidenceSubject::ofFinding(*m_finding);
    return EvidenceSubject::ofCheck(m_checkId);
}

QString EvidenceNoteDialog::note() const
{
    return m_noteEdit->toPlainText().trimmed();
}

QString EvidenceNoteDialog::author() const
{
    return m_authorEdit->text().trimmed();
}

QStringList EvidenceNoteDialog::files() const
{
    QStringList paths;
    for (int row = 0; row < m_filesList->count(); ++row) {
        const QString path = m_filesList->item(row)->data(PathRole).toString();
        if (!path.isEmpty())
            paths << path;
    }
    return paths;
}

void EvidenceNoteDialog::addFiles(const QStringList& paths)
{
    QStringList already = files();
    for (const QString& path : paths) {
        if (already.contains(path))
            continue;
        already << path;
        const QFileInfo info(path);
        auto* item = new QListWidgetItem(
            QStringLiteral("%1  (%2)").arg(SafeText::visibleLine(info.fileName()), sizeText(info.size())), m_filesList);
        item->setData(PathRole, path);
        item->setToolTip(SafeText::visibleLine(QDir::toNativeSeparators(path)));
    }
}

void EvidenceNoteDialog::addCapture(const QString& fileName, const QByteArray& bytes)
{
    auto* item = new QListWidgetItem(
        tr("%1  (%2, taken now)").arg(SafeText::visibleLine(fileName), sizeText(bytes.size())), m_filesList);
    item->setData(BytesRole, bytes);
    item->setData(NameRole, fileName);
}

void EvidenceNoteDialog::browseFiles()
{
    addFiles(QFileDialog::getOpenFileNames(this, tr("Evidence files")));
}

Result<void> EvidenceNoteDialog::validate() const
{
    if (note().isEmpty() && m_filesList->count() == 0)
        return makeError(tr("Write a note or add a file."));
    if (author().isEmpty())
        return makeError(tr("Say who writes it: the author is kept with the note."));
    if (author().size() > 200)
        return makeError(tr("The author is at most 200 characters."));
    if (note().size() > Workspace::MaxNoteChars)
        return makeError(tr("The note is at most %1 characters.").arg(Workspace::MaxNoteChars));
    const QString limit = sizeText(Workspace::MaxEvidenceBytes);
    for (int row = 0; row < m_filesList->count(); ++row) {
        const QListWidgetItem* item = m_filesList->item(row);
        const QString path = item->data(PathRole).toString();
        if (path.isEmpty()) {
            if (item->data(BytesRole).toByteArray().size() > Workspace::MaxEvidenceBytes)
                return makeError(tr("%1 is larger than %2.").arg(item->data(NameRole).toString(), limit));
            continue;
        }
        const QFileInfo info(path);
        const QString shown = SafeText::visibleLine(QDir::toNativeSeparators(path));
        if (!info.isFile() || !info.isReadable())
            return makeError(tr("Cannot read %1.").arg(shown));
        if (info.size() > Workspace::MaxEvidenceBytes)
            return makeError(tr("%1 is %2; a file may be at most %3.").arg(shown, sizeText(info.size()), limit));
    }
    return {};
}

void EvidenceNoteDialog::accept()
{
    if (auto valid = validate(); !valid) {
        m_errorLabel->setText(valid.errorMessage());
        m_errorLabel->show();
        return;
    }
    QDialog::accept();
}

Result<QVector<qint64>> EvidenceNoteDialog::save(Workspace& workspace) const
{
    if (auto valid = validate(); !valid)
        return valid.error();
    QVector<Workspace::EvidenceFile> files;
    for (int row = 0; row < m_filesList->count(); ++row) {
        const QListWidgetItem* item = m_filesList->item(row);
        const QString path = item->data(PathRole).toString();
        if (path.isEmpty()) {
            files.append({item->data(NameRole).toString(), item->data(BytesRole).toByteArray()});
            continue;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(tr("Cannot read %1: %2").arg(SafeText::visibleLine(path), file.errorString()));
        // One byte over the limit is enough for addEvidence to refuse a file that grew since.
        files.append({QFileInfo(path).fileName(), file.read(Workspace::MaxEvidenceBytes + 1)});
    }
    return workspace.addEvidence(subject(), files, note(), author());
}

} // namespace bulkhead
