// The handoff detector's vocabulary: the classes of words it reads a message by (a word for a
// person, a request form, a transfer verb, a negation, ...) and the English and Chinese words
// of each class. Internal to core/handoff_detector.cpp and its tokenizer.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace baton::core::handoff {

enum class Kind {
  other,
  person,        // human, agent, 真人, 客服人員
  request,       // want, need, can I, 我要, 可以, 給我
  politeness,    // please, 請, 拜託: a request on either side of the person, and allowed in a bare name
  communicate,   // talk, speak, chat, 講, 聯絡
  transfer,      // transfer, connect, escalate, 轉, 轉接, 接
  preposition,   // 跟, 和: a request only with a verb of talking after the person (跟真人講)
  after_person,  // a request that follows the person: available, 在嗎, 來
  question,      // 嗎, 呢, '?': completes 有...嗎
  negator,       // not, don't, no need, 不用, 不要
  past,          // talked, was, yesterday, already, 已經, 上次, 聊過
  later,         // tomorrow, next time, 下次, 改天
  job,           // become, hiring, 徵, 加盟: the person is a job or an affiliate, not a contact
  affiliate,     // travel, sales, courier: a modifier that makes an agent a trade, not support
  bot,           // ai, bot, 機器人: a modifier that makes 客服 a machine
  compound,      // hair, photo, size, discount: a noun after the person word makes it a modifier
  info,          // hours, phone, email, 時間, 電話: the message asks about the service, not for it
  filler,        // a, the, real, now, 謝謝, 一下: words a bare name may carry
  possessive,    // 的: what follows belongs to the person (客服的回覆), it is not asked of them
  subordinator,  // if, whether, who: a request before it does not reach past it
  clause_break,  // . , ! ; 。 、 but, a space between Chinese characters
};

struct Entry {
  std::string_view text;  // normalised; English words separated by one space
  Kind kind;
  // Some entries are two tokens at once ("can someone", 換人): the first `lead` bytes are a
  // token of `lead_kind`, the rest one of `kind`.
  std::size_t lead = 0;
  Kind lead_kind = Kind::other;
};

// Normalised (lower case, traditional characters), longest phrases first where it matters.
const std::vector<Entry>& english_lexicon();
const std::vector<Entry>& chinese_lexicon();

}  // namespace baton::core::handoff
