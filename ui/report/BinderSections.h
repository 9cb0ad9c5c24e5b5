// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/BinderData.h"

#include <QString>

namespace bulkhead {

class BinderChart;
class BinderTable;

// The binder's sections as HTML for QTextDocument, one method per section, each starting on a new page
// with an <h1> (the contents list every <h1> and <h2>). Every text that came from a host or a user goes
// through SafeText (control characters made visible, then HTML-escaped); the checks' own texts are escaped
// too. Charts are placeholders that `charts` draws.
class BinderSections
{
public:
    static constexpr int SubjectsPerCheck = BinderData::SubjectsPerCheck;

    BinderSections(const BinderData& data, BinderChart& charts);

    static QString styleSheet();

    QString cover() const; // the facts under the cover's painted title
    QString scope() const;
    QString methodology() const;
    QString summary() const;
    QString controlMatrix() const;
    QString findings() const;
    QString reviews() const; // attestations, manual checks still open, notes and evidence files
    QString waivers() const;
    QString remediationLog() const;
    QString evidenceIndex() const; // its heading and introduction: evidenceTable() has the rows
    BinderTable evidenceTable(double width) const;
    QString integrity() const;
    QString signOff() const;
    QString commandsAppendix() const;

private:
    const BinderData& m_data;
    BinderChart& m_charts;
};

} // namespace bulkhead
