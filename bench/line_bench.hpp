// LINE under load: customers write on LINE (signed webhooks to Baton), the AI answers, and the
// answer reaches the fake LINE platform as a Reply; beside it, in the same run, one plain HTTP
// exchange with the same fake (the floor any LINE integration pays per message).
#pragma once

namespace baton::bench {

struct LineFigures {
  int users = 0;
  int expected = 0;
  int answered = 0;
  double answers_per_s = 0;
  double p50_ms = 0;  // webhook POST sent → the AI's answer at LINE
  double p99_ms = 0;
  double baseline_ms = 0;  // median of plain POSTs to the fake
};

LineFigures measure_line_replies(int users, int messages_per_user);

}  // namespace baton::bench
