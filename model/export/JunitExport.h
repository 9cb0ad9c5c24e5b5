// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "export/ExportSnapshot.h"

#include <QByteArray>

namespace bulkhead {

// JUnit XML for CI test reports: <testsuites> with a <testsuite> per host and a <testcase> per reviewed
// finding (classname "host.check", name the subject). fail: <failure>; error: <error>; not applicable,
// waived and manual (not attested): <skipped>; pass and warn pass (a warn says why in <system-out>).
// Written with QXmlStreamWriter; characters XML 1.0 forbids become U+FFFD.
class JunitExport
{
public:
    static QByteArray write(const ExportSnapshot& snapshot);
};

} // namespace bulkhead
