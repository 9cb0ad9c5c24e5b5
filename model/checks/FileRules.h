// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checks/HostEvidence.h"
#include "domain/Finding.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace bulkhead {

// The CIS 3.x checks on the owner and mode of the Docker daemon's files and sockets, as data: which
// files (a role of the docker.files.stat probe, or of another stat probe such as kubernetes.files.stat),
// and what is expected of them. One finding per file
// that exists (docker.service may exist in several unit directories); not_applicable when none does.
struct FileRule
{
    enum class Kind
    {
        Owner, // owned by root (uid 0), or by `user` when set, and one of `groups`
        Mode,  // no permission bit outside `allowed` (masks, not numbers: 0477 is not "644 or stricter")
    };
    const char* id;
    const char* role;  // the probe's role of the files
    const char* label; // how messages name them: "docker.service", "the Docker socket"
    Kind kind;
    QStringList groups;          // Owner: accepted groups (by name; "root" is also gid 0)
    uint allowed = 0;            // Mode: the mask
    const char* probe = nullptr; // the stat probe listing the files; docker.files.stat when null
    const char* user = nullptr;  // Owner: the owning user by name; root (uid 0) when null
};

class FileRules
{
public:
    static const QVector<FileRule>& all(); // in catalog order
    static QVector<Finding> judge(const FileRule& rule, const HostEvidence& evidence);
};

} // namespace bulkhead
