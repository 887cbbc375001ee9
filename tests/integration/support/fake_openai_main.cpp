// The fake OpenAI-compatible endpoint as a program, for the browser tests: it streams the
// given pieces for every request, prints its base URL, runs until stdin closes, then prints the
// rule violations it saw and exits 1 if there were any.
#include <iostream>
#include <string>

#include "support/fake_openai.hpp"

int main(int argc, char** argv) {
  using baton::testing::FakeReply;
  std::vector<std::string> pieces;
  int pause_ms = 300;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--pause-ms" && i + 1 < argc)
      pause_ms = std::stoi(argv[++i]);
    else
      pieces.push_back(arg);
  }
  if (pieces.empty()) pieces = {"OK"};
  baton::testing::FakeOpenAi fake;
  auto reply = FakeReply::text(pieces);
  reply.pause = std::chrono::milliseconds(pause_ms);
  fake.script(std::vector<FakeReply>(50, reply));
  std::cout << "listening on " << fake.base_url() << std::endl;
  std::string ignored;
  while (std::getline(std::cin, ignored)) {
  }
  const auto problems = fake.problems();
  std::cout << "requests " << fake.requests().size() << " problems " << problems.size() << std::endl;
  for (const auto& problem : problems) std::cout << "problem: " << problem << std::endl;
  return problems.empty() ? 0 : 1;
}
