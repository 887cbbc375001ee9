// A login storm beside the widget: the public widget config endpoint timed with nobody signing
// in, then while 16 clients sign in as fast as they can (argon2id, 64 MiB and ~0.1 s each). The
// hashing runs on its own small pool, so the second figure should match the first.
#pragma once

namespace baton::bench {

struct LoginStormFigures {
  double idle_p50_ms = 0;
  double idle_p99_ms = 0;
  double storm_p50_ms = 0;
  double storm_p99_ms = 0;
  int logins_answered = 0;  // sign-ins the storm completed (200 or 429) while it was measured
};

LoginStormFigures measure_login_storm(int storming_clients, int samples);

}  // namespace baton::bench
