// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/AccessMode.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QTreeWidget;

namespace bulkhead {

// The dry run of the window: every command a scan runs on a host, for the chosen access, exactly as
// it is sent, with what each one collects and why. Copies the commands, and the sudoers allow-list an
// administrator installs for `sudo -n` scans. Nothing here connects anywhere.
class CommandsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CommandsDialog(AccessMode access, QWidget* parent = nullptr);

    AccessMode access() const;
    void setAccess(AccessMode access);

    // What the copy buttons put on the clipboard.
    QString commandsText() const;
    QString sudoersText() const;

private:
    void fill();
    void showSelected();
    void copyCommands();
    void copySudoers();
    void saveSudoers();

    QComboBox* m_accessCombo = nullptr;
    QTreeWidget* m_tree = nullptr;
    QPlainTextEdit* m_detail = nullptr;
    QLineEdit* m_userEdit = nullptr;
};

} // namespace bulkhead
