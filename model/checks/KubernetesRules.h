// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/FileRules.h"
#include "checks/HostEvidence.h"
#include "domain/Finding.h"

#include <QStringList>
#include <QVector>

namespace bulkhead {

// Tip 3, Kubernetes (the CIS Kubernetes Benchmark, cited in each check's references): the control plane's
// flags (audit log, anonymous auth, authorization mode, profiling), the kubelet's settings (its command line
// over its config file over the kubelet's defaults), who the components run as, and the owner and mode of
// the configuration files. A control-plane component is read from its static pod manifest (what the kubelet
// keeps running, with the line to fix), else from its running process. One finding per component; without
// Kubernetes on the host, not_applicable.
class KubernetesRules
{
public:
    static QStringList ids(); // in catalog order, the file rules last
    static const QVector<FileRule>& fileRules();
    static QVector<Finding> evaluate(const HostEvidence& evidence);
};

} // namespace bulkhead
