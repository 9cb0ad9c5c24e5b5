// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to bulkhead_model's parsers (includes nlohmann/json through JsonReader.h): never include
// this from a public header.

#include "core/JsonPointer.h"
#include "facts/ContainerFacts.h"
#include "facts/JsonReader.h"

#include <QMap>
#include <QStringList>

#include <optional>

namespace bulkhead {

// Lenient typed access for the inspect fields the checks read one by one: a field of a type docker
// never writes is absent for that field alone (its pointer is recorded in `mistyped`), so one odd
// value costs one check an error instead of failing every check of the container. A missing key is
// absent; a null value is absent too unless the caller says docker writes null for "unset"
// (NullIs::Empty). Integers only: a float or a numeric string is mistyped.
class InspectFieldReader
{
public:
    enum class NullIs
    {
        Absent,
        Empty
    };

    explicit InspectFieldReader(QStringList& mistyped)
        : m_mistyped(mistyped)
    {}

    // The member `key` of `parent` (nullptr when parent is null, not an object, or has no such key).
    static const Json* member(const Json* parent, const char* key)
    {
        if (!parent || !parent->is_object())
            return nullptr;
        const auto& members = parent->get_ref<const Json::object_t&>();
        const auto it = members.find(key);
        return it == members.end() ? nullptr : &it->second;
    }

    static bool has(const Json* parent, const char* key) { return member(parent, key) != nullptr; }

    // Records a value of the wrong type at `pointer`; nullopt, for `return fields.mismatch(p);`.
    std::nullopt_t mismatch(const QString& pointer)
    {
        m_mistyped << pointer;
        return std::nullopt;
    }

    // An object member; nullptr when missing, null or mistyped (recorded).
    const Json* object(const Json* parent, const char* key, const QString& pointer)
    {
        const Json* value = member(parent, key);
        if (!value || value->is_null())
            return nullptr;
        if (!value->is_object()) {
            m_mistyped << pointer;
            return nullptr;
        }
        return value;
    }

    std::optional<QString> string(const Json* parent, const char* key, const QString& pointer)
    {
        return stringValue(member(parent, key), pointer);
    }

    std::optional<QString> stringValue(const Json* value, const QString& pointer)
    {
        if (!value || value->is_null())
            return std::nullopt;
        if (!value->is_string()) {
            m_mistyped << pointer;
            return std::nullopt;
        }
        return QString::fromStdString(value->get<std::string>());
    }

    std::optional<bool> boolean(const Json* parent, const char* key, const QString& pointer)
    {
        const Json* value = member(parent, key);
        if (!value || value->is_null())
            return std::nullopt;
        if (!value->is_boolean()) {
            m_mistyped << pointer;
            return std::nullopt;
        }
        return value->get<bool>();
    }

    std::optional<qint64> integer(const Json* parent, const char* key, const QString& pointer,
                                  NullIs nullIs = NullIs::Absent)
    {
        return integerValue(member(parent, key), pointer, nullIs);
    }

    std::optional<qint64> integerValue(const Json* value, const QString& pointer, NullIs nullIs = NullIs::Absent)
    {
        if (!value)
            return std::nullopt;
        if (value->is_null())
            return nullIs == NullIs::Empty ? std::optional<qint64>(0) : std::nullopt;
        // An unsigned integer above INT64_MAX does not fit: mistyped rather than wrapped.
        if (value->is_number_unsigned() && value->get<std::uint64_t>() > std::uint64_t(INT64_MAX)) {
            m_mistyped << pointer;
            return std::nullopt;
        }
        if (!value->is_number_integer()) {
            m_mistyped << pointer;
            return std::nullopt;
        }
        return value->get<qint64>();
    }

    // An array of strings; one element of another type makes the whole list absent.
    std::optional<QStringList> stringList(const Json* parent, const char* key, const QString& pointer,
                                          NullIs nullIs = NullIs::Absent)
    {
        const Json* value = member(parent, key);
        if (!value)
            return std::nullopt;
        if (value->is_null())
            return nullIs == NullIs::Empty ? std::optional<QStringList>(QStringList()) : std::nullopt;
        if (!value->is_array()) {
            m_mistyped << pointer;
            return std::nullopt;
        }
        QStringList list;
        for (std::size_t i = 0; i < value->size(); ++i) {
            const Json& entry = (*value)[i];
            if (!entry.is_string()) {
                m_mistyped << JsonPointer::append(pointer, static_cast<qsizetype>(i));
                return std::nullopt;
            }
            list << QString::fromStdString(entry.get<std::string>());
        }
        return list;
    }

    // The keys of an object ({"80/tcp": {}} -> "80/tcp"), sorted.
    std::optional<QStringList> keys(const Json* parent, const char* key, const QString& pointer,
                                    NullIs nullIs = NullIs::Absent)
    {
        const Json* value = member(parent, key);
        if (!value)
            return std::nullopt;
        if (value->is_null())
            return nullIs == NullIs::Empty ? std::optional<QStringList>(QStringList()) : std::nullopt;
        if (!value->is_object()) {
            m_mistyped << pointer;
            return std::nullopt;
        }
        QStringList list;
        for (const auto& [name, entry] : value->items()) {
            (void)entry;
            list << QString::fromStdString(name);
        }
        return list;
    }

    // An object of strings; one value of another type makes the whole map absent.
    std::optional<QMap<QString, QString>> stringMap(const Json* value, const QString& pointer,
                                                    NullIs nullIs = NullIs::Absent)
    {
        if (!value)
            return std::nullopt;
        if (value->is_null()) {
            return nullIs == NullIs::Empty ? std::optional<QMap<QString, QString>>(QMap<QString, QString>())
                                           : std::nullopt;
        }
        if (!value->is_object()) {
            m_mistyped << pointer;
            return std::nullopt;
        }
        QMap<QString, QString> map;
        for (const auto& [name, entry] : value->items()) {
            if (!entry.is_string()) {
                m_mistyped << JsonPointer::append(pointer, QString::fromStdString(name));
                return std::nullopt;
            }
            map.insert(QString::fromStdString(name), QString::fromStdString(entry.get<std::string>()));
        }
        return map;
    }

    // Config.Healthcheck: nullopt when Config is absent or the value is mistyped; an empty
    // HealthConfig when Config is present and docker omitted the key (no HEALTHCHECK).
    std::optional<HealthConfig> healthcheck(const Json* config, const QString& pointer)
    {
        if (!config)
            return std::nullopt;
        const Json* value = member(config, "Healthcheck");
        if (!value || value->is_null())
            return HealthConfig{};
        if (!value->is_object()) {
            m_mistyped << pointer;
            return std::nullopt;
        }
        HealthConfig health;
        health.pointer = pointer;
        const auto test = stringList(value, "Test", pointer + QStringLiteral("/Test"), NullIs::Empty);
        if (!test && has(value, "Test"))
            return std::nullopt;
        health.test = test.value_or(QStringList());
        const auto number = [&](const char* key, qint64& out) {
            const auto read = integer(value, key, JsonPointer::append(pointer, QLatin1String(key)), NullIs::Empty);
            out = read.value_or(0);
            return read || !has(value, key);
        };
        if (!number("Interval", health.interval) || !number("Timeout", health.timeout) ||
            !number("StartPeriod", health.startPeriod) || !number("Retries", health.retries)) {
            return std::nullopt;
        }
        return health;
    }

private:
    QStringList& m_mistyped;
};

} // namespace bulkhead
