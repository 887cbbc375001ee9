#include "channels/line/line_events.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <cmath>
#include <cstdio>
#include <regex>

#include "channels/line/line_messages.hpp"
#include "core/csat.hpp"
#include "core/text.hpp"

namespace baton::channels::line {
namespace json = boost::json;
namespace {

using Kind = app::LineEvent::Kind;

// Sane ranges, wide of anything LINE sends (a file is at most 300 MB, a video minutes long).
constexpr double kMaxFileBytes = 1e12;
constexpr double kMaxDurationMillis = 1e9;
constexpr std::size_t kMaxFileNameChars = 255;
constexpr std::size_t kMaxTypeChars = 40;
constexpr std::size_t kMaxPlaceChars = 1000;  // a location's title, and its address
// Milliseconds since 1970, up to the year 10000.
constexpr double kMaxTimestampMillis = 253402300800000.0;

std::string string_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

const json::object* object_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value ? value->if_object() : nullptr;
}

// A number of the event, clamped to [low, high] before anything converts it: a signed body
// may still carry 1e308, and casting that to an integer is undefined behaviour.
std::optional<double> number_at(const json::object& object, std::string_view key, double low, double high) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_number()) return std::nullopt;
  const double number = value->to_number<double>();
  if (std::isnan(number)) return std::nullopt;
  return std::clamp(number, low, high);
}

// Text from LINE as Baton stores text: no control characters but line breaks and tabs, at
// most `max_chars` characters (the rest is cut rather than the message lost).
std::string held_to_text_rules(std::string_view text, std::size_t max_chars = core::kMaxMessageChars) {
  std::string clean;
  // Control characters are single bytes that never occur inside a multi-byte UTF-8 sequence.
  for (char c : text) {
    if (clean.size() >= max_chars * 4) break;  // holds max_chars whole characters already
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n' && c != '\r' && c != '\t') || byte == 0x7F) continue;
    clean += c;
  }
  return first_code_points(clean, max_chars);
}

// Ids that go into LINE API paths: only what LINE issues, so nothing else reaches a URL.
bool valid_user_id(const std::string& id) {
  static const std::regex kUserId("^U[0-9a-f]{32}$");
  return std::regex_match(id, kUserId);
}

bool valid_message_id(const std::string& id) {
  static const std::regex kMessageId("^[0-9]{1,40}$");
  return std::regex_match(id, kMessageId);
}

std::string duration_text(const json::object& message) {
  const auto millis = number_at(message, "duration", 0, kMaxDurationMillis);
  if (!millis) return {};
  const auto seconds = static_cast<long>(std::lround(*millis / 1000.0));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, ", %ld:%02ld", seconds / 60, seconds % 60);
  return buffer;
}

std::string size_text(double bytes) {
  char buffer[32];
  if (bytes >= 1024.0 * 1024.0)
    std::snprintf(buffer, sizeof buffer, "%.1f MB", bytes / (1024.0 * 1024.0));
  else
    std::snprintf(buffer, sizeof buffer, "%.0f KB", std::max(1.0, bytes / 1024.0));
  return buffer;
}

// The file can be fetched from LINE's data API unless it lives elsewhere (contentProvider external).
bool stored_by_line(const json::object& message) {
  const auto* provider = object_at(message, "contentProvider");
  return !provider || string_at(*provider, "type") != "external";
}

// A message event's text, or its placeholder and what to fetch.
// Longer than any token LINE issues (they are a few dozen characters): refused, not stored.
constexpr std::size_t kMaxReadTokenBytes = 512;

bool read_message(const json::object& message, app::LineEvent& event) {
  const auto type = string_at(message, "type");
  event.source_id = string_at(message, "id");
  event.kind = Kind::media;
  // Kept to send back as a read receipt once an agent reads it; a token is LINE's opaque text.
  if (auto token = string_at(message, "markAsReadToken"); !token.empty() && token.size() <= kMaxReadTokenBytes) {
    event.mark_as_read_token = std::move(token);
  }
  if (type == "text") {
    event.kind = Kind::text;
    // LINE allows 5,000 characters, Baton stores 4,000: the rest is cut rather than the message lost.
    event.text = held_to_text_rules(string_at(message, "text"));
    return !core::trim_text(event.text).empty() && core::utf8_length(event.text) >= 0;
  }
  auto fetch = [&](core::AttachmentKind kind) {
    if (stored_by_line(message) && valid_message_id(event.source_id)) event.attachment_kind = kind;
  };
  if (type == "image") {
    event.text = "[Photo]";
    fetch(core::AttachmentKind::image);
  } else if (type == "video") {
    event.text = "[Video" + duration_text(message) + "]";
    fetch(core::AttachmentKind::video);
  } else if (type == "audio") {
    event.text = "[Voice message" + duration_text(message) + "]";
    fetch(core::AttachmentKind::audio);
  } else if (type == "file") {
    event.file_name = held_to_text_rules(string_at(message, "fileName"), kMaxFileNameChars);
    const double size = number_at(message, "fileSize", 0, kMaxFileBytes).value_or(0);
    event.file_size = static_cast<std::int64_t>(size);
    event.text = "[File: " + (event.file_name.empty() ? std::string("unnamed") : event.file_name) + " (" +
                 size_text(size) + ")]";
    fetch(core::AttachmentKind::file);
  } else if (type == "location") {
    char coordinates[64];
    std::snprintf(coordinates, sizeof coordinates, "%.5f, %.5f", number_at(message, "latitude", -90, 90).value_or(0),
                  number_at(message, "longitude", -180, 180).value_or(0));
    std::string place = held_to_text_rules(string_at(message, "title"), kMaxPlaceChars);
    const auto address = held_to_text_rules(string_at(message, "address"), kMaxPlaceChars);
    if (!address.empty()) place += (place.empty() ? "" : ", ") + address;
    event.text = "[Location: " + (place.empty() ? std::string() : place + " ") + "(" + coordinates + ")]";
  } else if (type == "sticker") {
    std::string words;
    if (const auto* keywords = message.if_contains("keywords"); keywords && keywords->is_array()) {
      for (const auto& keyword : keywords->get_array()) {
        if (!keyword.is_string() || words.size() > 60) continue;
        words += (words.empty() ? "" : ", ") + held_to_text_rules(keyword.get_string(), 30);
      }
    }
    event.text = words.empty() ? "[Sticker]" : "[Sticker: " + words + "]";
  } else {
    // A type LINE adds later: named, but only so much of it.
    const auto name = held_to_text_rules(type, kMaxTypeChars);
    event.text = "[" + (name.empty() ? std::string("Unknown") : name) + " message]";
  }
  // Every placeholder is held to the message rule too (a title and an address of 5,000 each).
  event.text = held_to_text_rules(event.text);
  return !core::trim_text(event.text).empty();
}

// A postback's data is form-encoded (ours never needs escapes): the value of `key`, if present.
std::optional<std::string_view> form_value(std::string_view data, std::string_view key) {
  std::size_t start = 0;
  while (start <= data.size()) {
    const auto end = std::min(data.find('&', start), data.size());
    const auto pair = data.substr(start, end - start);
    if (pair.size() > key.size() && pair.starts_with(key) && pair[key.size()] == '=') {
      return pair.substr(key.size() + 1);
    }
    start = end + 1;
  }
  return std::nullopt;
}

// Live Agent is action=live_agent; a survey's answer action=csat&survey=ID&score=1..5.
bool read_postback(const std::string& data, app::LineEvent& event) {
  const auto action = form_value(data, "action");
  if (action == "live_agent") {
    event.kind = app::LineEvent::Kind::live_agent;
    return true;
  }
  if (action != "csat") return false;
  const auto survey = form_value(data, "survey");
  const auto score = form_value(data, "score");
  if (!survey || survey->empty() || survey->size() > 64 || !score || score->size() != 1) return false;
  const int value = (*score)[0] - '0';
  if (value < core::kMinCsatScore || value > core::kMaxCsatScore) return false;
  event.kind = app::LineEvent::Kind::csat;
  event.survey_id = std::string(*survey);
  event.score = value;
  return true;
}

}  // namespace

ParsedEvents parse_line_events(const json::array& events) {
  ParsedEvents parsed;
  for (const auto& item : events) {
    const auto* raw = item.if_object();
    const auto* source = raw ? object_at(*raw, "source") : nullptr;
    if (!raw || !source || string_at(*source, "type") != "user" || string_at(*raw, "mode") == "standby") {
      ++parsed.ignored;
      continue;
    }
    app::LineEvent event;
    event.webhook_event_id = string_at(*raw, "webhookEventId");
    event.user_id = string_at(*source, "userId");
    if (auto token = string_at(*raw, "replyToken"); !token.empty()) event.reply_token = std::move(token);
    const auto type = string_at(*raw, "type");
    // Every event has one; the inbound service refuses those older than the replay window.
    const auto timestamp = number_at(*raw, "timestamp", 0, kMaxTimestampMillis);
    if (timestamp) event.timestamp = core::TimePoint(std::chrono::milliseconds(static_cast<std::int64_t>(*timestamp)));
    bool usable = !event.webhook_event_id.empty() && event.webhook_event_id.size() <= 64 &&
                  valid_user_id(event.user_id) && timestamp;
    if (type == "message") {
      const auto* message = object_at(*raw, "message");
      usable = usable && message && read_message(*message, event);
    } else if (type == "follow") {
      event.kind = Kind::follow;
    } else if (type == "unfollow") {
      event.kind = Kind::unfollow;
    } else if (type == "postback") {
      const auto* postback = object_at(*raw, "postback");
      usable = usable && postback && read_postback(string_at(*postback, "data"), event);
    } else {
      usable = false;
    }
    if (!usable) {
      ++parsed.ignored;
      continue;
    }
    parsed.events.push_back(std::move(event));
  }
  return parsed;
}

}  // namespace baton::channels::line
