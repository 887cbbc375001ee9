// Baton messages as LINE message objects, within the Messaging API's limits: a text message
// holds at most 5,000 characters (UTF-16 code units), a request at most 5 messages, a quick
// reply at most 13 buttons whose labels hold at most 20 characters.
#pragma once

#include <boost/json/array.hpp>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace baton::channels::line {

inline constexpr std::size_t kMaxTextUnits = 5000;
inline constexpr std::size_t kMaxMessagesPerRequest = 5;
inline constexpr std::size_t kMaxSenderNameChars = 20;
// The postback data of the Live Agent button (quick reply and rich menu alike).
inline constexpr std::string_view kLiveAgentData = "action=live_agent";
inline constexpr std::string_view kLiveAgentLabel = "Live Agent";
// A survey's answer: action=csat&survey=ID&score=N (the quick reply of a csat_requested notice).
inline constexpr std::string_view kCsatAction = "action=csat";
std::string csat_postback_data(std::string_view survey_id, int score);

// Length in UTF-16 code units, as LINE counts characters.
std::size_t utf16_units(std::string_view utf8);

// The first `count` characters (code points) of `utf8`.
std::string first_code_points(std::string_view utf8, std::size_t count);

// Pieces of at most `max_units` UTF-16 units, cut at a line break or space near the end of a
// piece when there is one, never inside a character.
std::vector<std::string> split_text(std::string_view utf8, std::size_t max_units = kMaxTextUnits);

// A public HTTPS URL of an attachment (`preview`: its preview image), for LINE to fetch.
using FileUrlFn = std::function<std::string(const core::Attachment& attachment, bool preview)>;

// One request's messages for `message`: its text in pieces (a system notice rendered from its
// event in the customer's `language`, or in both languages while it is unknown); an agent's
// name as the sender; the Live Agent quick reply on the last
// piece of an AI answer when `offer_live_agent`. An agent's file (given `file_urls`): an image
// as an image message (original and preview), any other file as its name and link.
boost::json::array line_messages_for(const core::Message& message, bool offer_live_agent,
                                     const std::optional<std::string>& language = std::nullopt,
                                     const FileUrlFn& file_urls = nullptr);

}  // namespace baton::channels::line
