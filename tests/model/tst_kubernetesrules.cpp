// SPDX-License-Identifier: GPL-3.0-or-later
// Tip 3, Kubernetes (CIS Kubernetes Benchmark; issue 4): one row per verdict of each check, from artifacts
// in the layout kubeadm leaves (static pod manifests, KubeletConfiguration, /proc command lines, stat lines).
// Every pass, fail and warn cites evidence that was read, at a locator whose excerpt is what it claims.
#include "StoredArtifact.h"
#include "checks/CheckCatalog.h"
#include "checks/Evaluator.h"
#include "checks/HostEvidence.h"
#include "checks/KubernetesRules.h"

#include "VerdictEvidence.h"

#include <QMap>
#include <QTest>

using namespace bulkhead;
using bulkhead::test::artifact;

namespace {

Artifact absent(qint64 id, const char* probe)
{
    return artifact(id, probe, {}, 3, "bulkhead: not present: kubernetes\n");
}

const QString ApiServer = QStringLiteral("kube-apiserver");
const QString ControllerManager = QStringLiteral("kube-controller-manager");
const QString Scheduler = QStringLiteral("kube-scheduler");
const QString Etcd = QStringLiteral("etcd");

const QByteArray GoodKubelet = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
                               "authentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n"
                               "authorization:\n  mode: Webhook\nreadOnlyPort: 0\n";

// One stat line: ROLE|ok|PATH|RAWMODEHEX|UID|GID|USER|GROUP|LINK.
QByteArray stat(const char* role, const char* path, uint typeAndMode, int uid, const char* user)
{
    return QByteArray(role) + "|ok|" + path + "|" + QByteArray::number(typeAndMode, 16) + "|" +
           QByteArray::number(uid) + "|" + QByteArray::number(uid) + "|" + user + "|" + user + "|no\n";
}

// A control-plane node as kubeadm leaves it, every setting right; each row changes one thing.
struct Node
{
    QMap<QString, QStringList> manifests{
        {ApiServer,
         {QStringLiteral("--anonymous-auth=false"), QStringLiteral("--authorization-mode=Node,RBAC"),
          QStringLiteral("--profiling=false"), QStringLiteral("--audit-log-path=/var/log/kubernetes/audit.log"),
          QStringLiteral("--audit-log-maxage=30"), QStringLiteral("--audit-log-maxbackup=10"),
          QStringLiteral("--audit-log-maxsize=100")}},
        {ControllerManager, {QStringLiteral("--profiling=false")}},
        {Scheduler, {QStringLiteral("--profiling=false")}},
        {Etcd, {QStringLiteral("--data-dir=/var/lib/etcd")}},
    };
    QMap<QString, qint64> runAsUser{{ApiServer, 65532}, {ControllerManager, 65533}, {Scheduler, 65534}, {Etcd, 65535}};
    QMap<QString, QStringList> processes; // component -> arguments after the program
    QMap<QString, int> uids;
    std::optional<QByteArray> kubeletConfig = GoodKubelet;
    QByteArray stats =
        stat("manifest", "/etc/kubernetes/manifests/kube-apiserver.yaml", 0100600, 0, "root") +
        stat("kubeconfig", "/etc/kubernetes/admin.conf", 0100600, 0, "root") +
        stat("pki-key", "/etc/kubernetes/pki/ca.key", 0100600, 0, "root") +
        stat("pki-cert", "/etc/kubernetes/pki/ca.crt", 0100644, 0, "root") +
        stat("kubelet-config", "/var/lib/kubelet/config.yaml", 0100600, 0, "root") +
        stat("kubelet-unit", "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", 0100644, 0, "root") +
        stat("etcd-data", "/var/lib/etcd", 040700, 999, "etcd");
    std::optional<Artifact> manifestsOverride;
    std::optional<Artifact> processesOverride;

    QByteArray manifestsOutput() const
    {
        QByteArray out = "==> /etc/kubernetes/manifests/ <==\n!directory\n";
        for (auto it = manifests.cbegin(); it != manifests.cend(); ++it) {
            const QByteArray name = it.key().toUtf8();
            out += "==> /etc/kubernetes/manifests/" + name + ".yaml <==\n";
            out += "|apiVersion: v1\n|kind: Pod\n|metadata:\n|  name: " + name +
                   "\n|  namespace: kube-system\n|spec:\n|  hostNetwork: true\n|  containers:\n|  - command:\n";
            out += "|    - " + name + "\n";
            for (const QString& arg : it.value())
                out += "|    - " + arg.toUtf8() + "\n";
            out += "|    image: registry.k8s.io/" + name + ":v1.28.4\n|    name: " + name + "\n";
            if (runAsUser.contains(it.key()))
                out +=
                    "|    securityContext:\n|      runAsUser: " + QByteArray::number(runAsUser.value(it.key())) + "\n";
        }
        return out;
    }

    QByteArray processesOutput() const
    {
        QByteArray out;
        qint64 pid = 100;
        for (auto it = processes.cbegin(); it != processes.cend(); ++it) {
            const QByteArray comm = it.key() == ControllerManager ? "kube-controller" : it.key().toUtf8();
            QByteArray args = (it.key() == QLatin1String("kubelet") ? "/usr/bin/kubelet" : it.key().toUtf8()) + '\0';
            for (const QString& arg : it.value())
                args += arg.toUtf8() + '\0';
            out += "==> pid=" + QByteArray::number(++pid) + " uid=" + QByteArray::number(uids.value(it.key(), 0)) +
                   " comm=" + comm + " bytes=" + QByteArray::number(args.size()) + " <==\n" + args + "\n";
        }
        return out;
    }

    QVector<Artifact> artifacts() const
    {
        QByteArray kubelet;
        if (kubeletConfig)
            kubelet = "==> /var/lib/kubelet/config.yaml <==\n" + prefixed(*kubeletConfig);
        else
            kubelet = "==> /var/lib/kubelet/config.yaml <==\n!missing\n";
        kubelet += "==> /etc/kubernetes/kubelet.conf <==\n|apiVersion: v1\n|kind: Config\n";
        return {manifestsOverride.value_or(artifact(1, "kubernetes.manifests", manifestsOutput())),
                artifact(2, "kubernetes.kubelet.config", kubelet),
                processesOverride.value_or(artifact(3, "kubernetes.processes", processesOutput())),
                artifact(4, "kubernetes.files.stat", stats)};
    }

    static QByteArray prefixed(const QByteArray& text)
    {
        QByteArray out;
        for (const QByteArray& line : text.split('\n')) {
            if (!line.isEmpty())
                out += '|' + line + '\n';
        }
        return out;
    }
};

// The kubelet's config with one line replaced.
QByteArray kubeletWith(const QByteArray& from, const QByteArray& to)
{
    QByteArray config = GoodKubelet;
    return config.replace(from, to);
}

QStringList without(QStringList args, const QString& prefix)
{
    args.erase(std::remove_if(args.begin(), args.end(), [&](const QString& a) { return a.startsWith(prefix); }),
               args.end());
    return args;
}

} // namespace

class TestKubernetesRules : public QObject
{
    Q_OBJECT

private slots:
    void catalog()
    {
        QCOMPARE(KubernetesRules::ids().size(), 20);
        for (const QString& id : KubernetesRules::ids()) {
            const CheckDefinition* check = CheckCatalog::instance().find(id);
            QVERIFY2(check, qPrintable(id));
            QCOMPARE(check->tip, 3);
            // Not CIS Docker items: the CIS Kubernetes Benchmark is cited in the references.
            QVERIFY2(check->cis.isEmpty(), qPrintable(id));
            QVERIFY(check->rationale.size() > 100);
            QVERIFY(!check->references.isEmpty());
        }
    }

    void verdicts_data()
    {
        QTest::addColumn<QVector<Artifact>>("artifacts");
        QTest::addColumn<QString>("check");
        QTest::addColumn<QString>("subject");
        QTest::addColumn<Status>("status");
        QTest::addColumn<QString>("says"); // in the message or the actual value

        const Node good;
        const QVector<Artifact> none{absent(1, "kubernetes.manifests"), absent(2, "kubernetes.kubelet.config"),
                                     absent(3, "kubernetes.processes"), absent(4, "kubernetes.files.stat")};
        const QString kubelet = QStringLiteral("kubelet");

        // Audit log (API server).
        const QString audit = QStringLiteral("kubernetes.apiserver.audit-log");
        QTest::newRow("audit pass") << good.artifacts() << audit << ApiServer << Status::Pass << "audit log";
        Node noAudit;
        noAudit.manifests[ApiServer] = without(good.manifests[ApiServer], QStringLiteral("--audit-log"));
        QTest::newRow("audit no path") << noAudit.artifacts() << audit << ApiServer << Status::Fail
                                       << "--audit-log-path";
        Node shortAudit;
        shortAudit.manifests[ApiServer].replace(4, QStringLiteral("--audit-log-maxage=7"));
        QTest::newRow("audit 7 days") << shortAudit.artifacts() << audit << ApiServer << Status::Fail
                                      << "--audit-log-maxage \"7\"";
        Node twiceGood; // the last of two wins
        twiceGood.manifests[ApiServer].insert(4, QStringLiteral("--audit-log-maxage=1"));
        QTest::newRow("audit twice, last good")
            << twiceGood.artifacts() << audit << ApiServer << Status::Pass << "audit log";
        Node twiceBad;
        twiceBad.manifests[ApiServer] << QStringLiteral("--audit-log-maxage=1");
        QTest::newRow("audit twice, last bad")
            << twiceBad.artifacts() << audit << ApiServer << Status::Fail << "maxage \"1\"";
        Node fromProcess; // no manifests: the running process's command line
        fromProcess.manifests.clear();
        fromProcess.processes[ApiServer] = good.manifests[ApiServer];
        QTest::newRow("audit from process")
            << fromProcess.artifacts() << audit << ApiServer << Status::Pass << "running kube-apiserver";
        Node workerNode; // a kubelet only
        workerNode.manifests.clear();
        workerNode.processes[kubelet] = {QStringLiteral("--config=/var/lib/kubelet/config.yaml")};
        QTest::newRow("audit worker") << workerNode.artifacts() << audit << ApiServer << Status::NotApplicable
                                      << "does not run";
        QTest::newRow("audit no kubernetes") << none << audit << QString() << Status::NotApplicable << "not present";
        Node denied;
        denied.manifestsOverride = artifact(1, "kubernetes.manifests", "==> /etc/kubernetes/manifests/ <==\n!denied\n",
                                            1, "bulkhead: permission denied: /etc/kubernetes/manifests\n");
        QTest::newRow("audit manifests denied")
            << denied.artifacts() << audit << ApiServer << Status::Error << "permission denied";
        Node broken;
        broken.manifestsOverride =
            artifact(1, "kubernetes.manifests", "==> /etc/kubernetes/manifests/x.yaml <==\n|a: [1,\n");
        QTest::newRow("audit manifests unreadable")
            << broken.artifacts() << audit << ApiServer << Status::Error << "not valid YAML";

        // Anonymous auth: the API server and the kubelet.
        const QString anonymous = QStringLiteral("kubernetes.anonymous-auth");
        QTest::newRow("anonymous api pass") << good.artifacts() << anonymous << ApiServer << Status::Pass << "refused";
        Node anonymousDefault;
        anonymousDefault.manifests[ApiServer] = without(good.manifests[ApiServer], QStringLiteral("--anonymous"));
        QTest::newRow("anonymous api default")
            << anonymousDefault.artifacts() << anonymous << ApiServer << Status::Fail << "default true";
        Node anonymousOn;
        anonymousOn.manifests[ApiServer][0] = QStringLiteral("--anonymous-auth=true");
        QTest::newRow("anonymous api on")
            << anonymousOn.artifacts() << anonymous << ApiServer << Status::Fail << "accepted";
        QTest::newRow("anonymous kubelet pass")
            << good.artifacts() << anonymous << kubelet << Status::Pass << "refused";
        Node kubeletAnonymous;
        kubeletAnonymous.kubeletConfig = kubeletWith("enabled: false", "enabled: true");
        QTest::newRow("anonymous kubelet config")
            << kubeletAnonymous.artifacts() << anonymous << kubelet << Status::Fail << "accepted";
        Node kubeletFlag; // the command line wins over the config file
        kubeletFlag.processes[kubelet] = {QStringLiteral("--config=/var/lib/kubelet/config.yaml"),
                                          QStringLiteral("--anonymous-auth=true")};
        QTest::newRow("anonymous kubelet flag")
            << kubeletFlag.artifacts() << anonymous << kubelet << Status::Fail << "command line";
        Node kubeletUnset;
        kubeletUnset.kubeletConfig = kubeletWith("  anonymous:\n    enabled: false\n", "");
        QTest::newRow("anonymous kubelet default")
            << kubeletUnset.artifacts() << anonymous << kubelet << Status::Fail << "default";
        Node kubeletBroken;
        kubeletBroken.kubeletConfig = QByteArray("kind: KubeletConfiguration\nauthentication: [1,\n");
        QTest::newRow("anonymous kubelet unreadable")
            << kubeletBroken.artifacts() << anonymous << kubelet << Status::Error << "not valid YAML";
        Node noKubelet;
        noKubelet.kubeletConfig.reset();
        QTest::newRow("anonymous no kubelet")
            << noKubelet.artifacts() << anonymous << kubelet << Status::NotApplicable << "No kubelet";

        // Authorization mode.
        const QString authz = QStringLiteral("kubernetes.authorization-mode");
        QTest::newRow("authz api pass") << good.artifacts() << authz << ApiServer << Status::Pass << "authorized";
        Node alwaysAllow;
        alwaysAllow.manifests[ApiServer][1] = QStringLiteral("--authorization-mode=RBAC,AlwaysAllow");
        QTest::newRow("authz api AlwaysAllow")
            << alwaysAllow.artifacts() << authz << ApiServer << Status::Fail << "AlwaysAllow";
        Node authzDefault;
        authzDefault.manifests[ApiServer] = without(good.manifests[ApiServer], QStringLiteral("--authorization"));
        QTest::newRow("authz api default")
            << authzDefault.artifacts() << authz << ApiServer << Status::Fail << "default AlwaysAllow";
        QTest::newRow("authz kubelet pass") << good.artifacts() << authz << kubelet << Status::Pass << "Webhook";
        Node kubeletAllow;
        kubeletAllow.kubeletConfig = kubeletWith("mode: Webhook", "mode: AlwaysAllow");
        QTest::newRow("authz kubelet AlwaysAllow")
            << kubeletAllow.artifacts() << authz << kubelet << Status::Fail << "AlwaysAllow";
        Node flagsOnly; // a kubelet without a config file: the command-line defaults apply
        flagsOnly.kubeletConfig.reset();
        flagsOnly.processes[kubelet] = {QStringLiteral("--kubeconfig=/etc/kubernetes/kubelet.conf")};
        QTest::newRow("authz kubelet no config")
            << flagsOnly.artifacts() << authz << kubelet << Status::Fail << "no config file";

        // Read-only port.
        const QString port = QStringLiteral("kubernetes.kubelet.read-only-port");
        QTest::newRow("port 0") << good.artifacts() << port << kubelet << Status::Pass << "off";
        Node open;
        open.kubeletConfig = kubeletWith("readOnlyPort: 0", "readOnlyPort: 10255");
        QTest::newRow("port 10255") << open.artifacts() << port << kubelet << Status::Fail << "10255";
        Node portDefault;
        portDefault.kubeletConfig = kubeletWith("readOnlyPort: 0\n", "");
        QTest::newRow("port config default") << portDefault.artifacts() << port << kubelet << Status::Pass << "default";
        Node portFlag;
        portFlag.processes[kubelet] = {QStringLiteral("--config=/var/lib/kubelet/config.yaml"),
                                       QStringLiteral("--read-only-port=10255")};
        QTest::newRow("port flag") << portFlag.artifacts() << port << kubelet << Status::Fail << "command line";
        QTest::newRow("port no config") << flagsOnly.artifacts() << port << kubelet << Status::Fail << "10255";
        QTest::newRow("port no kubelet") << noKubelet.artifacts() << port << kubelet << Status::NotApplicable
                                         << "No kubelet";
        QTest::newRow("port no kubernetes") << none << port << QString() << Status::NotApplicable << "not present";

        // Profiling, per component.
        const QString profiling = QStringLiteral("kubernetes.profiling");
        for (const QString& component : {ApiServer, ControllerManager, Scheduler}) {
            QTest::addRow("profiling %s off", qPrintable(component))
                << good.artifacts() << profiling << component << Status::Pass << "off";
            Node on;
            on.manifests[component] = without(good.manifests[component], QStringLiteral("--profiling"));
            on.manifests[component] << QStringLiteral("--profiling=true");
            QTest::addRow("profiling %s on", qPrintable(component))
                << on.artifacts() << profiling << component << Status::Fail << "pprof";
            Node unset;
            unset.manifests[component] = without(good.manifests[component], QStringLiteral("--profiling"));
            QTest::addRow("profiling %s default", qPrintable(component))
                << unset.artifacts() << profiling << component << Status::Fail << "default true";
        }

        // Not root: the running process's uid, else the manifest's runAsUser.
        const QString root = QStringLiteral("kubernetes.components-not-root");
        QTest::newRow("root runAsUser") << good.artifacts() << root << Etcd << Status::Pass << "65535";
        Node runAsRoot;
        runAsRoot.runAsUser[Scheduler] = 0;
        QTest::newRow("root runAsUser 0")
            << runAsRoot.artifacts() << root << Scheduler << Status::Fail << "runAsUser: 0";
        Node noRunAs;
        noRunAs.runAsUser.remove(ApiServer);
        QTest::newRow("root no runAsUser")
            << noRunAs.artifacts() << root << ApiServer << Status::Fail << "image's user";
        Node uidZero;
        uidZero.processes[ApiServer] = good.manifests[ApiServer];
        uidZero.uids[ApiServer] = 0;
        QTest::newRow("root process uid 0")
            << uidZero.artifacts() << root << ApiServer << Status::Fail << "runs as root";
        Node uidOther;
        uidOther.processes[ControllerManager] = good.manifests[ControllerManager];
        uidOther.uids[ControllerManager] = 2001;
        uidOther.runAsUser.remove(ControllerManager);
        QTest::newRow("root process uid 2001")
            << uidOther.artifacts() << root << ControllerManager << Status::Pass << "uid 2001";
        Node noEtcd;
        noEtcd.manifests.remove(Etcd);
        QTest::newRow("root no etcd") << noEtcd.artifacts() << root << Etcd << Status::NotApplicable << "does not run";
        Node processesFailed; // the manifests still say what runs
        processesFailed.processesOverride =
            artifact(3, "kubernetes.processes", {}, 1, "bulkhead: permission denied: /proc\n");
        QTest::newRow("root processes failed")
            << processesFailed.artifacts() << root << Scheduler << Status::Pass << "65534";
        QTest::newRow("root no etcd, processes failed") << [&] {
            Node n = processesFailed;
            n.manifests.remove(Etcd);
            return n.artifacts();
        }() << root << Etcd << Status::Error << "permission denied";

        // File owners and modes: masks, per file.
        const auto files = [](const char* role, const char* path, uint mode, int uid, const char* user) {
            Node n;
            n.stats = stat(role, path, mode, uid, user);
            return n.artifacts();
        };
        const QString manifestPath = QStringLiteral("/etc/kubernetes/manifests/kube-apiserver.yaml");
        QTest::newRow("manifest 0600") << good.artifacts() << "kubernetes.file.manifests.mode" << manifestPath
                                       << Status::Pass << "0600";
        QTest::newRow("manifest 0644") << files("manifest", "/etc/kubernetes/manifests/kube-apiserver.yaml", 0100644, 0,
                                                "root")
                                       << "kubernetes.file.manifests.mode" << manifestPath << Status::Fail << "0044";
        QTest::newRow("manifest 0400") << files("manifest", "/etc/kubernetes/manifests/kube-apiserver.yaml", 0100400, 0,
                                                "root")
                                       << "kubernetes.file.manifests.mode" << manifestPath << Status::Pass << "0400";
        QTest::newRow("manifest owner") << good.artifacts() << "kubernetes.file.manifests.owner" << manifestPath
                                        << Status::Pass << "root";
        QTest::newRow("kubeconfig operator")
            << files("kubeconfig", "/etc/kubernetes/scheduler.conf", 0100600, 1003, "operator")
            << "kubernetes.file.kubeconfigs.owner"
            << "/etc/kubernetes/scheduler.conf" << Status::Fail << "operator";
        QTest::newRow("kubeconfig 0600") << good.artifacts() << "kubernetes.file.kubeconfigs.mode"
                                         << "/etc/kubernetes/admin.conf" << Status::Pass << "0600";
        QTest::newRow("key 0644") << files("pki-key", "/etc/kubernetes/pki/ca.key", 0100644, 0, "root")
                                  << "kubernetes.file.pki-keys.mode"
                                  << "/etc/kubernetes/pki/ca.key" << Status::Fail << "0044";
        QTest::newRow("key 0600") << good.artifacts() << "kubernetes.file.pki-keys.mode"
                                  << "/etc/kubernetes/pki/ca.key" << Status::Pass << "0600";
        QTest::newRow("cert 0644") << good.artifacts() << "kubernetes.file.pki-certs.mode"
                                   << "/etc/kubernetes/pki/ca.crt" << Status::Pass << "0644";
        // 0477 is numerically below 0644 but lets the group and others write: masks, not numbers.
        QTest::newRow("cert 0477") << files("pki-cert", "/etc/kubernetes/pki/ca.crt", 0100477, 0, "root")
                                   << "kubernetes.file.pki-certs.mode"
                                   << "/etc/kubernetes/pki/ca.crt" << Status::Fail << "0033";
        QTest::newRow("kubelet config 0644")
            << files("kubelet-config", "/var/lib/kubelet/config.yaml", 0100644, 0, "root")
            << "kubernetes.file.kubelet-config.mode"
            << "/var/lib/kubelet/config.yaml" << Status::Fail << "0044";
        QTest::newRow("kubelet unit 0644")
            << good.artifacts() << "kubernetes.file.kubelet-unit.mode"
            << "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf" << Status::Pass << "0644";
        QTest::newRow("kubelet unit 0664")
            << files("kubelet-unit", "/etc/systemd/system/kubelet.service", 0100664, 0, "root")
            << "kubernetes.file.kubelet-unit.mode"
            << "/etc/systemd/system/kubelet.service" << Status::Fail << "0020";
        QTest::newRow("etcd data etcd") << good.artifacts() << "kubernetes.file.etcd-data.owner"
                                        << "/var/lib/etcd" << Status::Pass << "etcd:etcd";
        QTest::newRow("etcd data root") << files("etcd-data", "/var/lib/etcd", 040700, 0, "root")
                                        << "kubernetes.file.etcd-data.owner"
                                        << "/var/lib/etcd" << Status::Fail << "root:root";
        QTest::newRow("etcd data 0755") << files("etcd-data", "/var/lib/etcd", 040755, 999, "etcd")
                                        << "kubernetes.file.etcd-data.mode"
                                        << "/var/lib/etcd" << Status::Fail << "0055";
        QTest::newRow("etcd data absent")
            << files("manifest", "/etc/kubernetes/manifests/etcd.yaml", 0100600, 0, "root")
            << "kubernetes.file.etcd-data.mode" << QString() << Status::NotApplicable << "does not exist";
        QTest::newRow("files no kubernetes")
            << none << "kubernetes.file.pki-keys.mode" << QString() << Status::NotApplicable << "not present";
    }

    void verdicts()
    {
        QFETCH(QVector<Artifact>, artifacts);
        QFETCH(QString, check);
        QFETCH(QString, subject);
        QFETCH(Status, status);
        QFETCH(QString, says);
        const QVector<Finding> findings = KubernetesRules::evaluate(HostEvidence(artifacts));
        QStringList order; // every check answers, in catalog order
        for (const Finding& finding : findings) {
            if (order.isEmpty() || order.last() != finding.checkId)
                order << finding.checkId;
        }
        QCOMPARE(order, KubernetesRules::ids());
        const Finding* found = nullptr;
        for (const Finding& finding : findings) {
            if (finding.checkId == check && (subject.isEmpty() || finding.subject.name == subject)) {
                QVERIFY2(!found, "more than one finding for the subject");
                found = &finding;
            }
        }
        QVERIFY2(found, qPrintable(check + QLatin1Char(' ') + subject));
        QVERIFY2(found->status == status,
                 qPrintable(statusToString(found->status) + QStringLiteral(": ") + found->message));
        QVERIFY2(found->message.contains(says) || found->actual.contains(says),
                 qPrintable(found->message + QStringLiteral(" | ") + found->actual));
        const QString broken = test::verdictWithoutEvidence({*found}, artifacts);
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
        for (const EvidenceRef& ref : found->evidence) {
            const Artifact* cited = nullptr;
            for (const Artifact& a : artifacts)
                cited = a.id == ref.artifactId ? &a : cited;
            QVERIFY(cited);
            if (!ref.locator.startsWith(QLatin1String("lines ")))
                continue;
            const QStringList range = ref.locator.mid(6).split(QLatin1Char('-'));
            const QList<QByteArray> lines = cited->output.split('\n');
            QByteArray text =
                lines.mid(range.at(0).toInt() - 1, range.at(1).toInt() - range.at(0).toInt() + 1).join('\n');
            text.replace('\0', ' '); // command lines are shown with spaces
            QCOMPARE(ref.excerpt.toUtf8(), text);
        }
        if (status == Status::Pass || status == Status::Fail || status == Status::Warn) {
            QVERIFY(!found->expected.isEmpty());
            QVERIFY(!found->actual.isEmpty());
        }
    }

    // The Evaluator runs the group: a scan gives these findings.
    void registeredInEvaluator()
    {
        const QVector<Artifact> artifacts = Node().artifacts();
        QStringList ids;
        for (const Finding& finding : Evaluator::evaluateHost(artifacts)) {
            if (finding.checkId.startsWith(QLatin1String("kubernetes.")) && !ids.contains(finding.checkId))
                ids << finding.checkId;
        }
        QCOMPARE(ids, KubernetesRules::ids());
    }

    // A flag is cited at the line that sets it, the last one when it is given twice.
    void citesTheLine()
    {
        Node node;
        node.manifests[ApiServer] << QStringLiteral("--profiling=true");
        const QVector<Artifact> artifacts = node.artifacts();
        for (const Finding& finding : KubernetesRules::evaluate(HostEvidence(artifacts))) {
            if (finding.checkId != QLatin1String("kubernetes.profiling") || finding.subject.name != ApiServer)
                continue;
            QCOMPARE(finding.status, Status::Fail);
            QCOMPARE(finding.evidence.size(), 1);
            QCOMPARE(finding.evidence.front().excerpt, QStringLiteral("|    - --profiling=true"));
            return;
        }
        QFAIL("no profiling finding for kube-apiserver");
    }

    // The kubelet's setting is cited at its nested YAML keys.
    void citesTheYamlKey()
    {
        const QVector<Artifact> artifacts = Node().artifacts();
        for (const Finding& finding : KubernetesRules::evaluate(HostEvidence(artifacts))) {
            if (finding.checkId != QLatin1String("kubernetes.anonymous-auth") ||
                finding.subject.name != QLatin1String("kubelet"))
                continue;
            QCOMPARE(finding.evidence.size(), 1);
            QCOMPARE(finding.evidence.front().excerpt,
                     QStringLiteral("|authentication:\n|  anonymous:\n|    enabled: false"));
            return;
        }
        QFAIL("no anonymous-auth finding for the kubelet");
    }
};

QTEST_GUILESS_MAIN(TestKubernetesRules)
#include "tst_kubernetesrules.moc"
