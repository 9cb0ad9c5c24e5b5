// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/CredentialRequest.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace bulkhead {

// Asks for one key passphrase, password or keyboard-interactive answer during a scan. Every text
// is shown as plain text: a keyboard-interactive prompt is written by the server. The answer is
// taken with takeSecret(), which empties the field; nothing is kept after the dialog closes.
class CredentialsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CredentialsDialog(const CredentialRequest& request, QWidget* parent = nullptr);

    // The typed answer as UTF-8, moved out of the field (the field and our copy are cleared).
    QByteArray takeSecret();

private:
    QLineEdit* m_edit = nullptr;
};

} // namespace bulkhead
