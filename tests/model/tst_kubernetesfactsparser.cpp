// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/KubernetesFactsParser.h"

#include <QTest>

using namespace bulkhead;

// Inputs in the layout kubeadm writes (static pod manifests, KubeletConfiguration, kubeconfig).
class TestKubernetesFactsParser : public QObject
{
    Q_OBJECT

private slots:
    void manifests()
    {
        const QByteArray output =
            "==> /etc/kubernetes/manifests/ <==\n!directory\n"
            "==> /etc/kubernetes/manifests/kube-apiserver.yaml <==\n"
            "|apiVersion: v1\n|kind: Pod\n|metadata:\n|  name: kube-apiserver\n|spec:\n"
            "|  hostNetwork: true\n|  containers:\n|  - name: kube-apiserver\n"
            "|    image: registry.k8s.io/kube-apiserver:v1.28.2\n|    command:\n"
            "|    - kube-apiserver\n|    - --anonymous-auth=false\n"
            "|    - --authorization-mode=Node,RBAC\n|    - --audit-log-path=/var/log/audit.log\n"
            "|    securityContext:\n|      runAsUser: 0\n"
            "==> /etc/kubernetes/manifests/etcd.json <==\n"
            "|{\"kind\":\"Pod\",\"metadata\":{\"name\":\"etcd\"},\"spec\":{\"containers\":[{\"name\":\"etcd\","
            "\"command\":[\"etcd\",\"--client-cert-auth=true\"]}]}}\n";
        auto pods = KubernetesFactsParser::manifests(output);
        QVERIFY2(pods, qPrintable(pods.errorMessage()));
        QCOMPARE(pods->size(), 2);
        const StaticPod& api = pods->front();
        QCOMPARE(api.name, QStringLiteral("kube-apiserver"));
        QVERIFY(api.hostNetwork);
        const KubeContainer& container = api.containers.front();
        QCOMPARE(container.flag(QStringLiteral("anonymous-auth")), std::optional<QString>(QStringLiteral("false")));
        QCOMPARE(container.flag(QStringLiteral("authorization-mode")),
                 std::optional<QString>(QStringLiteral("Node,RBAC")));
        QVERIFY(!container.flag(QStringLiteral("profiling")));
        QCOMPARE(container.runAsUser, std::optional<qint64>(0));
        QCOMPARE(pods->at(1).containers.front().flag(QStringLiteral("client-cert-auth")),
                 std::optional<QString>(QStringLiteral("true")));

        QVERIFY(!KubernetesFactsParser::manifests("==> /etc/kubernetes/manifests/x.yaml <==\n|a: [1,\n"));
        QVERIFY(!KubernetesFactsParser::manifests("==> /etc/kubernetes/manifests/x.yaml <==\n|kind: Pod\n"));
        QVERIFY(!KubernetesFactsParser::manifests("==> /etc/kubernetes/manifests/ <==\n!denied\n"));
        auto empty = KubernetesFactsParser::manifests("==> /etc/kubernetes/manifests/ <==\n!missing\n");
        QVERIFY(empty);
        QVERIFY(empty->isEmpty());
    }

    void kubelet()
    {
        const QByteArray output =
            "==> /var/lib/kubelet/config.yaml <==\n|apiVersion: kubelet.config.k8s.io/v1beta1\n"
            "|kind: KubeletConfiguration\n|authentication:\n|  anonymous:\n|    enabled: false\n"
            "|authorization:\n|  mode: Webhook\n|readOnlyPort: 0\n|tlsCipherSuites: [a, b]\n"
            "==> /etc/kubernetes/kubelet.conf <==\n|apiVersion: v1\n|kind: Config\n|clusters:\n"
            "|- cluster:\n|    server: https://10.0.0.1:6443\n|  name: k\n|users:\n|- name: u\n|  user:\n"
            "|    client-key-data: \"[REDACTED:private-key-by-name]\"\n"
            "==> /etc/default/kubelet <==\n|KUBELET_EXTRA_ARGS=--read-only-port=10255\n"
            "==> /etc/sysconfig/kubelet <==\n!missing\n"
            "==> /etc/systemd/system/kubelet.service.d/ <==\n!directory\n"
            "==> /etc/systemd/system/kubelet.service.d/10-kubeadm.conf <==\n"
            "|Environment=\"KUBELET_KUBECONFIG_ARGS=--kubeconfig=/etc/kubernetes/kubelet.conf\"\n";
        auto config = KubernetesFactsParser::kubelet(output);
        QVERIFY2(config, qPrintable(config.errorMessage()));
        QCOMPARE(config->configFile, QStringLiteral("/var/lib/kubelet/config.yaml"));
        QCOMPARE(config->settings.value(QStringLiteral("authentication.anonymous.enabled")), QStringLiteral("false"));
        QCOMPARE(config->settings.value(QStringLiteral("authorization.mode")), QStringLiteral("Webhook"));
        QCOMPARE(config->settings.value(QStringLiteral("readOnlyPort")), QStringLiteral("0"));
        QCOMPARE(config->settings.value(QStringLiteral("tlsCipherSuites")), QStringLiteral("a,b"));
        QCOMPARE(config->kubeconfigServer, QStringLiteral("https://10.0.0.1:6443"));
        QCOMPARE(config->environment.value(QStringLiteral("KUBELET_EXTRA_ARGS")),
                 QStringLiteral("--read-only-port=10255"));
        QCOMPARE(config->environment.value(QStringLiteral("KUBELET_KUBECONFIG_ARGS")),
                 QStringLiteral("--kubeconfig=/etc/kubernetes/kubelet.conf"));
        QVERIFY(!KubernetesFactsParser::kubelet("==> /var/lib/kubelet/config.yaml <==\n|kind: Pod\n"));
        auto denied = KubernetesFactsParser::kubelet("==> /var/lib/kubelet/config.yaml <==\n!denied\n");
        QVERIFY(denied);
        QCOMPARE(denied->unreadable.size(), 1);
    }

    void processes()
    {
        static const char raw[] = "kube-controller-manager\0--profiling=false\0";
        QByteArray output =
            "==> pid=40 uid=0 comm=kube-controller bytes=" + QByteArray::number(sizeof(raw) - 1) + " <==\n";
        output += QByteArray(raw, sizeof(raw) - 1);
        output += '\n';
        auto parsed = KubernetesFactsParser::processes(output);
        QVERIFY2(parsed, qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->size(), 1);
        QCOMPARE(parsed->front().component, QStringLiteral("kube-controller-manager"));
        QCOMPARE(parsed->front().process.value(QStringLiteral("profiling")),
                 std::optional<QString>(QStringLiteral("false")));
        QVERIFY(!KubernetesFactsParser::processes("garbage"));
    }
};

QTEST_GUILESS_MAIN(TestKubernetesFactsParser)
#include "tst_kubernetesfactsparser.moc"
