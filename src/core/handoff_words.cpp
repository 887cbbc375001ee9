#include "core/handoff_words.hpp"

namespace baton::core::handoff {

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

}  // namespace baton::core::handoff
