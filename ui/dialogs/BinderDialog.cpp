// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/BinderDialog.h"

#include "dialogs/FormRows.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace bulkhead {

BinderDialog::BinderDialog(const Engagement& engagement, const QVector<Zone>& zones, const QString& pdfPath,
                           QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Export audit binder"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    layout->addLayout(form);

    const auto line = [this](const QString& name, const QString& text, const QString& placeholder) {
        auto* edit = new QLineEdit(text, this);
        edit->setObjectName(name);
        edit->setPlaceholderText(placeholder);
        edit->setMaxLength(Engagement::MaxTextChars);
        return edit;
    };
    m_titleEdit = line(QStringLiteral("titleEdit"), engagement.title, tr("e.g. Container platform audit 2026"));
    m_clientEdit = line(QStringLiteral("clientEdit"), engagement.client, tr("the organisation audited"));
    m_auditorEdit = line(QStringLiteral("auditorEdit"), engagement.auditor, tr("who signs the binder"));
    m_referenceEdit = line(QStringLiteral("referenceEdit"), engagement.reference, tr("contract or engagement number"));
    form->addRow(tr("&Engagement:"), m_titleEdit);
    form->addRow(tr("&Client:"), m_clientEdit);
    form->addRow(tr("&Auditor:"), m_auditorEdit);
    form->addRow(tr("&Reference:"), m_referenceEdit);

    m_periodCheck = new QCheckBox(tr("from"), this);
    m_periodCheck->setObjectName(QStringLiteral("periodCheck"));
    const bool hasPeriod = engagement.periodStart.isValid() || engagement.periodEnd.isValid();
    m_periodCheck->setChecked(hasPeriod);
    const QDate today = QDate::currentDate();
    m_fromEdit = new QDateEdit(engagement.periodStart.isValid() ? engagement.periodStart : today.addDays(-30), this);
    m_fromEdit->setObjectName(QStringLiteral("fromEdit"));
    m_toEdit = new QDateEdit(engagement.periodEnd.isValid() ? engagement.periodEnd : today, this);
    m_toEdit->setObjectName(QStringLiteral("toEdit"));
    for (QDateEdit* edit : {m_fromEdit, m_toEdit}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setEnabled(hasPeriod);
        connect(m_periodCheck, &QCheckBox::toggled, edit, &QWidget::setEnabled);
    }
    auto* period = new QHBoxLayout;
    period->addWidget(m_periodCheck);
    period->addWidget(m_fromEdit);
    period->addWidget(new QLabel(tr("to"), this));
    period->addWidget(m_toEdit);
    period->addStretch();
    form->addRow(tr("Period:"), period);
    form->addRow(QString(), FormRows::note(tr("Kept in the workspace for the next binder and shown on its cover; the "
                                              "auditor and client are named on the sign-off page."),
                                           this));

    m_zonesList = new QListWidget(this);
    m_zonesList->setObjectName(QStringLiteral("zonesList"));
    for (const Zone& zone : zones) {
        const bool in = zone.scope && *zone.scope == ZoneScope::In;
        auto* item = new QListWidgetItem(
            QStringLiteral("%1 (%2)").arg(zone.name, in ? tr("in scope") : tr("out of scope")), m_zonesList);
        item->setData(Qt::UserRole, zone.name);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setToolTip(zone.rationale);
    }
    m_zonesList->setMaximumHeight(m_zonesList->sizeHintForRow(0) * 5 + 8);
    form->addRow(tr("&Zones:"), m_zonesList);
    form->setRowVisible(m_zonesList, !zones.isEmpty()); // a workspace without zones has nothing to choose
    form->addRow(QString(), FormRows::note(zones.isEmpty() ? tr("This workspace has no zones: the binder covers "
                                                                "every host.")
                                                           : tr("Tick zones to give a binder of only their hosts; "
                                                                "none ticked covers the whole workspace."),
                                           this));

    m_pathEdit = new QLineEdit(QDir::toNativeSeparators(pdfPath), this);
    m_pathEdit->setObjectName(QStringLiteral("pathEdit"));
    form->addRow(tr("&Save as:"), FormRows::withBrowseButton(m_pathEdit, QStringLiteral("browseButton"), this, [this] {
                     const QString chosen = QFileDialog::getSaveFileName(this, tr("Export audit binder"),
                                                                         m_pathEdit->text(), tr("PDF (*.pdf)"));
                     if (!chosen.isEmpty())
                         m_pathEdit->setText(QDir::toNativeSeparators(chosen));
                 }));

    m_errorLabel = FormRows::errorLabel(QStringLiteral("errorLabel"), this);
    layout->addWidget(m_errorLabel);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Write binder"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("writeButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &BinderDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &BinderDialog::reject);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
}

Engagement BinderDialog::engagement() const
{
    Engagement engagement;
    engagement.title = m_titleEdit->text().trimmed();
    engagement.client = m_clientEdit->text().trimmed();
    engagement.auditor = m_auditorEdit->text().trimmed();
    engagement.reference = m_referenceEdit->text().trimmed();
    if (m_periodCheck->isChecked()) {
        engagement.periodStart = m_fromEdit->date();
        engagement.periodEnd = m_toEdit->date();
    }
    return engagement;
}

QStringList BinderDialog::zones() const
{
    QStringList ticked;
    for (int row = 0; row < m_zonesList->count(); ++row) {
        const QListWidgetItem* item = m_zonesList->item(row);
        if (item->checkState() == Qt::Checked)
            ticked << item->data(Qt::UserRole).toString();
    }
    return ticked;
}

QString BinderDialog::pdfPath() const
{
    return QDir::fromNativeSeparators(m_pathEdit->text().trimmed());
}

void BinderDialog::accept()
{
    if (auto valid = engagement().validate(); !valid) {
        m_errorLabel->setText(valid.errorMessage() + QLatin1Char('.'));
        m_errorLabel->show();
        return;
    }
    if (pdfPath().isEmpty()) {
        m_errorLabel->setText(tr("Choose where to save the binder."));
        m_errorLabel->show();
        m_pathEdit->setFocus();
        return;
    }
    QDialog::accept();
}

} // namespace bulkhead
