// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/ScanDiffDialog.h"

#include "checks/ScanDiff.h"
#include "delegates/PlainTextDelegate.h"
#include "delegates/StatusDelegate.h"
#include "items/ScanDiffModel.h"
#include "store/Workspace.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSet>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace bulkhead {

ScanDiffDialog::ScanDiffDialog(const Workspace& workspace, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
{
    setWindowTitle(tr("Compare scans"));
    setObjectName(QStringLiteral("scanDiffDialog"));
    resize(1000, 620);
    auto* layout = new QVBoxLayout(this);

    // Scans that judged findings: fleet scans, and the re-checks remediations made.
    QSet<qint64> judged;
    if (auto counts = workspace.scanStatusCounts()) {
        for (const Workspace::ScanCounts& scan : counts.value())
            judged.insert(scan.scanId);
    }
    if (auto scans = workspace.scans()) {
        for (const ScanRecord& scan : scans.value()) {
            if (judged.contains(scan.id) && scan.kind != ScanKind::Watch)
                m_scans << scan;
        }
    }
    std::sort(m_scans.begin(), m_scans.end(), [](const ScanRecord& a, const ScanRecord& b) { return a.id < b.id; });

    auto* choose = new QHBoxLayout;
    m_earlierCombo = new QComboBox(this);
    m_earlierCombo->setObjectName(QStringLiteral("earlierCombo"));
    m_laterCombo = new QComboBox(this);
    m_laterCombo->setObjectName(QStringLiteral("laterCombo"));
    for (const ScanRecord& scan : std::as_const(m_scans)) {
        const QString label =
            tr("Scan %1 — %2%3")
                .arg(scan.id)
                .arg(scan.startedUtc.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")),
                     scan.kind == ScanKind::Remediation ? tr(" (re-check of a remediation)") : QString());
        m_earlierCombo->addItem(label, scan.id);
        m_laterCombo->addItem(label, scan.id);
    }
    if (m_scans.size() >= 2) {
        m_earlierCombo->setCurrentIndex(int(m_scans.size()) - 2);
        m_laterCombo->setCurrentIndex(int(m_scans.size()) - 1);
    }
    choose->addWidget(new QLabel(tr("From"), this));
    choose->addWidget(m_earlierCombo, 1);
    choose->addWidget(new QLabel(tr("to"), this));
    choose->addWidget(m_laterCombo, 1);
    layout->addLayout(choose);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("diffSummary"));
    m_summaryLabel->setTextFormat(Qt::PlainText);
    m_summaryLabel->setWordWrap(true);
    layout->addWidget(m_summaryLabel);

    m_model = new ScanDiffModel(this);
    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("diffView"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setItemDelegate(new PlainTextDelegate(m_view)); // host text shown escaped
    m_view->setItemDelegateForColumn(ScanDiffModel::BeforeColumn, new StatusDelegate(m_view));
    m_view->setItemDelegateForColumn(ScanDiffModel::AfterColumn, new StatusDelegate(m_view));
    m_view->header()->resizeSection(ScanDiffModel::ChangeColumn, 90);
    m_view->header()->resizeSection(ScanDiffModel::HostColumn, 150);
    m_view->header()->resizeSection(ScanDiffModel::SubjectColumn, 220);
    m_view->header()->resizeSection(ScanDiffModel::CheckColumn, 260);
    layout->addWidget(m_view, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_earlierCombo, &QComboBox::currentIndexChanged, this, &ScanDiffDialog::refresh);
    connect(m_laterCombo, &QComboBox::currentIndexChanged, this, &ScanDiffDialog::refresh);
    refresh();
}

bool ScanDiffDialog::compare(qint64 earlier, qint64 later)
{
    const int from = m_earlierCombo->findData(earlier);
    const int to = m_laterCombo->findData(later);
    if (from < 0 || to < 0)
        return false;
    m_earlierCombo->setCurrentIndex(from);
    m_laterCombo->setCurrentIndex(to);
    refresh();
    return true;
}

void ScanDiffDialog::refresh()
{
    if (m_scans.size() < 2) {
        m_model->setDeltas({});
        m_summaryLabel->setText(tr("There is nothing to compare yet: the workspace needs two scans."));
        return;
    }
    const qint64 earlier = m_earlierCombo->currentData().toLongLong();
    const qint64 later = m_laterCombo->currentData().toLongLong();
    if (earlier == later) {
        m_model->setDeltas({});
        m_summaryLabel->setText(tr("Choose two different scans."));
        return;
    }
    // As reviewed today: waivers and attestations in force now apply to both sides.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto before = m_workspace.reviewedFindings(earlier, now, false);
    auto after = m_workspace.reviewedFindings(later, now, false);
    if (!before || !after) {
        m_model->setDeltas({});
        m_summaryLabel->setText(
            tr("The scans could not be read: %1").arg(before ? after.errorMessage() : before.errorMessage()));
        return;
    }
    m_model->setDeltas(ScanDiff::compare(before.value(), after.value()));
    QStringList parts;
    for (const FindingChange change :
         {FindingChange::Regressed, FindingChange::New, FindingChange::Expired, FindingChange::Fixed,
          FindingChange::Waived, FindingChange::Added, FindingChange::Removed}) {
        if (const int n = m_model->count(change))
            parts << QStringLiteral("%1 %2").arg(n).arg(findingChangeToString(change));
    }
    m_summaryLabel->setText(
        parts.isEmpty() ? tr("Scan %1 → %2: nothing changed.").arg(earlier).arg(later)
                        : tr("Scan %1 → %2: %3.").arg(earlier).arg(later).arg(parts.join(QStringLiteral(", "))));
}

} // namespace bulkhead
