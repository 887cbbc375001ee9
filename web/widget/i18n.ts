// Every string the customer sees, in Traditional Chinese and English.
import type { NoticeStrings } from '../shared/notices';

export type Lang = 'zh-TW' | 'en';

const en = {
  open: 'Open chat',
  close: 'Close chat',
  title: 'Chat with us',
  agentsLabel: (n: number): string => (n === 1 ? 'agent available' : 'agents available'),
  placeholder: 'Type a message…',
  send: 'Send',
  handoff: 'Talk to a human',
  leaveMessage: 'Leave a message',
  you: 'You',
  assistant: 'AI assistant',
  agent: 'Agent',
  typing: (name: string) => `${name || 'Agent'} is typing…`,
  waiting: 'Waiting for an agent…',
  queuePlace: (n: number) => `You are number ${n} in the queue.`,
  cancelHandoff: 'Never mind, keep chatting with the AI',
  live: (name: string) => `You are chatting with ${name || 'an agent'}.`,
  offlineTitle: 'No agent is on duty right now. Leave a message and we will answer it here.',
  offlineName: 'Your name',
  offlineContact: 'E-mail or phone',
  offlineText: 'Your message',
  offlineSubmit: 'Send message',
  offlineThanks: 'Thank you! Your message has been sent. Our reply will appear here on your next visit.',
  sending: 'Sending…',
  failed: 'Not sent. Tap to retry.',
  reconnecting: 'Reconnecting…',
  unread: (n: number) => `${n} new`,
  messagesLabel: 'Conversation',
  nextOpen: (when: string) => `We're back ${when}`,
  // The satisfaction survey after an agent's Done: a number with words, never only icons.
  csatScores: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
  csatComment: 'Anything you would like to add? (optional)',
  csatSubmit: 'Send rating',
  csatThanks: (score: number, words: string) => `Thank you for your rating: ${score} (${words}).`,
  csatAlreadyRated: 'Thank you, this survey has already been answered.',
  csatExpired: 'This survey has closed.',
  notices: {
    handoffRequested: 'Connecting you to a live agent, please wait.',
    handoffWithPlace: (n: number) => `Connecting you to a live agent, please wait. You are number ${n} in the queue.`,
    noAgentsOnline: 'No agent is available right now. Leave us a message and we will get back to you.',
    closed: 'We are closed right now. Leave us a message.',
    closedUntil: (when: string) => `We are closed right now. Leave us a message. We're back ${when}.`,
    agentJoined: 'An agent has joined the conversation.',
    agentJoinedNamed: (name: string) => `${name} has joined the conversation.`,
    conversationDone: 'The agent has completed this conversation; the AI assistant is back to help you.',
    reactivated: 'An agent has reopened the conversation.',
    liveAgentDisabled: 'Live agents are not available for this service.',
    customerUnfollowed: 'The customer blocked the LINE account; messages will not reach them.',
    csatRequested: 'How satisfied are you with the help you got? Please rate it from 1 to 5.',
  } satisfies NoticeStrings,
};

type Strings = typeof en;

const zhTW: Strings = {
  open: '開啟對話',
  close: '關閉對話',
  title: '線上客服',
  agentsLabel: () => '位客服人員在線',
  placeholder: '輸入訊息…',
  send: '傳送',
  handoff: '轉接真人',
  leaveMessage: '留言給我們',
  you: '您',
  assistant: 'AI 助理',
  agent: '客服人員',
  typing: (name: string) => `${name || '客服人員'}正在輸入…`,
  waiting: '正在為您轉接客服人員…',
  queuePlace: (n: number) => `您目前排在第 ${n} 位。`,
  cancelHandoff: '不用了，繼續與 AI 對話',
  live: (name: string) => `您正在與${name || '客服人員'}對話。`,
  offlineTitle: '目前沒有客服人員值班。請留下訊息，我們會在這裡回覆您。',
  offlineName: '您的姓名',
  offlineContact: 'Email 或電話',
  offlineText: '您的留言',
  offlineSubmit: '送出留言',
  offlineThanks: '謝謝！您的留言已送出，下次造訪時即可在這裡看到我們的回覆。',
  sending: '傳送中…',
  failed: '未送出，點一下重試。',
  reconnecting: '重新連線中…',
  unread: (n: number) => `${n} 則新訊息`,
  messagesLabel: '對話內容',
  nextOpen: (when: string) => `我們將於${when} 回覆`,
  csatScores: ['非常不滿意', '不滿意', '普通', '滿意', '非常滿意'],
  csatComment: '還有什麼想告訴我們的嗎？（選填）',
  csatSubmit: '送出評分',
  csatThanks: (score: number, words: string) => `謝謝您的評分：${score} 分（${words}）。`,
  csatAlreadyRated: '謝謝，這份問卷已經填過了。',
  csatExpired: '這份問卷已截止。',
  notices: {
    handoffRequested: '已為您轉接真人客服，請稍候。',
    handoffWithPlace: (n: number) => `已為您轉接真人客服，請稍候。您目前排在第 ${n} 位。`,
    noAgentsOnline: '目前沒有客服人員在線，請留下您的訊息，我們會盡快回覆。',
    closed: '目前為非營業時間，請留下您的訊息。',
    closedUntil: (when: string) => `目前為非營業時間，請留下您的訊息。我們將於${when} 回覆。`,
    agentJoined: '客服人員已加入對話。',
    agentJoinedNamed: (name: string) => `客服人員 ${name} 已加入對話。`,
    conversationDone: '客服人員已結束這次對話，AI 助理將繼續為您服務。',
    reactivated: '客服人員重新開啟了對話。',
    liveAgentDisabled: '此服務目前不提供真人客服。',
    customerUnfollowed: '顧客已封鎖 LINE 官方帳號，訊息將無法送達。',
    csatRequested: '請問您對這次客服的滿意度如何？請從 1 到 5 分中選擇。',
  },
};

export type { Strings };

export function chooseLang(requested: string | null | undefined, browser: string): Lang {
  const wanted = (requested || browser || '').toLowerCase();
  return wanted.startsWith('zh') ? 'zh-TW' : 'en';
}

export const strings = (lang: Lang): Strings => (lang === 'zh-TW' ? zhTW : en);
