#include "channels/line/line_messages.hpp"

#include <algorithm>
#include <array>
#include <boost/json/object.hpp>
#include <cctype>

#include "core/csat.hpp"
#include "core/notices.hpp"
#include "core/text.hpp"

namespace baton::channels::line {
namespace json = boost::json;
namespace {

// The byte length of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// LINE refuses some words in a sender name (its own name among them); then no name is shown.
bool allowed_sender_name(std::string_view name) {
  return !name.empty() && core::ascii_lower(name).find("line") == std::string::npos;
}

json::object live_agent_quick_reply() {
  json::object action{
      {"type", "postback"}, {"label", kLiveAgentLabel}, {"data", kLiveAgentData}, {"displayText", kLiveAgentLabel}};
  return {{"items", json::array{json::object{{"type", "action"}, {"action", std::move(action)}}}}};
}

// The survey's five answers (team operations §4.8), best first; a label holds at most 20
// characters, so it is in the contact's language (Chinese while it is unknown).
json::object csat_quick_reply(const core::Id& survey_id, const std::optional<std::string>& language) {
  static constexpr std::array<std::string_view, 5> kChinese{"1 非常不滿意", "2 不滿意", "3 普通", "4 滿意",
                                                            "5 非常滿意"};
  static constexpr std::array<std::string_view, 5> kEnglish{"1 Very dissatisfied", "2 Dissatisfied", "3 Neutral",
                                                            "4 Satisfied", "5 Very satisfied"};
  const auto& labels = language && !language->starts_with("zh") ? kEnglish : kChinese;
  json::array items;
  for (int score = core::kMaxCsatScore; score >= core::kMinCsatScore; --score) {
    const auto label = labels[static_cast<std::size_t>(score - 1)];
    json::object action{
        {"type", "postback"}, {"label", label}, {"data", csat_postback_data(survey_id, score)}, {"displayText", label}};
    items.push_back(json::object{{"type", "action"}, {"action", std::move(action)}});
  }
  return {{"items", std::move(items)}};
}

}  // namespace

std::string csat_postback_data(std::string_view survey_id, int score) {
  return std::string(kCsatAction) + "&survey=" + std::string(survey_id) + "&score=" + std::to_string(score);
}

std::string first_code_points(std::string_view utf8, std::size_t count) {
  std::size_t at = 0;
  for (std::size_t taken = 0; taken < count && at < utf8.size(); ++taken) {
    at += sequence_length(static_cast<unsigned char>(utf8[at]));
  }
  return std::string(utf8.substr(0, std::min(at, utf8.size())));
}

std::size_t utf16_units(std::string_view utf8) {
  std::size_t units = 0;
  for (std::size_t at = 0; at < utf8.size();) {
    const auto length = sequence_length(static_cast<unsigned char>(utf8[at]));
    units += length == 4 ? 2 : 1;
    at += length;
  }
  return units;
}

std::vector<std::string> split_text(std::string_view utf8, std::size_t max_units) {
  std::vector<std::string> pieces;
  while (!utf8.empty()) {
    std::size_t bytes = 0;
    std::size_t units = 0;
    std::size_t last_break = 0;  // bytes up to and including the last line break or space
    while (bytes < utf8.size()) {
      const auto length = sequence_length(static_cast<unsigned char>(utf8[bytes]));
      const std::size_t cost = length == 4 ? 2 : 1;
      if (units + cost > max_units) break;
      units += cost;
      if (utf8[bytes] == '\n' || utf8[bytes] == ' ') last_break = bytes + 1;
      bytes = std::min(bytes + length, utf8.size());
    }
    // Cut at a break in the last fifth of the piece rather than inside a word.
    if (bytes < utf8.size() && last_break > bytes * 4 / 5) bytes = last_break;
    pieces.emplace_back(utf8.substr(0, bytes));
    utf8.remove_prefix(bytes);
  }
  return pieces;
}

namespace {

// LINE shows JPEG and PNG images from public HTTPS URLs (the preview at most 1 MB, which Baton's
// previews are); any other file goes as its name and a link the customer's phone opens.
json::object file_message(const core::Attachment& file, const FileUrlFn& file_urls) {
  const bool shown_as_image = file.kind == core::AttachmentKind::image && !file.preview_type.empty() &&
                              (file.content_type == "image/jpeg" || file.content_type == "image/png");
  if (shown_as_image) {
    return {
        {"type", "image"}, {"originalContentUrl", file_urls(file, false)}, {"previewImageUrl", file_urls(file, true)}};
  }
  const auto name = file.file_name.empty() ? std::string("file") : first_code_points(file.file_name, 200);
  return {{"type", "text"}, {"text", "📎 " + name + "\n" + file_urls(file, false)}};
}

}  // namespace

json::array line_messages_for(const core::Message& message, bool offer_live_agent,
                              const std::optional<std::string>& language, const FileUrlFn& file_urls) {
  // A notice in the contact's language (both, while it is unknown); anything else as written.
  const bool notice = message.sender == core::Sender::system;
  const auto* file = file_urls && message.attachment && message.attachment->status == core::AttachmentStatus::ready
                         ? &*message.attachment
                         : nullptr;
  auto pieces = split_text(notice ? core::notice_for_reader(message, language) : message.text);
  if (pieces.empty() && !file) pieces.emplace_back(" ");
  // Our texts are at most 4,000 characters, two pieces; more would need a second request.
  if (pieces.size() > kMaxMessagesPerRequest - (file ? 1 : 0)) pieces.resize(kMaxMessagesPerRequest - (file ? 1 : 0));
  json::array messages;
  for (auto& piece : pieces) messages.push_back(json::object{{"type", "text"}, {"text", std::move(piece)}});
  if (file) messages.push_back(file_message(*file, file_urls));
  if (message.sender == core::Sender::agent && message.agent_name && allowed_sender_name(*message.agent_name)) {
    for (auto& sent : messages) {
      sent.as_object()["sender"] = json::object{{"name", first_code_points(*message.agent_name, kMaxSenderNameChars)}};
    }
  }
  if (offer_live_agent && message.sender == core::Sender::ai) {
    messages.back().as_object()["quickReply"] = live_agent_quick_reply();
  }
  if (message.event == core::SystemEvent::csat_requested && message.notice.survey_id) {
    messages.back().as_object()["quickReply"] = csat_quick_reply(*message.notice.survey_id, language);
  }
  return messages;
}

}  // namespace baton::channels::line
