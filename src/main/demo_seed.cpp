#include "main/demo_seed.hpp"

#include <boost/json/parse.hpp>

#include "app/assistant_service.hpp"
#include "app/auth_service.hpp"
#include "core/time.hpp"
#include "store/commit_and_wait.hpp"

namespace baton::embedded {
std::string_view demo_knowledge();
}

namespace baton::main {
namespace {

constexpr std::string_view kDemoEmail = "admin@demo.baton";
constexpr std::string_view kDemoPassword = "baton-demo";
constexpr std::string_view kDemoAssistantId = "asst_demo";

// A few labels and canned replies, so that the console's tools have something to show.
void seed_team_tools(store::WriteTxn& txn, const core::Id& assistant_id, core::TimePoint now) {
  for (const auto& [name, color] : {std::pair{"refund", "#d9480f"}, {"vip", "#7048e8"}, {"急件", "#c92a2a"}}) {
    txn.insert_label(core::Label{name, color, now});
  }
  const std::pair<const char*, const char*> replies[] = {
      {"退貨",
       "{{contact.name|您好}}，商品到貨七天內可申請退貨，請保留完整包裝。我是 {{agent.name}}，有問題隨時告訴我。"},
      {"refund", "Hi {{contact.name|there}}, refunds reach your card within 5-7 business days. - {{agent.name}}"},
      {"thanks", "謝謝您的耐心等候！Thank you for waiting!"},
  };
  int n = 0;
  for (const auto& [shortcut, text] : replies) {
    txn.insert_canned_reply(core::CannedReply{"cr_demo_" + std::to_string(++n), assistant_id, shortcut, text,
                                              std::nullopt, std::nullopt, now, now});
  }
}

}  // namespace

DemoLogin seed_demo(store::Store& store) {
  const auto now = core::now_ms();
  bool admin_exists = false;
  bool assistant_exists = false;
  {
    auto txn = store.begin_read();
    admin_exists = txn->agent_by_email(kDemoEmail).has_value();
    assistant_exists = txn->assistant(std::string(kDemoAssistantId)).has_value();
  }
  const DemoLogin login{std::string(kDemoEmail), std::string(kDemoPassword), std::string(kDemoAssistantId)};
  if (admin_exists && assistant_exists) return login;  // a restart: nothing to hash or parse

  auto prepared = app::AuthService::prepare_agent(
      app::NewAgent{std::string(kDemoEmail), "Demo Admin", std::string(kDemoPassword), core::Role::admin}, now);
  const auto knowledge = boost::json::parse(embedded::demo_knowledge());
  const bool stored = store::commit_and_wait(store, [&](store::WriteTxn& txn) {
    if (!txn.agent_by_email(kDemoEmail)) (void)app::AuthService::insert_agent(txn, prepared->first, prepared->second);
    if (txn.assistant(std::string(kDemoAssistantId))) return true;
    core::Assistant assistant{
        std::string(kDemoAssistantId),
        "海風選物 SeaBreeze Goods",
        "您好！我是海風選物的 AI 助理，有什麼可以幫您？\nHi! I am SeaBreeze Goods' assistant. How can I help?",
        true,
        "",
        now,
        now};
    txn.insert_assistant(assistant);
    for (const auto& item : knowledge.as_array()) {
      auto entry =
          app::AssistantService::insert_knowledge(txn, assistant.id, std::string(item.at("question").as_string()),
                                                  std::string(item.at("answer").as_string()), now);
      if (!entry) throw std::runtime_error("demo knowledge is invalid: " + entry.error().message);
    }
    seed_team_tools(txn, assistant.id, now);
    return true;
  });
  if (!stored) throw std::runtime_error("could not store the demo data");
  return login;
}

}  // namespace baton::main
