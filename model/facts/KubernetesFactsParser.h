// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "facts/KubernetesFacts.h"

#include <QByteArray>

namespace bulkhead {

// Parsers for the kubernetes.* probes. YAML goes through yaml-cpp; its exceptions stop here.
class KubernetesFactsParser
{
public:
    static Result<QVector<StaticPod>> manifests(const QByteArray& sectioned);
    static Result<KubeletConfig> kubelet(const QByteArray& sectioned);
    static Result<QVector<KubeProcess>> processes(const QByteArray& processArgs);
    // One manifest (YAML or JSON).
    static Result<StaticPod> staticPod(const QByteArray& yaml, const QString& file);
};

} // namespace bulkhead
