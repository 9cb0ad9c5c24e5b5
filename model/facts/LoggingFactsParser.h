// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "facts/LoggingFacts.h"

#include <QByteArray>

namespace bulkhead {

// Parsers for the logging.* and audit.* probes.
class LoggingFactsParser
{
public:
    static Result<JournaldConfig> journald(const QByteArray& output);
    static Result<SyslogConfig> rsyslog(const QByteArray& output);
    static Result<SyslogConfig> syslogNg(const QByteArray& output);
    static Result<LogrotateConfig> logrotate(const QByteArray& output);
    static Result<AuditRules> loadedAuditRules(const QByteArray& output); // auditctl -l
    static Result<AuditRules> auditRuleFiles(const QByteArray& output);   // sectioned rules files
    static Result<AuditdState> auditdState(const QByteArray& output);
    // One audit rule line; an error when it is not a rule auditctl would print or accept.
    static Result<AuditRule> auditRule(const QString& text, const QString& source);
};

} // namespace bulkhead
