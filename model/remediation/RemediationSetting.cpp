// SPDX-License-Identifier: GPL-3.0-or-later
#include "remediation/RemediationSetting.h"

#include <QRegularExpression>

namespace bulkhead {

namespace {

// Digits only (no sign, no spaces, no suffix): what is printed back is exactly what was validated.
std::optional<qint64> wholeNumber(const QString& text)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,16}$"));
    if (!digits.match(text).hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

Result<RemediationSetting> numberSetting(RemediationSetting::Name name, const QString& text, qint64 min, qint64 max)
{
    const std::optional<qint64> number = wholeNumber(text);
    if (!number || *number < min || *number > max)
        return makeError(QStringLiteral("%1 must be a whole number from %2 to %3")
                             .arg(RemediationSetting::nameText(name))
                             .arg(min)
                             .arg(max));
    RemediationSetting setting;
    setting.name = name;
    setting.number = *number;
    return setting;
}

} // namespace

Result<RemediationSetting> RemediationSetting::parse(const QString& text)
{
    const qsizetype equals = text.indexOf(QLatin1Char('='));
    if (equals <= 0)
        return makeError(QStringLiteral("expected NAME=VALUE (memory, pids, cpu-shares or restart)"));
    const QString name = text.left(equals);
    const QString value = text.mid(equals + 1);
    if (name == QLatin1String("memory"))
        return numberSetting(Name::Memory, value, MinMemory, MaxMemory);
    if (name == QLatin1String("pids"))
        return numberSetting(Name::Pids, value, 1, MaxPids);
    if (name == QLatin1String("cpu-shares"))
        return numberSetting(Name::CpuShares, value, MinCpuShares, MaxCpuShares);
    if (name != QLatin1String("restart"))
        return makeError(QStringLiteral("unknown setting; use memory, pids, cpu-shares or restart"));
    RemediationSetting setting;
    setting.name = Name::Restart;
    for (const char* fixed : {"no", "always", "unless-stopped", "on-failure"}) {
        if (value == QLatin1String(fixed)) {
            setting.restart = value;
            return setting;
        }
    }
    if (value.startsWith(QLatin1String("on-failure:"))) {
        const std::optional<qint64> retries = wholeNumber(value.mid(11));
        if (retries && *retries >= 1 && *retries <= MaxRetries) {
            setting.restart = QStringLiteral("on-failure");
            setting.number = *retries;
            return setting;
        }
    }
    return makeError(
        QStringLiteral("restart must be no, always, unless-stopped, on-failure or on-failure:N (N from 1 to %1)")
            .arg(MaxRetries));
}

QString RemediationSetting::nameText(Name name)
{
    switch (name) {
    case Name::Memory:
        return QStringLiteral("memory");
    case Name::Pids:
        return QStringLiteral("pids");
    case Name::CpuShares:
        return QStringLiteral("cpu-shares");
    case Name::Restart:
        return QStringLiteral("restart");
    }
    return QString();
}

QString RemediationSetting::value() const
{
    if (name != Name::Restart)
        return QString::number(number);
    if (restart == QLatin1String("on-failure") && number > 0)
        return QStringLiteral("on-failure:%1").arg(number);
    return restart;
}

} // namespace bulkhead
