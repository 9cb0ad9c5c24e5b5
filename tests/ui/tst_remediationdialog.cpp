// SPDX-License-Identifier: GPL-3.0-or-later
// The remediation dialog without a host (issue 5, item 6): the plan it shows for a real finding of the golden
// alpha host, the value that changes the command, the confirmation that a changed plan needs again, findings
// Bulkhead cannot fix from the evidence, hostile names, and the undo form. Running it is
// tst_remediation_gui_fleet's (the real fleet).
#include "GoldenCase.h"
#include "checks/Evaluator.h"
#include "remediate/RemediationDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

using namespace bulkhead;

class tst_RemediationDialog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void showsTheExactCommands();
    void changedValueNeedsConfirmingAgain();
    void restartPolicy();
    void notFixableFromThisEvidence();
    void hostileNameShownEscaped();
    void undoForm();

private:
    Finding failing(const QString& check, const QString& subject) const;
    ScanRequest target() const;

    QVector<Artifact> m_artifacts;
    QVector<Finding> m_findings;
};

void tst_RemediationDialog::initTestCase()
{
    m_artifacts = test::GoldenCase::read(QDir(QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/data/fleet-alpha"))).artifacts;
    QVERIFY(!m_artifacts.isEmpty());
    m_findings = Evaluator::evaluateHost(m_artifacts);
    for (Finding& finding : m_findings)
        finding.hostName = QStringLiteral("127.0.88.2");
}

Finding tst_RemediationDialog::failing(const QString& check, const QString& subject) const
{
    for (const Finding& finding : m_findings) {
        if (finding.checkId == check && finding.subject.name == subject)
            return finding;
    }
    return {};
}

ScanRequest tst_RemediationDialog::target() const
{
    ScanRequest request;
    request.hosts = {HostSpec::parse(QStringLiteral("root@127.0.88.2:22")).value()};
    return request;
}

void tst_RemediationDialog::showsTheExactCommands()
{
    const Finding finding = failing(QStringLiteral("container.pids-limit"), QStringLiteral("root-uid0"));
    QCOMPARE(finding.status, Status::Fail);
    RemediationDialog dialog(finding, m_artifacts, target());
    QVERIFY(dialog.plan().has_value());
    const QString plan = dialog.findChild<QPlainTextEdit*>(QStringLiteral("planView"))->toPlainText();
    // The catalog's default (200), the container by its validated id, and the undo.
    QVERIFY2(plan.contains(QStringLiteral("$ docker update --pids-limit '200' -- '") + finding.subject.id +
                           QLatin1Char('\'')),
             qPrintable(plan));
    QVERIFY(plan.contains(QStringLiteral("Undo")));
    QCOMPARE(dialog.findChild<QSpinBox*>(QStringLiteral("valueSpin"))->value(), 200);
    auto* confirm = dialog.findChild<QCheckBox*>(QStringLiteral("confirmCheck"));
    auto* run = dialog.findChild<QPushButton*>(QStringLiteral("runButton"));
    QVERIFY(confirm->text().contains(QStringLiteral("root@127.0.88.2")));
    QVERIFY(confirm->isEnabled());
    QVERIFY(!run->isEnabled());
    confirm->setChecked(true);
    QVERIFY(run->isEnabled());
    QVERIFY(!run->isDefault()); // Enter closes; it never runs anything
    QVERIFY(!dialog.isRunning());
}

void tst_RemediationDialog::changedValueNeedsConfirmingAgain()
{
    const Finding finding = failing(QStringLiteral("container.memory-limit"), QStringLiteral("root-uid0"));
    QCOMPARE(finding.status, Status::Fail);
    RemediationDialog dialog(finding, m_artifacts, target());
    auto* confirm = dialog.findChild<QCheckBox*>(QStringLiteral("confirmCheck"));
    auto* spin = dialog.findChild<QSpinBox*>(QStringLiteral("valueSpin"));
    QCOMPARE(spin->suffix(), QStringLiteral(" MiB"));
    confirm->setChecked(true);
    spin->setValue(256);
    QVERIFY(!confirm->isChecked());
    QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("runButton"))->isEnabled());
    const QString plan = dialog.findChild<QPlainTextEdit*>(QStringLiteral("planView"))->toPlainText();
    QVERIFY2(plan.contains(QStringLiteral("--memory '268435456'")), qPrintable(plan));
    QCOMPARE(dialog.plan()->setting, QStringLiteral("memory=268435456"));
    // Docker refuses less than 6 MiB: the spin box does not go there.
    spin->setValue(1);
    QCOMPARE(spin->value(), 6);
}

void tst_RemediationDialog::restartPolicy()
{
    // alpha's containers all pass this check; the dialog plans from the evidence, as it would for a failing one.
    Finding finding = failing(QStringLiteral("container.restart-policy"), QStringLiteral("root-uid0"));
    QCOMPARE(finding.checkId, QStringLiteral("container.restart-policy"));
    finding.status = Status::Fail;
    RemediationDialog dialog(finding, m_artifacts, target());
    auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("restartCombo"));
    auto* retries = dialog.findChild<QSpinBox*>(QStringLiteral("valueSpin"));
    QVERIFY(combo != nullptr);
    combo->setCurrentIndex(combo->findData(QStringLiteral("unless-stopped")));
    QVERIFY(!retries->isEnabled()); // retries belong to on-failure only
    QVERIFY2(dialog.plan() && dialog.plan()->setting == QStringLiteral("restart=unless-stopped"),
             qPrintable(dialog.plan() ? dialog.plan()->setting : QString()));
    combo->setCurrentIndex(combo->findData(QStringLiteral("on-failure")));
    QVERIFY(retries->isEnabled());
    retries->setValue(3);
    QCOMPARE(dialog.plan()->setting, QStringLiteral("restart=on-failure:3"));
}

void tst_RemediationDialog::notFixableFromThisEvidence()
{
    // A container id that is not 64 hex never reaches a command: the dialog says why and offers nothing to run.
    Finding finding = failing(QStringLiteral("container.pids-limit"), QStringLiteral("root-uid0"));
    finding.subject.id = QStringLiteral("abc; reboot");
    RemediationDialog dialog(finding, m_artifacts, target());
    QVERIFY(!dialog.plan().has_value());
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("planError"));
    QVERIFY(!error->isHidden());
    QVERIFY(!error->text().isEmpty());
    QVERIFY(dialog.findChild<QPlainTextEdit*>(QStringLiteral("planView"))->toPlainText().isEmpty());
    QVERIFY(!dialog.findChild<QCheckBox*>(QStringLiteral("confirmCheck"))->isEnabled());
    QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("runButton"))->isEnabled());
}

void tst_RemediationDialog::hostileNameShownEscaped()
{
    Finding finding = failing(QStringLiteral("container.pids-limit"), QStringLiteral("root-uid0"));
    finding.hostName = QStringLiteral("evil\x1b[31m\u202ehost");
    finding.subject.name = QStringLiteral("name\x1b]0;title\x07");
    RemediationDialog dialog(finding, m_artifacts, target());
    const QString header = dialog.findChild<QLabel*>(QStringLiteral("remediationHeader"))->text();
    const QString plan = dialog.findChild<QPlainTextEdit*>(QStringLiteral("planView"))->toPlainText();
    for (const QString& shown : {header, plan, dialog.windowTitle()}) {
        QVERIFY2(!shown.contains(QChar(0x1b)) && !shown.contains(QChar(0x202e)) && !shown.contains(QChar(0x07)),
                 qPrintable(shown));
    }
    QVERIFY2(header.contains(QStringLiteral("\\x1b")), qPrintable(header));
}

void tst_RemediationDialog::undoForm()
{
    RemediationRecord record;
    record.id = 7;
    record.checkId = QStringLiteral("container.pids-limit");
    record.hostName = QStringLiteral("127.0.88.2");
    record.subject = Subject{SubjectKind::Container, QString(64, QLatin1Char('a')), QStringLiteral("web")};
    record.summary = QStringLiteral("PIDs limit 150");
    record.undo = {RemediationStep{QStringLiteral("docker update --pids-limit '-1' -- 'aaaa'"), QByteArray(),
                                   QStringLiteral("Put back the process limit it had (none)")}};
    {
        RemediationDialog dialog(record, target());
        const QString plan = dialog.findChild<QPlainTextEdit*>(QStringLiteral("planView"))->toPlainText();
        QVERIFY2(plan.contains(QStringLiteral("$ docker update --pids-limit '-1' -- 'aaaa'")), qPrintable(plan));
        QVERIFY(dialog.findChild<QCheckBox*>(QStringLiteral("confirmCheck"))->isEnabled());
        QCOMPARE(dialog.findChild<QPushButton*>(QStringLiteral("runButton"))->text(), QStringLiteral("Run the undo"));
    }
    record.undoneBy = 9;
    {
        RemediationDialog dialog(record, target());
        QVERIFY(
            dialog.findChild<QLabel*>(QStringLiteral("planError"))->text().contains(QStringLiteral("already undone")));
        QVERIFY(!dialog.findChild<QCheckBox*>(QStringLiteral("confirmCheck"))->isEnabled());
        QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("runButton"))->isEnabled());
    }
    record.undoneBy = 0;
    record.undo.clear();
    RemediationDialog dialog(record, target());
    QVERIFY(
        dialog.findChild<QLabel*>(QStringLiteral("planError"))->text().contains(QStringLiteral("cannot be undone")));
    QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("runButton"))->isEnabled());
}

QTEST_MAIN(tst_RemediationDialog)
#include "tst_remediationdialog.moc"
