// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/InventoryScanDialog.h"

#include "dialogs/FormRows.h"
#include "scan/FleetScanner.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace bulkhead {

InventoryScanDialog::InventoryScanDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Scan inventory"));
    setObjectName(QStringLiteral("inventoryScanDialog"));

    m_fileEdit = new QLineEdit(this);
    m_fileEdit->setObjectName(QStringLiteral("inventoryEdit"));
    m_fileEdit->setPlaceholderText(tr("Bulkhead inventory (YAML)"));
    connect(m_fileEdit, &QLineEdit::editingFinished, this, &InventoryScanDialog::refresh);

    m_zonesEdit = new QLineEdit(this);
    m_zonesEdit->setObjectName(QStringLiteral("zonesEdit"));
    m_zonesEdit->setPlaceholderText(tr("empty: every in-scope zone; else names, separated by commas"));
    connect(m_zonesEdit, &QLineEdit::editingFinished, this, &InventoryScanDialog::refresh);

    m_knownHostsEdit = new QLineEdit(this);
    m_knownHostsEdit->setObjectName(QStringLiteral("knownHostsEdit"));
    m_knownHostsEdit->setText(QDir::home().filePath(QStringLiteral(".ssh/known_hosts")));

    m_jobsSpin = new QSpinBox(this);
    m_jobsSpin->setObjectName(QStringLiteral("jobsSpin"));
    m_jobsSpin->setRange(1, ScanRequest::MaxJobs);
    m_jobsSpin->setValue(ScanRequest::DefaultJobs);
    m_jobsSpin->setSuffix(tr(" hosts at once"));

    m_sudoCheck = new QCheckBox(tr("Use sudo -n on every host (otherwise each host's own access setting)"), this);
    m_sudoCheck->setObjectName(QStringLiteral("sudoAllCheck"));

    m_preview = new QPlainTextEdit(this);
    m_preview->setObjectName(QStringLiteral("inventoryPreview"));
    m_preview->setReadOnly(true);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setPlaceholderText(tr("Choose an inventory file to see what it selects."));

    m_errorLabel = FormRows::errorLabel(QStringLiteral("inventoryScanError"), this);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Inventory:"), FormRows::withBrowseButton(m_fileEdit, QStringLiteral("inventoryBrowse"), this,
                                                               [this] { browseInventory(); }));
    form->addRow(tr("&Zones:"), m_zonesEdit);
    form->addRow(tr("&Known hosts:"), FormRows::withBrowseButton(m_knownHostsEdit, QStringLiteral("knownHostsBrowse"),
                                                                 this, [this] { browseKnownHosts(); }));
    form->addRow(tr("&Parallel:"), m_jobsSpin);
    form->addRow(QString(), m_sudoCheck);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Scan"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("inventoryScanOkButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &InventoryScanDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &InventoryScanDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("What the scan covers:"), this));
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_errorLabel);
    layout->addWidget(buttons);
    resize(720, 520);
}

void InventoryScanDialog::setInventoryFile(const QString& path)
{
    m_fileEdit->setText(path);
    refresh();
}

void InventoryScanDialog::setKnownHostsFile(const QString& path)
{
    m_knownHostsEdit->setText(path);
}

QString InventoryScanDialog::inventoryFile() const
{
    return m_fileEdit->text().trimmed();
}

QString InventoryScanDialog::knownHostsFile() const
{
    return m_knownHostsEdit->text().trimmed();
}

QStringList InventoryScanDialog::zones() const
{
    QStringList names;
    for (const QString& part : m_zonesEdit->text().split(u',', Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            names << part.trimmed();
    }
    return names;
}

int InventoryScanDialog::jobs() const
{
    return m_jobsSpin->value();
}

bool InventoryScanDialog::sudoForAll() const
{
    return m_sudoCheck->isChecked();
}

void InventoryScanDialog::refresh()
{
    m_plan.reset();
    m_errorLabel->hide();
    if (inventoryFile().isEmpty()) {
        m_preview->clear();
        return;
    }
    auto made = InventoryScanPlan::make(inventoryFile(), zones(), std::nullopt);
    if (!made) {
        m_preview->clear();
        m_errorLabel->setText(made.errorMessage());
        m_errorLabel->show();
        return;
    }
    m_plan = std::move(made).value();
    QStringList lines;
    for (const Zone& zone : m_plan->selection.zones) {
        lines << tr("zone %1 (%2 hosts)").arg(zone.name).arg(m_plan->selection.hostsInZone(zone.name).size());
        for (const InventoryHost& host : m_plan->selection.hostsInZone(zone.name))
            lines << QStringLiteral("  %1  %2  access: %3")
                         .arg(host.name, host.spec().toString(), accessModeName(host.access));
    }
    if (!m_plan->notes.isEmpty()) {
        lines << QString();
        lines << m_plan->notes;
    }
    // Plain text in a read-only editor: names from the file are shown, never interpreted.
    m_preview->setPlainText(lines.join(u'\n'));
}

void InventoryScanDialog::browseInventory()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open inventory"), inventoryFile(),
                                                      tr("Inventory (*.yaml *.yml);;All files (*)"));
    if (!path.isEmpty())
        setInventoryFile(path);
}

void InventoryScanDialog::browseKnownHosts()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Known hosts file"), knownHostsFile());
    if (!path.isEmpty())
        m_knownHostsEdit->setText(path);
}

void InventoryScanDialog::accept()
{
    refresh();
    if (!m_plan) {
        if (inventoryFile().isEmpty()) {
            m_errorLabel->setText(tr("Choose an inventory file."));
            m_errorLabel->show();
        }
        return;
    }
    if (knownHostsFile().isEmpty()) {
        m_errorLabel->setText(tr("A known hosts file is needed: host keys are always checked."));
        m_errorLabel->show();
        return;
    }
    QDialog::accept();
}

} // namespace bulkhead
