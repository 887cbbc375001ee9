#include "app/wire_format.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/line.hpp"
#include "core/names.hpp"
#include "core/time.hpp"

namespace baton::app {
namespace json = boost::json;

namespace {

json::value optional_string(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

}  // namespace

namespace {

json::array ids_json(const std::vector<core::Id>& ids) {
  json::array out;
  for (const auto& id : ids) out.push_back(json::value(id));
  return out;
}

}  // namespace

json::object to_json(const core::Agent& agent) {
  return {{"id", agent.id},
          {"email", agent.email},
          {"name", agent.name},
          {"role", core::name_of(agent.role)},
          {"presence", core::name_of(agent.presence)},
          {"disabled", agent.disabled},
          {"max_concurrent", agent.max_concurrent ? json::value(*agent.max_concurrent) : nullptr},
          {"assistant_ids", ids_json(agent.assistant_ids)},
          {"created_at", core::format_time(agent.created_at)}};
}

json::object to_json(const AgentView& view) {
  auto out = to_json(view.agent);
  out["live_count"] = view.live_count;
  out["available"] = view.available;
  return out;
}

json::object to_json(const core::BusinessHours& hours) {
  json::array weekly;
  for (const auto& range : hours.weekly) {
    weekly.push_back(json::object{
        {"day", range.day}, {"open", core::format_clock(range.open)}, {"close", core::format_clock(range.close)}});
  }
  json::array closed;
  for (const auto& date : hours.closed_dates) closed.push_back(json::value(core::format_local_date(date)));
  json::array special;
  for (const auto& day : hours.special) {
    special.push_back(json::object{{"date", core::format_local_date(day.date)},
                                   {"open", core::format_clock(day.open)},
                                   {"close", core::format_clock(day.close)}});
  }
  return {{"enabled", hours.enabled},
          {"timezone", hours.timezone},
          {"weekly", std::move(weekly)},
          {"closed_dates", std::move(closed)},
          {"special", std::move(special)}};
}

json::object to_json(const core::HoursStatus& status) {
  const auto time_or_null = [](const std::optional<core::TimePoint>& at) {
    return at ? json::value(core::format_time(*at)) : json::value(nullptr);
  };
  return {{"open_now", status.open_now},
          {"next_open_at", time_or_null(status.next_open_at)},
          {"next_close_at", time_or_null(status.next_close_at)}};
}

json::object to_json(const core::CsatSurvey& s) {
  return {{"survey_id", s.id},
          {"conversation_id", s.conversation_id},
          {"agent_id", s.agent_id ? json::value(*s.agent_id) : nullptr},
          {"score", s.score ? json::value(*s.score) : nullptr},
          {"comment", s.comment ? json::value(*s.comment) : nullptr},
          {"channel", core::name_of(s.channel)},
          {"requested_at", core::format_time(s.requested_at)},
          {"submitted_at", s.submitted_at ? json::value(core::format_time(*s.submitted_at)) : nullptr}};
}

json::object to_json(const core::Assistant& a) {
  return {{"id", a.id},
          {"name", a.name},
          {"greeting", a.greeting},
          {"live_agent_enabled", a.live_agent_enabled},
          {"offline_message", a.offline_message},
          {"llm_base_url", a.llm.base_url},
          {"llm_model", a.llm.model},
          {"llm_api_key_env", a.llm.api_key_env},
          {"routing_mode", core::name_of(a.routing.mode)},
          {"default_capacity", a.routing.default_capacity ? json::value(*a.routing.default_capacity) : nullptr},
          {"requeue_after_s", a.routing.requeue_after_s},
          {"route_after_hours", a.routing.route_after_hours},
          {"business_hours", to_json(a.business_hours)},
          {"csat_enabled", a.csat.enabled},
          {"csat_question", a.csat.question},
          {"email_followup", a.email_followup},
          {"email_followup_delay_s", a.email_followup_delay_s},
          {"created_at", core::format_time(a.created_at)},
          {"updated_at", core::format_time(a.updated_at)}};
}

json::object to_json(const core::KnowledgeEntry& e) {
  return {{"id", e.id},
          {"assistant_id", e.assistant_id},
          {"question", e.question},
          {"answer", e.answer},
          {"created_at", core::format_time(e.created_at)},
          {"updated_at", core::format_time(e.updated_at)}};
}

json::object to_json(const core::ConversationEvent& e) {
  json::object actor{{"type", core::name_of(e.actor)}};
  if (e.actor_id) actor["id"] = *e.actor_id;
  json::object out{{"id", e.id},
                   {"conversation_id", e.conversation_id},
                   {"episode_id", e.episode_id.empty() ? json::value(nullptr) : json::value(e.episode_id)},
                   {"seq", e.seq},
                   {"type", core::name_of(e.type)},
                   {"at", core::format_time(e.at)},
                   {"actor", std::move(actor)}};
  // Written by EventLog as an object; anything else (never expected) shows as empty.
  json::error_code error;
  auto data = json::parse(e.data, error);
  out["data"] = !error && data.is_object() ? std::move(data) : json::value(json::object{});
  out["seconds"] = e.duration_ms ? json::value(static_cast<double>(*e.duration_ms) / 1000) : json::value(nullptr);
  out["business_seconds"] =
      e.business_duration_ms ? json::value(static_cast<double>(*e.business_duration_ms) / 1000) : json::value(nullptr);
  return out;
}

json::object to_json(const core::NoticeDetails& details) {
  json::object out;
  if (details.queue_position) out["queue_position"] = *details.queue_position;
  if (details.closed) {
    out["closed"] = true;
    out["next_open_at"] = details.next_open_at ? json::value(core::format_time(*details.next_open_at)) : nullptr;
    out["time_zone"] = details.time_zone;
  }
  if (details.custom_text) out["custom_text"] = true;
  return out;
}

json::object to_json(const core::Message& m) {
  json::object out{{"id", m.id},     {"conversation_id", m.conversation_id},
                   {"seq", m.seq},   {"sender", core::name_of(m.sender)},
                   {"text", m.text}, {"created_at", core::format_time(m.created_at)}};
  if (m.agent_id) out["agent_id"] = *m.agent_id;
  if (m.agent_name) out["agent_name"] = *m.agent_name;
  if (m.event != core::SystemEvent::none) out["event"] = core::name_of(m.event);
  if (m.sender == core::Sender::system && m.notice != core::NoticeDetails{}) out["notice"] = to_json(m.notice);
  if (m.notice.survey_id) {
    out["csat"] = json::object{{"survey_id", *m.notice.survey_id},
                               {"score", m.notice.csat_score ? json::value(*m.notice.csat_score) : nullptr},
                               {"comment", m.notice.csat_comment ? json::value(*m.notice.csat_comment) : nullptr}};
  }
  if (m.client_id) out["client_id"] = *m.client_id;
  if (m.knowledge_id) out["knowledge_id"] = *m.knowledge_id;
  if (m.sender == core::Sender::ai) out["fallback"] = m.ai_fallback;
  if (m.attachment) {
    const auto& a = *m.attachment;
    json::object attachment{{"id", a.id},
                            {"kind", core::name_of(a.kind)},
                            {"file_name", a.file_name},
                            {"content_type", a.content_type},
                            {"size", a.size},
                            {"status", core::name_of(a.status)}};
    if (a.width > 0 && a.height > 0) {
      attachment["width"] = a.width;
      attachment["height"] = a.height;
    }
    if (a.status == core::AttachmentStatus::ready) {
      const auto url = "/api/v1/conversations/" + m.conversation_id + "/attachments/" + a.id;
      attachment["url"] = url;
      if (!a.preview_type.empty()) attachment["preview_url"] = url + "?variant=preview";
    }
    out["attachment"] = std::move(attachment);
  }
  if (m.delivery) {
    json::object delivery{{"status", core::name_of(m.delivery->state)},
                          {"channel", m.delivery->channel == core::DeliveryChannel::email ? "email" : "line"}};
    if (!m.delivery->error.empty()) delivery["error"] = m.delivery->error;
    // A reason the console explains in the agent's language, with what to do about it.
    if (m.delivery->error == core::kMonthlyLimitError) delivery["reason"] = "monthly_limit";
    out["delivery"] = std::move(delivery);
  }
  return out;
}

json::object to_json(const core::Conversation& c) {
  json::object contact{{"id", c.contact.id}, {"name", c.contact.name}};
  if (c.contact.contact) contact["contact"] = *c.contact.contact;
  if (c.contact.picture_url) contact["picture_url"] = *c.contact.picture_url;
  json::object out{
      {"id", c.id},
      {"assistant_id", c.assistant_id},
      {"channel", core::name_of(c.channel)},
      {"status", core::name_of(c.status)},
      {"contact", std::move(contact)},
      {"assigned_agent_id", optional_string(c.assigned_agent_id)},
      {"handoff_requested_at",
       c.handoff_requested_at ? json::value(core::format_time(*c.handoff_requested_at)) : json::value(nullptr)},
      {"handoff_reason", c.handoff_reason == core::HandoffReason::none ? json::value(nullptr)
                                                                       : json::value(core::name_of(c.handoff_reason))},
      {"offline_request", c.offline_request},
      {"last_seq", c.last_seq},
      {"version", c.version},
      {"created_at", core::format_time(c.created_at)},
      {"updated_at", core::format_time(c.updated_at)},
      {"last_message", c.last_message ? json::value(to_json(*c.last_message)) : json::value(nullptr)}};
  json::array labels;
  for (const auto& label : c.labels) labels.emplace_back(label);
  out["labels"] = std::move(labels);
  return out;
}

json::object to_customer_json(const core::Message& message) {
  auto out = to_json(message);
  out.erase("delivery");
  // The widget reads files with its visitor token, at its own endpoint.
  if (message.attachment) {
    auto& attachment = out["attachment"].as_object();
    if (attachment.contains("url")) {
      const auto url = "/api/v1/widget/attachments/" + message.attachment->id;
      attachment["url"] = url;
      if (attachment.contains("preview_url")) attachment["preview_url"] = url + "?variant=preview";
    }
  }
  return out;
}

json::object to_customer_json(const core::Conversation& c) {
  auto out = to_json(c);
  out.erase("labels");  // the team's sorting is not the customer's business
  return out;
}

json::object to_json(const core::Note& n) {
  json::array mentions;
  for (const auto& id : n.mentions) mentions.emplace_back(id);
  return {{"id", n.id},
          {"conversation_id", n.conversation_id},
          {"agent_id", n.agent_id},
          {"agent_name", n.agent_name},
          {"text", n.text},
          {"mentions", std::move(mentions)},
          {"created_at", core::format_time(n.created_at)}};
}

json::object to_json(const core::Mention& m) {
  return {{"id", m.id},
          {"agent_id", m.agent_id},
          {"conversation_id", m.note.conversation_id},
          {"note", to_json(m.note)},
          {"read_at", m.read_at ? json::value(core::format_time(*m.read_at)) : json::value(nullptr)},
          {"created_at", core::format_time(m.created_at)}};
}

json::object to_json(const core::CannedReply& r) {
  return {{"id", r.id},
          {"shortcut", r.shortcut},
          {"text", r.text},
          {"assistant_id", optional_string(r.assistant_id)},
          {"created_by", optional_string(r.created_by)},
          {"updated_by", optional_string(r.updated_by)},
          {"created_at", core::format_time(r.created_at)},
          {"updated_at", core::format_time(r.updated_at)}};
}

json::object to_json(const core::Label& l) {
  return {{"name", l.name}, {"color", l.color}, {"created_at", core::format_time(l.created_at)}};
}

json::object to_json(const core::Webhook& w) {
  json::array events;
  for (const auto& name : w.events) events.emplace_back(name);
  return {{"id", w.id},
          {"url", w.url},
          {"events", std::move(events)},
          {"assistant_id", optional_string(w.assistant_id)},
          {"description", w.description},
          {"enabled", w.enabled},
          {"disabled_reason", w.disabled_reason == core::WebhookDisabledReason::none
                                  ? json::value(nullptr)
                                  : json::value(core::name_of(w.disabled_reason))},
          {"failing_since", w.failing_since ? json::value(core::format_time(*w.failing_since)) : json::value(nullptr)},
          {"timeout_seconds", w.timeout_seconds},
          {"created_at", core::format_time(w.created_at)},
          {"updated_at", core::format_time(w.updated_at)}};
}

json::object to_json(const core::WebhookDelivery& d) {
  return {{"id", d.id},
          {"webhook_id", d.webhook_id},
          {"event_id", d.event_id},
          {"event_type", d.event_type},
          {"attempts", d.attempts},
          {"status", core::name_of(d.status)},
          {"last_status_code", d.last_status_code ? json::value(*d.last_status_code) : json::value(nullptr)},
          {"last_error", d.last_error.empty() ? json::value(nullptr) : json::value(d.last_error)},
          {"next_attempt_at", d.status == core::WebhookDeliveryStatus::pending
                                  ? json::value(core::format_time(d.next_attempt_at))
                                  : json::value(nullptr)},
          {"created_at", core::format_time(d.created_at)},
          {"updated_at", core::format_time(d.updated_at)}};
}

std::shared_ptr<const std::string> event_frame(std::string_view type, std::string_view key, json::object body) {
  json::object whole{{"type", type}};
  whole[key] = std::move(body);
  return event_frame(std::move(whole));
}

std::shared_ptr<const std::string> event_frame(json::object whole) {
  return std::make_shared<const std::string>(json::serialize(whole));
}

std::shared_ptr<const std::string> queue_position_frame(const core::Id& conversation_id, int position) {
  return event_frame(json::object{{"type", "queue.updated"},
                                  {"conversation_id", conversation_id},
                                  {"queue_position", position},
                                  {"estimated_wait_seconds", nullptr}});
}

}  // namespace baton::app
