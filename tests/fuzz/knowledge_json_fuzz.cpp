// Knowledge imported as JSON (knowledge_from_json): an array of {question, answer}, bare or as
// {"knowledge": [...]}; anything else fails cleanly, and what is taken is what the body holds.
#include <boost/json/parse.hpp>
#include <exception>
#include <string>

#include "channels/http/knowledge_files.hpp"
#include "support/fuzz_check.hpp"

namespace {
namespace json = boost::json;
using baton::core::ErrorCode;

void check(std::string_view raw) {
  const auto entries = baton::channels::http::knowledge_from_json(raw);
  boost::system::error_code error;
  const auto parsed = json::parse(raw, error);
  if (error) {
    FUZZ_CHECK(!entries && entries.error().code == ErrorCode::invalid_json, "what is not JSON is invalid_json");
    return;
  }
  const json::array* list = parsed.if_array();
  if (const auto* object = parsed.if_object(); object && object->contains("knowledge")) {
    list = object->at("knowledge").if_array();
  }
  if (!entries) {
    FUZZ_CHECK(entries.error().code == ErrorCode::invalid_field, "JSON of the wrong shape is invalid_field");
    return;
  }
  FUZZ_CHECK(list && list->size() == entries->size(), "one entry per element");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& item = (*list)[i].as_object();
    FUZZ_CHECK((*entries)[i].question == std::string_view(item.at("question").as_string()), "the question as sent");
    FUZZ_CHECK((*entries)[i].answer == std::string_view(item.at("answer").as_string()), "the answer as sent");
    FUZZ_CHECK(baton::fuzz::valid_utf8((*entries)[i].question) && baton::fuzz::valid_utf8((*entries)[i].answer),
               "text read from JSON is valid UTF-8");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return baton::fuzz::check_never_throws(baton::fuzz::as_text(data, size), check,
                                         "reading a knowledge file never throws");
}
