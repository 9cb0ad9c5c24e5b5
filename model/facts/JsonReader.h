// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to bulkhead_model's parsers: includes nlohmann/json, which is a private dependency of
// the model target. Never include this from a public header.

#include "core/DisplayText.h"
#include "core/Result.h"
#include "facts/StrictJson.h"

#include <QMap>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <optional>

namespace bulkhead {

using Json = nlohmann::json;

// Parses a whole document. nlohmann's exceptions stop here: the parsers return Error values. A key
// repeated within one object makes the document malformed (see StrictJson.h).
inline Result<Json> parseJson(const QByteArray& bytes, const QString& name)
{
    const QString what = DisplayText::shown(name, 200); // a file's name, as the host chose it
    if (bytes.trimmed().isEmpty())
        return makeError(QStringLiteral("%1: the output is empty").arg(what));
    try {
        return Json::parse(bytes.constBegin(), bytes.constEnd(), rejectDuplicateKeys<Json>());
    } catch (const DuplicateJsonKey& duplicate) {
        return makeError(QStringLiteral("%1 is not valid JSON (the key %2 appears twice in one object)")
                             .arg(what, DisplayText::quoted(QString::fromStdString(duplicate.key()), 80)));
    } catch (const Json::parse_error& error) {
        // "[json.exception.parse_error.101] parse error at line 3, column 1: ..." -> the part after "] "
        QString message = QString::fromUtf8(error.what());
        const qsizetype bracket = message.indexOf(QLatin1String("] "));
        if (bracket >= 0)
            message = message.mid(bracket + 2);
        return makeError(QStringLiteral("%1 is not valid JSON (%2)").arg(what, DisplayText::shown(message, 300)));
    } catch (const Json::exception& error) {
        return makeError(QStringLiteral("%1 is not valid JSON (%2)")
                             .arg(what, DisplayText::shown(QString::fromUtf8(error.what()), 300)));
    }
}

// Typed field access that remembers the first type mismatch instead of throwing. A missing or
// null field is "absent"; a field of the wrong type is an error for the whole document, because
// docker never writes one and a hostile host might.
class JsonReader
{
public:
    explicit JsonReader(QString where)
        : m_where(std::move(where))
    {}

    bool failed() const { return !m_error.isEmpty(); }
    Error error() const { return makeError(m_error); }
    void setWhere(QString where) { m_where = std::move(where); }

    const Json* child(const Json& object, const char* key, const QString& path)
    {
        if (!object.is_object())
            return nullptr;
        // Through the std::map itself: GCC's -O2 null-dereference analysis cannot see through
        // nlohmann's iterators and warns on them.
        const auto& members = object.get_ref<const Json::object_t&>();
        const auto it = members.find(key);
        if (it == members.end() || it->second.is_null())
            return nullptr;
        (void)path;
        return &it->second;
    }

    const Json* object(const Json& parent, const char* key, const QString& path)
    {
        const Json* value = child(parent, key, path);
        if (value && !value->is_object()) {
            mismatch(path, "an object", *value);
            return nullptr;
        }
        return value;
    }

    const Json* array(const Json& parent, const char* key, const QString& path)
    {
        const Json* value = child(parent, key, path);
        if (value && !value->is_array()) {
            mismatch(path, "an array", *value);
            return nullptr;
        }
        return value;
    }

    std::optional<QString> string(const Json& parent, const char* key, const QString& path)
    {
        const Json* value = child(parent, key, path);
        if (!value)
            return std::nullopt;
        if (!value->is_string()) {
            mismatch(path, "a string", *value);
            return std::nullopt;
        }
        return QString::fromStdString(value->get<std::string>());
    }

    std::optional<bool> boolean(const Json& parent, const char* key, const QString& path)
    {
        const Json* value = child(parent, key, path);
        if (!value)
            return std::nullopt;
        if (!value->is_boolean()) {
            mismatch(path, "a boolean", *value);
            return std::nullopt;
        }
        return value->get<bool>();
    }

    std::optional<qint64> integer(const Json& parent, const char* key, const QString& path)
    {
        const Json* value = child(parent, key, path);
        if (!value)
            return std::nullopt;
        if (!value->is_number_integer()) {
            mismatch(path, "an integer", *value);
            return std::nullopt;
        }
        return value->get<qint64>();
    }

    QStringList stringList(const Json& parent, const char* key, const QString& path)
    {
        QStringList list;
        const Json* values = array(parent, key, path);
        if (!values)
            return list;
        for (const Json& value : *values) {
            if (!value.is_string()) {
                mismatch(path, "an array of strings", value);
                return {};
            }
            list << QString::fromStdString(value.get<std::string>());
        }
        return list;
    }

    QMap<QString, QString> stringMap(const Json& parent, const char* key, const QString& path)
    {
        QMap<QString, QString> map;
        const Json* values = object(parent, key, path);
        if (!values)
            return map;
        for (const auto& [name, value] : values->items()) {
            if (!value.is_string()) {
                mismatch(path, "an object of strings", value);
                return {};
            }
            map.insert(QString::fromStdString(name), QString::fromStdString(value.get<std::string>()));
        }
        return map;
    }

    void fail(const QString& message)
    {
        if (m_error.isEmpty()) // names and keys in it are the host's: escaped once, here
            m_error = DisplayText::shown(m_where + QStringLiteral(": ") + message, 400);
    }

private:
    void mismatch(const QString& path, const char* expected, const Json& value)
    {
        fail(QStringLiteral("%1 is %2, expected %3")
                 .arg(path, QString::fromUtf8(value.type_name()), QLatin1String(expected)));
    }

    QString m_where;
    QString m_error;
};

} // namespace bulkhead
