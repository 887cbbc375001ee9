#include "core/notices.hpp"

#include "core/business_hours.hpp"

namespace baton::core {

std::string notice_text(SystemEvent event, const Assistant& assistant) {
  switch (event) {
    case SystemEvent::handoff_requested:
      return "已為您轉接真人客服，請稍候。\nConnecting you to a live agent, please wait.";
    case SystemEvent::no_agents_online:
      if (!assistant.offline_message.empty()) return assistant.offline_message;
      return "目前沒有客服人員在線，請留下您的訊息，我們會盡快回覆。\n"
             "No agent is available right now. Leave us a message and we will get back to you.";
    case SystemEvent::agent_joined:
      return "客服人員已加入對話。\nAn agent has joined the conversation.";
    case SystemEvent::conversation_done:
      return "客服人員已結束這次對話，AI 助理將繼續為您服務。\n"
             "The agent has completed this conversation; the AI assistant is back to help you.";
    case SystemEvent::reactivated:
      return "客服人員重新開啟了對話。\nAn agent has reopened the conversation.";
    case SystemEvent::live_agent_disabled:
      return "此服務目前不提供真人客服。\nLive agents are not available for this service.";
    case SystemEvent::customer_unfollowed:
      return "顧客已封鎖 LINE 官方帳號，訊息將無法送達。\n"
             "The customer blocked the LINE account; messages will not reach them.";
    case SystemEvent::none:
      break;
  }
  return {};
}

std::string handoff_notice_with_place(int position) {
  const auto place = std::to_string(position);
  return "已為您轉接真人客服，請稍候。您目前排在第 " + place +
         " 位。\nConnecting you to a live agent, please wait. You are number " + place + " in the queue.";
}

std::string notice_for_reader(const std::string& text, const std::string& language) {
  const auto newline = text.find('\n');
  if (newline == std::string::npos || text.find('\n', newline + 1) != std::string::npos) return text;
  return language.rfind("zh", 0) == 0 ? text.substr(0, newline) : text.substr(newline + 1);
}

std::optional<std::string> closed_notice(const Assistant& assistant, TimePoint now) {
  const auto status = hours_status(assistant.business_hours, now);
  if (status.open_now) return std::nullopt;
  std::string zh = "目前為非營業時間，請留下您的訊息。";
  std::string en = "We are closed right now. Leave us a message.";
  if (status.next_open_at) {
    zh += next_opening_text(assistant.business_hours, *status.next_open_at, now, "zh");
    en += " " + next_opening_text(assistant.business_hours, *status.next_open_at, now, "en");
  }
  return zh + "\n" + en;
}

}  // namespace baton::core
