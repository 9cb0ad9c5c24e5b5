// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/HostSpec.h"
#include "probes/AccessMode.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace bulkhead {

// Asks where to scan: [user@]addr[:port], the private key, the known_hosts file, whether an
// unknown host key may be trusted on first use, whether the host is an alias of ~/.ssh/config and
// whether password login may be asked for, whether privileged probes go through sudo -n (all off by
// default); shows the exact commands on request. Validates before it closes.
class ScanDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ScanDialog(QWidget* parent = nullptr);

    void setHost(const QString& host);
    void setIdentityFile(const QString& path);
    void setKnownHostsFile(const QString& path);
    void setAcceptNew(bool acceptNew);
    void setUseSshConfig(bool use);
    void setPasswordAuth(bool allow);
    void setAccess(AccessMode access);

    QString host() const;
    QString identityFile() const;
    QString knownHostsFile() const;
    bool acceptNew() const;
    bool useSshConfig() const; // resolve the host as an alias of ~/.ssh/config
    bool passwordAuth() const; // allow password / keyboard-interactive login (asked, never stored)
    AccessMode access() const; // sudo -n for the probes that need privilege, or as the login user
    Result<HostSpec> hostSpec() const;

    void accept() override;

private:
    void browseIdentity();
    void browseKnownHosts();
    void showCommands();
    void showError(const QString& message);

    QLineEdit* m_hostEdit = nullptr;
    QLineEdit* m_identityEdit = nullptr;
    QLineEdit* m_knownHostsEdit = nullptr;
    QCheckBox* m_acceptNewCheck = nullptr;
    QCheckBox* m_sshConfigCheck = nullptr;
    QCheckBox* m_passwordAuthCheck = nullptr;
    QCheckBox* m_sudoCheck = nullptr;
    QLabel* m_errorLabel = nullptr;
};

} // namespace bulkhead
