// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/CheckCatalog.h"

#include "facts/JsonReader.h"

#include <QFile>
#include <QSet>

namespace bulkhead {

Result<QVector<CheckDefinition>> CheckCatalog::parse(const QByteArray& json)
{
    auto document = parseJson(json, QStringLiteral("The check catalog"));
    if (!document)
        return document.error();
    JsonReader reader(QStringLiteral("The check catalog"));
    const Json* list = reader.array(document.value(), "checks", QStringLiteral("checks"));
    if (reader.failed())
        return reader.error();
    if (!list)
        return makeError(QStringLiteral("The check catalog has no \"checks\" array"));

    QVector<CheckDefinition> checks;
    QSet<QString> seen;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const Json& entry = (*list)[i];
        reader.setWhere(QStringLiteral("The check catalog, entry %1").arg(i + 1));
        if (!entry.is_object()) {
            reader.fail(QStringLiteral("is not an object"));
            return reader.error();
        }
        CheckDefinition check;
        auto text = [&](const char* key) {
            const QString value = reader.string(entry, key, QLatin1String(key)).value_or(QString());
            if (value.trimmed().isEmpty())
                reader.fail(QStringLiteral("\"%1\" is missing or empty").arg(QLatin1String(key)));
            return value;
        };
        check.id = text("id");
        check.title = text("title");
        check.rationale = text("rationale");
        check.remediation = text("remediation");
        check.tip = static_cast<int>(reader.integer(entry, "tip", QStringLiteral("tip")).value_or(0));
        if (check.tip < 1 || check.tip > 10)
            reader.fail(QStringLiteral("\"tip\" must be 1 to 10"));
        check.cis = reader.stringList(entry, "cis", QStringLiteral("cis"));
        check.references = reader.stringList(entry, "references", QStringLiteral("references"));
        const auto level = subjectKindFromString(text("level"));
        const auto severity = severityFromString(text("severity"));
        if (!level)
            reader.fail(QStringLiteral("\"level\" is not one of host, daemon, container, image"));
        if (!severity)
            reader.fail(QStringLiteral("\"severity\" is not one of info, low, medium, high, critical"));
        if (seen.contains(check.id))
            reader.fail(QStringLiteral("the id \"%1\" appears twice").arg(check.id));
        if (reader.failed())
            return reader.error();
        check.level = *level;
        check.severity = *severity;
        seen.insert(check.id);
        checks.append(check);
    }
    return checks;
}

CheckCatalog::CheckCatalog()
{
    QFile file(QStringLiteral(":/bulkhead/checks/checks.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        m_loadError = QStringLiteral("The check catalog resource is missing from this build");
        return;
    }
    auto checks = parse(file.readAll());
    if (!checks) {
        m_loadError = checks.errorMessage();
        return;
    }
    m_checks = std::move(checks.value());
}

const CheckCatalog& CheckCatalog::instance()
{
    static const CheckCatalog catalog;
    return catalog;
}

const CheckDefinition* CheckCatalog::find(const QString& id) const
{
    for (const CheckDefinition& check : m_checks) {
        if (check.id == id)
            return &check;
    }
    return nullptr;
}

} // namespace bulkhead
