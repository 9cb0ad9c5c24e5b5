// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to bulkhead_model (includes nlohmann/json, a private dependency): never include this from a
// public header.

#include <nlohmann/json.hpp>

#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace bulkhead {

// A document that names the same key twice in one object. nlohmann keeps the last value without a word,
// while a JSON pointer finds the first: what a parser evaluates, what a finding cites as evidence and
// what the secret redactor walks would be different values (a Config.Env holding a secret, followed by
// an empty one, would reach the workspace unredacted). Docker never prints such a document; here it is
// malformed.
class DuplicateJsonKey : public std::runtime_error
{
public:
    explicit DuplicateJsonKey(const std::string& key)
        : std::runtime_error(key)
    {}
    const std::string& key() const { return m_key; }

private:
    std::string m_key = what();
};

// BasicJson::parse(first, last, rejectDuplicateKeys<BasicJson>()) throws DuplicateJsonKey at the first key
// that repeats within one object.
template <typename BasicJson> typename BasicJson::parser_callback_t rejectDuplicateKeys()
{
    auto open = std::make_shared<std::vector<std::set<std::string>>>(); // the keys of each open object
    return [open](int /*depth*/, typename BasicJson::parse_event_t event, BasicJson& parsed) {
        using Event = typename BasicJson::parse_event_t;
        if (event == Event::object_start) {
            open->emplace_back();
        } else if (event == Event::object_end) {
            if (!open->empty())
                open->pop_back();
        } else if (event == Event::key && !open->empty()) {
            const std::string& key = parsed.template get_ref<const std::string&>();
            if (!open->back().insert(key).second)
                throw DuplicateJsonKey(key);
        }
        return true;
    };
}

} // namespace bulkhead
