// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/CredentialsDialog.h"

#include "ssh/SecretBytes.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace bulkhead {

namespace {

QLabel* plainLabel(const QString& text, const QString& name, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText); // server text: never rich text, never a link
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

CredentialsDialog::CredentialsDialog(const CredentialRequest& request, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("credentialsDialog"));
    setModal(true);
    QString title;
    QString intro;
    switch (request.kind) {
    case CredentialRequest::Kind::KeyPassphrase:
        title = tr("Key passphrase");
        intro = tr("The private key %1 is encrypted. Its passphrase is kept in memory until this scan ends, "
                   "never stored.")
                    .arg(request.keyFile);
        break;
    case CredentialRequest::Kind::Password:
        title = tr("Password");
        intro = tr("Password login to %1. The password is used once and never stored.").arg(request.target);
        break;
    case CredentialRequest::Kind::KeyboardInteractive:
        title = tr("Login question");
        intro = tr("%1 asks (keyboard-interactive). The answer is used once and never stored.").arg(request.target);
        break;
    }
    setWindowTitle(title);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(plainLabel(intro, QStringLiteral("credentialsIntro"), this));
    if (request.attempt > 1) {
        auto* retry =
            plainLabel(request.kind == CredentialRequest::Kind::KeyPassphrase
                           ? tr("That passphrase did not decrypt the key. Attempt %1 of 3.").arg(request.attempt)
                           : tr("The server refused that answer. Attempt %1 of 3.").arg(request.attempt),
                       QStringLiteral("credentialsRetry"), this);
        retry->setStyleSheet(QStringLiteral("color: #c62828;"));
        layout->addWidget(retry);
    }
    if (!request.instruction.isEmpty()) {
        layout->addWidget(plainLabel(request.instruction, QStringLiteral("credentialsInstruction"), this));
    }
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("credentialsEdit"));
    m_edit->setEchoMode(request.echo ? QLineEdit::Normal : QLineEdit::Password);
    // No completer, no drag out, no context-menu copy of the secret.
    m_edit->setContextMenuPolicy(Qt::NoContextMenu);
    m_edit->setDragEnabled(false);
    auto* form = new QFormLayout;
    form->addRow(plainLabel(request.prompt, QStringLiteral("credentialsPrompt"), this), m_edit);
    layout->addLayout(form);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("credentialsOk"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("credentialsCancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(460);
    m_edit->setFocus();
}

QByteArray CredentialsDialog::takeSecret()
{
    QString text = m_edit->text();
    m_edit->clear();
    QByteArray utf8 = text.toUtf8();
    SecretBytes::zero(text);
    return utf8;
}

} // namespace bulkhead
