// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/WaiverDialog.h"

#include "checks/CheckCatalog.h"
#include "dialogs/FormRows.h"
#include "text/SafeText.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace bulkhead {

WaiverDialog::WaiverDialog(const Finding& finding, const QString& zone, QWidget* parent)
    : QDialog(parent)
    , m_finding(finding)
    , m_zone(zone)
{
    setWindowTitle(tr("Grant waiver"));
    setObjectName(QStringLiteral("waiverDialog"));
    const CheckDefinition* check = CheckCatalog::instance().find(finding.checkId);

    auto* checkLabel = new QLabel(this);
    checkLabel->setTextFormat(Qt::PlainText);
    checkLabel->setWordWrap(true);
    checkLabel->setText((check ? check->title + QStringLiteral("\n") : QString()) + finding.checkId);

    m_scopeCombo = new QComboBox(this);
    m_scopeCombo->setObjectName(QStringLiteral("scopeCombo"));
    if (finding.subject.kind == SubjectKind::Container && !finding.subject.name.isEmpty())
        m_scopeCombo->addItem(tr("This container"), static_cast<int>(WaiverScope::Container));
    if (finding.subject.kind == SubjectKind::Container)
        m_scopeCombo->addItem(tr("Every container with a label"), static_cast<int>(WaiverScope::Label));
    m_scopeCombo->addItem(tr("Every subject on this host"), static_cast<int>(WaiverScope::Host));
    if (!zone.isEmpty())
        m_scopeCombo->addItem(tr("Every host of its zone"), static_cast<int>(WaiverScope::Zone));

    m_labelEdit = new QLineEdit(this);
    m_labelEdit->setObjectName(QStringLiteral("labelEdit"));
    m_labelEdit->setPlaceholderText(tr("key=value"));
    m_targetLabel = new QLabel(this);
    m_targetLabel->setObjectName(QStringLiteral("targetLabel"));
    m_targetLabel->setTextFormat(Qt::PlainText);

    m_justificationEdit = new QPlainTextEdit(this);
    m_justificationEdit->setObjectName(QStringLiteral("justificationEdit"));
    m_justificationEdit->setPlaceholderText(tr("Why the risk is accepted, and what the owner will do about it"));
    m_justificationEdit->setTabChangesFocus(true);
    m_justificationEdit->setFixedHeight(m_justificationEdit->fontMetrics().lineSpacing() * 5);

    m_approverEdit = new QLineEdit(this);
    m_approverEdit->setObjectName(QStringLiteral("approverEdit"));
    m_approverEdit->setPlaceholderText(tr("Who accepted the risk (the system owner)"));

    m_riskCombo = new QComboBox(this);
    m_riskCombo->setObjectName(QStringLiteral("riskCombo"));
    for (const char* risk : {"low", "medium", "high", "critical"})
        m_riskCombo->addItem(QLatin1String(risk), QLatin1String(risk));
    if (check) // the accepted risk starts at the check's severity
        m_riskCombo->setCurrentIndex(std::max(0, m_riskCombo->findData(severityToString(check->severity))));

    m_controlEdit = new QLineEdit(this);
    m_controlEdit->setObjectName(QStringLiteral("controlEdit"));
    m_controlEdit->setPlaceholderText(tr("Optional: what limits the risk meanwhile"));

    m_expiresEdit = new QDateEdit(QDate::currentDate().addDays(90), this);
    m_expiresEdit->setObjectName(QStringLiteral("expiresEdit"));
    m_expiresEdit->setCalendarPopup(true);
    m_expiresEdit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_expiresEdit->setMinimumDate(QDate::currentDate().addDays(1));

    m_errorLabel = FormRows::errorLabel(QStringLiteral("waiverDialogError"), this);

    auto* form = new QFormLayout;
    form->addRow(tr("Check:"), checkLabel);
    form->addRow(tr("Covers:"), m_scopeCombo);
    form->addRow(tr("Label:"), m_labelEdit);
    form->addRow(QString(), m_targetLabel);
    form->addRow(tr("Justification:"), m_justificationEdit);
    form->addRow(tr("Approver:"), m_approverEdit);
    form->addRow(tr("Risk accepted:"), m_riskCombo);
    form->addRow(tr("Compensating control:"), m_controlEdit);
    form->addRow(tr("Expires:"), m_expiresEdit);
    form->addRow(QString(), FormRows::note(tr("The waiver is recorded in the activity log with your name. After "
                                              "it expires the finding counts as failing again and the "
                                              "expiry is reported."),
                                           this));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Grant waiver"));
    connect(buttons, &QDialogButtonBox::accepted, this, &WaiverDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &WaiverDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_errorLabel);
    layout->addWidget(buttons);

    connect(m_scopeCombo, &QComboBox::currentIndexChanged, this, &WaiverDialog::updateTarget);
    connect(m_labelEdit, &QLineEdit::textChanged, this, &WaiverDialog::updateTarget);
    updateTarget();
    resize(560, sizeHint().height());
}

Waiver WaiverDialog::waiver() const
{
    Waiver w;
    w.checkId = m_finding.checkId;
    w.scope = static_cast<WaiverScope>(m_scopeCombo->currentData().toInt());
    switch (w.scope) {
    case WaiverScope::Container:
        w.target = m_finding.subject.name;
        break;
    case WaiverScope::Label:
        w.target = m_labelEdit->text().trimmed();
        break;
    case WaiverScope::Host:
        w.target = m_finding.hostName;
        break;
    case WaiverScope::Zone:
        w.target = m_zone;
        break;
    }
    w.justification = m_justificationEdit->toPlainText().trimmed();
    w.approver = m_approverEdit->text().trimmed();
    w.risk = m_riskCombo->currentData().toString();
    w.compensatingControl = m_controlEdit->text().trimmed();
    // The end of the chosen day, UTC: "until 2027-03-31" holds on that day.
    w.expiresUtc = QDateTime(m_expiresEdit->date(), QTime(23, 59, 59), Qt::UTC);
    return w;
}

void WaiverDialog::updateTarget()
{
    const Waiver w = waiver();
    m_labelEdit->setEnabled(w.scope == WaiverScope::Label);
    m_targetLabel->setText(
        w.target.isEmpty() ? QString()
                           : tr("Target: %1 %2").arg(waiverScopeToString(w.scope), SafeText::visibleLine(w.target)));
}

void WaiverDialog::accept()
{
    if (auto valid = waiver().validate(QDateTime::currentDateTimeUtc()); !valid) {
        m_errorLabel->setText(valid.errorMessage());
        m_errorLabel->show();
        return;
    }
    QDialog::accept();
}

} // namespace bulkhead
