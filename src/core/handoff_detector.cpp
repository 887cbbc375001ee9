#include "core/handoff_detector.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/text.hpp"

namespace baton::core {
namespace {

// ---------------------------------------------------------------------------------------------
// Normalisation tables

// Simplified -> traditional for the characters the rules below use (OpenCC is not a core
// dependency; the AI layer normalises fully for retrieval). Two-character entries where the
// simplified character alone is also a traditional one (周, 里, 系, 复, 后, 范).
constexpr std::array<std::pair<std::string_view, std::string_view>, 89> kSimplified{{
    {"联系", "聯繫"}, {"周末", "週末"}, {"哪里", "哪裡"}, {"回复", "回覆"},  // before their characters
    {"周六", "週六"}, {"周日", "週日"}, {"上周", "上週"}, {"以后", "以後"}, {"示范", "示範"}, {"转", "轉"},
    {"个", "個"},     {"让", "讓"},     {"说", "說"},     {"话", "話"},     {"务", "務"},     {"员", "員"},
    {"联", "聯"},     {"专", "專"},     {"们", "們"},     {"谈", "談"},     {"请", "請"},     {"帮", "幫"},
    {"给", "給"},     {"讲", "講"},     {"换", "換"},     {"问", "問"},     {"烦", "煩"},     {"络", "絡"},
    {"来", "來"},     {"吗", "嗎"},     {"没", "沒"},     {"经", "經"},     {"过", "過"},     {"刚", "剛"},
    {"别", "別"},     {"无", "無"},     {"须", "須"},     {"么", "麼"},     {"沟", "溝"},     {"对", "對"},
    {"电", "電"},     {"时", "時"},     {"间", "間"},     {"线", "線"},     {"机", "機"},     {"处", "處"},
    {"试", "試"},     {"实", "實"},     {"费", "費"},     {"价", "價"},     {"职", "職"},     {"应", "應"},
    {"营", "營"},     {"点", "點"},     {"几", "幾"},     {"现", "現"},     {"协", "協"},     {"负", "負"},
    {"责", "責"},     {"征", "徵"},     {"这", "這"},     {"当", "當"},     {"账", "帳"},     {"运", "運"},
    {"头", "頭"},     {"卖", "賣"},     {"动", "動"},     {"钱", "錢"},     {"开", "開"},     {"组", "組"},
    {"装", "裝"},     {"维", "維"},     {"优", "優"},     {"虚", "虛"},     {"拟", "擬"},     {"还", "還"},
    {"与", "與"},     {"诉", "訴"},     {"为", "為"},     {"荐", "薦"},     {"业", "業"},     {"谢", "謝"},
    {"啰", "囉"},     {"马", "馬"},     {"赶", "趕"},     {"办", "辦"},     {"听", "聽"},     {"礼", "禮"},
    {"紧", "緊"},
}};

// Common input-method slips of the words that matter (same sound, other character).
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kTypos{{
    {"克服", "客服"},
    {"人公", "人工"},
    {"人功", "人工"},
    {"轉節", "轉接"},
}};

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// ---------------------------------------------------------------------------------------------
// Word classes

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

// clang-format off
// English vocabulary. Real words one typo away from a vocabulary word (stuff, contract) are
// listed as `other` so an exact match wins over a typo match.
const std::vector<Entry>& english_lexicon() {
  static const std::vector<Entry> entries{
      // Persons.
      {"human", Kind::person}, {"humans", Kind::person}, {"human being", Kind::person}, {"person", Kind::person},
      {"persons", Kind::person}, {"people", Kind::person}, {"agent", Kind::person}, {"agents", Kind::person},
      {"staff", Kind::person}, {"staff member", Kind::person}, {"staffer", Kind::person},
      {"representative", Kind::person}, {"representatives", Kind::person}, {"rep", Kind::person},
      {"reps", Kind::person}, {"operator", Kind::person}, {"operators", Kind::person}, {"someone", Kind::person},
      {"somebody", Kind::person}, {"anyone", Kind::person}, {"anybody", Kind::person}, {"employee", Kind::person},
      {"employees", Kind::person}, {"advisor", Kind::person}, {"adviser", Kind::person},
      {"specialist", Kind::person}, {"supervisor", Kind::person}, {"manager", Kind::person},
      {"consultant", Kind::person}, {"colleague", Kind::person}, {"associate", Kind::person}, {"real person", Kind::person}, {"real human", Kind::person},
      {"actual person", Kind::person}, {"actual human", Kind::person}, {"live agent", Kind::person},
      {"live person", Kind::person}, {"live support", Kind::person}, {"live chat", Kind::person},
      {"live help", Kind::person}, {"customer service", Kind::person}, {"customer support", Kind::person},
      {"customer care", Kind::person}, {"support team", Kind::person}, {"support staff", Kind::person},
      {"service team", Kind::person},
      // A request with its person: "can someone call me", "could anyone help".
      {"can someone", Kind::person, 3, Kind::request}, {"could someone", Kind::person, 5, Kind::request},
      {"can somebody", Kind::person, 3, Kind::request}, {"could somebody", Kind::person, 5, Kind::request},
      {"can anyone", Kind::person, 3, Kind::request}, {"could anyone", Kind::person, 5, Kind::request},
      // Requests.
      {"want", Kind::request}, {"wanna", Kind::request}, {"need", Kind::request}, {"needs", Kind::request},
      {"require", Kind::request}, {"request", Kind::request}, {"requesting", Kind::request},
      {"would like", Kind::request}, {"demand", Kind::request}, {"insist on", Kind::request}, {"id like", Kind::request}, {"would love", Kind::request},
      {"prefer", Kind::request}, {"rather", Kind::request}, {"looking for", Kind::request},
      {"ask for", Kind::request}, {"asking for", Kind::request}, {"let me", Kind::request},
      {"let", Kind::request}, {"get me", Kind::request}, {"give me", Kind::request}, {"find me", Kind::request},
      {"get", Kind::request}, {"send me", Kind::request}, {"bring me", Kind::request},
      // A question whether someone else needs a person asks for nothing ("do you need a person to sign").
      {"do you need", Kind::other}, {"do you want", Kind::other}, {"do i need", Kind::other},
      {"do we need", Kind::other}, {"does it need", Kind::other},
      {"can i", Kind::request}, {"could i", Kind::request}, {"may i", Kind::request},
      {"can we", Kind::request}, {"could we", Kind::request}, {"may we", Kind::request},
      {"can you", Kind::request}, {"could you", Kind::request}, {"would you", Kind::request},
      {"will you", Kind::request}, {"can u", Kind::request}, {"is there", Kind::request},
      {"are there", Kind::request}, {"how do i", Kind::request}, {"how can i", Kind::request},
      {"where can i", Kind::request}, {"where do i", Kind::request}, {"find", Kind::request}, {"do you have", Kind::request},
      {"have you got", Kind::request}, {"how to", Kind::request}, {"wish to", Kind::request},
      {"have to", Kind::request}, {"must", Kind::request},
      {"please", Kind::politeness}, {"pls", Kind::politeness}, {"plz", Kind::politeness},
      {"plse", Kind::politeness},
      // Talking and transferring (base forms; past forms are below).
      {"talk", Kind::communicate}, {"speak", Kind::communicate}, {"chat", Kind::communicate},
      {"reach", Kind::communicate}, {"contact", Kind::communicate}, {"message", Kind::communicate},
      {"call", Kind::communicate}, {"ask", Kind::communicate}, {"get in touch", Kind::communicate},
      {"get hold of", Kind::communicate}, {"consult", Kind::communicate}, {"discuss", Kind::communicate},
      {"transfer", Kind::transfer}, {"connect", Kind::transfer}, {"reconnect", Kind::transfer},
      {"escalate", Kind::transfer}, {"forward", Kind::transfer}, {"redirect", Kind::transfer},
      {"route", Kind::transfer}, {"pass", Kind::transfer}, {"put me through", Kind::transfer},
      {"put through", Kind::transfer}, {"hand over", Kind::transfer}, {"hand me over", Kind::transfer},
      {"hand off", Kind::transfer}, {"switch", Kind::transfer}, {"patch", Kind::transfer},
      {"refer", Kind::transfer}, {"connecting", Kind::transfer}, {"transferring", Kind::transfer},
      {"escalating", Kind::transfer}, {"talking", Kind::communicate}, {"speaking", Kind::communicate},
      {"chatting", Kind::communicate},
      // A passive after get/be asks for the transfer ("can I get transferred to a human").
      {"get transferred", Kind::transfer}, {"be transferred", Kind::transfer},
      {"get connected", Kind::transfer}, {"be connected", Kind::transfer},
      {"get escalated", Kind::transfer}, {"be escalated", Kind::transfer},
      {"available", Kind::after_person}, {"needed", Kind::after_person}, {"required", Kind::after_person},
      {"asap", Kind::after_person},
      // Negation.
      {"dont", Kind::negator}, {"do not", Kind::negator}, {"doesnt", Kind::negator},
      {"does not", Kind::negator}, {"didnt", Kind::negator}, {"did not", Kind::negator}, {"not", Kind::negator},
      {"no", Kind::negator}, {"never", Kind::negator}, {"without", Kind::negator}, {"no need", Kind::negator},
      {"no longer", Kind::negator}, {"wont", Kind::negator}, {"nor", Kind::negator},
      // Past and later.
      {"transferred", Kind::past}, {"connected", Kind::past}, {"escalated", Kind::past},
      {"forwarded", Kind::past}, {"talked", Kind::past}, {"spoke", Kind::past}, {"spoken", Kind::past},
      {"chatted", Kind::past}, {"reached", Kind::past}, {"contacted", Kind::past}, {"messaged", Kind::past},
      {"called", Kind::past}, {"asked", Kind::past}, {"told", Kind::past}, {"said", Kind::past},
      {"helped", Kind::past}, {"gave", Kind::past}, {"sent", Kind::past}, {"was", Kind::past},
      {"were", Kind::past}, {"had", Kind::past}, {"did", Kind::past}, {"yesterday", Kind::past},
      {"already", Kind::past}, {"ago", Kind::past}, {"earlier", Kind::past}, {"previously", Kind::past},
      {"last week", Kind::past}, {"last time", Kind::past}, {"last night", Kind::past},
      {"last month", Kind::past}, {"the other day", Kind::past},
      {"tomorrow", Kind::later}, {"later", Kind::later}, {"next time", Kind::later},
      {"if needed", Kind::later}, {"next week", Kind::later},
      // Jobs and trades.
      {"become", Kind::job}, {"becoming", Kind::job}, {"hiring", Kind::job}, {"hire", Kind::job},
      {"job", Kind::job}, {"jobs", Kind::job}, {"career", Kind::job}, {"careers", Kind::job},
      {"vacancy", Kind::job}, {"vacancies", Kind::job}, {"recruit", Kind::job}, {"recruiting", Kind::job},
      {"apply", Kind::job}, {"application", Kind::job},
      {"travel", Kind::affiliate}, {"sales", Kind::affiliate}, {"estate", Kind::affiliate},
      {"insurance", Kind::affiliate}, {"shipping", Kind::affiliate}, {"courier", Kind::affiliate},
      {"delivery", Kind::affiliate}, {"authorized", Kind::affiliate}, {"authorised", Kind::affiliate},
      {"official", Kind::affiliate}, {"affiliate", Kind::affiliate}, {"tour", Kind::affiliate},
      {"secret", Kind::affiliate}, {"free", Kind::affiliate}, {"user", Kind::affiliate},
      {"booking", Kind::affiliate}, {"per", Kind::affiliate}, {"in", Kind::affiliate},
      {"ai", Kind::bot}, {"bot", Kind::bot}, {"robot", Kind::bot}, {"chatbot", Kind::bot},
      {"virtual", Kind::bot}, {"automated", Kind::bot},
      // Nouns that make a person word before them a modifier.
      {"hair", Kind::compound}, {"resources", Kind::compound}, {"rights", Kind::compound},
      {"error", Kind::compound}, {"made", Kind::compound}, {"shaped", Kind::compound}, {"size", Kind::compound},
      {"sized", Kind::compound}, {"photo", Kind::compound}, {"photos", Kind::compound},
      {"picture", Kind::compound}, {"discount", Kind::compound}, {"discounts", Kind::compound},
      {"commission", Kind::compound}, {"commissions", Kind::compound}, {"price", Kind::compound},
      {"pricing", Kind::compound}, {"pick", Kind::compound}, {"picks", Kind::compound}, {"code", Kind::compound},
      {"program", Kind::compound}, {"programme", Kind::compound}, {"fee", Kind::compound},
      {"fees", Kind::compound}, {"'s", Kind::possessive}, {"limit", Kind::compound}, {"desk", Kind::compound}, {"counter", Kind::compound}, {"limits", Kind::compound},
      {"count", Kind::compound}, {"maximum", Kind::compound}, {"minimum", Kind::compound}, {"of", Kind::compound}, {"-", Kind::compound},  // human-readable
      // Questions about the service itself.
      {"hours", Kind::info}, {"hour", Kind::info}, {"time", Kind::info}, {"times", Kind::info},
      {"schedule", Kind::info}, {"email", Kind::info}, {"emails", Kind::info}, {"mail", Kind::info},
      {"phone", Kind::info}, {"number", Kind::info}, {"hotline", Kind::info}, {"address", Kind::info},
      {"holiday", Kind::info}, {"holidays", Kind::info}, {"weekend", Kind::info}, {"weekends", Kind::info},
      {"monday", Kind::info}, {"tuesday", Kind::info}, {"wednesday", Kind::info}, {"thursday", Kind::info},
      {"friday", Kind::info}, {"saturday", Kind::info}, {"sunday", Kind::info}, {"when", Kind::info},
      {"open", Kind::info}, {"close", Kind::info}, {"closed", Kind::info},
      // Fillers a bare name may carry.
      {"a", Kind::filler}, {"an", Kind::filler}, {"the", Kind::filler}, {"real", Kind::filler},
      {"live", Kind::filler}, {"actual", Kind::filler}, {"now", Kind::filler}, {"right", Kind::filler},
      {"you", Kind::filler},
      {"hi", Kind::filler}, {"hello", Kind::filler}, {"hey", Kind::filler}, {"ok", Kind::filler},
      {"okay", Kind::filler}, {"just", Kind::filler}, {"me", Kind::filler}, {"to", Kind::filler},
      {"with", Kind::filler}, {"from", Kind::filler}, {"one", Kind::filler}, {"your", Kind::filler},
      {"any", Kind::filler}, {"support", Kind::filler}, {"service", Kind::filler}, {"help", Kind::filler},
      {"assistance", Kind::filler}, {"some", Kind::filler}, {"another", Kind::filler}, {"have", Kind::filler},
      {"team", Kind::filler}, {"urgent", Kind::filler}, {"urgently", Kind::filler},
      {"immediately", Kind::filler}, {"i", Kind::filler}, {"my", Kind::filler}, {"for", Kind::filler},
      {"really", Kind::filler}, {"like", Kind::filler}, {"here", Kind::filler}, {"there", Kind::filler},
      {"online", Kind::filler},
      {"if", Kind::subordinator}, {"whether", Kind::subordinator}, {"that", Kind::subordinator},
      {"who", Kind::subordinator}, {"which", Kind::subordinator}, {"because", Kind::subordinator},
      {"but", Kind::clause_break},
      // Real words one typo away from the vocabulary.
      {"stuff", Kind::other}, {"stiff", Kind::other}, {"pleased", Kind::other}, {"lease", Kind::other},
      {"teach", Kind::other}, {"contract", Kind::other}, {"employer", Kind::other}, {"managed", Kind::other},
      {"steak", Kind::other}, {"swatch", Kind::other}, {"representation", Kind::other},
      {"operate", Kind::other}, {"operates", Kind::other}, {"agency", Kind::other}, {"humor", Kind::other},
      {"sport", Kind::other}, {"device", Kind::other}, {"persona", Kind::other}, {"personal", Kind::other},
  };
  return entries;
}

// Chinese vocabulary (traditional; normalize_for_intent maps simplified to it). The longest
// entry at a position wins, so compounds (真人秀, 轉帳, 機器人) shadow the words inside them.
const std::vector<Entry>& chinese_lexicon() {
  static const std::vector<Entry> entries{
      // Persons.
      {"真人", Kind::person}, {"真人客服", Kind::person}, {"真人服務", Kind::person}, {"專人", Kind::person},
      {"專人服務", Kind::person}, {"專員", Kind::person}, {"客服", Kind::person}, {"客服人員", Kind::person},
      {"客服小姐", Kind::person}, {"客服先生", Kind::person}, {"客服專員", Kind::person},
      {"真的人", Kind::person}, {"真正的人", Kind::person}, {"真正的客服", Kind::person},
      {"活人", Kind::person}, {"員工", Kind::person}, {"人員", Kind::person}, {"服務人員", Kind::person},
      {"工作人員", Kind::person}, {"店員", Kind::person}, {"主管", Kind::person}, {"經理", Kind::person},
      {"負責人", Kind::person}, {"承辦人", Kind::person}, {"人工客服", Kind::person},
      {"人工服務", Kind::person}, {"人工坐席", Kind::person}, {"人工座席", Kind::person},
      // 人 with the verb that makes it a person to talk to (跟人講, 換人, 找人).
      {"跟人", Kind::person, 3, Kind::preposition}, {"和人", Kind::person, 3, Kind::preposition},
      {"找人", Kind::person, 3, Kind::request}, {"換人", Kind::person, 3, Kind::transfer},
      {"換個人", Kind::person, 3, Kind::transfer}, {"換一個人", Kind::person, 3, Kind::transfer},
      {"有人", Kind::person, 3, Kind::request},
      // ...but 人工 after them is 人工 (有人工嗎 is 有 + 人工, not 有人 + 工).
      {"有人工", Kind::person, 3, Kind::request}, {"找人工", Kind::person, 3, Kind::request},
      {"跟人工", Kind::person, 3, Kind::preposition}, {"和人工", Kind::person, 3, Kind::preposition},
      {"換人工", Kind::person, 3, Kind::transfer},
      // Products and services named after a person.
      {"真人秀", Kind::other}, {"真人版", Kind::other}, {"真人大小", Kind::other}, {"真人實拍", Kind::other},
      {"真人模特", Kind::other}, {"真人使用", Kind::other}, {"真人尺寸", Kind::other}, {"真人造型", Kind::other},
      {"真人電影", Kind::other}, {"真人照", Kind::other}, {"真人試穿", Kind::other}, {"真人示範", Kind::other},
      {"真人比例", Kind::other}, {"真人拍攝", Kind::other}, {"真人開箱", Kind::other},
      {"專人到府", Kind::other}, {"專人送貨", Kind::other}, {"專人組裝", Kind::other},
      {"專人安裝", Kind::other}, {"專人配送", Kind::other}, {"專人宅配", Kind::other},
      {"專人維修", Kind::other}, {"專人收件", Kind::other}, {"專人取件", Kind::other},
      {"員工價", Kind::other}, {"員工折扣", Kind::other}, {"員工優惠", Kind::other},
      {"機器人", Kind::bot}, {"智能", Kind::bot}, {"智慧", Kind::bot}, {"自動", Kind::bot}, {"虛擬", Kind::bot},
      // Words that contain a listed character but mean something else.
      {"請問", Kind::other}, {"重要", Kind::other}, {"主要", Kind::other}, {"只要", Kind::other},
      {"還要", Kind::other}, {"直接", Kind::filler}, {"接聽", Kind::communicate}, {"別人", Kind::other},
      {"家人", Kind::other}, {"個人", Kind::other}, {"客人", Kind::other}, {"本人", Kind::other},
      {"轉帳", Kind::other}, {"轉運", Kind::other}, {"轉寄", Kind::other}, {"轉接頭", Kind::other},
      {"轉接線", Kind::other}, {"轉接器", Kind::other}, {"轉賣", Kind::other}, {"轉售", Kind::other},
      {"轉換", Kind::other}, {"轉蛋", Kind::other}, {"轉角", Kind::other}, {"旋轉", Kind::other},
      {"好轉", Kind::other}, {"找零", Kind::other}, {"找錢", Kind::other}, {"免費", Kind::other},
      {"免運", Kind::other}, {"以免", Kind::other}, {"不要緊", Kind::other}, {"想念", Kind::other},
      {"感想", Kind::other}, {"理想", Kind::other}, {"人工", Kind::other},  // 人工 alone: see kManMade
      // Requests.
      {"我要", Kind::request}, {"要", Kind::request}, {"想", Kind::request}, {"想要", Kind::request},
      {"需要", Kind::request}, {"要求", Kind::request}, {"給我", Kind::request}, {"找", Kind::request},
      {"可以", Kind::request}, {"可不可以", Kind::request}, {"可否", Kind::request},
      {"能不能", Kind::request}, {"能否", Kind::request}, {"能", Kind::request}, {"幫我", Kind::request},
      {"幫忙", Kind::request}, {"讓", Kind::request}, {"叫", Kind::request}, {"有沒有", Kind::request},
      {"要不要", Kind::request}, {"怎麼", Kind::request}, {"如何", Kind::request}, {"求", Kind::request},
      {"有", Kind::request},
      {"請", Kind::politeness}, {"麻煩", Kind::politeness}, {"拜託", Kind::politeness},
      // Talking and transferring.
      {"講", Kind::communicate}, {"講話", Kind::communicate}, {"說", Kind::communicate},
      {"說話", Kind::communicate}, {"談", Kind::communicate}, {"聊", Kind::communicate},
      {"聯絡", Kind::communicate}, {"聯繫", Kind::communicate}, {"問", Kind::communicate},
      {"溝通", Kind::communicate}, {"詢問", Kind::communicate}, {"通話", Kind::communicate}, {"對話", Kind::communicate},
      {"打給", Kind::communicate}, {"打電話", Kind::communicate},
      {"轉", Kind::transfer}, {"轉接", Kind::transfer}, {"轉給", Kind::transfer}, {"轉到", Kind::transfer},
      {"轉成", Kind::transfer}, {"轉去", Kind::transfer}, {"接", Kind::transfer}, {"換", Kind::transfer},
      {"換成", Kind::transfer}, {"切換", Kind::transfer}, {"交給", Kind::transfer}, {"轉交", Kind::transfer},
      {"跟", Kind::preposition}, {"和", Kind::preposition}, {"與", Kind::preposition},
      {"在嗎", Kind::after_person}, {"在不在", Kind::after_person}, {"在哪", Kind::after_person},
      {"在哪裡", Kind::after_person}, {"來", Kind::after_person}, {"處理", Kind::communicate},
      {"回覆", Kind::communicate}, {"回答", Kind::communicate}, {"可以嗎", Kind::after_person},
      {"嗎", Kind::question}, {"呢", Kind::question}, {"。", Kind::clause_break}, {"、", Kind::clause_break},
      {"協助", Kind::filler}, {"通電話", Kind::communicate}, {"講電話", Kind::communicate},
      // Asking whether one must, not asking (是不是要找客服才能退).
      {"是不是要", Kind::other}, {"是否要", Kind::other},
      // Negation.
      {"不用", Kind::negator}, {"不需要", Kind::negator}, {"不必", Kind::negator}, {"不要", Kind::negator},
      {"別", Kind::negator}, {"免", Kind::negator}, {"無需", Kind::negator}, {"無須", Kind::negator},
      {"不想", Kind::negator}, {"不是", Kind::negator}, {"不是要", Kind::negator}, {"不想要", Kind::negator}, {"沒有要", Kind::negator}, {"沒必要", Kind::negator},
      // Past and later.
      {"已經", Kind::past}, {"剛剛", Kind::past}, {"剛才", Kind::past}, {"上次", Kind::past},
      {"之前", Kind::past}, {"昨天", Kind::past}, {"前天", Kind::past}, {"上週", Kind::past},
      {"上禮拜", Kind::past}, {"上個月", Kind::past}, {"當時", Kind::past}, {"那時", Kind::past},
      {"曾經", Kind::past}, {"聊過", Kind::past}, {"說過", Kind::past}, {"問過", Kind::past},
      {"談過", Kind::past}, {"講過", Kind::past}, {"轉過", Kind::past}, {"找過", Kind::past},
      {"聯絡過", Kind::past}, {"聯繫過", Kind::past}, {"告訴我", Kind::past},
      {"下次", Kind::later}, {"改天", Kind::later}, {"明天", Kind::later}, {"以後", Kind::later},
      // Jobs and trades.
      {"徵", Kind::job}, {"應徵", Kind::job}, {"招", Kind::job}, {"招募", Kind::job}, {"招聘", Kind::job},
      {"職缺", Kind::job}, {"成為", Kind::job}, {"想當", Kind::job}, {"要當", Kind::job}, {"申請", Kind::job}, {"加盟", Kind::job}, {"兼職", Kind::job},
      {"推薦", Kind::job}, {"代理", Kind::affiliate}, {"外送", Kind::affiliate},
      // Questions about the service itself.
      {"時間", Kind::info}, {"信箱", Kind::info}, {"專線", Kind::info}, {"電話", Kind::info},
      {"中心", Kind::info}, {"幾點", Kind::info}, {"上班", Kind::info}, {"下班", Kind::info},
      {"營業", Kind::info}, {"週末", Kind::info}, {"週六", Kind::info}, {"週日", Kind::info},
      {"假日", Kind::info}, {"地址", Kind::info}, {"幾天", Kind::info},
      // Fillers a bare name may carry.
      {"謝謝", Kind::filler}, {"謝", Kind::filler}, {"快", Kind::filler}, {"快點", Kind::filler},
      {"一下", Kind::filler}, {"好嗎", Kind::filler}, {"啦", Kind::filler}, {"吧", Kind::filler},
      {"喔", Kind::filler}, {"哦", Kind::filler}, {"呀", Kind::filler}, {"啊", Kind::filler},
      {"我", Kind::filler}, {"你好", Kind::filler}, {"您好", Kind::filler}, {"哈囉", Kind::filler},
      {"喂", Kind::filler}, {"一個", Kind::filler}, {"個", Kind::filler}, {"的", Kind::possessive},
      {"現在", Kind::filler}, {"馬上", Kind::filler}, {"立刻", Kind::filler}, {"趕快", Kind::filler},
  };
  return entries;
}
// clang-format on

// ---------------------------------------------------------------------------------------------
// Tokens

struct Token {
  Kind kind;
  std::string text;
};

bool is_ascii_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Bytes of the UTF-8 character at `at`, 1 for a byte that does not start a valid one.
std::size_t utf8_char_size(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  const std::size_t size = lead < 0x80 ? 1 : lead >= 0xF0 && lead < 0xF8 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (at + size > text.size()) return 1;
  for (std::size_t i = 1; i < size; ++i) {
    if ((static_cast<unsigned char>(text[at + i]) & 0xC0) != 0x80) return 1;
  }
  return size;
}

// Typos are tolerated only on words long enough that one slip does not make another word.
std::size_t typos_allowed(std::size_t length) {
  if (length >= 9) return 2;
  if (length >= 5) return 1;
  return 0;
}

constexpr std::size_t kLongestTypoWord = 20;

bool word_matches(std::string_view typed, std::string_view known, bool tolerate_typos) {
  if (typed == known) return true;
  if (!tolerate_typos || typed.size() > kLongestTypoWord) return false;
  const std::size_t allowed = typos_allowed(std::min(typed.size(), known.size()));
  if (allowed == 0) return false;
  const std::size_t length_gap =
      typed.size() > known.size() ? typed.size() - known.size() : known.size() - typed.size();
  return length_gap <= allowed && edit_distance(typed, known) <= allowed;
}

// How many of the typed words the entry's words match from the start (0: no match).
std::size_t match_phrase(const Entry& entry, std::span<const std::string> words, bool tolerate_typos) {
  std::size_t count = 0;
  std::string_view rest = entry.text;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    const std::string_view word = rest.substr(0, space);
    if (count >= words.size() || !word_matches(words[count], word, tolerate_typos)) return 0;
    ++count;
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  return count;
}

void push_entry(std::vector<Token>& tokens, const Entry& entry) {
  if (entry.lead == 0) {
    tokens.push_back({entry.kind, std::string(entry.text)});
    return;
  }
  std::string_view rest = entry.text.substr(entry.lead);
  if (rest.starts_with(' ')) rest.remove_prefix(1);
  tokens.push_back({entry.lead_kind, std::string(entry.text.substr(0, entry.lead))});
  tokens.push_back({entry.kind, std::string(rest)});
}

// Classifies a run of English words: the longest exact phrase, else the longest phrase
// within the typo allowance, else an unknown word.
void classify_english(std::span<const std::string> words, std::vector<Token>& tokens) {
  std::size_t at = 0;
  while (at < words.size()) {
    const Entry* best = nullptr;
    std::size_t best_words = 0;
    for (const bool tolerate_typos : {false, true}) {
      for (const Entry& entry : english_lexicon()) {
        const std::size_t matched = match_phrase(entry, words.subspan(at), tolerate_typos);
        if (matched > best_words) {
          best = &entry;
          best_words = matched;
        }
      }
      if (best != nullptr) break;
    }
    if (best == nullptr) {
      tokens.push_back({Kind::other, words[at]});
      ++at;
      continue;
    }
    push_entry(tokens, *best);
    at += best_words;
  }
}

// The longest Chinese entry at the start of `text`, if any.
const Entry* longest_chinese_entry(std::string_view text) {
  const Entry* best = nullptr;
  for (const Entry& entry : chinese_lexicon()) {
    if (text.starts_with(entry.text) && (best == nullptr || entry.text.size() > best->text.size())) best = &entry;
  }
  return best;
}

// 人工 alone is "manual": it names a person only where no noun follows to make it a material or
// a fee (人工皮, 人工草, 人工費), that is at the end, before English, a pause, or a word of the
// request itself (轉人工好嗎, 人工協助, 人工 在嗎).
constexpr std::string_view kManMade = "人工";

bool man_made_stands_alone(std::string_view after) {
  if (after.empty() || static_cast<unsigned char>(after.front()) < 0x80) return true;
  if (after.starts_with(kManMade)) return true;  // 人工人工: the next one is judged on its own
  const Entry* next = longest_chinese_entry(after);
  if (next == nullptr) return false;
  switch (next->kind) {
    case Kind::person:
    case Kind::filler:
    case Kind::question:
    case Kind::after_person:
    case Kind::politeness:
    case Kind::request:
    case Kind::communicate:
    case Kind::clause_break:
      return true;
    default:
      return false;
  }
}

bool is_cjk_pause(std::string_view text) {
  return text.starts_with("。") || text.starts_with("、") || text.starts_with("…") || text.starts_with("「") ||
         text.starts_with("」");
}

// A run of spaces is a pause between Chinese words, but only a word gap next to English.
bool spaces_are_pause(std::string_view text, std::size_t first, std::size_t end) {
  return first > 0 && end < text.size() && static_cast<unsigned char>(text[first - 1]) >= 0x80 &&
         static_cast<unsigned char>(text[end]) >= 0x80;
}

// "s" ending the word after an apostrophe.
bool is_possessive_s(std::string_view after_apostrophe) {
  return (after_apostrophe.starts_with('s') || after_apostrophe.starts_with('S')) &&
         (after_apostrophe.size() == 1 || !is_ascii_letter(static_cast<unsigned char>(after_apostrophe[1])));
}

// Reads the English word at `at` into `words`, lower-cased; answers where it ends. Apostrophes
// inside a word go ("don't" -> "dont", "I'd" -> "id"), straight or curly, except the possessive
// 's, which is a word of its own ("the agent's name").
std::size_t read_english_word(std::string_view text, std::size_t at, std::vector<std::string>& words) {
  std::string word;
  bool possessive = false;
  while (at < text.size() && !possessive) {
    const std::string_view rest = text.substr(at);
    const std::size_t apostrophe = rest.starts_with('\'') ? 1 : rest.starts_with("’") ? 3 : 0;
    if (is_ascii_letter(static_cast<unsigned char>(text[at]))) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[at]))));
      ++at;
    } else if (apostrophe > 0) {
      possessive = is_possessive_s(rest.substr(apostrophe));
      at += apostrophe + (possessive ? 1 : 0);
    } else {
      break;
    }
  }
  words.push_back(std::move(word));
  if (possessive) words.emplace_back("'s");
  return at;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::vector<std::string> words;  // the English run being read
  const auto flush_words = [&] {
    classify_english(words, tokens);
    words.clear();
  };
  std::size_t at = 0;
  while (at < text.size()) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (is_ascii_letter(c)) {
      at = read_english_word(text, at, words);
      continue;
    }
    if (c == '-' && at > 0 && at + 1 < text.size() && is_ascii_letter(static_cast<unsigned char>(text[at - 1])) &&
        is_ascii_letter(static_cast<unsigned char>(text[at + 1]))) {
      words.emplace_back("-");  // joins a compound: "human-readable" is no human
      ++at;
      continue;
    }
    if (c == ' ') {
      const std::size_t end = text.find_first_not_of(' ', at);
      const std::size_t run_end = end == std::string_view::npos ? text.size() : end;
      if (spaces_are_pause(text, at, run_end)) {
        flush_words();
        tokens.push_back({Kind::clause_break, " "});
      }
      at = run_end;
      continue;
    }
    if (c < 0x80) {
      if (std::isdigit(c)) {  // a number is one word, and ends an English run
        flush_words();
        const std::size_t end = std::min(text.find_first_not_of("0123456789", at), text.size());
        tokens.push_back({Kind::other, std::string(text.substr(at, end - at))});
        at = end;
        continue;
      }
      const bool pause = c == '.' || c == ',' || c == '!' || c == ';' || c == ':' || c == '\n' || c == '?';
      if (pause) {
        flush_words();
        if (c == '?') tokens.push_back({Kind::question, "?"});
        tokens.push_back({Kind::clause_break, std::string(1, static_cast<char>(c))});
      }
      ++at;
      continue;
    }
    flush_words();
    const std::string_view rest = text.substr(at);
    if (is_cjk_pause(rest)) {
      tokens.push_back({Kind::clause_break, std::string(rest.substr(0, 3))});
      at += 3;
      continue;
    }
    if (rest.starts_with(kManMade)) {
      const Entry* compound = longest_chinese_entry(rest);
      if (compound->text == kManMade && man_made_stands_alone(rest.substr(kManMade.size()))) {
        tokens.push_back({Kind::person, std::string(kManMade)});
        at += kManMade.size();
        continue;
      }
    }
    if (const Entry* entry = longest_chinese_entry(rest)) {
      if (entry->lead > 0 && entry->text.ends_with(kManMade) &&
          !man_made_stands_alone(rest.substr(entry->text.size()))) {
        // 有人工皮: only the 有 is read here; the 人工 that follows is a material.
        tokens.push_back({entry->lead_kind, std::string(entry->text.substr(0, entry->lead))});
        at += entry->lead;
        continue;
      }
      push_entry(tokens, *entry);
      at += entry->text.size();
      continue;
    }
    const std::size_t size = utf8_char_size(text, at);
    tokens.push_back({Kind::other, std::string(text.substr(at, size))});
    at += size;
  }
  flush_words();
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Rules

using Clause = std::span<const Token>;

// How far before a person a request form still applies to it ("can I please speak to a real
// person": 4 tokens), and how far after it a trailing request does ("專員 在嗎").
constexpr std::size_t kRequestReachBefore = 6;
constexpr std::size_t kRequestReachAfter = 3;

bool is_request_form(Kind kind) {
  return kind == Kind::request || kind == Kind::politeness || kind == Kind::communicate || kind == Kind::transfer;
}

bool is_modal(Kind kind) { return kind == Kind::request || kind == Kind::politeness; }

std::optional<std::size_t> last_of(Clause clause, Kind kind) {
  for (std::size_t i = clause.size(); i > 0; --i) {
    if (clause[i - 1].kind == kind) return i - 1;
  }
  return std::nullopt;
}

bool has_kind(Clause clause, Kind kind) { return last_of(clause, kind).has_value(); }

bool has_kind_between(Clause clause, std::size_t from, std::size_t to, Kind kind) {
  for (std::size_t i = from; i < std::min(to, clause.size()); ++i) {
    if (clause[i].kind == kind) return true;
  }
  return false;
}

// Why a person word is not a person here: a modifier before it (travel agent, AI客服) or a noun
// after it (human hair, agent discount); nullopt when it is one.
std::optional<std::string> person_word_excluded(Clause clause, std::size_t at) {
  if (at > 0 && clause[at - 1].kind == Kind::affiliate) return "product";
  if (at > 0 && clause[at - 1].kind == Kind::bot) return "no_person";
  if (at + 1 < clause.size() && clause[at + 1].kind == Kind::compound) return "product";
  // "the agent's name": what is asked for is the agent's, not the agent.
  if (at + 1 < clause.size() && clause[at + 1].text == "'s") return "mention";
  return std::nullopt;
}

// "有真人嗎" asks; "有人說..." states: 有 is a request only when the clause is a question.
bool needs_question(const Token& token) { return token.kind == Kind::request && token.text == "有"; }

// An English modal governs the next verb or noun: in "can I send it to a person" the request is
// to send, in "is there a discount for staff" it is for a discount, and the person is only where
// it goes.
bool english_word_governed_between(Clause clause, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) {
    const Token& token = clause[i];
    const bool content = token.kind == Kind::other || token.kind == Kind::compound || token.kind == Kind::info;
    if (content && !token.text.empty() && is_ascii_letter(static_cast<unsigned char>(token.text.front()))) return true;
  }
  return false;
}

// The request or transfer form that applies to the person at `person`, if any: the nearest one
// before it (跟 only with a verb of talking after the person), else a trailing one.
std::optional<std::size_t> request_form_for(Clause clause, std::size_t person) {
  const std::size_t reach = person > kRequestReachBefore ? person - kRequestReachBefore : 0;
  for (std::size_t i = person; i > reach; --i) {
    const Token& token = clause[i - 1];
    if (token.kind == Kind::subordinator) break;
    if (needs_question(token) && !has_kind_between(clause, person + 1, clause.size(), Kind::question)) continue;
    if (is_request_form(token.kind)) {
      if (is_modal(token.kind) && english_word_governed_between(clause, i, person)) return std::nullopt;
      return i - 1;
    }
    if (token.kind == Kind::preposition &&
        has_kind_between(clause, person + 1, person + 1 + kRequestReachAfter, Kind::communicate)) {
      return i - 1;
    }
  }
  for (std::size_t i = person + 1; i < std::min(clause.size(), person + 1 + kRequestReachAfter); ++i) {
    const Kind kind = clause[i].kind;
    if (kind == Kind::possessive) break;
    if (kind == Kind::after_person || kind == Kind::politeness) return i;
  }
  return std::nullopt;
}

// A negation governs the request when no fresh request follows it before the person ("I don't
// want a bot I want a human" asks; "I don't want to talk to a human" does not).
bool negated(Clause clause, std::size_t person, std::size_t form) {
  const std::size_t end = std::max(person, form);
  bool negation_open = false;
  for (std::size_t i = 0; i < end; ++i) {
    const Kind kind = clause[i].kind;
    if (kind == Kind::negator) {
      negation_open = true;
    } else if (is_modal(kind) && negation_open) {
      std::size_t before = i;
      while (before > 0 && clause[before - 1].kind == Kind::filler) --before;
      const bool governed = before > 0 && clause[before - 1].kind == Kind::negator;
      if (!governed) negation_open = false;
    }
  }
  return negation_open;
}

// A past or later marker puts the talk out of "now". A past one may belong to an earlier talk
// with another person, and then a request after it still asks ("I talked to an agent
// yesterday and I need a human now"); a later one never leaves a request for now.
std::optional<std::string> out_of_now(Clause clause, std::size_t person, std::size_t form) {
  if (has_kind(clause, Kind::later)) return "later";
  const auto past = last_of(clause, Kind::past);
  if (!past) return std::nullopt;
  const bool earlier_talk =
      std::any_of(clause.begin(), clause.begin() + static_cast<std::ptrdiff_t>(form),
                  [&](const Token& t) { return t.kind == Kind::person && &t != &clause[person]; });
  if (is_modal(clause[form].kind) && form > *past && earlier_talk) return std::nullopt;
  return "past";
}

// Rank of the reasons a clause did not ask, the most telling first.
int rank_of(std::string_view rule) {
  constexpr std::array<std::string_view, 9> kOrder{"negated", "past",    "later",         "job",      "about_service",
                                                   "product", "mention", "not_a_request", "no_person"};
  const auto found = std::find(kOrder.begin(), kOrder.end(), rule);
  return static_cast<int>(found - kOrder.begin());
}

HandoffVerdict better_reason(HandoffVerdict a, HandoffVerdict b) { return rank_of(b.rule) < rank_of(a.rule) ? b : a; }

// "Anyone there?" names no one in particular: an indefinite pronoun asks only with a request
// form ("is there anyone who can help", "can someone call me").
bool is_indefinite(std::string_view person) {
  return person == "anyone" || person == "anybody" || person == "someone" || person == "somebody";
}

// "Can someone call me" asks for a person to talk to; "can someone explain the return policy"
// asks for an answer from whoever is there: an indefinite subject of can/could asks for a person
// only with a verb of talking.
bool asks_someone_to_do_something_else(Clause clause, std::size_t person, std::size_t form) {
  const bool indefinite_subject = is_indefinite(clause[person].text) && form + 1 == person &&
                                  (clause[form].text == "can" || clause[form].text == "could");
  return indefinite_subject && !has_kind_between(clause, person + 1, person + 5, Kind::communicate);
}

HandoffVerdict judge_person(Clause clause, std::size_t person) {
  HandoffVerdict verdict{false, "mention", clause[person].text, ""};
  const auto form = request_form_for(clause, person);
  if (!form) {
    // "no agent", "不需要真人": the negation stands where the request would.
    if (negated(clause, person, person)) {
      verdict.rule = "negated";
    } else if (has_kind(clause, Kind::later)) {
      verdict.rule = "later";
    } else if (has_kind(clause, Kind::past)) {
      verdict.rule = "past";
    }
    return verdict;
  }
  verdict.request = clause[*form].text;
  if (asks_someone_to_do_something_else(clause, person, *form)) {
    verdict.rule = "not_a_request";
    return verdict;
  }
  if (negated(clause, person, *form)) {
    verdict.rule = "negated";
    return verdict;
  }
  if (auto reason = out_of_now(clause, person, *form)) {
    verdict.rule = *reason;
    return verdict;
  }
  verdict.requested = true;
  const std::size_t from = std::min(*form, person);
  const std::size_t to = std::max(*form, person);
  verdict.rule = has_kind_between(clause, from, to + 1, Kind::transfer) ? "transfer" : "request_for_person";
  return verdict;
}

HandoffVerdict judge_clause(Clause clause) {
  HandoffVerdict best{false, "no_person", "", ""};
  bool any_person = false;
  for (std::size_t at = 0; at < clause.size(); ++at) {
    if (clause[at].kind != Kind::person) continue;
    if (auto excluded = person_word_excluded(clause, at)) {
      best = better_reason(best, {false, *excluded, clause[at].text, ""});
      continue;
    }
    any_person = true;
    if (has_kind(clause, Kind::job)) return {false, "job", clause[at].text, ""};
    if (has_kind(clause, Kind::info)) return {false, "about_service", clause[at].text, ""};
    HandoffVerdict verdict = judge_person(clause, at);
    if (verdict.requested) return verdict;
    best = better_reason(best, verdict);
  }
  if (!any_person && best.rule == "no_person" &&
      std::any_of(clause.begin(), clause.end(), [](const Token& t) { return is_request_form(t.kind); })) {
    best.rule = "not_a_request";
  }
  return best;
}

// Nothing but a name for a person, with politeness and fillers: "agent, please", "真人!!!", or
// such a clause after others ("It keeps failing. Human.").
std::optional<HandoffVerdict> bare_person(Clause clause) {
  std::string person;
  for (std::size_t at = 0; at < clause.size(); ++at) {
    switch (clause[at].kind) {
      case Kind::person:
        if (person_word_excluded(clause, at) || is_indefinite(clause[at].text)) return std::nullopt;
        if (person.empty()) person = clause[at].text;
        break;
      case Kind::politeness:
      case Kind::filler:
      case Kind::possessive:
      case Kind::question:
      case Kind::after_person:
      case Kind::clause_break:
        break;
      default:
        return std::nullopt;
    }
  }
  if (person.empty()) return std::nullopt;
  return HandoffVerdict{true, "bare_person", person, ""};
}

}  // namespace

std::string normalize_for_intent(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size(); ++at) {
    const auto c = static_cast<unsigned char>(text[at]);
    // Full-width ASCII U+FF01..U+FF5E is EF BC 81..EF BD 9E; U+3000 is E3 80 80.
    if (c == 0xEF && at + 2 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[at + 1]);
      const auto b2 = static_cast<unsigned char>(text[at + 2]);
      const unsigned code = ((c & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
      // Only a whole sequence: a stray EF before two ASCII letters must not swallow them.
      const bool continued = (b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80;
      if (continued && code >= 0xFF01 && code <= 0xFF5E) {
        out.push_back(static_cast<char>(std::tolower(static_cast<int>(code - 0xFEE0))));
        at += 2;
        continue;
      }
    }
    if (c == 0xE3 && at + 2 < text.size() && text[at + 1] == '\x80' && text[at + 2] == '\x80') {
      out.push_back(' ');
      at += 2;
      continue;
    }
    out.push_back(c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c));
  }
  for (const auto& [from, to] : kSimplified) replace_all(out, from, to);
  for (const auto& [from, to] : kTypos) replace_all(out, from, to);
  return out;
}

HandoffVerdict judge_handoff(std::string_view raw) {
  const std::string text = normalize_for_intent(raw);
  const std::vector<Token> tokens = tokenize(text);
  if (auto bare = bare_person(tokens)) return *bare;  // a person word repeated across pauses is still bare

  HandoffVerdict best{false, "no_person", "", ""};
  std::size_t begin = 0;
  for (std::size_t end = 0; end <= tokens.size(); ++end) {
    if (end < tokens.size() && tokens[end].kind != Kind::clause_break) continue;
    const Clause clause = std::span<const Token>(tokens).subspan(begin, end - begin);
    if (auto bare = bare_person(clause)) return *bare;
    HandoffVerdict verdict = judge_clause(clause);
    if (verdict.requested) return verdict;
    best = better_reason(best, verdict);
    begin = end + 1;
  }
  return best;
}

bool is_handoff_request(std::string_view text) { return judge_handoff(text).requested; }

}  // namespace baton::core
