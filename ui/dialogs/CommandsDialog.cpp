// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/CommandsDialog.h"

#include "probes/Probe.h"
#include "probes/ProbeCommands.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bulkhead {

namespace {

enum Column
{
    ProbeColumn,
    NeedsColumn,
    RunsAsColumn,
    TipsColumn,
    CollectsColumn,
};

QString tipsText(const Probe& probe)
{
    QStringList tips;
    for (int tip : probe.tips)
        tips << QString::number(tip);
    if (tips.isEmpty() && probe.tip > 0)
        tips << QString::number(probe.tip);
    return tips.join(QStringLiteral(", "));
}

bool validSudoersUser(const QString& user)
{
    static const QRegularExpression pattern(QStringLiteral("^%?[A-Za-z_][A-Za-z0-9._-]{0,31}$"));
    return user.isEmpty() || pattern.match(user).hasMatch();
}

} // namespace

CommandsDialog::CommandsDialog(AccessMode access, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Commands run on a host"));
    setObjectName(QStringLiteral("commandsDialog"));

    auto* intro = new QLabel(tr("A scan runs exactly these commands on every host, read-only, in this order. They "
                                "are fixed: nothing that comes back from a host is ever put into a command."),
                             this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);

    m_accessCombo = new QComboBox(this);
    m_accessCombo->setObjectName(QStringLiteral("accessCombo"));
    m_accessCombo->addItem(tr("As the login user (root, or a user in the docker group)"),
                           static_cast<int>(AccessMode::Direct));
    m_accessCombo->addItem(tr("With sudo -n for the probes that need privilege"), static_cast<int>(AccessMode::Sudo));
    m_accessCombo->setCurrentIndex(access == AccessMode::Sudo ? 1 : 0);
    connect(m_accessCombo, &QComboBox::currentIndexChanged, this, &CommandsDialog::fill);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("commandsTree"));
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setHeaderLabels({tr("Probe"), tr("Needs"), tr("Runs as"), tr("Tips"), tr("Collects")});
    m_tree->header()->setStretchLastSection(true);
    m_tree->setTextElideMode(Qt::ElideRight);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &CommandsDialog::showSelected);

    m_detail = new QPlainTextEdit(this);
    m_detail->setObjectName(QStringLiteral("commandDetail"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setLineWrapMode(QPlainTextEdit::WidgetWidth);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    m_userEdit = new QLineEdit(this);
    m_userEdit->setObjectName(QStringLiteral("sudoersUserEdit"));
    m_userEdit->setPlaceholderText(tr("user or %group"));
    m_userEdit->setMaximumWidth(200);

    auto* copyCommands = new QPushButton(tr("Copy commands"), this);
    copyCommands->setObjectName(QStringLiteral("copyCommandsButton"));
    connect(copyCommands, &QPushButton::clicked, this, &CommandsDialog::copyCommands);
    auto* copySudoers = new QPushButton(tr("Copy sudoers allow-list"), this);
    copySudoers->setObjectName(QStringLiteral("copySudoersButton"));
    connect(copySudoers, &QPushButton::clicked, this, &CommandsDialog::copySudoers);
    auto* saveSudoers = new QPushButton(tr("Save sudoers file…"), this);
    saveSudoers->setObjectName(QStringLiteral("saveSudoersButton"));
    connect(saveSudoers, &QPushButton::clicked, this, &CommandsDialog::saveSudoers);

    auto* sudoRow = new QHBoxLayout;
    sudoRow->addWidget(new QLabel(tr("sudoers for:"), this));
    sudoRow->addWidget(m_userEdit);
    sudoRow->addWidget(copySudoers);
    sudoRow->addWidget(saveSudoers);
    sudoRow->addStretch(1);
    sudoRow->addWidget(copyCommands);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &CommandsDialog::reject);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Access:"), this));
    top->addWidget(m_accessCombo, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addLayout(sudoRow);
    layout->addWidget(buttons);
    resize(960, 620);
    fill();
}

AccessMode CommandsDialog::access() const
{
    return m_accessCombo->currentIndex() == 1 ? AccessMode::Sudo : AccessMode::Direct;
}

void CommandsDialog::setAccess(AccessMode access)
{
    m_accessCombo->setCurrentIndex(access == AccessMode::Sudo ? 1 : 0);
}

void CommandsDialog::fill()
{
    const AccessMode mode = access();
    m_tree->clear();
    for (const Probe& probe : ProbeCommands::plan(mode)) {
        auto* item = new QTreeWidgetItem(m_tree);
        item->setText(ProbeColumn, probe.name);
        item->setText(NeedsColumn, privilegeName(probe.privilege));
        const bool elevated = mode == AccessMode::Sudo && probe.needsPrivilege();
        item->setText(RunsAsColumn, elevated ? tr("root (sudo -n)") : tr("login user"));
        item->setText(TipsColumn, tipsText(probe));
        // What it collects in the table (every command starts with the same prologue); the whole
        // command below when selected.
        item->setText(CollectsColumn, probe.description.section(QStringLiteral(". "), 0, 0));
        item->setToolTip(ProbeColumn, probe.description);
        item->setData(ProbeColumn, Qt::UserRole, probe.command);
        item->setData(ProbeColumn, Qt::UserRole + 1, probe.description);
    }
    for (int column = ProbeColumn; column < CollectsColumn; ++column)
        m_tree->resizeColumnToContents(column);
    if (m_tree->topLevelItemCount() > 0)
        m_tree->setCurrentItem(m_tree->topLevelItem(0));
}

void CommandsDialog::showSelected()
{
    const QTreeWidgetItem* item = m_tree->currentItem();
    if (!item) {
        m_detail->clear();
        return;
    }
    m_detail->setPlainText(QStringLiteral("# %1: %2\n%3")
                               .arg(item->text(ProbeColumn), item->data(ProbeColumn, Qt::UserRole + 1).toString(),
                                    item->data(ProbeColumn, Qt::UserRole).toString()));
}

QString CommandsDialog::commandsText() const
{
    return ProbeCommands::commandLines(access()).join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString CommandsDialog::sudoersText() const
{
    const QString user = m_userEdit->text().trimmed();
    return ProbeCommands::sudoersAllowList(validSudoersUser(user) ? user : QString());
}

void CommandsDialog::copyCommands()
{
    QApplication::clipboard()->setText(commandsText());
}

void CommandsDialog::copySudoers()
{
    if (!validSudoersUser(m_userEdit->text().trimmed())) {
        QMessageBox::warning(this, windowTitle(),
                             tr("A sudoers user is a user name or %group (letters, digits, . _ -)."));
        return;
    }
    QApplication::clipboard()->setText(sudoersText());
}

void CommandsDialog::saveSudoers()
{
    if (!validSudoersUser(m_userEdit->text().trimmed())) {
        QMessageBox::warning(this, windowTitle(),
                             tr("A sudoers user is a user name or %group (letters, digits, . _ -)."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Save sudoers file"), QStringLiteral("bulkhead"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    const QByteArray bytes = sudoersText().toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        QMessageBox::critical(this, windowTitle(), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    // sudo reads only files that are not writable by others; 0440 as visudo would leave it.
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::ReadGroup);
}

} // namespace bulkhead
