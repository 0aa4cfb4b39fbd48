import { interviewStrings } from "./interview-i18n.js";
import { recsStrings } from "./recs-i18n.js";
import { retrosStrings } from "./retros-i18n.js";

/**
 * Every UI string of the dashboard and the docs page, in English and Korean (the recommendations
 * and retrospectives pages keep theirs in recs-i18n.js and retros-i18n.js, merged here). Elements
 * carry `data-i18n="key"` (plus optional `data-i18n-vars` JSON) so a language switch re-translates
 * the page in place without re-rendering forms the user is typing into.
 */
export const dictionary = {
  en: {
    "app.tagline": "Personal growth, coached at the edge",
    skip: "Skip to content",
    "nav.dashboard": "Dashboard",
    "nav.docs": "API docs",
    "nav.openapi": "OpenAPI JSON",
    "lang.label": "Language",
    "lines.title": "Product lines",
    "lines.soon": "Coming soon",
    "lines.retrospectives": "Retrospectives",
    "lines.lifelog": "Life-log",
    "lines.coach": "Coaching chat",
    "lines.recommendations": "Recommendations",
    "lines.interview": "Interview prep",
    "auth.title": "Dev token",
    "auth.hint": "Development only: issues a signed token for any user id.",
    "auth.userId": "User id",
    "auth.email": "Email (optional)",
    "auth.role": "Role",
    "auth.role.user": "User",
    "auth.role.admin": "Admin",
    "auth.submit": "Get a dev token",
    "auth.signedInAs": "Signed in as",
    "auth.expires": "Expires",
    "auth.expired": "Your token has expired. Get a new one.",
    "auth.copy": "Copy token",
    "auth.copied": "Copied",
    "auth.signOut": "Sign out",
    "profile.title": "Profile",
    "profile.refresh": "Refresh",
    "profile.userId": "User id",
    "profile.firstSeenAt": "First seen",
    "profile.lastSeenAt": "Last seen",
    "profile.openSockets": "Open sockets",
    "profile.lastMessageId": "Last message id",
    "profile.signedOut": "Sign in to see your profile.",
    "live.title": "Live channel",
    "live.connect": "Connect",
    "live.disconnect": "Disconnect",
    "live.state.idle": "Not connected",
    "live.state.connecting": "Connecting…",
    "live.state.open": "Connected",
    "live.state.retrying": "Reconnecting in {seconds} s",
    "live.state.closed": "Disconnected",
    "live.state.expired": "Token expired",
    "live.lastId": "Last id seen: {id}",
    "live.signedOut": "Sign in to open the live channel.",
    "live.log": "Messages",
    "live.empty": "No messages yet.",
    "live.clear": "Clear",
    "live.replayed": "replayed",
    "live.ready": "Caught up; the server's last id is {id}.",
    "live.serverError": "Server: {detail}",
    "type.notification": "Notification",
    "type.feedback.ready": "Feedback ready",
    "type.job.progress": "Job progress",
    "type.job.done": "Job done",
    "type.recommendations.updated": "Recommendations updated",
    "type.timeline.updated": "Timeline updated",
    "type.ready": "Ready",
    "type.error": "Error",
    "test.title": "Send a test notification",
    "test.titleLabel": "Title",
    "test.titlePlaceholder": "Hello from Edge Coach",
    "test.body": "Body",
    "test.submit": "Send",
    "test.sent": "Pushed #{id} to {delivered} open socket(s).",
    "problem.network": "Network error",
    "problem.unexpected": "Unexpected response ({status})",
    "common.loading": "Loading…",
    "docs.title": "API reference",
    "docs.filter": "Filter operations",
    "docs.filterPlaceholder": "path, method, summary…",
    "docs.noMatch": "No operation matches the filter.",
    "docs.loading": "Loading /openapi.json…",
    "docs.loadFailed": "Could not load /openapi.json",
    "docs.count": "{count} operations",
    "docs.parameters": "Parameters",
    "docs.requestBody": "Request body",
    "docs.responses": "Responses",
    "docs.required": "required",
    "docs.default": "default",
    "docs.example": "example",
    "docs.oneOf": "one of",
    "docs.schemaJson": "JSON Schema",
    "docs.in.path": "path",
    "docs.in.query": "query",
    "docs.in.header": "header",
    "docs.in.cookie": "cookie",
    "docs.security.public": "Public",
    "docs.security.bearer": "Bearer token",
    "docs.tryIt": "Try it",
    "docs.token": "Bearer token",
    "docs.tokenHint": "Prefilled from the dashboard's sign-in.",
    "docs.body": "JSON body",
    "docs.send": "Send request",
    "docs.sending": "Sending…",
    "docs.headers": "Response headers",
    "docs.responseBody": "Response body",
    "docs.invalidJson": "The body is not valid JSON: {message}",
    "docs.websocket":
      "This is a WebSocket route, so it cannot be tried from here. Connect with a WebSocket client, offering the subprotocols edge-coach.v1 and your token, or use the dashboard's live channel.",
    "docs.openDashboard": "Open the dashboard",
    ...recsStrings.en,
    ...retrosStrings.en,
    ...interviewStrings.en,
  },
  ko: {
    "app.tagline": "엣지에서 코칭하는 개인 성장",
    skip: "본문으로 건너뛰기",
    "nav.dashboard": "대시보드",
    "nav.docs": "API 문서",
    "nav.openapi": "OpenAPI JSON",
    "lang.label": "언어",
    "lines.title": "제품 라인",
    "lines.soon": "준비 중",
    "lines.retrospectives": "회고",
    "lines.lifelog": "라이프로그",
    "lines.coach": "코칭 채팅",
    "lines.recommendations": "실시간 추천",
    "lines.interview": "면접 준비",
    "auth.title": "개발용 토큰",
    "auth.hint": "개발 환경 전용: 어떤 사용자 ID로든 서명된 토큰을 발급합니다.",
    "auth.userId": "사용자 ID",
    "auth.email": "이메일 (선택)",
    "auth.role": "역할",
    "auth.role.user": "일반 사용자",
    "auth.role.admin": "관리자",
    "auth.submit": "개발용 토큰 받기",
    "auth.signedInAs": "로그인 사용자",
    "auth.expires": "만료",
    "auth.expired": "토큰이 만료되었습니다. 새 토큰을 받아 주세요.",
    "auth.copy": "토큰 복사",
    "auth.copied": "복사됨",
    "auth.signOut": "로그아웃",
    "profile.title": "프로필",
    "profile.refresh": "새로고침",
    "profile.userId": "사용자 ID",
    "profile.firstSeenAt": "처음 접속",
    "profile.lastSeenAt": "마지막 접속",
    "profile.openSockets": "열린 소켓",
    "profile.lastMessageId": "마지막 메시지 ID",
    "profile.signedOut": "로그인하면 프로필이 표시됩니다.",
    "live.title": "실시간 채널",
    "live.connect": "연결",
    "live.disconnect": "연결 끊기",
    "live.state.idle": "연결 안 됨",
    "live.state.connecting": "연결 중…",
    "live.state.open": "연결됨",
    "live.state.retrying": "{seconds}초 후 다시 연결",
    "live.state.closed": "연결 끊김",
    "live.state.expired": "토큰 만료",
    "live.lastId": "마지막으로 받은 ID: {id}",
    "live.signedOut": "로그인하면 실시간 채널을 열 수 있습니다.",
    "live.log": "메시지",
    "live.empty": "아직 메시지가 없습니다.",
    "live.clear": "지우기",
    "live.replayed": "재전송",
    "live.ready": "동기화 완료. 서버의 마지막 ID는 {id}입니다.",
    "live.serverError": "서버: {detail}",
    "type.notification": "알림",
    "type.feedback.ready": "피드백 준비됨",
    "type.job.progress": "작업 진행",
    "type.job.done": "작업 완료",
    "type.recommendations.updated": "추천 갱신",
    "type.timeline.updated": "타임라인 갱신",
    "type.ready": "준비됨",
    "type.error": "오류",
    "test.title": "테스트 알림 보내기",
    "test.titleLabel": "제목",
    "test.titlePlaceholder": "Edge Coach에서 보낸 인사",
    "test.body": "내용",
    "test.submit": "보내기",
    "test.sent": "#{id} 알림을 열린 소켓 {delivered}개에 보냈습니다.",
    "problem.network": "네트워크 오류",
    "problem.unexpected": "예상하지 못한 응답 ({status})",
    "common.loading": "불러오는 중…",
    "docs.title": "API 레퍼런스",
    "docs.filter": "작업 필터",
    "docs.filterPlaceholder": "경로, 메서드, 요약…",
    "docs.noMatch": "필터와 일치하는 작업이 없습니다.",
    "docs.loading": "/openapi.json 불러오는 중…",
    "docs.loadFailed": "/openapi.json을 불러오지 못했습니다",
    "docs.count": "작업 {count}개",
    "docs.parameters": "매개변수",
    "docs.requestBody": "요청 본문",
    "docs.responses": "응답",
    "docs.required": "필수",
    "docs.default": "기본값",
    "docs.example": "예시",
    "docs.oneOf": "다음 중 하나",
    "docs.schemaJson": "JSON 스키마",
    "docs.in.path": "경로",
    "docs.in.query": "쿼리",
    "docs.in.header": "헤더",
    "docs.in.cookie": "쿠키",
    "docs.security.public": "공개",
    "docs.security.bearer": "Bearer 토큰 필요",
    "docs.tryIt": "직접 호출",
    "docs.token": "Bearer 토큰",
    "docs.tokenHint": "대시보드에서 로그인한 토큰이 미리 채워집니다.",
    "docs.body": "JSON 본문",
    "docs.send": "요청 보내기",
    "docs.sending": "보내는 중…",
    "docs.headers": "응답 헤더",
    "docs.responseBody": "응답 본문",
    "docs.invalidJson": "본문이 올바른 JSON이 아닙니다: {message}",
    "docs.websocket":
      "WebSocket 경로라서 여기서는 호출할 수 없습니다. 하위 프로토콜 edge-coach.v1과 토큰을 제시하는 WebSocket 클라이언트로 연결하거나 대시보드의 실시간 채널을 사용하세요.",
    "docs.openDashboard": "대시보드 열기",
    ...recsStrings.ko,
    ...retrosStrings.ko,
    ...interviewStrings.ko,
  },
};

const LANG_KEY = "edge-coach.lang";
const LOCALES = { en: "en-US", ko: "ko-KR" };
let lang = "en";

export const currentLang = () => lang;

export function t(key, vars = {}) {
  const text = dictionary[lang][key] ?? dictionary.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** `style`: "datetime" (date and time), "time", or "relative" ("in 12 hours"). */
export function formatTime(iso, style = "datetime") {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  if (style === "relative") {
    const seconds = Math.round((date.getTime() - Date.now()) / 1000);
    const units = [
      ["day", 86400],
      ["hour", 3600],
      ["minute", 60],
      ["second", 1],
    ];
    const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? units[3];
    return new Intl.RelativeTimeFormat(LOCALES[lang], { numeric: "auto" }).format(Math.round(seconds / size), unit);
  }
  const options = style === "time" ? { timeStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" };
  return new Intl.DateTimeFormat(LOCALES[lang], options).format(date);
}

/** Re-translates every marked element under `root`; safe to call repeatedly. */
export function translate(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n, el.dataset.i18nVars ? JSON.parse(el.dataset.i18nVars) : {});
  }
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll("time[data-format]"))
    el.textContent = formatTime(el.dateTime, el.dataset.format);
}

export function setLang(next) {
  lang = next in dictionary ? next : "en";
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // storage can be disabled; the choice then lasts for this page only
  }
  document.documentElement.lang = lang;
  for (const button of document.querySelectorAll("[data-set-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.setLang === lang));
  }
  translate();
  window.dispatchEvent(new CustomEvent("langchange", { detail: { lang } }));
}

/** Picks the stored language, else the browser's, and wires the `[data-set-lang]` buttons. */
export function initI18n() {
  let stored = null;
  try {
    stored = localStorage.getItem(LANG_KEY);
  } catch {
    stored = null;
  }
  const fromBrowser = /^ko\b/i.test(navigator.language ?? "") ? "ko" : "en";
  for (const button of document.querySelectorAll("[data-set-lang]")) {
    button.addEventListener("click", () => setLang(button.dataset.setLang));
  }
  setLang(stored in dictionary ? stored : fromBrowser);
}
