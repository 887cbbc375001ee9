#include "channels/line/line_events.hpp"

#include <boost/json/object.hpp>
#include <cmath>
#include <cstdio>
#include <regex>

#include "channels/line/line_messages.hpp"
#include "core/text.hpp"

namespace baton::channels::line {
namespace json = boost::json;
namespace {

using Kind = app::LineEvent::Kind;

std::string string_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

const json::object* object_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value ? value->if_object() : nullptr;
}

std::optional<double> number_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_number()) return std::nullopt;
  return value->to_number<double>();
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
  const auto millis = number_at(message, "duration");
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
bool read_message(const json::object& message, app::LineEvent& event) {
  const auto type = string_at(message, "type");
  event.source_id = string_at(message, "id");
  event.kind = Kind::media;
  if (type == "text") {
    event.kind = Kind::text;
    // LINE allows 5,000 characters, Baton stores 4,000: the rest is cut rather than the message lost.
    event.text = first_code_points(string_at(message, "text"), core::kMaxMessageChars);
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
    event.file_name = string_at(message, "fileName");
    const double size = number_at(message, "fileSize").value_or(0);
    event.file_size = static_cast<std::int64_t>(size);
    event.text = "[File: " + (event.file_name.empty() ? std::string("unnamed") : event.file_name) + " (" +
                 size_text(size) + ")]";
    fetch(core::AttachmentKind::file);
  } else if (type == "location") {
    char coordinates[64];
    std::snprintf(coordinates, sizeof coordinates, "%.5f, %.5f", number_at(message, "latitude").value_or(0),
                  number_at(message, "longitude").value_or(0));
    std::string place = string_at(message, "title");
    const auto address = string_at(message, "address");
    if (!address.empty()) place += (place.empty() ? "" : ", ") + address;
    event.text = "[Location: " + (place.empty() ? std::string() : place + " ") + "(" + coordinates + ")]";
  } else if (type == "sticker") {
    std::string words;
    if (const auto* keywords = message.if_contains("keywords"); keywords && keywords->is_array()) {
      for (const auto& keyword : keywords->get_array()) {
        if (!keyword.is_string() || words.size() > 60) continue;
        words += (words.empty() ? "" : ", ") + std::string(keyword.get_string());
      }
    }
    event.text = words.empty() ? "[Sticker]" : "[Sticker: " + words + "]";
  } else {
    event.text = "[" + (type.empty() ? std::string("Unknown") : type) + " message]";
  }
  return true;
}

// A postback's data is form-encoded; Live Agent is action=live_agent.
bool asks_for_live_agent(const std::string& data) {
  std::size_t start = 0;
  while (start <= data.size()) {
    const auto end = std::min(data.find('&', start), data.size());
    if (data.compare(start, end - start, "action=live_agent") == 0) return true;
    start = end + 1;
  }
  return false;
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
    bool usable =
        !event.webhook_event_id.empty() && event.webhook_event_id.size() <= 64 && valid_user_id(event.user_id);
    if (type == "message") {
      const auto* message = object_at(*raw, "message");
      usable = usable && message && read_message(*message, event);
    } else if (type == "follow") {
      event.kind = Kind::follow;
    } else if (type == "unfollow") {
      event.kind = Kind::unfollow;
    } else if (type == "postback") {
      const auto* postback = object_at(*raw, "postback");
      event.kind = Kind::live_agent;
      usable = usable && postback && asks_for_live_agent(string_at(*postback, "data"));
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
