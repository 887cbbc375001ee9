// Business hours from outside: the API's JSON (channels/http/business_hours_json.hpp) and the
// stored text form (core::decode_business_hours). Any bytes give a schedule or an error, never an
// exception; a schedule read either way round-trips through the stored form, and what it says
// at an instant holds together (a business duration never exceeds the wall one).
#include <boost/json/parse.hpp>
#include <string>
#include <string_view>

#include "channels/http/business_hours_json.hpp"
#include "core/business_hours.hpp"
#include "support/fuzz_check.hpp"

namespace {
using namespace std::chrono_literals;
namespace core = baton::core;

void check_schedule(const core::BusinessHours& hours) {
  const auto stored = core::decode_business_hours(core::encode_business_hours(hours));
  FUZZ_CHECK(stored && *stored == hours, "the stored form round-trips");
  const core::TimePoint at{std::chrono::milliseconds(1'800'000'000'000)};
  const auto status = core::hours_status(hours, at);
  FUZZ_CHECK(status.open_now == core::is_open(hours, at), "the status agrees with is_open");
  if (status.next_open_at) FUZZ_CHECK(*status.next_open_at > at, "the next opening is later");
  if (status.next_close_at) FUZZ_CHECK(*status.next_close_at > at, "the next closing is later");
  const auto business = core::business_duration(hours, at, at + 72h);
  FUZZ_CHECK(business.count() >= 0 && business <= std::chrono::milliseconds(72h), "business time within wall time");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto decoded = core::decode_business_hours(text)) check_schedule(*decoded);
  boost::system::error_code error;
  boost::json::parse_options options;
  options.max_depth = 32;
  const auto value = boost::json::parse(text, error, {}, options);
  if (!error) {
    if (auto parsed = baton::channels::http::business_hours_from_json(value)) check_schedule(*parsed);
  }
  return 0;
}
