// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/EvidenceSubject.h"
#include "domain/Finding.h"

#include <QDialog>
#include <QStringList>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace bulkhead {

class Workspace;

// A note and evidence files for a finding (kept with its check and subject across scans) or for its whole
// check: the text, the author (the login name to start with), files from disk and pictures taken by the
// window (addCapture). Validated before it closes (text or a file, an author, files readable and at most
// 20 MiB); save() stores it all in one transaction.
class EvidenceNoteDialog : public QDialog
{
    Q_OBJECT
public:
    explicit EvidenceNoteDialog(const Finding& finding, QWidget* parent = nullptr);
    explicit EvidenceNoteDialog(const QString& checkId, QWidget* parent = nullptr);

    EvidenceSubject subject() const;
    QString note() const;
    QString author() const;
    QStringList files() const; // paths on disk
    void addFiles(const QStringList& paths);
    // A file made in memory (a screenshot from WindowCapture), listed with the files.
    void addCapture(const QString& fileName, const QByteArray& bytes);

    // Stores the note and files under subject(); the ids of the rows added.
    Result<QVector<qint64>> save(Workspace& workspace) const;

    void accept() override;

private:
    EvidenceNoteDialog(const std::optional<Finding>& finding, const QString& checkId, QWidget* parent);
    void browseFiles();
    Result<void> validate() const;

    std::optional<Finding> m_finding;
    QString m_checkId;
    QComboBox* m_targetCombo = nullptr;
    QPlainTextEdit* m_noteEdit = nullptr;
    QLineEdit* m_authorEdit = nullptr;
    QListWidget* m_filesList = nullptr;
    QLabel* m_errorLabel = nullptr;
};

} // namespace bulkhead
