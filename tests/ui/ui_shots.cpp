// SPDX-License-Identifier: GPL-3.0-or-later
// Renders what a user sees, offscreen, for review and for the README: the main window with the
// fixture workspace, the scan dialog, and the binder PDF. With --fleet, it also scans a running
// test fleet (tests/fleet) through the window's own scan controller and shoots the result.
//   QT_QPA_PLATFORM=offscreen bulkhead_ui_shots OUTDIR [--fleet DIR/fleet.json]
#include "GoldenCase.h"
#include "MainWindow.h"
#include "WorkspaceFixture.h"
#include "checks/Evaluator.h"
#include "dialogs/AttestationDialog.h"
#include "dialogs/CommandsDialog.h"
#include "dialogs/EvidenceNoteDialog.h"
#include "dialogs/InventoryEditorDialog.h"
#include "dialogs/InventoryScanDialog.h"
#include "dialogs/ScanDialog.h"
#include "dialogs/WaiverDialog.h"
#include "evidence/EvidencePane.h"
#include "evidence/WindowCapture.h"
#include "items/ChecksModel.h"
#include "items/FindingsModel.h"
#include "items/FleetTreeModel.h"
#include "remediate/RemediationDialog.h"
#include "report/BinderWriter.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextStream>

using namespace bulkhead;
using namespace bulkhead::testing;

namespace {

void select(QAbstractItemView* view, const QModelIndex& index)
{
    view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
}

bool save(QWidget* widget, const QString& path)
{
    QApplication::processEvents();
    const bool saved = widget->grab().save(path);
    QTextStream(stdout) << (saved ? "wrote " : "FAILED ") << path << '\n';
    return saved;
}

// Scans every host of a running fleet from the window, as a user would, then shoots it.
// The Dashboard tab of `window`, drawn, then back to the review.
bool shootDashboard(MainWindow& window, const QString& path)
{
    auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    if (!tabs || tabs->count() < 2)
        return false;
    tabs->setCurrentIndex(1);
    QApplication::processEvents();
    const bool saved = save(&window, path);
    tabs->setCurrentIndex(0);
    return saved;
}

// A workspace already scanned (`--open FILE`): its review and dashboard as they open.
bool shootWorkspace(const QDir& out, const QString& path)
{
    MainWindow window;
    window.resize(1440, 880);
    if (auto opened = window.openWorkspace(path); !opened) {
        QTextStream(stderr) << opened.errorMessage() << '\n';
        return false;
    }
    window.show();
    bool ok = save(&window, out.filePath(QStringLiteral("workspace-review.png")));
    ok &= shootDashboard(window, out.filePath(QStringLiteral("workspace-dashboard.png")));
    return ok;
}

bool shootFleet(const QDir& out, const QString& fleetJson)
{
    QFile file(fleetJson);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QJsonObject fleet = QJsonDocument::fromJson(file.readAll()).object();
    ScanRequest request;
    request.identityFile = fleet.value(QStringLiteral("identity")).toString();
    request.knownHostsFile = fleet.value(QStringLiteral("known_hosts")).toString();
    for (const QJsonValue& host : fleet.value(QStringLiteral("hosts")).toArray()) {
        const QJsonObject h = host.toObject();
        const QString spec = QStringLiteral("auditor@%1:%2")
                                 .arg(h.value(QStringLiteral("address")).toString())
                                 .arg(h.value(QStringLiteral("port")).toInt());
        request.hosts.append(HostSpec::parse(spec).value());
    }
    const QString path = out.filePath(QStringLiteral("fleet.bulkhead"));
    QFile::remove(path);
    MainWindow window;
    window.resize(1440, 880);
    if (auto created = window.createWorkspace(path); !created)
        return false;
    window.show();
    request.workspacePath = window.workspacePath();
    QElapsedTimer clock;
    clock.start();
    if (!window.startScan(request))
        return false;
    bool ok = save(&window, out.filePath(QStringLiteral("fleet-scanning.png")));
    while (window.isScanning())
        QApplication::processEvents(QEventLoop::AllEvents, 50);
    QTextStream(stdout) << "fleet scan of " << request.hosts.size() << " hosts took " << clock.elapsed() << " ms\n";
    ok &= save(&window, out.filePath(QStringLiteral("fleet-scanned.png")));

    auto* checks = window.findChild<QAbstractItemView*>(QStringLiteral("checksView"));
    auto* findings = window.findChild<QAbstractItemView*>(QStringLiteral("findingsView"));
    select(checks,
           qobject_cast<ChecksModel*>(checks->model())->indexOfCheck(QStringLiteral("container.user-not-root")));
    for (int row = 0; row < findings->model()->rowCount(); ++row) {
        const QModelIndex index = findings->model()->index(row, FindingsModel::SubjectColumn);
        if (index.data().toString() == QStringLiteral("hostile-labels"))
            select(findings, index);
    }
    ok &= save(&window, out.filePath(QStringLiteral("fleet-evidence.png")));
    select(checks,
           qobject_cast<ChecksModel*>(checks->model())->indexOfCheck(QStringLiteral("container.no-secrets-in-env")));
    for (int row = 0; row < findings->model()->rowCount(); ++row) {
        const QModelIndex index = findings->model()->index(row, FindingsModel::SubjectColumn);
        if (index.data().toString() == QStringLiteral("secret-env"))
            select(findings, index);
    }
    ok &= save(&window, out.filePath(QStringLiteral("fleet-secret.png")));
    ok &= shootDashboard(window, out.filePath(QStringLiteral("fleet-dashboard.png")));

    auto workspace = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
    if (!workspace)
        return false;
    const QString pdf = out.filePath(QStringLiteral("fleet-binder.pdf"));
    auto written = BinderWriter::write(*workspace.value(), pdf);
    if (!written)
        return false;
    QTextStream(stdout) << "wrote " << pdf << " (" << written->pages << " pages, " << written->findings << " findings, "
                        << written->artifacts << " artifacts)\n";
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    // Pictures of a window that remembers nothing: the user's own layout and recent files stay out of them.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
    QApplication app(argc, argv);
    QApplication::setFont(QFont(QStringLiteral("DejaVu Sans"), 9));
    if (argc < 2) {
        QTextStream(stderr) << "usage: bulkhead_ui_shots OUTDIR\n";
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));
    if (!out.mkpath(QStringLiteral(".")))
        return 1;
    const QString path = out.filePath(QStringLiteral("demo.bulkhead"));
    QFile::remove(path);
    QString error;
    Fixture fx = buildFixture(path, &error);
    if (!fx.workspace) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }

    bool ok = true;
    MainWindow window;
    window.resize(1440, 880);
    if (auto opened = window.openWorkspace(path); !opened) {
        QTextStream(stderr) << opened.errorMessage() << '\n';
        return 1;
    }
    window.show();
    ok &= save(&window, out.filePath(QStringLiteral("main-window-fleet.png")));
    ok &= shootDashboard(window, out.filePath(QStringLiteral("dashboard.png")));

    auto* hosts = window.findChild<QAbstractItemView*>(QStringLiteral("hostsView"));
    auto* checks = window.findChild<QAbstractItemView*>(QStringLiteral("checksView"));
    auto* findings = window.findChild<QAbstractItemView*>(QStringLiteral("findingsView"));
    select(hosts, qobject_cast<FleetTreeModel*>(hosts->model())->indexOfHost(fx.hostA));
    select(checks,
           qobject_cast<ChecksModel*>(checks->model())->indexOfCheck(QStringLiteral("container.user-not-root")));
    for (int row = 0; row < findings->model()->rowCount(); ++row) {
        const QModelIndex index = findings->model()->index(row, FindingsModel::SubjectColumn);
        if (index.data().toString() == QStringLiteral("evil"))
            select(findings, index);
    }
    ok &= save(&window, out.filePath(QStringLiteral("main-window-evidence.png")));

    select(checks,
           qobject_cast<ChecksModel*>(checks->model())->indexOfCheck(QStringLiteral("container.no-docker-socket")));
    select(findings, findings->model()->index(0, FindingsModel::SubjectColumn));
    window.showMessage(QStringLiteral("Scan finished. 1 of 2 host(s) scanned completely, 9 finding(s).\n") +
                           QStringLiteral("auditor@127.0.0.4:22 — failed: ") + HostileHostMessage,
                       MainWindow::MessageKind::Error);
    ok &= save(&window, out.filePath(QStringLiteral("main-window-message.png")));

    // The same window in the dark palette (View > Dark palette), then back.
    window.findChild<QAction*>(QStringLiteral("darkAction"))->setChecked(true);
    QApplication::processEvents();
    ok &= save(&window, out.filePath(QStringLiteral("main-window-dark.png")));
    window.findChild<QAction*>(QStringLiteral("darkAction"))->setChecked(false);
    QApplication::processEvents();

    ScanDialog dialog(&window);
    dialog.setHost(QStringLiteral("auditor@127.0.0.2"));
    dialog.setIdentityFile(QStringLiteral("/home/auditor/.ssh/id_ed25519"));
    dialog.setKnownHostsFile(QStringLiteral("/home/auditor/.ssh/known_hosts"));
    dialog.show();
    ok &= save(&dialog, out.filePath(QStringLiteral("scan-dialog.png")));
    dialog.hide();

    CommandsDialog commands(AccessMode::Sudo, &window);
    commands.show();
    ok &= save(&commands, out.filePath(QStringLiteral("commands-dialog.png")));
    commands.hide();

    InventoryScanDialog inventory(&window);
    inventory.setInventoryFile(QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/model/data/inventory/fleet.yaml"));
    inventory.show();
    ok &= save(&inventory, out.filePath(QStringLiteral("inventory-scan-dialog.png")));
    inventory.hide();

    // The inventory editor with two zones and three hosts, a host selected; then Save refused because the
    // out-of-scope zone lost its rationale.
    Inventory fleet;
    Zone prod;
    prod.name = QStringLiteral("prod");
    prod.scope = ZoneScope::In;
    prod.rationale = QStringLiteral("Customer traffic and card data: audited every quarter.");
    prod.approvedRegistries = {QStringLiteral("registry.example.com:5000"), QStringLiteral("ghcr.io/example")};
    prod.approvedUsers = {QStringLiteral("root"), QStringLiteral("auditor")};
    prod.requiredLogTargets = {QStringLiteral("udp://logs.example.com:514")};
    Zone lab;
    lab.name = QStringLiteral("lab");
    lab.scope = ZoneScope::Out;
    lab.rationale = QStringLiteral("Engineers' test machines; no customer data.");
    fleet.zones << prod << lab;
    const auto fleetHost = [](const QString& name, const QString& address, int port, const QString& zone) {
        InventoryHost host;
        host.name = name;
        host.address = address;
        host.port = port;
        host.user = QStringLiteral("auditor");
        host.zone = zone;
        return host;
    };
    fleet.hosts << fleetHost(QStringLiteral("alpha"), QStringLiteral("127.0.0.2"), 22, QStringLiteral("prod"));
    fleet.hosts << fleetHost(QStringLiteral("bravo"), QStringLiteral("127.0.0.3"), 2222, QStringLiteral("prod"));
    fleet.hosts << fleetHost(QStringLiteral("lab-1"), QStringLiteral("10.9.0.4"), 22, QStringLiteral("lab"));
    fleet.hosts[1].access = AccessMode::Sudo;
    fleet.hosts[1].identity = QStringLiteral("~/.ssh/audit_ed25519");
    fleet.hosts[1].proxyJump = QStringLiteral("jump@bastion.example.com");
    InventoryEditorDialog editor(fleet, &window);
    editor.findChild<QTableWidget*>(QStringLiteral("hostsTable"))->setCurrentCell(1, 0);
    editor.check();
    editor.show();
    ok &= save(&editor, out.filePath(QStringLiteral("inventory-editor.png")));
    editor.findChild<QTableWidget*>(QStringLiteral("zonesTable"))->setCurrentCell(1, 0);
    editor.findChild<QPlainTextEdit*>(QStringLiteral("zoneRationaleEdit"))->clear();
    editor.findChild<QPushButton*>(QStringLiteral("inventorySaveButton"))->click();
    ok &= save(&editor, out.filePath(QStringLiteral("inventory-editor-refused.png")));
    editor.hide();

    Finding failing;
    failing.checkId = QStringLiteral("container.user-not-root");
    failing.subject = Subject{SubjectKind::Container, QStringLiteral("3f2a"), QStringLiteral("web")};
    failing.status = Status::Fail;
    failing.hostName = QStringLiteral("127.0.0.2");
    WaiverDialog waiver(failing, QStringLiteral("prod"), &window);
    waiver.findChild<QPlainTextEdit*>(QStringLiteral("justificationEdit"))
        ->setPlainText(QStringLiteral("Vendor image; the vendor ships a non-root build in Q2."));
    waiver.findChild<QLineEdit*>(QStringLiteral("approverEdit"))->setText(QStringLiteral("Dana Ruiz (system owner)"));
    waiver.show();
    ok &= save(&waiver, out.filePath(QStringLiteral("waiver-dialog.png")));
    waiver.hide();

    AttestationDialog attestation(QStringLiteral("host.process-baseline"), QStringLiteral("bravo"),
                                  QStringLiteral("prod"), &window);
    attestation.findChild<QLineEdit*>(QStringLiteral("auditorEdit"))->setText(QStringLiteral("Ann Auditor"));
    attestation.addFiles({QStringLiteral(BULKHEAD_SOURCE_DIR "/README.md")});
    attestation.show();
    ok &= save(&attestation, out.filePath(QStringLiteral("attestation-dialog.png")));
    attestation.hide();

    // Fixing a finding: the golden alpha host's PIDs-limit finding on root-uid0, the commands confirmed.
    const QVector<Artifact> alpha =
        test::GoldenCase::read(QDir(QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/data/fleet-alpha"))).artifacts;
    for (Finding finding : Evaluator::evaluateHost(alpha)) {
        if (finding.checkId != QLatin1String("container.pids-limit") ||
            finding.subject.name != QLatin1String("root-uid0"))
            continue;
        finding.hostName = QStringLiteral("alpha");
        ScanRequest target;
        target.hosts = {HostSpec::parse(QStringLiteral("root@alpha:22")).value()};
        RemediationDialog remediation(finding, alpha, target, &window);
        remediation.findChild<QSpinBox*>(QStringLiteral("valueSpin"))->setValue(150);
        remediation.findChild<QCheckBox*>(QStringLiteral("confirmCheck"))->setChecked(true);
        remediation.show();
        ok &= save(&remediation, out.filePath(QStringLiteral("remediation-dialog.png")));
        remediation.hide();
    }
    // Evidence capture: the note dialog with a picture of the window, then the pane listing what was added.
    Finding web;
    for (const Finding& finding : fx.workspace->findings(fx.scanId, false).value()) {
        if (finding.subject.name == QLatin1String("web") && finding.checkId == QLatin1String("container.user-not-root"))
            web = finding;
    }
    const QDateTime shotTime(QDate(2026, 11, 30), QTime(8, 1, 2), Qt::UTC);
    const auto picture = WindowCapture::png(&window);
    ok &= bool(picture);
    EvidenceNoteDialog note(web, &window);
    note.findChild<QPlainTextEdit*>(QStringLiteral("noteEdit"))
        ->setPlainText(QStringLiteral("The owner confirmed web runs as root; a non-root image is due in Q2."));
    note.findChild<QLineEdit*>(QStringLiteral("authorEdit"))->setText(QStringLiteral("Ann Auditor"));
    note.addCapture(WindowCapture::fileName(shotTime), picture ? picture.value() : QByteArray());
    note.addFiles({QStringLiteral(BULKHEAD_SOURCE_DIR "/README.md")});
    note.show();
    ok &= save(&note, out.filePath(QStringLiteral("evidence-note-dialog.png")));
    note.accept();
    if (auto saved = note.save(*fx.workspace); !saved)
        QTextStream(stderr) << saved.errorMessage() << '\n';
    ok &= bool(fx.workspace->addNote(EvidenceSubject::ofFinding(web),
                                     QStringLiteral("Hostile: <b>bold</b> \x1b[31mred\u202eevil\nand a second line"),
                                     QStringLiteral("<i>mallory</i>")));
    ok &= bool(fx.workspace->addNote(EvidenceSubject::ofCheck(web.checkId),
                                     QStringLiteral("Fleet-wide: tracked in ticket SEC-112."),
                                     QStringLiteral("Dana Ruiz")));
    EvidencePane pane;
    pane.resize(720, 980);
    pane.setWorkspace(fx.workspace.get());
    pane.showFinding(web);
    pane.show();
    ok &= save(&pane, out.filePath(QStringLiteral("evidence-pane-notes.png")));
    pane.hide();

    const QString pdf = out.filePath(QStringLiteral("binder.pdf"));
    auto written = BinderWriter::write(*fx.workspace, pdf);
    if (!written) {
        QTextStream(stderr) << written.errorMessage() << '\n';
        return 1;
    }
    QTextStream(stdout) << "wrote " << pdf << " (" << written->pages << " pages)\n";
    if (argc >= 4 && QLatin1String(argv[2]) == QLatin1String("--fleet"))
        ok &= shootFleet(out, QString::fromLocal8Bit(argv[3]));
    if (argc >= 4 && QLatin1String(argv[2]) == QLatin1String("--open"))
        ok &= shootWorkspace(out, QString::fromLocal8Bit(argv[3]));
    return ok ? 0 : 1;
}
