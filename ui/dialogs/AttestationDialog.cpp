// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/AttestationDialog.h"

#include "checks/CheckCatalog.h"
#include "dialogs/FormRows.h"
#include "text/SafeText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace bulkhead {

AttestationDialog::AttestationDialog(const QString& checkId, const QString& hostName, const QString& zone,
                                     QWidget* parent)
    : QDialog(parent)
    , m_checkId(checkId)
    , m_hostName(hostName)
    , m_zone(zone)
{
    setWindowTitle(tr("Attest manual check"));
    setObjectName(QStringLiteral("attestationDialog"));
    const CheckDefinition* check = CheckCatalog::instance().find(checkId);

    auto* checkLabel = new QLabel(this);
    checkLabel->setTextFormat(Qt::PlainText);
    checkLabel->setWordWrap(true);
    checkLabel->setText((check ? check->title + QStringLiteral("\n") : QString()) + checkId);

    m_targetCombo = new QComboBox(this);
    m_targetCombo->setObjectName(QStringLiteral("targetCombo"));
    m_targetCombo->addItem(tr("Host %1").arg(SafeText::visibleLine(hostName)), false);
    if (!zone.isEmpty())
        m_targetCombo->addItem(tr("Every host of zone %1").arg(SafeText::visibleLine(zone)), true);

    m_statusCombo = new QComboBox(this);
    m_statusCombo->setObjectName(QStringLiteral("statusCombo"));
    m_statusCombo->addItem(tr("Pass: the control is in place"), static_cast<int>(Status::Pass));
    m_statusCombo->addItem(tr("Fail: the control is missing"), static_cast<int>(Status::Fail));

    m_justificationEdit = new QPlainTextEdit(this);
    m_justificationEdit->setObjectName(QStringLiteral("justificationEdit"));
    m_justificationEdit->setPlaceholderText(tr("What was examined, and what it showed"));
    m_justificationEdit->setTabChangesFocus(true);
    m_justificationEdit->setFixedHeight(m_justificationEdit->fontMetrics().lineSpacing() * 5);

    m_auditorEdit = new QLineEdit(this);
    m_auditorEdit->setObjectName(QStringLiteral("auditorEdit"));
    m_auditorEdit->setPlaceholderText(tr("Who examined it"));
    m_reviewerEdit = new QLineEdit(this);
    m_reviewerEdit->setObjectName(QStringLiteral("reviewerEdit"));
    m_reviewerEdit->setPlaceholderText(tr("Who reviewed the attestation (someone else)"));

    m_expiresCheck = new QCheckBox(tr("Holds until"), this);
    m_expiresCheck->setObjectName(QStringLiteral("expiresCheck"));
    m_expiresEdit = new QDateEdit(QDate::currentDate().addYears(1), this);
    m_expiresEdit->setObjectName(QStringLiteral("expiresEdit"));
    m_expiresEdit->setCalendarPopup(true);
    m_expiresEdit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_expiresEdit->setMinimumDate(QDate::currentDate().addDays(1));
    m_expiresEdit->setEnabled(false);
    connect(m_expiresCheck, &QCheckBox::toggled, m_expiresEdit, &QWidget::setEnabled);
    auto* expiresRow = new QWidget(this);
    auto* expiresLayout = new QHBoxLayout(expiresRow);
    expiresLayout->setContentsMargins(0, 0, 0, 0);
    expiresLayout->addWidget(m_expiresCheck);
    expiresLayout->addWidget(m_expiresEdit, 1);

    m_filesList = new QListWidget(this);
    QWidget* filesRow = FormRows::filesRow(m_filesList, this, [this] { browseFiles(); });

    m_errorLabel = FormRows::errorLabel(QStringLiteral("attestationDialogError"), this);

    auto* form = new QFormLayout;
    form->addRow(tr("Check:"), checkLabel);
    form->addRow(tr("For:"), m_targetCombo);
    form->addRow(tr("Verdict:"), m_statusCombo);
    form->addRow(tr("Justification:"), m_justificationEdit);
    form->addRow(tr("Auditor:"), m_auditorEdit);
    form->addRow(tr("Reviewer:"), m_reviewerEdit);
    form->addRow(tr("Expiry:"), expiresRow);
    form->addRow(tr("Evidence files:"), filesRow);
    form->addRow(QString(), FormRows::note(tr("The files are copied into the workspace with their sha256; the "
                                              "attestation is recorded in the activity log."),
                                           this));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Record attestation"));
    connect(buttons, &QDialogButtonBox::accepted, this, &AttestationDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &AttestationDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_errorLabel);
    layout->addWidget(buttons);
    resize(580, sizeHint().height());
}

Attestation AttestationDialog::attestation() const
{
    Attestation a;
    a.checkId = m_checkId;
    a.zoneWide = m_targetCombo->currentData().toBool();
    a.target = a.zoneWide ? m_zone : m_hostName;
    a.status = static_cast<Status>(m_statusCombo->currentData().toInt());
    a.justification = m_justificationEdit->toPlainText().trimmed();
    a.auditor = m_auditorEdit->text().trimmed();
    a.reviewer = m_reviewerEdit->text().trimmed();
    if (m_expiresCheck->isChecked())
        a.expiresUtc = QDateTime(m_expiresEdit->date(), QTime(23, 59, 59), Qt::UTC);
    return a;
}

QStringList AttestationDialog::files() const
{
    QStringList paths;
    for (int row = 0; row < m_filesList->count(); ++row)
        paths << m_filesList->item(row)->data(Qt::UserRole).toString();
    return paths;
}

void AttestationDialog::addFiles(const QStringList& paths)
{
    QStringList already = files();
    for (const QString& path : paths) {
        if (already.contains(path))
            continue;
        already << path; // the same file twice in one call is listed once too
        const QFileInfo info(path);
        auto* item = new QListWidgetItem(
            QStringLiteral("%1  (%2 bytes)").arg(SafeText::visibleLine(info.fileName())).arg(info.size()), m_filesList);
        item->setData(Qt::UserRole, path);
        item->setToolTip(SafeText::visibleLine(QDir::toNativeSeparators(path)));
    }
}

void AttestationDialog::browseFiles()
{
    addFiles(QFileDialog::getOpenFileNames(this, tr("Evidence files")));
}

void AttestationDialog::accept()
{
    const auto fail = [this](const QString& message) {
        m_errorLabel->setText(message);
        m_errorLabel->show();
    };
    if (auto valid = attestation().validate(QDateTime::currentDateTimeUtc()); !valid)
        return fail(valid.errorMessage());
    for (const QString& path : files()) {
        if (!QFileInfo(path).isReadable())
            return fail(tr("Cannot read %1").arg(QDir::toNativeSeparators(path)));
    }
    QDialog::accept();
}

} // namespace bulkhead
