// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Finding.h"
#include "domain/Waiver.h"

#include <QDialog>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace bulkhead {

// Grants a waiver on a failing finding: which findings of its check it covers (this container, every
// container with a label, the host, the host's zone), why, who approved it, the risk accepted, a
// compensating control and until when. Validates (Waiver::validate) before it closes; the caller stores it.
class WaiverDialog : public QDialog
{
    Q_OBJECT
public:
    // `zone`: the zone of the finding's host ("" when it is in none: the zone scope is not offered).
    WaiverDialog(const Finding& finding, const QString& zone, QWidget* parent = nullptr);

    // The waiver as filled in (valid once the dialog was accepted).
    Waiver waiver() const;

    void accept() override;

private:
    void updateTarget();

    Finding m_finding;
    QString m_zone;
    QComboBox* m_scopeCombo = nullptr;
    QLineEdit* m_labelEdit = nullptr; // key=value, for the label scope
    QLabel* m_targetLabel = nullptr;
    QPlainTextEdit* m_justificationEdit = nullptr;
    QLineEdit* m_approverEdit = nullptr;
    QComboBox* m_riskCombo = nullptr;
    QLineEdit* m_controlEdit = nullptr;
    QDateEdit* m_expiresEdit = nullptr;
    QLabel* m_errorLabel = nullptr;
};

} // namespace bulkhead
