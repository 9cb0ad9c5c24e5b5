// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Attestation.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace bulkhead {

// Records the verdict on a manual check (host hardened, trusted base images, key rotation, ...) for a host
// or its whole zone: pass or fail, the justification, the auditor, a reviewer who is someone else, an
// optional expiry, and evidence files that the workspace keeps with their sha256. Validates
// (Attestation::validate, files readable) before it closes; the caller stores it.
class AttestationDialog : public QDialog
{
    Q_OBJECT
public:
    // `zone`: the host's zone ("" when it is in none: the zone target is not offered).
    AttestationDialog(const QString& checkId, const QString& hostName, const QString& zone, QWidget* parent = nullptr);

    Attestation attestation() const;
    QStringList files() const;
    void addFiles(const QStringList& paths);

    void accept() override;

private:
    void browseFiles();

    QString m_checkId;
    QString m_hostName;
    QString m_zone;
    QComboBox* m_targetCombo = nullptr;
    QComboBox* m_statusCombo = nullptr;
    QPlainTextEdit* m_justificationEdit = nullptr;
    QLineEdit* m_auditorEdit = nullptr;
    QLineEdit* m_reviewerEdit = nullptr;
    QCheckBox* m_expiresCheck = nullptr;
    QDateEdit* m_expiresEdit = nullptr;
    QListWidget* m_filesList = nullptr;
    QLabel* m_errorLabel = nullptr;
};

} // namespace bulkhead
