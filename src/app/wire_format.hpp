// The public JSON shapes of API.md, rendered in one place for REST answers and socket events.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/business_hours.hpp"
#include "core/types.hpp"
#include "core/webhooks.hpp"

namespace baton::app {

// An agent as the team list shows them: with their live load and whether they are on duty.
struct AgentView {
  core::Agent agent;
  int live_count = 0;
  bool available = false;
};

boost::json::object to_json(const core::Agent& agent);
boost::json::object to_json(const AgentView& view);
boost::json::object to_json(const core::BusinessHours& hours);
boost::json::object to_json(const core::HoursStatus& status);
boost::json::object to_json(const core::Assistant& assistant);
boost::json::object to_json(const core::KnowledgeEntry& entry);
boost::json::object to_json(const core::NoticeDetails& details);
boost::json::object to_json(const core::Message& message);
boost::json::object to_json(const core::Conversation& conversation);
// What the customer's widget may see of their conversation: no labels.
boost::json::object to_customer_json(const core::Conversation& conversation);
// And of a message: not how its delivery went (an e-mail's SMTP error is for agents).
boost::json::object to_customer_json(const core::Message& message);
boost::json::object to_json(const core::Note& note);
boost::json::object to_json(const core::Mention& mention);
boost::json::object to_json(const core::CannedReply& reply);
boost::json::object to_json(const core::Label& label);
boost::json::object to_json(const core::ConversationEvent& event);
// csat.submitted (and webhooks): {survey_id, conversation_id, agent_id, score, comment, ...}.
boost::json::object to_json(const core::CsatSurvey& survey);
// An endpoint without its secret (shown once, in the answer that created it).
boost::json::object to_json(const core::Webhook& webhook);
// A delivery without its payload.
boost::json::object to_json(const core::WebhookDelivery& delivery);

// {key: [to_json(item), ...]}, the shape of every list answer.
template <class Item>
boost::json::object to_json_list(std::string_view key, const std::vector<Item>& items) {
  boost::json::array out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(to_json(item));
  return {{key, std::move(out)}};
}

// {"type": type, key: body} as a shareable text frame.
std::shared_ptr<const std::string> event_frame(std::string_view type, std::string_view key, boost::json::object body);
std::shared_ptr<const std::string> event_frame(boost::json::object whole);
// queue.updated for a waiting customer (the estimate stays null until it can be honest).
std::shared_ptr<const std::string> queue_position_frame(const core::Id& conversation_id, int position);

}  // namespace baton::app
