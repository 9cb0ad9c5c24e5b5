// SPDX-License-Identifier: GPL-3.0-or-later
#include "remediate/RemediationDialog.h"

#include "checks/CheckCatalog.h"
#include "dialogs/FormRows.h"
#include "remediate/RemediationController.h"
#include "remediation/RemediationCatalog.h"
#include "remediation/RemediationPlanner.h"
#include "text/SafeText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace bulkhead {

namespace {

constexpr qint64 MiB = 1024 * 1024;

QPlainTextEdit* textView(const QString& objectName, QWidget* parent)
{
    auto* view = new QPlainTextEdit(parent);
    view->setObjectName(objectName);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

QString subjectLine(const Subject& subject, const QString& hostName)
{
    if (subject.kind == SubjectKind::Container || subject.kind == SubjectKind::Image) {
        const QString id = subject.id.left(12);
        return QStringLiteral("%1 %2%3").arg(subjectKindToString(subject.kind),
                                             SafeText::visibleLine(subject.name.isEmpty() ? id : subject.name),
                                             id.isEmpty() ? QString() : QStringLiteral(" (id %1)").arg(id));
    }
    return QStringLiteral("%1 %2").arg(subjectKindToString(subject.kind), SafeText::visibleLine(hostName));
}

} // namespace

RemediationDialog::RemediationDialog(const Finding& finding, const QVector<Artifact>& artifacts,
                                     const ScanRequest& target, QWidget* parent)
    : QDialog(parent)
    , m_finding(finding)
    , m_artifacts(artifacts)
    , m_target(target)
{
    const CheckDefinition* check = CheckCatalog::instance().find(finding.checkId);
    buildCommon(tr("Remediate: %1").arg(check ? check->title : finding.checkId));
    m_headerLabel->setText(tr("%1 on %2 — %3")
                               .arg(finding.checkId, SafeText::visibleLine(finding.hostName),
                                    subjectLine(finding.subject, finding.hostName)));
    const RemediationEntry* entry = RemediationCatalog::find(finding.checkId);
    if (entry && entry->setting) {
        const std::optional<RemediationSetting> initial = RemediationCatalog::defaultSetting(finding.checkId);
        buildSettingEditor(*entry->setting, initial.value_or(RemediationSetting{*entry->setting, 0, QString()}));
    }
    replan();
}

RemediationDialog::RemediationDialog(const RemediationRecord& record, const ScanRequest& target, QWidget* parent)
    : QDialog(parent)
    , m_target(target)
    , m_undoOf(record)
{
    buildCommon(tr("Undo remediation %1").arg(record.id));
    m_headerLabel->setText(tr("%1 on %2 — %3: %4")
                               .arg(record.checkId, SafeText::visibleLine(record.hostName),
                                    subjectLine(record.subject, record.hostName),
                                    SafeText::visibleLine(record.summary)));
    if (record.undoneBy != 0) {
        m_errorLabel->setText(tr("Remediation %1 was already undone (by %2).").arg(record.id).arg(record.undoneBy));
    } else if (record.undo.isEmpty()) {
        m_errorLabel->setText(tr("Remediation %1 cannot be undone.").arg(record.id));
    } else {
        showPlanText(tr("Runs on %1, over SSH, in order (the first failure stops the rest):\n")
                         .arg(SafeText::visibleLine(record.hostName)) +
                     RemediationPlan::describeSteps(record.undo) +
                     tr("Then the host is scanned again and the finding re-checked.\n"));
    }
    m_errorLabel->setVisible(!m_errorLabel->text().isEmpty());
    updateButtons();
}

RemediationDialog::~RemediationDialog() = default;

void RemediationDialog::buildCommon(const QString& title)
{
    setWindowTitle(title);
    setObjectName(QStringLiteral("remediationDialog"));
    resize(900, 600); // wide enough for a docker command with its 64-hex container id
    auto* layout = new QVBoxLayout(this);

    m_headerLabel = new QLabel(this);
    m_headerLabel->setObjectName(QStringLiteral("remediationHeader"));
    m_headerLabel->setTextFormat(Qt::PlainText);
    m_headerLabel->setWordWrap(true);
    QFont bold = m_headerLabel->font();
    bold.setBold(true);
    m_headerLabel->setFont(bold);
    layout->addWidget(m_headerLabel);

    auto* form = new QFormLayout;
    form->setObjectName(QStringLiteral("settingForm"));
    layout->addLayout(form);
    const QString access = m_target.access == AccessMode::Sudo ? tr("the login user, through sudo -n")
                                                               : tr("the login user (root or the docker group)");
    form->addRow(tr("Runs as"), FormRows::note(access, this));

    m_planView = textView(QStringLiteral("planView"), this);
    layout->addWidget(new QLabel(tr("What will run, exactly:"), this));
    layout->addWidget(m_planView, 3);

    m_errorLabel = FormRows::errorLabel(QStringLiteral("planError"), this);
    layout->addWidget(m_errorLabel);

    m_confirmCheck = new QCheckBox(this);
    m_confirmCheck->setObjectName(QStringLiteral("confirmCheck"));
    m_confirmCheck->setText(
        tr("I have read these commands and want them run on %1 now")
            .arg(m_target.hosts.isEmpty() ? tr("the host") : SafeText::visibleLine(m_target.hosts.first().toString())));
    connect(m_confirmCheck, &QCheckBox::toggled, this, &RemediationDialog::updateButtons);
    layout->addWidget(m_confirmCheck);

    m_outputView = textView(QStringLiteral("outputView"), this);
    m_outputView->hide();
    layout->addWidget(m_outputView, 2);
    m_resultLabel = new QLabel(this);
    m_resultLabel->setObjectName(QStringLiteral("resultLabel"));
    m_resultLabel->setTextFormat(Qt::PlainText);
    m_resultLabel->setWordWrap(true);
    m_resultLabel->hide();
    layout->addWidget(m_resultLabel);

    auto* buttons = new QDialogButtonBox(this);
    m_runButton = buttons->addButton(m_undoOf ? tr("Run the undo") : tr("Run"), QDialogButtonBox::ActionRole);
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_cancelRunButton = buttons->addButton(tr("Stop"), QDialogButtonBox::ActionRole);
    m_cancelRunButton->setObjectName(QStringLiteral("stopButton"));
    m_closeButton = buttons->addButton(QDialogButtonBox::Close);
    m_closeButton->setObjectName(QStringLiteral("closeButton"));
    m_runButton->setAutoDefault(false);
    m_closeButton->setDefault(true); // Enter never runs anything
    connect(m_runButton, &QPushButton::clicked, this, &RemediationDialog::runConfirmed);
    connect(m_cancelRunButton, &QPushButton::clicked, this, [this] {
        m_controller->cancel();
        m_cancelRunButton->setEnabled(false);
        onLine(tr("Stopping…"));
    });
    connect(m_closeButton, &QPushButton::clicked, this, &RemediationDialog::reject);
    layout->addWidget(buttons);

    m_controller = new RemediationController(this);
    connect(m_controller, &RemediationController::line, this, &RemediationDialog::onLine);
    connect(m_controller, &RemediationController::finished, this, &RemediationDialog::onFinished);
}

void RemediationDialog::buildSettingEditor(RemediationSetting::Name name, const RemediationSetting& initial)
{
    m_settingName = name;
    auto* form = findChild<QFormLayout*>(QStringLiteral("settingForm"));
    m_numberSpin = new QSpinBox(this);
    m_numberSpin->setObjectName(QStringLiteral("valueSpin"));
    m_numberSpin->setAccelerated(true);
    m_numberSpin->setMaximumWidth(220);
    switch (name) {
    case RemediationSetting::Name::Memory:
        m_numberSpin->setRange(int(RemediationSetting::MinMemory / MiB), int(RemediationSetting::MaxMemory / MiB));
        m_numberSpin->setSuffix(tr(" MiB"));
        m_numberSpin->setValue(int(initial.number / MiB));
        form->addRow(tr("Memory limit"), m_numberSpin);
        break;
    case RemediationSetting::Name::Pids:
        m_numberSpin->setRange(1, int(RemediationSetting::MaxPids));
        m_numberSpin->setValue(int(initial.number));
        form->addRow(tr("Processes at most"), m_numberSpin);
        break;
    case RemediationSetting::Name::CpuShares:
        m_numberSpin->setRange(int(RemediationSetting::MinCpuShares), int(RemediationSetting::MaxCpuShares));
        m_numberSpin->setValue(int(initial.number));
        form->addRow(tr("CPU shares"), m_numberSpin);
        break;
    case RemediationSetting::Name::Restart: {
        m_restartCombo = new QComboBox(this);
        m_restartCombo->setObjectName(QStringLiteral("restartCombo"));
        for (const char* policy : {"no", "always", "unless-stopped", "on-failure"})
            m_restartCombo->addItem(QLatin1String(policy), QLatin1String(policy));
        m_restartCombo->setCurrentIndex(std::max(0, m_restartCombo->findData(initial.restart)));
        m_numberSpin->setRange(0, int(RemediationSetting::MaxRetries));
        m_numberSpin->setValue(int(initial.number));
        m_numberSpin->setPrefix(tr("retries: "));
        auto* row = new QWidget(this);
        auto* rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        rowLayout->addWidget(m_restartCombo);
        rowLayout->addWidget(m_numberSpin);
        rowLayout->addStretch();
        form->addRow(tr("Restart policy"), row);
        connect(m_restartCombo, &QComboBox::currentIndexChanged, this, &RemediationDialog::replan);
        break;
    }
    }
    connect(m_numberSpin, &QSpinBox::valueChanged, this, &RemediationDialog::replan);
}

std::optional<RemediationSetting> RemediationDialog::chosenSetting(QString* error) const
{
    if (!m_settingName)
        return std::nullopt; // the catalog's fixed change
    QString text;
    switch (*m_settingName) {
    case RemediationSetting::Name::Memory:
        text = QStringLiteral("memory=%1").arg(qint64(m_numberSpin->value()) * MiB);
        break;
    case RemediationSetting::Name::Pids:
        text = QStringLiteral("pids=%1").arg(m_numberSpin->value());
        break;
    case RemediationSetting::Name::CpuShares:
        text = QStringLiteral("cpu-shares=%1").arg(m_numberSpin->value());
        break;
    case RemediationSetting::Name::Restart: {
        const QString policy = m_restartCombo->currentData().toString();
        text = QStringLiteral("restart=") + policy;
        if (policy == QLatin1String("on-failure") && m_numberSpin->value() > 0)
            text += QStringLiteral(":%1").arg(m_numberSpin->value());
        break;
    }
    }
    auto parsed = RemediationSetting::parse(text);
    if (!parsed) {
        *error = parsed.errorMessage();
        return std::nullopt;
    }
    return parsed.value();
}

void RemediationDialog::replan()
{
    if (m_restartCombo)
        m_numberSpin->setEnabled(m_restartCombo->currentData().toString() == QLatin1String("on-failure"));
    QString error;
    const std::optional<RemediationSetting> setting = chosenSetting(&error);
    m_plan.reset();
    if (error.isEmpty()) {
        RemediationContext context;
        context.artifacts = m_artifacts;
        context.setting = setting;
        context.access = m_target.access;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        context.planTimeUtc = QDateTime::fromSecsSinceEpoch(now, Qt::UTC);
        auto plan = RemediationPlanner::plan(m_finding, context);
        if (plan)
            m_plan = plan.value();
        else
            error = plan.errorMessage();
    }
    m_errorLabel->setText(SafeText::visible(error));
    m_errorLabel->setVisible(!error.isEmpty());
    showPlanText(m_plan ? m_plan->describe() : QString());
    // A changed plan is a new one: it must be confirmed again.
    m_confirmCheck->setChecked(false);
    updateButtons();
}

void RemediationDialog::showPlanText(const QString& text)
{
    m_planView->setPlainText(SafeText::visible(text));
}

bool RemediationDialog::isRunning() const
{
    return m_controller->isRunning();
}

void RemediationDialog::updateButtons()
{
    const bool running = m_controller->isRunning();
    const bool ready = m_undoOf ? (m_undoOf->undoneBy == 0 && !m_undoOf->undo.isEmpty()) : m_plan.has_value();
    const bool ranOnce = m_outcome.has_value();
    m_confirmCheck->setEnabled(ready && !running && !ranOnce);
    m_runButton->setEnabled(ready && m_confirmCheck->isChecked() && !running && !ranOnce);
    m_cancelRunButton->setVisible(running);
    m_cancelRunButton->setEnabled(running);
    m_closeButton->setEnabled(!running);
    if (m_numberSpin)
        m_numberSpin->setEnabled(
            !running && !ranOnce &&
            (!m_restartCombo || m_restartCombo->currentData().toString() == QLatin1String("on-failure")));
    if (m_restartCombo)
        m_restartCombo->setEnabled(!running && !ranOnce);
}

void RemediationDialog::runConfirmed()
{
    if (!m_confirmCheck->isChecked() || m_controller->isRunning())
        return;
    bool started = false;
    if (m_undoOf) {
        started = m_controller->undo(m_undoOf->id, m_target);
    } else if (m_plan) {
        RemediationRequest request;
        request.target = m_target;
        request.plan = *m_plan;
        QString ignored;
        request.setting = chosenSetting(&ignored);
        started = m_controller->run(request);
    }
    if (!started)
        return;
    m_outputView->clear();
    m_outputView->show();
    m_resultLabel->hide();
    updateButtons();
}

void RemediationDialog::onLine(const QString& text)
{
    m_outputView->appendPlainText(SafeText::visible(text));
}

void RemediationDialog::onFinished(const RemediationOutcome& outcome, const QString& error)
{
    m_outcome = outcome;
    const RemediationRecord& record = outcome.record;
    QString result;
    QString colour;
    if (!error.isEmpty()) {
        result = tr("The workspace could not record it: %1").arg(SafeText::visible(error));
        colour = QStringLiteral("#b3261e");
    } else if (record.state == RemediationState::Done) {
        const QString status = record.findingStatus ? statusLabel(*record.findingStatus) : tr("not judged");
        result = tr("Done (remediation %1). The re-check of %2 says: %3.").arg(record.id).arg(record.checkId, status);
        colour = record.findingStatus == Status::Pass ? QStringLiteral("#1b6e3a") : QStringLiteral("#8a5a00");
    } else {
        result = tr("%1 (remediation %2): %3")
                     .arg(record.state == RemediationState::Cancelled ? tr("Stopped") : tr("Failed"))
                     .arg(record.id)
                     .arg(SafeText::visible(record.message));
        colour = QStringLiteral("#b3261e");
    }
    if (record.beforeScanId != 0 || record.afterScanId != 0)
        result += QLatin1Char('\n') +
                  tr("Evidence: before in scan %1, after in scan %2.").arg(record.beforeScanId).arg(record.afterScanId);
    m_resultLabel->setText(result);
    m_resultLabel->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(colour));
    m_resultLabel->show();
    updateButtons();
    if (record.id != 0)
        emit workspaceChanged();
}

void RemediationDialog::reject()
{
    if (m_controller->isRunning()) {
        // Closing mid-run would leave the host half-changed without a word: stop it, then close.
        m_controller->cancel();
        m_cancelRunButton->setEnabled(false);
        onLine(tr("Stopping…"));
        return;
    }
    QDialog::reject();
}

} // namespace bulkhead
