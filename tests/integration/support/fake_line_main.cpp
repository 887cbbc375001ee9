// The fake LINE platform as a program, for the browser suite: `baton-fake-line SECRET TOKEN`
// prints its base URL, then obeys one command per line on stdin, answering each with one line:
//   profile USER_ID NAME PICTURE_URL     the profile LINE gives for a user
//   content MESSAGE_ID TYPE BASE64       a file a user sent
//   fail PATH_PREFIX COUNT STATUS        the next COUNT calls there get STATUS
//   sign BODY                            the X-Line-Signature of BODY (one line of JSON)
//   event text|image|follow|postback USER_ID [TEXT|MESSAGE_ID|DATA]   a webhook body (JSON)
//   quota TYPE VALUE USAGE               this month's quota figures (type none|limited)
//   monthly_limit on|off                 pushes get LINE's 429 "You have reached your monthly limit."
//   calls                                every call so far, as a JSON array
// When stdin closes it prints the rule violations it saw and exits 1 if there were any.
#include <openssl/evp.h>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <string>

#include "support/fake_line.hpp"

namespace {

std::string from_base64(const std::string& text) {
  std::string bytes(text.size(), '\0');
  const int length =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                      reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  // EVP_DecodeBlock counts the zero bytes that stand for the padding ('=') too.
  const auto padding = text.size() - std::min(text.size(), text.find_last_not_of('=') + 1);
  bytes.resize(length < 0 ? 0 : static_cast<std::size_t>(length) - std::min<std::size_t>(padding, length));
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  namespace json = boost::json;
  if (argc != 3) {
    std::cerr << "usage: baton-fake-line CHANNEL_SECRET ACCESS_TOKEN\n";
    return 2;
  }
  baton::testing::FakeLine line(argv[1], argv[2]);
  std::cout << "listening on " << line.api_base() << std::endl;
  std::string input;
  while (std::getline(std::cin, input)) {
    std::istringstream words(input);
    std::string command;
    words >> command;
    if (command == "profile") {
      std::string user, name, picture;
      words >> user >> name >> picture;
      line.set_profile(user, name, picture);
      std::cout << "ok" << std::endl;
    } else if (command == "content") {
      std::string id, type, data;
      words >> id >> type >> data;
      line.set_content(id, type, from_base64(data));
      std::cout << "ok" << std::endl;
    } else if (command == "fail") {
      std::string prefix;
      int count = 0;
      int status = 0;
      words >> prefix >> count >> status;
      line.fail_next(prefix, count, status);
      std::cout << "ok" << std::endl;
    } else if (command == "quota") {
      std::string type;
      std::int64_t value = 0;
      std::int64_t usage = 0;
      words >> type >> value >> usage;
      line.set_quota(type, value, usage);
      std::cout << "ok" << std::endl;
    } else if (command == "monthly_limit") {
      std::string state;
      words >> state;
      line.set_monthly_limit_reached(state == "on");
      std::cout << "ok" << std::endl;
    } else if (command == "sign") {
      std::cout << line.sign(input.substr(5)) << std::endl;
    } else if (command == "event") {
      std::string kind, user, rest;
      words >> kind >> user;
      std::getline(words >> std::ws, rest);
      json::object event;
      if (kind == "text")
        event = line.text_event(user, rest);
      else if (kind == "image")
        event = line.image_event(user, rest);
      else if (kind == "follow")
        event = line.follow_event(user);
      else
        event = line.postback_event(user, rest);
      std::cout << line.webhook_body({event}) << std::endl;
    } else if (command == "calls") {
      json::array calls;
      for (const auto& call : line.calls()) {
        calls.push_back(json::object{{"method", call.method},
                                     {"path", call.path},
                                     {"status", call.status},
                                     {"retry_key", call.retry_key},
                                     {"body", call.body}});
      }
      std::cout << json::serialize(calls) << std::endl;
    } else {
      std::cout << "unknown command" << std::endl;
    }
  }
  const auto problems = line.problems();
  std::cout << "calls " << line.calls().size() << " problems " << problems.size() << std::endl;
  for (const auto& problem : problems) std::cout << "problem: " << problem << std::endl;
  return problems.empty() ? 0 : 1;
}
