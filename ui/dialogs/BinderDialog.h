// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Engagement.h"
#include "inventory/Zone.h"

#include <QDialog>
#include <QStringList>
#include <QVector>

class QCheckBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QListWidget;

namespace bulkhead {

// Before the binder is written: the engagement its cover names (kept in the workspace), the zones it covers
// (none ticked: the whole workspace) and where the PDF goes. Validates (Engagement::validate) before it
// closes; the caller stores the engagement and writes the binder.
class BinderDialog : public QDialog
{
    Q_OBJECT
public:
    BinderDialog(const Engagement& engagement, const QVector<Zone>& zones, const QString& pdfPath,
                 QWidget* parent = nullptr);

    Engagement engagement() const;
    QStringList zones() const; // the ticked zones; empty: every zone
    QString pdfPath() const;

    void accept() override;

private:
    QLineEdit* m_titleEdit = nullptr;
    QLineEdit* m_clientEdit = nullptr;
    QLineEdit* m_auditorEdit = nullptr;
    QLineEdit* m_referenceEdit = nullptr;
    QCheckBox* m_periodCheck = nullptr;
    QDateEdit* m_fromEdit = nullptr;
    QDateEdit* m_toEdit = nullptr;
    QListWidget* m_zonesList = nullptr;
    QLineEdit* m_pathEdit = nullptr;
    QLabel* m_errorLabel = nullptr;
};

} // namespace bulkhead
