// SPDX-License-Identifier: GPL-3.0-or-later
#include "remediation/DaemonJsonEditor.h"

#include <nlohmann/json.hpp>

namespace bulkhead {

namespace {

// Insertion order kept: the rewritten file reads like the one it replaces.
using Json = nlohmann::ordered_json;

Result<Json> parseObject(const QByteArray& content)
{
    if (content.trimmed().isEmpty())
        return Json::object();
    try {
        Json document = Json::parse(content.constBegin(), content.constEnd());
        if (!document.is_object())
            return makeError(QStringLiteral("daemon.json is not a JSON object"));
        return document;
    } catch (const Json::exception& error) {
        return makeError(QStringLiteral("daemon.json is not valid JSON: %1").arg(QString::fromUtf8(error.what())));
    }
}

Result<QByteArray> serialize(const Json& document)
{
    try {
        const std::string text = document.dump(2) + "\n";
        return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
    } catch (const Json::exception& error) {
        return makeError(QStringLiteral("cannot write daemon.json: %1").arg(QString::fromUtf8(error.what())));
    }
}

} // namespace

Result<QByteArray> DaemonJsonEditor::set(const QByteArray& content, const QString& key, const QByteArray& jsonValue)
{
    auto document = parseObject(content);
    if (!document)
        return document.error();
    try {
        (*document)[key.toStdString()] = Json::parse(jsonValue.constBegin(), jsonValue.constEnd());
    } catch (const Json::exception& error) {
        return makeError(QStringLiteral("not a JSON value for %1: %2").arg(key, QString::fromUtf8(error.what())));
    }
    return serialize(document.value());
}

Result<QByteArray> DaemonJsonEditor::remove(const QByteArray& content, const QString& key)
{
    auto document = parseObject(content);
    if (!document)
        return document.error();
    document->erase(key.toStdString());
    return serialize(document.value());
}

bool DaemonJsonEditor::has(const QByteArray& content, const QString& key)
{
    auto document = parseObject(content);
    return document && document->contains(key.toStdString());
}

} // namespace bulkhead
