// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Artifact.h"
#include "domain/Finding.h"
#include "probes/AccessMode.h"
#include "remediate/RemediationRunner.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace bulkhead {

class RemediationController;

// Fixing one finding from the window (issue 5, item 6): the exact commands, the host and containers they
// touch, the file they change and its backup, the undo; the value for a `docker update` can be changed and
// the commands follow. Nothing runs until the user ticks the confirmation and presses Run. Then the run's
// progress, and the re-check's verdict on the finding. The same dialog undoes a stored remediation.
class RemediationDialog : public QDialog
{
    Q_OBJECT
public:
    // `artifacts`: the finding's scan of its host (what the plan is made from); `target`: how to reach the
    // host (its spec in target.hosts, the workspace path, the key and known_hosts).
    RemediationDialog(const Finding& finding, const QVector<Artifact>& artifacts, const ScanRequest& target,
                      QWidget* parent = nullptr);
    // Undo of a stored remediation: its undo commands, confirmed the same way.
    RemediationDialog(const RemediationRecord& record, const ScanRequest& target, QWidget* parent = nullptr);
    ~RemediationDialog() override;

    // The plan as shown (none while the chosen value is invalid or the finding cannot be fixed).
    const std::optional<RemediationPlan>& plan() const { return m_plan; }
    bool isRunning() const;
    // The last run's outcome (set once it finished).
    const std::optional<RemediationOutcome>& outcome() const { return m_outcome; }

    void reject() override; // while running: asks the run to stop instead of closing

signals:
    // A run ended and changed the workspace (a record, evidence, the re-check): the window reloads.
    void workspaceChanged();

private:
    void buildCommon(const QString& title);
    void buildSettingEditor(RemediationSetting::Name name, const RemediationSetting& initial);
    std::optional<RemediationSetting> chosenSetting(QString* error) const;
    void replan();
    void showPlanText(const QString& text);
    void updateButtons();
    void runConfirmed();
    void onLine(const QString& text);
    void onFinished(const RemediationOutcome& outcome, const QString& error);

    Finding m_finding;
    QVector<Artifact> m_artifacts;
    ScanRequest m_target;
    std::optional<RemediationRecord> m_undoOf; // set: this dialog undoes that remediation
    std::optional<RemediationPlan> m_plan;
    std::optional<RemediationOutcome> m_outcome;
    std::optional<RemediationSetting::Name> m_settingName;
    RemediationController* m_controller = nullptr;

    QLabel* m_headerLabel = nullptr;
    QSpinBox* m_numberSpin = nullptr;     // memory (MiB), PIDs, CPU shares, on-failure retries
    QComboBox* m_restartCombo = nullptr;  // restart policy
    QPlainTextEdit* m_planView = nullptr; // the commands, exactly as they will run
    QLabel* m_errorLabel = nullptr;
    QCheckBox* m_confirmCheck = nullptr;
    QPlainTextEdit* m_outputView = nullptr; // the run's progress
    QLabel* m_resultLabel = nullptr;
    QPushButton* m_runButton = nullptr;
    QPushButton* m_cancelRunButton = nullptr;
    QPushButton* m_closeButton = nullptr;
};

} // namespace bulkhead
