// SPDX-License-Identifier: GPL-3.0-or-later
// JsonPointer over hostile JSON text. Input: the pointer on the first line, the document after it.
// Properties: a located span lies inside the document and excerpt() returns exactly its bytes; escaping
// round-trips; split() inverts append(); a pointer located inside an element (elements()) finds what the
// absolute pointer finds; an index (JsonIndex) of the document or of an element agrees with locate() on
// every value it holds and on the pointer of the first line.
#include "FuzzSupport.h"

#include "core/JsonIndex.h"
#include "core/JsonPointer.h"

using namespace bulkhead;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const fuzz::Split split = fuzz::splitFirstLine(fuzz::bytes(data, size));
    const QString pointer = QString::fromUtf8(split.head);
    const QByteArray& document = split.tail;

    const auto span = JsonPointer::locate(document, pointer);
    if (span) {
        FUZZ_CHECK(span->offset >= 0 && span->length > 0 && span->offset + span->length <= document.size(), pointer);
        FUZZ_CHECK(JsonPointer::excerpt(document, pointer) == document.mid(span->offset, span->length), pointer);
    } else {
        FUZZ_CHECK(JsonPointer::excerpt(document, pointer).isEmpty(), pointer);
    }

    const auto tokens = JsonPointer::split(pointer);
    // "/<i>/rest" located within element i is the same span as the absolute pointer.
    if (const auto elements = JsonPointer::elements(document); elements && tokens && !tokens->isEmpty()) {
        bool isIndex = false;
        const qsizetype index = tokens->front().toLongLong(&isIndex);
        if (isIndex && index >= 0 && index < elements->size() && tokens->front() == QString::number(index)) {
            QString rest;
            for (qsizetype i = 1; i < tokens->size(); ++i)
                rest = JsonPointer::append(rest, tokens->at(i));
            const auto relative = JsonPointer::locate(document, rest, elements->at(index));
            FUZZ_CHECK(relative.has_value() == span.has_value(), pointer);
            if (relative && span)
                FUZZ_CHECK(relative->offset == span->offset && relative->length == span->length, pointer);
        }
    }
    // The index of the whole document: every value it holds is where locate() finds it, and the fuzzed
    // pointer resolves to the same span or, deeper than the index reaches, to nothing.
    const JsonIndex index = JsonIndex::build(document, JsonPointer::Span{0, document.size()}, 3);
    for (const auto& [indexed, at] : index.entries()) {
        const auto located = JsonPointer::locate(document, indexed);
        FUZZ_CHECK(located && located->offset == at.offset && located->length == at.length, indexed);
        const auto found = index.find(indexed);
        FUZZ_CHECK(found && found->offset == at.offset && found->length == at.length, indexed);
    }
    if (const auto found = index.find(pointer))
        FUZZ_CHECK(span && found->offset == span->offset && found->length == span->length, pointer);
    else if (!index.isEmpty() && span && tokens && tokens->size() <= 3)
        FUZZ_CHECK(false, QStringLiteral("the index misses ") + pointer);

    if (tokens) {
        QString rebuilt;
        for (const QString& token : *tokens) {
            FUZZ_CHECK(JsonPointer::unescape(JsonPointer::escape(token)) == token, token);
            rebuilt = JsonPointer::append(rebuilt, token);
        }
        const auto again = JsonPointer::split(rebuilt);
        FUZZ_CHECK(again && *again == *tokens, pointer);
    }
    return 0;
}
