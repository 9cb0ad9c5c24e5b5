// SPDX-License-Identifier: GPL-3.0-or-later
// Ansible inventories (INI and YAML) to import hosts from. Input: the first byte picks the format (auto,
// INI, YAML), the rest is the file. No exception escapes, no crash, sizes stay bounded.
#include "FuzzSupport.h"

#include "inventory/AnsibleInventoryImporter.h"

using namespace bulkhead;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    static constexpr AnsibleInventoryImporter::Format formats[] = {AnsibleInventoryImporter::Format::Auto,
                                                                   AnsibleInventoryImporter::Format::Ini,
                                                                   AnsibleInventoryImporter::Format::Yaml};
    const auto format = formats[data[0] % std::size(formats)];
    const QByteArray input = fuzz::bytes(data + 1, size - 1);
    AnsibleInventoryImporter::detect(input, QStringLiteral("hosts"));
    const auto imported = AnsibleInventoryImporter::parse(input, QStringLiteral("hosts"), format);
    if (!imported)
        FUZZ_CHECK(!imported.errorMessage().isEmpty());
    return 0;
}
