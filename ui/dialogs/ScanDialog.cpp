// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/ScanDialog.h"

#include "dialogs/CommandsDialog.h"
#include "dialogs/FormRows.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace bulkhead {

ScanDialog::ScanDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Scan host"));
    setObjectName(QStringLiteral("scanDialog"));

    m_hostEdit = new QLineEdit(this);
    m_hostEdit->setObjectName(QStringLiteral("hostEdit"));
    m_hostEdit->setPlaceholderText(tr("user@203.0.113.10:22"));
    m_hostEdit->setClearButtonEnabled(true);

    m_identityEdit = new QLineEdit(this);
    m_identityEdit->setObjectName(QStringLiteral("identityEdit"));
    m_identityEdit->setPlaceholderText(tr("Private key file; empty: ssh-agent only"));

    m_knownHostsEdit = new QLineEdit(this);
    m_knownHostsEdit->setObjectName(QStringLiteral("knownHostsEdit"));
    m_knownHostsEdit->setPlaceholderText(tr("OpenSSH known_hosts file"));

    const QString ssh = QDir::home().filePath(QStringLiteral(".ssh"));
    for (const char* name : {"id_ed25519", "id_ecdsa", "id_rsa"}) {
        const QString candidate = QDir(ssh).filePath(QLatin1String(name));
        if (QFileInfo::exists(candidate)) {
            m_identityEdit->setText(candidate);
            break;
        }
    }
    m_knownHostsEdit->setText(QDir(ssh).filePath(QStringLiteral("known_hosts")));

    m_acceptNewCheck = new QCheckBox(tr("Trust an unknown host key"), this);
    m_acceptNewCheck->setObjectName(QStringLiteral("acceptNewCheck"));
    m_acceptNewCheck->setChecked(false);

    m_sshConfigCheck = new QCheckBox(tr("Use ~/.ssh/config"), this);
    m_sshConfigCheck->setObjectName(QStringLiteral("sshConfigCheck"));
    m_sshConfigCheck->setChecked(false);
    m_passwordAuthCheck = new QCheckBox(tr("Allow password login"), this);
    m_passwordAuthCheck->setObjectName(QStringLiteral("passwordAuthCheck"));
    m_passwordAuthCheck->setChecked(false);

    m_sudoCheck = new QCheckBox(tr("Use sudo -n for the probes that need privilege"), this);
    m_sudoCheck->setObjectName(QStringLiteral("sudoCheck"));
    m_sudoCheck->setChecked(false);
    auto* commandsButton = new QPushButton(tr("Show commands…"), this);
    commandsButton->setObjectName(QStringLiteral("showCommandsButton"));
    connect(commandsButton, &QPushButton::clicked, this, &ScanDialog::showCommands);
    auto* sudoRow = new QWidget(this);
    auto* sudoLayout = new QHBoxLayout(sudoRow);
    sudoLayout->setContentsMargins(0, 0, 0, 0);
    sudoLayout->addWidget(m_sudoCheck, 1);
    sudoLayout->addWidget(commandsButton);

    m_errorLabel = FormRows::errorLabel(QStringLiteral("scanDialogError"), this);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Host:"), m_hostEdit);
    form->addRow(QString(), FormRows::note(tr("[user@]address[:port]; IPv6 in brackets, e.g. [::1]:2222."), this));
    form->addRow(tr("&Identity file:"), FormRows::withBrowseButton(m_identityEdit, QStringLiteral("identityBrowse"),
                                                                   this, [this] { browseIdentity(); }));
    form->addRow(tr("&Known hosts:"), FormRows::withBrowseButton(m_knownHostsEdit, QStringLiteral("knownHostsBrowse"),
                                                                 this, [this] { browseKnownHosts(); }));
    form->addRow(QString(), m_acceptNewCheck);
    form->addRow(QString(),
                 FormRows::note(tr("Only for a host never seen before: its key is added to the known hosts file "
                                   "(accept-new). A key that differs from a recorded one is always refused."),
                                this));
    form->addRow(QString(), m_sshConfigCheck);
    form->addRow(QString(),
                 FormRows::note(tr("The host may then be an alias: HostName, User, Port, IdentityFile and ProxyJump "
                                   "come from the file. Its host-key settings are ignored."),
                                this));
    form->addRow(QString(), m_passwordAuthCheck);
    form->addRow(QString(),
                 FormRows::note(tr("Password and keyboard-interactive login, asked in a dialog when keys are not "
                                   "enough. Passwords and passphrases are never stored."),
                                this));
    form->addRow(QString(), sudoRow);
    form->addRow(QString(),
                 FormRows::note(tr("For a login user that is neither root nor in the docker group. sudo never "
                                   "prompts: a probe sudo refuses is recorded as permission denied."),
                                this));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Scan"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("scanOkButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ScanDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ScanDialog::reject);

    auto* intro = new QLabel(tr("Bulkhead connects over SSH, verifies the host key against the known hosts file, "
                                "and runs read-only commands: Docker, the daemon's configuration, host logging and "
                                "audit settings, users and processes, Swarm and Kubernetes. Findings and evidence are "
                                "stored in the open workspace."),
                             this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addWidget(m_errorLabel);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(600);
}

void ScanDialog::setHost(const QString& host)
{
    m_hostEdit->setText(host);
}

void ScanDialog::setIdentityFile(const QString& path)
{
    m_identityEdit->setText(path);
}

void ScanDialog::setKnownHostsFile(const QString& path)
{
    m_knownHostsEdit->setText(path);
}

void ScanDialog::setAcceptNew(bool acceptNew)
{
    m_acceptNewCheck->setChecked(acceptNew);
}

QString ScanDialog::host() const
{
    return m_hostEdit->text().trimmed();
}

QString ScanDialog::identityFile() const
{
    return m_identityEdit->text().trimmed();
}

QString ScanDialog::knownHostsFile() const
{
    return m_knownHostsEdit->text().trimmed();
}

bool ScanDialog::acceptNew() const
{
    return m_acceptNewCheck->isChecked();
}

void ScanDialog::setUseSshConfig(bool use)
{
    m_sshConfigCheck->setChecked(use);
}

void ScanDialog::setPasswordAuth(bool allow)
{
    m_passwordAuthCheck->setChecked(allow);
}

void ScanDialog::setAccess(AccessMode access)
{
    m_sudoCheck->setChecked(access == AccessMode::Sudo);
}

AccessMode ScanDialog::access() const
{
    return m_sudoCheck->isChecked() ? AccessMode::Sudo : AccessMode::Direct;
}

void ScanDialog::showCommands()
{
    CommandsDialog dialog(access(), this);
    dialog.exec();
    setAccess(dialog.access());
}

bool ScanDialog::useSshConfig() const
{
    return m_sshConfigCheck->isChecked();
}

bool ScanDialog::passwordAuth() const
{
    return m_passwordAuthCheck->isChecked();
}

Result<HostSpec> ScanDialog::hostSpec() const
{
    return HostSpec::parse(host());
}

void ScanDialog::accept()
{
    const auto spec = hostSpec();
    if (!spec) {
        showError(spec.errorMessage());
        m_hostEdit->setFocus();
        return;
    }
    if (knownHostsFile().isEmpty()) {
        showError(tr("A known hosts file is required: host keys are always verified."));
        m_knownHostsEdit->setFocus();
        return;
    }
    if (!identityFile().isEmpty() && !QFileInfo(identityFile()).isFile()) {
        showError(tr("The identity file does not exist: %1").arg(identityFile()));
        m_identityEdit->setFocus();
        return;
    }
    QDialog::accept();
}

void ScanDialog::browseIdentity()
{
    const QString start = identityFile().isEmpty() ? QDir::home().filePath(QStringLiteral(".ssh")) : identityFile();
    const QString path = QFileDialog::getOpenFileName(this, tr("Private key"), start);
    if (!path.isEmpty())
        m_identityEdit->setText(path);
}

void ScanDialog::browseKnownHosts()
{
    const QString start = knownHostsFile().isEmpty() ? QDir::home().filePath(QStringLiteral(".ssh")) : knownHostsFile();
    // A known_hosts file may not exist yet (accept-new creates it), so ask for a save name.
    const QString path = QFileDialog::getSaveFileName(this, tr("Known hosts file"), start, QString(), nullptr,
                                                      QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        m_knownHostsEdit->setText(path);
}

void ScanDialog::showError(const QString& message)
{
    m_errorLabel->setText(message);
    m_errorLabel->show();
}

} // namespace bulkhead
