// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace bulkhead {

// One container lifecycle event as `docker events --format '{{json .}}'` prints it, reduced to what
// the evidence keeps. Labels and other attributes are left out: they may hold secrets, and the
// inspect stored with the event has them, redacted.
struct LifecycleEvent
{
    QString action;      // create, start, die or stop
    QString containerId; // 64 lowercase hex digits, checked
    QString name;        // container name as the host reports it (hostile text: escape to show)
    QString image;       // image reference as the host reports it (hostile text)
    QString exitCode;    // for die: the exit code attribute (digits only), else empty
    qint64 time = 0;     // seconds since the epoch, as the host's daemon stamped it
    qint64 timeNano = 0; // nanoseconds since the epoch; 0 when absent
};

// Parses one line of the event stream. Remote data is hostile: a line that is not one JSON object with
// the expected fields is Malformed; an event whose container id is not exactly 64 lowercase hex
// digits, or whose action is not one of the four watched, is Rejected (its id never reaches a
// command). nlohmann exceptions stop here.
class LifecycleEventParser
{
public:
    static constexpr qsizetype MaxTextChars = 1024; // name and image are cut to this

    struct Parsed
    {
        enum class Kind
        {
            Event,
            Malformed,
            Rejected,
        };
        Kind kind = Kind::Malformed;
        LifecycleEvent event;
        QString reason; // for Malformed and Rejected: why, safe to show (no host text)
    };

    static Parsed parse(QByteArrayView line);
    static bool isContainerId(QStringView text);   // ^[0-9a-f]{64}$
    static bool isWatchedAction(QStringView text); // create, start, die, stop

private:
    static Parsed parseLine(QByteArrayView line);
};

} // namespace bulkhead
