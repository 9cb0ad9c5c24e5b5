// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/HostSpec.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace bulkhead {

// Asks where to scan: [user@]addr[:port], the private key, the known_hosts file, and whether an
// unknown host key may be trusted on first use (off by default). Validates before it closes.
class ScanDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ScanDialog(QWidget* parent = nullptr);

    void setHost(const QString& host);
    void setIdentityFile(const QString& path);
    void setKnownHostsFile(const QString& path);
    void setAcceptNew(bool acceptNew);

    QString host() const;
    QString identityFile() const;
    QString knownHostsFile() const;
    bool acceptNew() const;
    Result<HostSpec> hostSpec() const;

    void accept() override;

private:
    void browseIdentity();
    void browseKnownHosts();
    void showError(const QString& message);

    QLineEdit* m_hostEdit = nullptr;
    QLineEdit* m_identityEdit = nullptr;
    QLineEdit* m_knownHostsEdit = nullptr;
    QCheckBox* m_acceptNewCheck = nullptr;
    QLabel* m_errorLabel = nullptr;
};

} // namespace bulkhead
