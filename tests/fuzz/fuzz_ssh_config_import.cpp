// SPDX-License-Identifier: GPL-3.0-or-later
// ~/.ssh/config to import hosts from, with Include turned off (the fuzzer must not read the file
// system). No exception escapes, no crash, ProxyCommand is never run.
#include "FuzzSupport.h"

#include "inventory/SshConfigImporter.h"

using namespace bulkhead;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    SshConfigImporter::Options options;
    options.homeDir = QStringLiteral("/nonexistent/fuzz-home");
    options.followIncludes = false;
    const auto imported = SshConfigImporter::parse(fuzz::bytes(data, size), QStringLiteral("config"), options);
    if (!imported)
        FUZZ_CHECK(!imported.errorMessage().isEmpty());
    return 0;
}
