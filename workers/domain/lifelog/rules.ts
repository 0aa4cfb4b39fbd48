import type { Category } from "../../../schemas/lifelog";

/**
 * The baseline's tables. Keys are written as people type them; classify.ts normalises them the same
 * way it normalises events, so "Standup" here matches "stand-up" nowhere but "standup" everywhere.
 * Confidences are what the rule is worth on its own: an app or keyword that names the activity is
 * 0.8–0.9, a hint that often misleads (a café, "lunch", a productivity app category) 0.4–0.6.
 */
export type Rule = { category: Category; confidence: number };
type Table = Record<string, [Category, number]>;

const group = (category: Category, confidence: number, keys: string): Table =>
  Object.fromEntries(keys.split(",").map((k) => [k.trim(), [category, confidence]]));

/** Well-known apps, matched on the whole name or on a name inside it ("YouTube Music", "Slack.app"). */
export const APPS: Table = {
  ...group(
    "work",
    0.85,
    "slack, microsoft teams, teams, zoom, google meet, webex, jira, confluence, linear, figma, vs code, " +
      "visual studio code, visual studio, xcode, intellij idea, pycharm, android studio, terminal, iterm2, " +
      "github, gitlab, sourcetree, postman, datadog, excel, powerpoint, keynote, google sheets, google docs, " +
      "google slides, outlook, 슬랙, 줌, 팀즈, 구글 미트, 지라, 컨플루언스, 피그마, 깃허브, 엑셀, 파워포인트, 키노트, " +
      "아웃룩, 터미널, 비주얼 스튜디오 코드, 구글 문서, 구글 시트, 잔디, jandi, 두레이, dooray, 플로우, flow, 스윙, swit, 네이버웍스, naver works",
  ),
  ...group(
    "work",
    0.65,
    "notion, 노션, word, pages, numbers, gmail, 지메일, calendar, 구글 캘린더, chatgpt, 챗gpt, claude, miro, trello, asana",
  ),
  ...group(
    "leisure",
    0.85,
    "youtube, 유튜브, netflix, 넷플릭스, disney+, 디즈니플러스, tving, 티빙, wavve, 웨이브, watcha, 왓챠, coupang play, 쿠팡플레이, twitch, " +
      "chzzk, 치지직, afreecatv, 아프리카tv, instagram, 인스타그램, tiktok, 틱톡, facebook, 페이스북, x, twitter, " +
      "reddit, 레딧, threads, 스레드, pinterest, 핀터레스트, 트위터, naver webtoon, 네이버 웹툰, 웹툰, kakao page, 카카오페이지, " +
      "league of legends, 리그 오브 레전드, minecraft, roblox, genshin impact, 원신, steam, battle.net, " +
      "nintendo switch, maplestory, 메이플스토리, lostark, 로스트아크, fc online, 피파온라인",
  ),
  ...group(
    "leisure",
    0.7,
    "spotify, 스포티파이, melon, 멜론, genie, 지니뮤직, apple music, youtube music, 유튜브 뮤직, kindle, 리디북스, ridi, 밀리의서재",
  ),
  ...group("leisure", 0.5, "naver, 네이버, daum, 다음, news, 뉴스"),
  // a browser is whatever its tab is
  ...group(
    "other",
    0.3,
    "safari, chrome, google chrome, firefox, microsoft edge, edge, whale, 네이버 웨일, google, 구글",
  ),
  ...group(
    "social",
    0.65,
    "kakaotalk, 카카오톡, 카톡, whatsapp, 왓츠앱, messages, 메시지, imessage, line, 라인, telegram, 텔레그램, facetime, discord, 디스코드, signal, messenger",
  ),
  ...group(
    "study",
    0.85,
    "duolingo, 듀오링고, anki, quizlet, coursera, udemy, edx, khan academy, brilliant, class101, 클래스101, " +
      "inflearn, 인프런, 패스트캠퍼스, fastcampus, goodnotes, notability, 산타토익, santa, 말해보카, 스픽, speak, cake, 케이크",
  ),
  ...group(
    "exercise",
    0.8,
    "strava, 스트라바, nike run club, 나이키 런 클럽, nrc, apple fitness, fitness, workout, garmin connect, 런데이, runday, peloton, zwift",
  ),
  ...group(
    "commute",
    0.75,
    "google maps, 구글 지도, 구글 맵, apple maps, 애플 지도, maps, 지도, kakaomap, 카카오맵, naver map, 네이버 지도, 네이버지도, tmap, 티맵, " +
      "kakao t, 카카오 t, 카카오t, uber, citymapper, 지하철, subway, 지하철종결자, moovit, waze",
  ),
  ...group(
    "chores",
    0.65,
    "coupang, 쿠팡, 배달의민족, 배민, baemin, 요기요, coupang eats, 쿠팡이츠, 마켓컬리, 컬리, kurly, 오늘의집, " +
      "toss, 토스, 카카오뱅크, kakaobank, 국민은행, kb스타뱅킹, 신한 sol, banking, amazon, 당근, daangn",
  ),
  ...group("sleep", 0.6, "sleep cycle, 슬립싸이클, pillow, autosleep"),
};

/** iOS/Android Screen Time categories in both languages. Weaker than the app itself. */
export const APP_CATEGORIES: Table = {
  ...group(
    "work",
    0.6,
    "productivity, productivity & finance, business, developer tools, 생산성, 생산성 및 금융, 비즈니스, 개발자 도구",
  ),
  ...group("study", 0.7, "education, reference, 교육, 참고"),
  ...group(
    "leisure",
    0.7,
    "entertainment, games, game, video, music, audio, video players & editors, comics, books, " +
      "엔터테인먼트, 게임, 동영상, 음악, 만화, 도서",
  ),
  ...group(
    "leisure",
    0.55,
    "social networking, social, information & reading, news, 소셜 네트워킹, 소셜, 정보 및 읽기, 뉴스",
  ),
  ...group("social", 0.55, "communication, messaging, 커뮤니케이션, 메신저"),
  ...group("exercise", 0.55, "health & fitness, sports, 건강 및 피트니스, 스포츠"),
  ...group("commute", 0.6, "navigation, travel, maps & navigation, maps, 내비게이션, 여행, 지도"),
  ...group("chores", 0.5, "shopping & food, shopping, food & drink, finance, 쇼핑 및 음식, 쇼핑, 음식 및 음료, 금융"),
  ...group("other", 0.3, "utilities, other, 유틸리티, 기타"),
};

/** Calendar title keywords. Hangul keywords also match inside compounds ("주간회의", "영어수업"). */
export const KEYWORDS: Table = {
  ...group(
    "work",
    0.85,
    "meeting, meetings, standup, stand-up, 1:1, one-on-one, sync, retro, retrospective, sprint, interview, " +
      "demo, workshop, client, presentation, deadline, kickoff, all-hands, townhall, " +
      "회의, 미팅, 스탠드업, 면담, 회고, 보고, 발표, 업무, 출장, 워크샵, 워크숍, 면접, 스프린트, 기획, 데모, 마감",
  ),
  ...group("work", 0.6, "call, work, project, office, review, 콜, 프로젝트, 근무"),
  ...group(
    "study",
    0.85,
    "lecture, lectures, study, homework, exam, exams, tutoring, seminar, assignment, midterm, finals, " +
      "강의, 수업, 공부, 스터디, 과제, 시험, 학원, 세미나, 인강, 과외, 튜터링, 중간고사, 기말고사, 자격증",
  ),
  // generic enough that the activity beside them decides: "yoga class" is exercise, "piano lesson" study
  ...group("study", 0.7, "class, classes, course, lesson, lessons, 레슨, 클래스"),
  ...group(
    "exercise",
    0.85,
    "gym, workout, yoga, run, running, jog, jogging, pilates, swim, swimming, tennis, soccer, football, " +
      "basketball, hike, hiking, cycling, bike, climbing, crossfit, golf, badminton, marathon, " +
      "운동, 헬스, 요가, 러닝, 달리기, 조깅, 필라테스, 수영, 테니스, 축구, 농구, 등산, 자전거, 클라이밍, 크로스핏, " +
      "골프, 배드민턴, 마라톤",
  ),
  // "PT" is a personal-training session and, in Korean offices, a presentation
  ...group("exercise", 0.6, "walk, pt, 피티, 산책, 걷기"),
  ...group(
    "social",
    0.8,
    "dinner, brunch, drinks, party, birthday, wedding, date, friends, friend, hangout, meetup, reunion, " +
      "회식, 친구, 생일, 결혼식, 모임, 데이트, 파티, 동창회, 술, 뒷풀이, 뒤풀이, 송년회, 신년회, 돌잔치",
  ),
  ...group("social", 0.6, "lunch, coffee, family, mom, dad, 점심, 저녁, 약속, 가족, 엄마, 아빠, 커피"),
  ...group("commute", 0.85, "commute, flight, 출근, 퇴근, 통근, 비행기, 비행"),
  ...group("commute", 0.6, "drive, travel, 이동, 운전"),
  ...group(
    "chores",
    0.8,
    "dentist, doctor, hospital, clinic, groceries, grocery, laundry, cleaning, errands, errand, bank, " +
      "haircut, pharmacy, vet, repair, appointment, 병원, 치과, 청소, 빨래, 장보기, 세탁, 설거지, 은행, 미용실, " +
      "약국, 동물병원, 수리, 관공서, 주민센터, 이사, 진료, 검진",
  ),
  ...group("rest", 0.7, "nap, rest, break, meditation, massage, spa, 낮잠, 휴식, 명상, 마사지, 스파"),
  ...group("sleep", 0.85, "sleep, bedtime, 수면, 잠, 취침"),
  ...group(
    "leisure",
    0.75,
    "movie, concert, show, game, games, reading, museum, exhibition, trip, vacation, holiday, karaoke, " +
      "shopping, netflix, 영화, 콘서트, 공연, 게임, 독서, 박물관, 전시, 전시회, 여행, 휴가, 노래방, 쇼핑, 뮤지컬",
  ),
};

/** Place labels. At home the hour decides (see classify.ts); every other place means one thing. */
export const HOME = new Set(["home", "집", "우리집", "자택", "house", "apartment", "본가", "아파트"]);

export const PLACES: Table = {
  ...group(
    "work",
    0.85,
    "office, work, workplace, coworking, wework, hq, 회사, 사무실, 직장, 오피스, 위워크, 패스트파이브, 본사, 공유오피스",
  ),
  ...group(
    "exercise",
    0.85,
    "gym, fitness, yoga, pilates, pool, climbing, crossfit, stadium, 헬스장, 헬스, 피트니스, 체육관, 요가원, " +
      "필라테스, 수영장, 클라이밍, 크로스핏, 운동장, 테니스장, 골프장",
  ),
  ...group("exercise", 0.5, "park, trail, 공원, 산, 한강"),
  ...group(
    "study",
    0.8,
    "school, university, college, campus, library, academy, classroom, 학교, 대학교, 대학, 캠퍼스, 도서관, 학원, " +
      "독서실, 스터디카페, 강의실",
  ),
  ...group("leisure", 0.45, "cafe, café, coffee, starbucks, 카페, 커피, 스타벅스, 투썸, 이디야"),
  ...group("leisure", 0.8, "cinema, theater, theatre, cgv, 영화관, 극장, 메가박스, 롯데시네마, museum, 박물관, 미술관"),
  ...group("leisure", 0.55, "mall, 백화점, 쇼핑몰, department store"),
  ...group("social", 0.6, "restaurant, bar, pub, 식당, 술집, 펍, 레스토랑, 호프, church, 교회, 성당"),
  ...group(
    "commute",
    0.8,
    "station, bus, subway, metro, train, airport, terminal, stop, car, 역, 버스, 지하철, 기차, 공항, 터미널, " +
      "정류장, 정류소, ktx, srt, 환승, 차",
  ),
  ...group(
    "chores",
    0.7,
    "hospital, clinic, dentist, pharmacy, supermarket, grocery, market, mart, costco, bank, laundromat, " +
      "병원, 치과, 약국, 마트, 이마트, 홈플러스, 코스트코, 편의점, 시장, 은행, 세탁소, 미용실, 주민센터",
  ),
};

/** Particles and light endings Korean attaches to nouns, longest first so "에서" wins over "에". */
export const PARTICLES = [
  "에서부터",
  "에서는",
  "에서의",
  "에서도",
  "으로는",
  "으로의",
  "에게서",
  "이랑",
  "에서",
  "으로",
  "에게",
  "한테",
  "까지",
  "부터",
  "처럼",
  "에는",
  "에도",
  "와의",
  "과의",
  "하기",
  "하러",
  "은",
  "는",
  "이",
  "가",
  "을",
  "를",
  "에",
  "로",
  "와",
  "과",
  "의",
  "도",
  "랑",
  "만",
];

/** One-syllable nouns that keep meaning once a particle is gone ("집에서" → "집", "역으로" → "역"). */
export const SHORT_NOUNS = new Set([
  "집",
  "역",
  "밥",
  "술",
  "책",
  "일",
  "산",
  "잠",
  "차",
  "방",
  "길",
  "빵",
  "약",
  "짐",
]);

/** English words that say nothing about the activity; dropped so "Lunch with Mina" keys like "lunch mina". */
export const STOP_WORDS = new Set(
  "a an the and or of to in on at by for with from w my our your me us re fw fwd via about".split(" "),
);
