// Reads a LINE Official Account's message quota for this month (GET /v2/bot/message/quota) and
// its consumption (GET /v2/bot/message/quota/consumption) for the Settings → LINE screen.
#pragma once

#include "app/line_channel_service.hpp"
#include "channels/line/line_api.hpp"

namespace baton::channels::line {

// Blocking (two calls to LINE); the service runs it on its blocking pool. Never throws: a failed
// call is an `unavailable` error saying what LINE answered.
app::LineQuotaReader line_quota_reader(LineApi api);

}  // namespace baton::channels::line
