// `--demo`: an admin to sign in with and a shop assistant that knows the shop's FAQ.
#pragma once

#include <string>

#include "store/store.hpp"

namespace baton::main {

struct DemoLogin {
  std::string email;
  std::string password;
  std::string assistant_id;
};

// Idempotent: creates what is missing, leaves what exists.
DemoLogin seed_demo(store::Store& store);

}  // namespace baton::main
