// Part of the widget bundle: workers/api/widget.ts concatenates public/widget/*.js inside one IIFE.
// The widget's own strings: it runs on partner pages, so it cannot share the dashboard's i18n module.

const STRINGS = {
  en: {
    open: "Open coaching chat",
    close: "Close coaching chat",
    launcher: "Coach",
    title: "Edge Coach",
    subtitle: "Leadership coaching",
    yourStyle: "Your style: {type}",
    newChat: "New conversation",
    waiting: "Waiting for sign-in…",
    waitingHint: "Sign in on this site to talk with your coach.",
    interpretationTitle: "What your {type} style means",
    interpretationLoading: "Reading your leadership style…",
    empty: "Ask anything about leading your team. Answers cite the guides they draw on.",
    suggestions: [
      "How do I delegate without losing quality?",
      "How should I give difficult feedback?",
      "How can I run better one-on-ones?",
    ],
    inputLabel: "Your question",
    placeholder: "Ask your coach…",
    send: "Send",
    you: "You",
    coach: "Coach",
    thinking: "Coach is thinking…",
    answering: "Coach is answering…",
    answered: "Answer complete.",
    sources: "Sources",
    failed: "The coach could not finish this answer. Please ask again.",
    interrupted: "Connection lost. Reconnecting…",
    rateLimited: "Too many requests. Try again in {seconds} s.",
    rateLimitedSoon: "Too many requests. Try again shortly.",
    upgrade: "This needs a Pro plan.",
    network: "Cannot reach Edge Coach. Check your connection and try again.",
    problemInvalid: "The coach could not take this question. Shorten it or rephrase it and try again.",
    problemForbidden: "Your account may not use the coach here.",
    problemNotFound: "This conversation is gone. Start a new one.",
    problemServer: "The coach is not available right now. Try again shortly.",
    problem: "Something went wrong ({status}).",
    historyLoading: "Loading your conversation…",
  },
  ko: {
    open: "코칭 채팅 열기",
    close: "코칭 채팅 닫기",
    launcher: "코치",
    title: "Edge Coach",
    subtitle: "리더십 코칭",
    yourStyle: "나의 유형: {type}",
    newChat: "새 대화",
    waiting: "로그인을 기다리는 중…",
    waitingHint: "이 사이트에 로그인하면 코치와 대화할 수 있습니다.",
    interpretationTitle: "{type} 리더십이 뜻하는 것",
    interpretationLoading: "리더십 유형을 해석하는 중…",
    empty: "팀을 이끄는 일에 대해 무엇이든 물어보세요. 답변에는 참고한 가이드가 표시됩니다.",
    suggestions: ["품질을 지키면서 위임하려면?", "어려운 피드백은 어떻게 전해야 하나요?", "1:1 면담을 더 잘하려면?"],
    inputLabel: "질문",
    placeholder: "코치에게 물어보세요…",
    send: "보내기",
    you: "나",
    coach: "코치",
    thinking: "코치가 생각하는 중…",
    answering: "코치가 답하는 중…",
    answered: "답변이 끝났습니다.",
    sources: "출처",
    failed: "코치가 답변을 마치지 못했습니다. 다시 물어봐 주세요.",
    interrupted: "연결이 끊겼습니다. 다시 연결하는 중…",
    rateLimited: "요청이 너무 많습니다. {seconds}초 후에 다시 시도하세요.",
    rateLimitedSoon: "요청이 너무 많습니다. 잠시 후 다시 시도하세요.",
    upgrade: "Pro 요금제가 필요합니다.",
    network: "Edge Coach에 연결할 수 없습니다. 연결을 확인하고 다시 시도하세요.",
    problemInvalid: "이 질문은 받을 수 없습니다. 짧게 줄이거나 바꿔서 다시 물어보세요.",
    problemForbidden: "이 계정으로는 여기서 코치를 쓸 수 없습니다.",
    problemNotFound: "이 대화는 없어졌습니다. 새 대화를 시작하세요.",
    problemServer: "지금은 코치를 쓸 수 없습니다. 잠시 후 다시 시도해 주세요.",
    problem: "문제가 생겼습니다 ({status}).",
    historyLoading: "대화를 불러오는 중…",
  },
};

const TYPE_NAMES = {
  visionary: { en: "Visionary", ko: "비전형" },
  coaching: { en: "Coaching", ko: "코칭형" },
  affiliative: { en: "Affiliative", ko: "관계형" },
  democratic: { en: "Democratic", ko: "민주형" },
  pacesetting: { en: "Pacesetting", ko: "솔선형" },
  commanding: { en: "Commanding", ko: "지시형" },
};

function localeOf(requested) {
  const wanted = typeof requested === "string" && requested ? requested : navigator.language || "en";
  return /^ko\b/i.test(wanted) ? "ko" : "en";
}

function translate(locale, key, vars) {
  const text = STRINGS[locale][key] ?? STRINGS.en[key] ?? key;
  if (typeof text !== "string" || !vars) return text;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match));
}

function typeName(type, locale) {
  return TYPE_NAMES[type] ? TYPE_NAMES[type][locale] : "";
}
