#include "channels/line/line_quota.hpp"

#include <boost/json/parse.hpp>

namespace baton::channels::line {
namespace json = boost::json;
namespace {

core::Error unavailable(const std::string& what, const net::HttpOutcome& outcome) {
  const auto why = outcome.status == 0 ? "no answer" : "answered " + std::to_string(outcome.status);
  return core::Error{core::ErrorCode::unavailable, "LINE's " + what + ": " + why};
}

// The JSON object of a 200 answer, or nothing.
std::optional<json::object> object_of(const net::HttpOutcome& outcome) {
  if (outcome.status != 200) return std::nullopt;
  boost::system::error_code error;
  auto body = json::parse(outcome.body, error);
  if (error || !body.is_object()) return std::nullopt;
  return std::move(body.get_object());
}

std::optional<std::int64_t> count_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value) return std::nullopt;
  if (value->is_int64() && value->get_int64() >= 0) return value->get_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(std::min<std::uint64_t>(value->get_uint64(), INT64_MAX));
  return std::nullopt;
}

core::Result<core::LineQuota> read_quota(const LineApi& api, const std::string& access_token) {
  core::LineQuota quota;
  const auto limit_answer = api.quota(access_token);
  const auto limit = object_of(limit_answer);
  const auto* type = limit ? limit->if_contains("type") : nullptr;
  if (!type || !type->is_string()) return tl::unexpected(unavailable("message quota", limit_answer));
  quota.limited = type->get_string() == "limited";
  if (quota.limited) {
    auto value = count_at(*limit, "value");
    if (!value) return tl::unexpected(unavailable("message quota", limit_answer));
    quota.limit = *value;
  }
  const auto usage_answer = api.quota_consumption(access_token);
  const auto usage = object_of(usage_answer);
  const auto total = usage ? count_at(*usage, "totalUsage") : std::nullopt;
  if (!total) return tl::unexpected(unavailable("message consumption", usage_answer));
  quota.total_usage = *total;
  return quota;
}

}  // namespace

app::LineQuotaReader line_quota_reader(LineApi api) {
  return [api = std::move(api)](const std::string& access_token) -> core::Result<core::LineQuota> {
    try {
      return read_quota(api, access_token);
    } catch (const std::exception& error) {
      return core::fail(core::ErrorCode::unavailable, std::string("LINE's quota: ") + error.what());
    }
  };
}

}  // namespace baton::channels::line
