// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "facts/ProcessArgsParser.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace bulkhead {

// Typed facts for tip 3 (Kubernetes), from the kubernetes.* probes.

struct KubeContainer
{
    QString name;
    QString image;
    QStringList args; // command then args, as the kubelet runs them
    std::optional<qint64> runAsUser;
    std::optional<bool> privileged;
    // --name=value / --name value from args (without dashes): the last one wins.
    std::optional<QString> flag(const QString& flagName) const;
};

struct StaticPod
{
    QString file;
    QString name; // metadata.name
    bool hostNetwork = false;
    QVector<KubeContainer> containers;
};

struct KubeletConfig
{
    QString configFile;              // the KubeletConfiguration read, empty when none
    QMap<QString, QString> settings; // flattened: "authentication.anonymous.enabled" -> "false"
    QString kubeconfigFile;
    QString kubeconfigServer;           // clusters[0].cluster.server
    QMap<QString, QString> environment; // KUBELET_* variables from /etc/default, sysconfig and drop-ins
    QStringList files;                  // every file read
    QStringList unreadable;
};

// One running Kubernetes component (kube-apiserver, kubelet, etcd, ...).
struct KubeProcess
{
    QString component; // full name: "kube-controller-manager" for comm "kube-controller"
    ProcessArgs process;
};

} // namespace bulkhead
