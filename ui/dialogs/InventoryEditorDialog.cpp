// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/InventoryEditorDialog.h"

#include "dialogs/FormRows.h"
#include "inventory/AnsibleInventoryImporter.h"
#include "inventory/InventoryParser.h"
#include "inventory/InventoryWriter.h"
#include "inventory/SshConfigImporter.h"
#include "text/SafeText.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace bulkhead {

namespace {

constexpr qint64 MaxInventoryFileBytes = 8 * 1024 * 1024; // the format's own bound

enum ZoneColumn
{
    ZoneNameColumn,
    ZoneScopeColumn,
    ZoneHostsColumn,
    ZoneColumnCount,
};

enum HostColumn
{
    HostNameColumn,
    HostAddressColumn,
    HostZoneColumn,
    HostAccessColumn,
    HostColumnCount,
};

// "[user@]host[:port]" as ssh takes it; IPv6 in brackets.
QString addressText(const InventoryHost& host)
{
    QString text = host.user.isEmpty() ? QString() : QString(host.user + QLatin1Char('@'));
    const QString address = host.effectiveAddress();
    text += address.contains(u':') ? QString(QLatin1Char('[') + address + QLatin1Char(']')) : address;
    if (host.port != 22)
        text += QLatin1Char(':') + QString::number(host.port);
    return text;
}

// The reverse of addressText. Text HostSpec refuses is kept as the address, so nothing typed is lost
// and validate() says what is wrong with it.
void setAddress(InventoryHost& host, const QString& text)
{
    host.user.clear();
    host.address.clear();
    host.port = 22;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return;
    Result<HostSpec> spec = HostSpec::parse(trimmed);
    if (!spec && trimmed.count(u':') > 1 && !trimmed.contains(u'[') && !trimmed.contains(u'@'))
        spec = HostSpec::parse(QLatin1Char('[') + trimmed + QLatin1Char(']')); // a bare IPv6 address
    if (!spec) {
        host.address = trimmed;
        return;
    }
    host.user = spec->user;
    host.port = spec->port;
    // An address equal to the name is the format's default: leave it out, as a file would.
    host.address = spec->address == host.name ? QString() : spec->address;
}

QStringList lines(const QPlainTextEdit* edit)
{
    QStringList result;
    for (const QString& line : edit->toPlainText().split(u'\n')) {
        if (!line.trimmed().isEmpty())
            result << line.trimmed();
    }
    return result;
}

QString scopeText(const std::optional<ZoneScope>& scope)
{
    if (!scope)
        return QCoreApplication::translate("InventoryEditorDialog", "not decided");
    return *scope == ZoneScope::In ? QCoreApplication::translate("InventoryEditorDialog", "in scope")
                                   : QCoreApplication::translate("InventoryEditorDialog", "out of scope");
}

QPlainTextEdit* listEdit(const QString& objectName, const QString& placeholder, int rows, QWidget* parent)
{
    auto* edit = new QPlainTextEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    edit->setTabChangesFocus(true);
    edit->setFixedHeight(edit->fontMetrics().lineSpacing() * rows + 12);
    return edit;
}

QTableWidget* table(const QString& objectName, const QStringList& headers, int stretchColumn, QWidget* parent)
{
    auto* view = new QTableWidget(0, int(headers.size()), parent);
    view->setObjectName(objectName);
    view->setHorizontalHeaderLabels(headers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
    view->setWordWrap(false);
    return view;
}

// Names come from files and other tools: shown one line, control characters made visible.
void setCell(QTableWidget* view, int row, int column, const QString& text)
{
    QTableWidgetItem* item = view->item(row, column);
    if (!item) {
        item = new QTableWidgetItem;
        view->setItem(row, column, item);
    }
    item->setText(SafeText::visibleLine(text));
}

} // namespace

InventoryEditorDialog::InventoryEditorDialog(const Inventory& inventory, QWidget* parent)
    : QDialog(parent)
    , m_inventory(inventory)
{
    setWindowTitle(tr("Inventory: zones and hosts"));
    setObjectName(QStringLiteral("inventoryEditorDialog"));

    auto* openButton = new QPushButton(tr("Open…"), this);
    openButton->setObjectName(QStringLiteral("inventoryOpenButton"));
    connect(openButton, &QPushButton::clicked, this, &InventoryEditorDialog::browseOpen);
    auto* sshButton = new QPushButton(tr("Import ~/.ssh/config…"), this);
    sshButton->setObjectName(QStringLiteral("importSshButton"));
    connect(sshButton, &QPushButton::clicked, this, [this] { browseImport(false); });
    auto* ansibleButton = new QPushButton(tr("Import Ansible inventory…"), this);
    ansibleButton->setObjectName(QStringLiteral("importAnsibleButton"));
    connect(ansibleButton, &QPushButton::clicked, this, [this] { browseImport(true); });
    auto* saveYamlButton = new QPushButton(tr("Save as YAML…"), this);
    saveYamlButton->setObjectName(QStringLiteral("saveYamlButton"));
    connect(saveYamlButton, &QPushButton::clicked, this, &InventoryEditorDialog::browseSave);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("inventoryStatus"));
    m_statusLabel->setTextFormat(Qt::PlainText);
    m_statusLabel->setWordWrap(true);

    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(openButton);
    fileRow->addWidget(sshButton);
    fileRow->addWidget(ansibleButton);
    fileRow->addWidget(saveYamlButton);
    fileRow->addWidget(m_statusLabel, 1);

    auto* zonesBox = new QGroupBox(tr("Zones"), this);
    buildZonesPart(zonesBox);
    auto* hostsBox = new QGroupBox(tr("Hosts"), this);
    buildHostsPart(hostsBox);
    auto* parts = new QHBoxLayout;
    parts->addWidget(zonesBox, 1);
    parts->addWidget(hostsBox, 1);

    m_errorLabel = FormRows::errorLabel(QStringLiteral("inventoryEditorError"), this);
    m_diagnosticsView = new QPlainTextEdit(this);
    m_diagnosticsView->setObjectName(QStringLiteral("inventoryDiagnostics"));
    m_diagnosticsView->setReadOnly(true);
    m_diagnosticsView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_diagnosticsView->setPlaceholderText(tr("Problems found by Check or Save are listed here."));
    m_diagnosticsView->setFixedHeight(m_diagnosticsView->fontMetrics().lineSpacing() * 5 + 14);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("inventorySaveButton"));
    buttons->button(QDialogButtonBox::Save)->setToolTip(tr("Check the inventory and store it in the workspace"));
    auto* checkButton = buttons->addButton(tr("Check"), QDialogButtonBox::ActionRole);
    checkButton->setObjectName(QStringLiteral("inventoryCheckButton"));
    connect(checkButton, &QPushButton::clicked, this, &InventoryEditorDialog::check);
    connect(buttons, &QDialogButtonBox::accepted, this, &InventoryEditorDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &InventoryEditorDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(fileRow);
    layout->addLayout(parts, 1);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_diagnosticsView);
    layout->addWidget(buttons);
    resize(1120, 780);

    for (InventoryHost& host : m_inventory.hosts)
        host.where = {};
    for (Zone& zone : m_inventory.zones)
        zone.where = {};
    rebuildTables();
}

void InventoryEditorDialog::buildZonesPart(QWidget* part)
{
    m_zonesTable = table(QStringLiteral("zonesTable"), {tr("Zone"), tr("Scope"), tr("Hosts")}, ZoneNameColumn, part);
    connect(m_zonesTable, &QTableWidget::currentCellChanged, this, [this](int row, int, int, int) { loadZone(row); });

    auto* addButton = new QPushButton(tr("Add zone"), part);
    addButton->setObjectName(QStringLiteral("addZoneButton"));
    connect(addButton, &QPushButton::clicked, this, &InventoryEditorDialog::addZone);
    auto* removeButton = new QPushButton(tr("Remove zone"), part);
    removeButton->setObjectName(QStringLiteral("removeZoneButton"));
    removeButton->setToolTip(tr("Removes the zone from this inventory; the workspace keeps it for past scans"));
    connect(removeButton, &QPushButton::clicked, this, &InventoryEditorDialog::removeZone);
    auto* adoptButton = new QPushButton(tr("Put hosts without a zone here"), part);
    adoptButton->setObjectName(QStringLiteral("adoptHostsButton"));
    adoptButton->setToolTip(tr("Every host that has no zone yet (an import) goes into the selected zone"));
    connect(adoptButton, &QPushButton::clicked, this, &InventoryEditorDialog::adoptHostsWithoutZone);
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(addButton);
    buttonRow->addWidget(removeButton);
    buttonRow->addStretch(1);
    buttonRow->addWidget(adoptButton);

    m_zoneForm = new QWidget(part);
    m_zoneNameEdit = new QLineEdit(m_zoneForm);
    m_zoneNameEdit->setObjectName(QStringLiteral("zoneNameEdit"));
    m_zoneNameEdit->setPlaceholderText(tr("letters, digits, '.', '_', '-'"));
    connect(m_zoneNameEdit, &QLineEdit::textChanged, this, &InventoryEditorDialog::renameZone);

    m_scopeCombo = new QComboBox(m_zoneForm);
    m_scopeCombo->setObjectName(QStringLiteral("zoneScopeCombo"));
    m_scopeCombo->addItem(scopeText(std::nullopt), QString());
    m_scopeCombo->addItem(tr("in scope (audited)"), QStringLiteral("in"));
    m_scopeCombo->addItem(tr("out of scope (listed in the binder, not scanned)"), QStringLiteral("out"));
    connect(m_scopeCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (Zone* zone = currentZone()) {
            zone->scope = zoneScopeFromString(m_scopeCombo->currentData().toString());
            fillZoneRow(m_zoneRow);
        }
    });

    m_rationaleEdit = listEdit(QStringLiteral("zoneRationaleEdit"), tr("required: why the zone is in or out of scope"),
                               3, m_zoneForm);
    connect(m_rationaleEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (Zone* zone = currentZone())
            zone->rationale = m_rationaleEdit->toPlainText();
    });
    m_registriesEdit = listEdit(QStringLiteral("zoneRegistriesEdit"),
                                tr("one per line: registry.example.com:5000, ghcr.io/team"), 2, m_zoneForm);
    connect(m_registriesEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (Zone* zone = currentZone())
            zone->approvedRegistries = lines(m_registriesEdit);
    });
    m_usersEdit = listEdit(QStringLiteral("zoneUsersEdit"), tr("one user name per line"), 2, m_zoneForm);
    connect(m_usersEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (Zone* zone = currentZone())
            zone->approvedUsers = lines(m_usersEdit);
    });
    m_logTargetsEdit =
        listEdit(QStringLiteral("zoneLogTargetsEdit"), tr("one per line: udp://logs.example.com:514"), 2, m_zoneForm);
    connect(m_logTargetsEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (Zone* zone = currentZone())
            zone->requiredLogTargets = lines(m_logTargetsEdit);
    });

    auto* form = new QFormLayout(m_zoneForm);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Name:"), m_zoneNameEdit);
    form->addRow(tr("S&cope:"), m_scopeCombo);
    form->addRow(tr("&Rationale:"), m_rationaleEdit);
    form->addRow(tr("Approved &registries:"), m_registriesEdit);
    form->addRow(tr("Approved &users:"), m_usersEdit);
    form->addRow(tr("Required &log targets:"), m_logTargetsEdit);

    auto* layout = new QVBoxLayout(part);
    layout->addWidget(m_zonesTable, 1);
    layout->addLayout(buttonRow);
    layout->addWidget(m_zoneForm);
}

void InventoryEditorDialog::buildHostsPart(QWidget* part)
{
    m_hostsTable = table(QStringLiteral("hostsTable"), {tr("Host"), tr("Address"), tr("Zone"), tr("Access")},
                         HostAddressColumn, part);
    connect(m_hostsTable, &QTableWidget::currentCellChanged, this, [this](int row, int, int, int) { loadHost(row); });

    auto* addButton = new QPushButton(tr("Add host"), part);
    addButton->setObjectName(QStringLiteral("addHostButton"));
    connect(addButton, &QPushButton::clicked, this, &InventoryEditorDialog::addHost);
    auto* removeButton = new QPushButton(tr("Remove host"), part);
    removeButton->setObjectName(QStringLiteral("removeHostButton"));
    removeButton->setToolTip(tr("Removes the host from this inventory; the workspace keeps it for past scans"));
    connect(removeButton, &QPushButton::clicked, this, &InventoryEditorDialog::removeHost);
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(addButton);
    buttonRow->addWidget(removeButton);
    buttonRow->addStretch(1);

    m_hostForm = new QWidget(part);
    m_addressEdit = new QLineEdit(m_hostForm);
    m_addressEdit->setObjectName(QStringLiteral("hostAddressEdit"));
    m_addressEdit->setPlaceholderText(tr("[user@]host[:port]"));
    connect(m_addressEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (InventoryHost* host = currentHost()) {
            setAddress(*host, text);
            fillHostRow(m_hostRow);
        }
    });
    m_hostNameEdit = new QLineEdit(m_hostForm);
    m_hostNameEdit->setObjectName(QStringLiteral("hostNameEdit"));
    m_hostNameEdit->setPlaceholderText(tr("what the reports call it; unique"));
    connect(m_hostNameEdit, &QLineEdit::textChanged, this, &InventoryEditorDialog::renameHost);

    m_zoneCombo = new QComboBox(m_hostForm);
    m_zoneCombo->setObjectName(QStringLiteral("hostZoneCombo"));
    connect(m_zoneCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (InventoryHost* host = currentHost()) {
            host->zone = m_zoneCombo->currentData().toString();
            fillHostRow(m_hostRow);
            refreshZoneCounts();
            resetFollowers();
        }
    });

    m_accessCombo = new QComboBox(m_hostForm);
    m_accessCombo->setObjectName(QStringLiteral("hostAccessCombo"));
    m_accessCombo->addItem(tr("direct (root or the docker group)"), accessModeName(AccessMode::Direct));
    m_accessCombo->addItem(tr("sudo -n"), accessModeName(AccessMode::Sudo));
    connect(m_accessCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (InventoryHost* host = currentHost()) {
            host->access = accessModeFromString(m_accessCombo->currentData().toString()).value_or(AccessMode::Direct);
            fillHostRow(m_hostRow);
        }
    });

    m_identityEdit = new QLineEdit(m_hostForm);
    m_identityEdit->setObjectName(QStringLiteral("hostIdentityEdit"));
    m_identityEdit->setPlaceholderText(tr("private key; empty: ssh's default"));
    connect(m_identityEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (InventoryHost* host = currentHost())
            host->identity = text.trimmed();
    });
    m_jumpEdit = new QLineEdit(m_hostForm);
    m_jumpEdit->setObjectName(QStringLiteral("hostJumpEdit"));
    m_jumpEdit->setPlaceholderText(tr("[user@]host[:port], comma-separated hops; empty: direct"));
    connect(m_jumpEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (InventoryHost* host = currentHost())
            host->proxyJump = text.trimmed();
    });

    auto* form = new QFormLayout(m_hostForm);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Address:"), m_addressEdit);
    form->addRow(tr("Na&me:"), m_hostNameEdit);
    form->addRow(tr("&Zone:"), m_zoneCombo);
    form->addRow(tr("Acc&ess:"), m_accessCombo);
    form->addRow(tr("&Identity file:"), FormRows::withBrowseButton(m_identityEdit, QStringLiteral("identityBrowse"),
                                                                   m_hostForm, [this] { browseIdentity(); }));
    form->addRow(tr("&Jump host:"), m_jumpEdit);
    form->addRow(QString(), FormRows::note(tr("Imported hosts have no zone until you choose one. Labels and "
                                              "other settings read from a file are kept."),
                                           m_hostForm));

    auto* layout = new QVBoxLayout(part);
    layout->addWidget(m_hostsTable, 1);
    layout->addLayout(buttonRow);
    layout->addWidget(m_hostForm);
}

Inventory InventoryEditorDialog::inventory() const
{
    return m_inventory;
}

Zone* InventoryEditorDialog::currentZone()
{
    if (m_loading || m_zoneRow < 0 || m_zoneRow >= m_inventory.zones.size())
        return nullptr;
    return &m_inventory.zones[m_zoneRow];
}

InventoryHost* InventoryEditorDialog::currentHost()
{
    if (m_loading || m_hostRow < 0 || m_hostRow >= m_inventory.hosts.size())
        return nullptr;
    return &m_inventory.hosts[m_hostRow];
}

void InventoryEditorDialog::rebuildTables()
{
    m_zonesTable->setRowCount(int(m_inventory.zones.size()));
    for (int row = 0; row < m_inventory.zones.size(); ++row)
        fillZoneRow(row);
    m_hostsTable->setRowCount(int(m_inventory.hosts.size()));
    for (int row = 0; row < m_inventory.hosts.size(); ++row)
        fillHostRow(row);
    // Select after filling: currentCellChanged loads the forms.
    m_zoneRow = -1;
    m_hostRow = -1;
    m_zonesTable->setCurrentCell(m_inventory.zones.isEmpty() ? -1 : 0, 0);
    m_hostsTable->setCurrentCell(m_inventory.hosts.isEmpty() ? -1 : 0, 0);
    loadZone(m_zonesTable->currentRow());
    loadHost(m_hostsTable->currentRow());
}

void InventoryEditorDialog::fillZoneRow(int row)
{
    if (row < 0 || row >= m_inventory.zones.size())
        return;
    const Zone& zone = m_inventory.zones.at(row);
    setCell(m_zonesTable, row, ZoneNameColumn, zone.name);
    setCell(m_zonesTable, row, ZoneScopeColumn, scopeText(zone.scope));
    setCell(m_zonesTable, row, ZoneHostsColumn, QString::number(m_inventory.hostsInZone(zone.name).size()));
}

void InventoryEditorDialog::fillHostRow(int row)
{
    if (row < 0 || row >= m_inventory.hosts.size())
        return;
    const InventoryHost& host = m_inventory.hosts.at(row);
    setCell(m_hostsTable, row, HostNameColumn, host.name);
    setCell(m_hostsTable, row, HostAddressColumn, addressText(host));
    setCell(m_hostsTable, row, HostZoneColumn, host.zone.isEmpty() ? tr("(none)") : host.zone);
    setCell(m_hostsTable, row, HostAccessColumn, accessModeName(host.access));
}

void InventoryEditorDialog::refreshZoneCounts()
{
    for (int row = 0; row < m_inventory.zones.size(); ++row)
        fillZoneRow(row);
}

void InventoryEditorDialog::refreshZoneCombo()
{
    const bool wasLoading = m_loading;
    m_loading = true;
    m_zoneCombo->clear();
    m_zoneCombo->addItem(tr("(no zone)"), QString());
    for (const Zone& zone : m_inventory.zones) {
        if (!zone.name.isEmpty() && m_zoneCombo->findData(zone.name) < 0)
            m_zoneCombo->addItem(SafeText::visibleLine(zone.name), zone.name);
    }
    if (m_hostRow >= 0 && m_hostRow < m_inventory.hosts.size()) {
        const QString zone = m_inventory.hosts.at(m_hostRow).zone;
        // A zone that is not (or no longer) defined stays the host's until the auditor picks another.
        if (!zone.isEmpty() && m_zoneCombo->findData(zone) < 0)
            m_zoneCombo->addItem(tr("%1 (not defined)").arg(SafeText::visibleLine(zone)), zone);
        m_zoneCombo->setCurrentIndex(std::max(0, m_zoneCombo->findData(zone)));
    }
    m_loading = wasLoading;
}

void InventoryEditorDialog::loadZone(int row)
{
    m_zoneRow = row >= 0 && row < m_inventory.zones.size() ? row : -1;
    m_zoneForm->setEnabled(m_zoneRow >= 0);
    const Zone zone = m_zoneRow >= 0 ? m_inventory.zones.at(m_zoneRow) : Zone{};
    m_loading = true;
    m_zoneNameEdit->setText(zone.name);
    m_scopeCombo->setCurrentIndex(
        std::max(0, m_scopeCombo->findData(zone.scope ? zoneScopeToString(*zone.scope) : QString())));
    m_rationaleEdit->setPlainText(zone.rationale);
    m_registriesEdit->setPlainText(zone.approvedRegistries.join(u'\n'));
    m_usersEdit->setPlainText(zone.approvedUsers.join(u'\n'));
    m_logTargetsEdit->setPlainText(zone.requiredLogTargets.join(u'\n'));
    m_loading = false;
    resetFollowers();
}

void InventoryEditorDialog::loadHost(int row)
{
    m_hostRow = row >= 0 && row < m_inventory.hosts.size() ? row : -1;
    m_hostForm->setEnabled(m_hostRow >= 0);
    const InventoryHost host = m_hostRow >= 0 ? m_inventory.hosts.at(m_hostRow) : InventoryHost{};
    m_loading = true;
    m_addressEdit->setText(m_hostRow >= 0 ? addressText(host) : QString());
    m_hostNameEdit->setText(host.name);
    refreshZoneCombo();
    m_accessCombo->setCurrentIndex(std::max(0, m_accessCombo->findData(accessModeName(host.access))));
    m_identityEdit->setText(host.identity);
    m_jumpEdit->setText(host.proxyJump);
    m_loading = false;
}

void InventoryEditorDialog::resetFollowers()
{
    m_followers.clear();
    const Zone* zone =
        m_zoneRow >= 0 && m_zoneRow < m_inventory.zones.size() ? &m_inventory.zones.at(m_zoneRow) : nullptr;
    if (!zone || zone->name.isEmpty())
        return;
    // Two zones of one name (a mistake validate() reports): renaming one must not take the other's hosts.
    int sameName = 0;
    for (const Zone& other : std::as_const(m_inventory.zones))
        sameName += other.name == zone->name ? 1 : 0;
    if (sameName > 1)
        return;
    for (int i = 0; i < m_inventory.hosts.size(); ++i) {
        if (m_inventory.hosts.at(i).zone == zone->name)
            m_followers << i;
    }
}

void InventoryEditorDialog::renameZone(const QString& name)
{
    Zone* zone = currentZone();
    if (!zone)
        return;
    zone->name = name.trimmed();
    for (int i : std::as_const(m_followers)) {
        m_inventory.hosts[i].zone = zone->name;
        fillHostRow(i);
    }
    fillZoneRow(m_zoneRow);
    refreshZoneCombo();
}

void InventoryEditorDialog::renameHost(const QString& name)
{
    InventoryHost* host = currentHost();
    if (!host)
        return;
    // An address left to default to the name stays the machine it was: renaming is not moving.
    if (host->address.isEmpty())
        host->address = host->name;
    host->name = name.trimmed();
    if (host->address == host->name)
        host->address.clear();
    fillHostRow(m_hostRow);
}

void InventoryEditorDialog::addZone()
{
    QSet<QString> taken;
    for (const Zone& zone : std::as_const(m_inventory.zones))
        taken.insert(zone.name.toLower());
    Zone zone;
    zone.name = QStringLiteral("zone-%1").arg(m_inventory.zones.size() + 1);
    for (int n = int(m_inventory.zones.size()) + 2; taken.contains(zone.name); ++n)
        zone.name = QStringLiteral("zone-%1").arg(n);
    zone.scope = ZoneScope::In;
    m_inventory.zones << zone;
    const int row = int(m_inventory.zones.size()) - 1;
    m_zonesTable->setRowCount(row + 1);
    fillZoneRow(row);
    m_zonesTable->setCurrentCell(row, 0);
    refreshZoneCombo();
    m_zoneNameEdit->setFocus();
    m_zoneNameEdit->selectAll();
}

void InventoryEditorDialog::removeZone()
{
    if (m_zoneRow < 0)
        return;
    // Its hosts keep the name: they show "(not defined)" and validate() asks for another zone.
    m_inventory.zones.removeAt(m_zoneRow);
    rebuildTables();
}

void InventoryEditorDialog::adoptHostsWithoutZone()
{
    const Zone* zone = currentZone();
    if (!zone || zone->name.isEmpty())
        return;
    int adopted = 0;
    for (int row = 0; row < m_inventory.hosts.size(); ++row) {
        if (!m_inventory.hosts.at(row).zone.isEmpty())
            continue;
        m_inventory.hosts[row].zone = zone->name;
        fillHostRow(row);
        ++adopted;
    }
    refreshZoneCounts();
    refreshZoneCombo();
    resetFollowers();
    showStatus(adopted == 1 ? tr("1 host put into zone %1.").arg(zone->name)
                            : tr("%1 hosts put into zone %2.").arg(adopted).arg(zone->name));
}

void InventoryEditorDialog::addHost()
{
    InventoryHost host;
    // A new host goes into the selected zone: entering a zone's hosts one after another is the usual case.
    if (const Zone* zone = currentZone())
        host.zone = zone->name;
    m_inventory.hosts << host;
    const int row = int(m_inventory.hosts.size()) - 1;
    m_hostsTable->setRowCount(row + 1);
    fillHostRow(row);
    m_hostsTable->setCurrentCell(row, 0);
    refreshZoneCounts();
    resetFollowers();
    m_addressEdit->setFocus();
}

void InventoryEditorDialog::removeHost()
{
    if (m_hostRow < 0)
        return;
    const int zoneRow = m_zoneRow;
    m_inventory.hosts.removeAt(m_hostRow);
    rebuildTables();
    m_zonesTable->setCurrentCell(zoneRow, 0);
}

Result<void> InventoryEditorDialog::openFile(const QString& path)
{
    QFile file(path);
    if (QFileInfo(path).size() > MaxInventoryFileBytes)
        return makeError(tr("%1 is larger than 8 MiB: not an inventory").arg(QDir::toNativeSeparators(path)));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    const InventoryParseResult parsed = InventoryParser::analyze(file.readAll(), path);
    if (hasErrors(parsed.diagnostics) && parsed.inventory.zones.isEmpty() && parsed.inventory.hosts.isEmpty()) {
        showDiagnostics(parsed.diagnostics, tr("%1 could not be read; nothing was changed.").arg(path));
        return makeError(tr("%1 could not be read as an inventory").arg(QDir::toNativeSeparators(path)));
    }
    m_inventory = parsed.inventory;
    for (InventoryHost& host : m_inventory.hosts)
        host.where = {};
    for (Zone& zone : m_inventory.zones)
        zone.where = {};
    rebuildTables();
    showStatus(
        tr("Opened %1: %2 zones, %3 hosts.").arg(path).arg(m_inventory.zones.size()).arg(m_inventory.hosts.size()));
    showDiagnostics(parsed.diagnostics, hasErrors(parsed.diagnostics)
                                            ? tr("The file has errors; fix them here before saving.")
                                            : QString());
    return {};
}

Result<int> InventoryEditorDialog::importSshConfig(const QString& path)
{
    return addImported(SshConfigImporter::importFile(path), path);
}

Result<int> InventoryEditorDialog::importAnsible(const QString& path)
{
    return addImported(AnsibleInventoryImporter::importFile(path), path);
}

Result<int> InventoryEditorDialog::addImported(const Result<HostImport>& imported, const QString& path)
{
    if (!imported) {
        showDiagnostics({}, imported.errorMessage());
        return imported.error();
    }
    QSet<QString> listed;
    for (const InventoryHost& host : std::as_const(m_inventory.hosts))
        listed.insert(host.name.toLower());
    int added = 0;
    int skipped = 0;
    for (InventoryHost host : imported->hosts) {
        if (listed.contains(host.name.toLower())) {
            ++skipped;
            continue;
        }
        listed.insert(host.name.toLower());
        host.where = {};
        host.zone.clear(); // the zone is the auditor's decision
        m_inventory.hosts << host;
        ++added;
    }
    const int zoneRow = m_zoneRow;
    rebuildTables();
    m_zonesTable->setCurrentCell(zoneRow, 0);
    if (added > 0)
        m_hostsTable->setCurrentCell(int(m_inventory.hosts.size()) - added, 0);
    QString status =
        added == 1 ? tr("Imported 1 host from %1").arg(path) : tr("Imported %1 hosts from %2").arg(added).arg(path);
    if (skipped > 0)
        status += tr(" (%1 already listed, skipped)").arg(skipped);
    status += added > 0 ? tr("; give each a zone.") : tr(".");
    showStatus(status);
    showDiagnostics(imported->diagnostics, QString());
    return added;
}

Result<void> InventoryEditorDialog::saveYaml(const QString& path)
{
    if (auto written = InventoryWriter::write(m_inventory, path); !written) {
        showDiagnostics({}, written.errorMessage());
        return written;
    }
    const InventoryDiagnostics problems = m_inventory.validate();
    showStatus(tr("Saved %1.").arg(path));
    showDiagnostics(problems, hasErrors(problems) ? tr("Saved as a draft: the file cannot be scanned until the "
                                                       "errors below are fixed.")
                                                  : QString());
    return {};
}

bool InventoryEditorDialog::check()
{
    const InventoryDiagnostics problems = m_inventory.validate();
    const bool ok = !hasErrors(problems);
    showDiagnostics(problems,
                    ok ? QString() : tr("The inventory has errors: fix them and save again. Nothing was stored."));
    showStatus(!ok                  ? QString()
               : problems.isEmpty() ? tr("No problems found.")
                                    : tr("No errors; see the warnings below."));
    return ok;
}

void InventoryEditorDialog::accept()
{
    if (!check())
        return;
    QDialog::accept();
}

void InventoryEditorDialog::showDiagnostics(const QVector<InventoryDiagnostic>& diagnostics, const QString& summary)
{
    QStringList text;
    for (const InventoryDiagnostic& diagnostic : diagnostics) {
        // What validate() finds in the editor has no file or line: the message names the zone or host.
        const bool inFile = !diagnostic.file.isEmpty() || diagnostic.line > 0;
        const QString level = diagnostic.level == InventoryDiagnostic::Level::Error ? tr("error") : tr("warning");
        text << (inFile ? diagnostic.toString() : QStringLiteral("%1: %2").arg(level, diagnostic.message));
    }
    // Plain text, with control characters made visible: names in messages come from files and hosts.
    m_diagnosticsView->setPlainText(SafeText::visible(text.join(u'\n')));
    m_errorLabel->setText(SafeText::visible(summary));
    m_errorLabel->setVisible(!summary.isEmpty());
}

void InventoryEditorDialog::showStatus(const QString& text)
{
    m_statusLabel->setText(SafeText::visibleLine(text));
}

void InventoryEditorDialog::browseOpen()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open inventory"), QString(),
                                                      tr("Inventory (*.yaml *.yml);;All files (*)"));
    if (!path.isEmpty())
        (void)openFile(path); // the outcome is shown in the dialog
}

void InventoryEditorDialog::browseImport(bool ansible)
{
    const QString start = ansible ? QString() : QDir::home().filePath(QStringLiteral(".ssh/config"));
    const QString path = QFileDialog::getOpenFileName(
        this, ansible ? tr("Import an Ansible inventory") : tr("Import an ssh config"), start,
        ansible ? tr("Ansible inventory (*.ini *.yaml *.yml *.cfg);;All files (*)") : tr("All files (*)"));
    if (path.isEmpty())
        return;
    if (ansible)
        (void)importAnsible(path);
    else
        (void)importSshConfig(path);
}

void InventoryEditorDialog::browseSave()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save inventory as YAML"),
                                                      QStringLiteral("inventory.yaml"), tr("Inventory (*.yaml *.yml)"));
    if (!path.isEmpty())
        (void)saveYaml(path);
}

void InventoryEditorDialog::browseIdentity()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Private key"), QDir::home().filePath(QStringLiteral(".ssh")));
    if (!path.isEmpty())
        m_identityEdit->setText(path);
}

} // namespace bulkhead
