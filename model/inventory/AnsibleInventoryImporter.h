// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "inventory/HostImport.h"

#include <QByteArray>
#include <QString>

namespace bulkhead {

// Imports the hosts of an Ansible inventory, INI or YAML: groups, [group:vars], [group:children]
// (children:, vars:, hosts: in YAML), host ranges (web[01:20]), and the connection variables
// ansible_host, ansible_user, ansible_port, ansible_ssh_private_key_file (and their old ansible_ssh_*
// names), ansible_become (→ access sudo) and a ProxyJump in ansible_ssh_common_args. Variables are
// merged as Ansible merges them: `all`, then groups from parent to child, then the host.
// Templates ({{ ... }}) cannot be evaluated offline and are reported. The groups a host is in are
// kept as its label `ansible_groups`. Nothing throws; sizes are bounded.
class AnsibleInventoryImporter
{
public:
    enum class Format
    {
        Auto, // by file extension (.yml, .yaml, .json), else by content
        Ini,
        Yaml,
    };

    static Result<HostImport> parse(const QByteArray& text, const QString& file = QString(),
                                    Format format = Format::Auto);
    static Result<HostImport> importFile(const QString& path, Format format = Format::Auto);

    // What Format::Auto decides for this text and file name.
    static Format detect(const QByteArray& text, const QString& file);
};

} // namespace bulkhead
