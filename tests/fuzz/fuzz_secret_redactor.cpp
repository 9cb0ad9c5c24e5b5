// SPDX-License-Identifier: GPL-3.0-or-later
// SecretRedactor over hostile inspect output (valid JSON, truncated JSON, bytes that are not UTF-8).
// Properties: valid JSON stays valid JSON; a second pass over the stored bytes finds nothing left to
// redact (a hit there would be a secret the first pass let through); classifyEnv never calls a marker
// a secret. The same with the fingerprinting salt of a workspace, whose markers are longer.
#include "FuzzSupport.h"

#include "secrets/SecretRedactor.h"
#include "secrets/SecretRules.h"

#include <nlohmann/json.hpp>

using namespace bulkhead;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const SecretSalt salt = SecretSalt::fromHex(QString(64, QLatin1Char('7'))).value();
    FUZZ_CHECK(SecretRules::instance().loadError().isEmpty(), SecretRules::instance().loadError());
    const QByteArray input = fuzz::bytes(data, size);
    const Redaction salted = SecretRedactor::redactInspect(input, salt);
    FUZZ_CHECK(SecretRedactor::redactInspect(salted.output, salt).hits.isEmpty());
    const Redaction first = SecretRedactor::redactInspect(input);
    if (first.hits.isEmpty())
        FUZZ_CHECK(first.output == input);
    if (nlohmann::json::accept(input.constBegin(), input.constEnd()))
        FUZZ_CHECK(nlohmann::json::accept(first.output.constBegin(), first.output.constEnd()));
    const Redaction second = SecretRedactor::redactInspect(first.output);
    FUZZ_CHECK(second.hits.isEmpty(), second.hits.value(0).rule + QLatin1Char(' ') + second.hits.value(0).key);

    // NAME=VALUE on the first line through the classifier, and its marker back through it.
    const QString line = QString::fromUtf8(fuzz::splitFirstLine(input).head);
    const qsizetype equals = line.indexOf(QLatin1Char('='));
    if (equals > 0) {
        const QString rule = SecretRedactor::classifyEnv(line.left(equals), line.mid(equals + 1));
        if (!rule.isEmpty()) {
            const QString marker = QString::fromLatin1(SecretRedactor::markerFor(rule));
            FUZZ_CHECK(SecretRedactor::classifyEnv(line.left(equals), marker).isEmpty(), line);
            const QString fingerprinted =
                QString::fromLatin1(SecretRedactor::markerOf(rule, line.mid(equals + 1), salt));
            FUZZ_CHECK(SecretRedactor::classifyEnv(line.left(equals), fingerprinted).isEmpty(), line);
        }
    }
    return 0;
}
