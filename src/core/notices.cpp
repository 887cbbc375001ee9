#include "core/notices.hpp"

#include "core/business_hours.hpp"

namespace baton::core {
namespace {

enum class Language { chinese, english };

// The closed notice, naming the next opening as the schedule's zone tells it at the time the
// notice was written (a weekday within the coming week, else the date).
std::string closed_text(const NoticeDetails& details, TimePoint written_at, Language language) {
  const bool chinese = language == Language::chinese;
  std::string text = chinese ? "目前為非營業時間，請留下您的訊息。" : "We are closed right now. Leave us a message.";
  if (!details.next_open_at) return text;
  BusinessHours zone;
  zone.timezone = details.time_zone;
  const auto when = next_opening_text(zone, *details.next_open_at, written_at, chinese ? "zh" : "en");
  return chinese ? text + when : text + " " + when;
}

std::string notice_in(const Message& notice, Language language) {
  const bool chinese = language == Language::chinese;
  const auto& details = notice.notice;
  switch (notice.event) {
    case SystemEvent::handoff_requested: {
      std::string text = chinese ? "已為您轉接真人客服，請稍候。" : "Connecting you to a live agent, please wait.";
      if (!details.queue_position) return text;
      const auto place = std::to_string(*details.queue_position);
      return chinese ? text + "您目前排在第 " + place + " 位。" : text + " You are number " + place + " in the queue.";
    }
    case SystemEvent::no_agents_online:
      if (details.closed) return closed_text(details, notice.created_at, language);
      return chinese ? "目前沒有客服人員在線，請留下您的訊息，我們會盡快回覆。"
                     : "No agent is available right now. Leave us a message and we will get back to you.";
    case SystemEvent::agent_joined:
      // A transfer shows the new agent's name, as the widget does.
      if (notice.agent_name && !notice.agent_name->empty()) {
        return chinese ? "客服人員 " + *notice.agent_name + " 已加入對話。"
                       : *notice.agent_name + " has joined the conversation.";
      }
      return chinese ? "客服人員已加入對話。" : "An agent has joined the conversation.";
    case SystemEvent::conversation_done:
      return chinese ? "客服人員已結束這次對話，AI 助理將繼續為您服務。"
                     : "The agent has completed this conversation; the AI assistant is back to help you.";
    case SystemEvent::reactivated:
      return chinese ? "客服人員重新開啟了對話。" : "An agent has reopened the conversation.";
    case SystemEvent::live_agent_disabled:
      return chinese ? "此服務目前不提供真人客服。" : "Live agents are not available for this service.";
    case SystemEvent::customer_unfollowed:
      return chinese ? "顧客已封鎖 LINE 官方帳號，訊息將無法送達。"
                     : "The customer blocked the LINE account; messages will not reach them.";
    case SystemEvent::csat_requested:
      return chinese ? "請問您對這次客服的滿意度如何？請從 1 到 5 分中選擇。"
                     : "How satisfied are you with the help you got? Please rate it from 1 to 5.";
    case SystemEvent::none:
      break;
  }
  return notice.text;
}

}  // namespace

NoticeDetails notice_details(SystemEvent event, const Assistant& assistant, TimePoint now) {
  NoticeDetails details;
  if (event == SystemEvent::csat_requested) details.custom_text = !assistant.csat.question.empty();
  if (event != SystemEvent::no_agents_online) return details;
  const auto status = hours_status(assistant.business_hours, now);
  if (!status.open_now) {
    details.closed = true;
    details.next_open_at = status.next_open_at;
    details.time_zone = assistant.business_hours.timezone;
  } else if (!assistant.offline_message.empty()) {
    details.custom_text = true;
  }
  return details;
}

std::string stored_notice_text(const Message& notice, const Assistant& assistant) {
  if (notice.notice.custom_text) {
    return notice.event == SystemEvent::csat_requested ? assistant.csat.question : assistant.offline_message;
  }
  return notice_in(notice, Language::english);
}

std::string notice_for_reader(const Message& notice, const std::optional<std::string>& language) {
  if (notice.event == SystemEvent::none || notice.notice.custom_text) return notice.text;
  if (!language) return notice_in(notice, Language::chinese) + "\n" + notice_in(notice, Language::english);
  return notice_in(notice, language->starts_with("zh") ? Language::chinese : Language::english);
}

}  // namespace baton::core
