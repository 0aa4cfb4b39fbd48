/**
 * Korean particles (조사) chosen by the final consonant (받침) of the word they follow.
 *
 * Hangul syllables carry their 받침 in the code point. Digits are read in Sino-Korean (3 → 삼, 10 → 십,
 * 100 → 백). Latin text is read the way Korean writes loanwords:
 * - an upper-case ending (an acronym such as SQL, AWS, API, or the "QL" of GraphQL) is read letter by
 *   letter, so the last letter's Korean name decides: L 엘, M 엠, N 엔, R 알 end in a 받침, the rest do not;
 * - otherwise the English ending: -m, -n, -ng, -l (also -me, -ne, -le) end in ㅁ/ㄴ/ㅇ/ㄹ ("Python을",
 *   "Excel로"); a short vowel before -p, -t, -k, -ck, -c, -b gives a 받침 ("App을", "Git을", "Slack을",
 *   "Web을"); a consonant cluster or long vowel before them adds 으 and no 받침 ("React를", "Boot를");
 *   -d, -g, -s, -x, -r, -f, -v, -z, -sh, -ch, -th and vowels end without one ("Docker를", "Go를", "Blog를").
 * Trailing punctuation, quotes and closing brackets are ignored. Text that cannot be read this way (kana,
 * hanja, emoji) gets the written-both form "을(를)".
 */

export type JosaPair = "을/를" | "이/가" | "은/는" | "와/과" | "으로/로";

type Ending = "none" | "batchim" | "rieul" | "unknown";

const FORMS: Record<JosaPair, { batchim: string; none: string; rieul: string }> = {
  "을/를": { batchim: "을", none: "를", rieul: "을" },
  "이/가": { batchim: "이", none: "가", rieul: "이" },
  "은/는": { batchim: "은", none: "는", rieul: "은" },
  "와/과": { batchim: "과", none: "와", rieul: "과" },
  "으로/로": { batchim: "으로", none: "로", rieul: "로" },
};

const TRAILING = /[\s.,!?;:'"`’”」』〉》)\]}>~…·\-_]+$/u;

/** Sino-Korean reading of the last digit: 0 영, 1 일, 2 이, 3 삼, 4 사, 5 오, 6 육, 7 칠, 8 팔, 9 구. */
const DIGIT: Ending[] = ["batchim", "rieul", "none", "batchim", "none", "none", "batchim", "rieul", "rieul", "none"];

/** Korean names of the Latin letters: 엘, 엠, 엔, 알 end in a 받침; 에이, 비, 씨 … 제트 do not. */
const LETTER_NAME: Record<string, Ending> = { l: "rieul", m: "batchim", n: "batchim", r: "rieul" };

/** Common words the ending rules read wrongly. */
const WORDS: Record<string, Ending> = {
  hub: "none", // 허브 (GitHub를)
  check: "none", // 체크
  type: "batchim", // 타입
  template: "batchim", // 템플릿
  theme: "none", // 테마
  big: "batchim", // 빅
  bag: "batchim", // 백
};

function hangulEnding(ch: string): Ending | null {
  const code = ch.codePointAt(0)!;
  if (code >= 0xac00 && code <= 0xd7a3) {
    const final = (code - 0xac00) % 28;
    return final === 0 ? "none" : final === 8 ? "rieul" : "batchim";
  }
  if (code >= 0x3131 && code <= 0x314e) return ch === "ㄹ" ? "rieul" : "batchim"; // a bare consonant (ㅋㅋ)
  if (code >= 0x314f && code <= 0x3163) return "none"; // a bare vowel
  return null;
}

/** A number read aloud ends in its last non-zero digit, or in 십, 백, 천, 만, 억, 조 for its trailing zeros. */
function numberEnding(digits: string): Ending {
  if (/^0+$/.test(digits)) return "batchim"; // 영
  const zeros = digits.length - digits.replace(/0+$/, "").length;
  if (zeros === 0) return DIGIT[Number(digits.at(-1))]!;
  return zeros >= 12 && zeros < 16 ? "none" : "batchim"; // 십 백 천 만 억 end in a 받침, 조 does not
}

function latinEnding(word: string): Ending {
  const last = word.at(-1)!;
  const tail = word.match(/[A-Z]+$/)?.[0] ?? "";
  const before = word.at(-tail.length - 1) ?? "";
  // an acronym, or an upper-case tail after lower case (GraphQL, iOS): read letter by letter
  if (tail.length >= 2 || (tail.length === 1 && !/[a-z]/.test(before)))
    return LETTER_NAME[last.toLowerCase()] ?? "none";
  const w = word.toLowerCase();
  const known = WORDS[w] ?? (w.endsWith("hub") ? WORDS.hub : undefined);
  if (known) return known;
  if (/(?:ng|m|n|me|ne)$/.test(w)) return "batchim";
  if (/(?:l|le)$/.test(w)) return "rieul";
  if (/(?:ck)$/.test(w)) return "batchim";
  if (/out$/.test(w)) return "batchim"; // 아웃
  const m = w.match(/([aeiouy]*)([ptkcb])\2?$/);
  if (!m) return "none";
  const vowels = m[1]!;
  const consonant = m[2]!;
  if (vowels.length === 0) return "none"; // a cluster before the stop: React 리액트, Help 헬프
  if (vowels.length === 1) return "batchim"; // a short vowel: Git 깃, App 앱, Web 웹, Magic 매직
  if (consonant === "p" || (consonant === "k" && vowels === "oo")) return "batchim"; // Group 그룹, Deep 딥, Book 북
  return "none"; // a long vowel: Boot 부트, Speak 스피크
}

function ending(word: string): Ending {
  const text = word.normalize("NFC").replace(TRAILING, "");
  if (text.length === 0) return "unknown";
  const last = text.at(-1)!;
  const hangul = hangulEnding(last);
  if (hangul) return hangul;
  if (/[0-9]/.test(last)) {
    const number = text.match(/[0-9][0-9,]*$/)![0].replace(/,/g, "");
    const decimal = /[0-9]\.[0-9]+$/.test(text);
    return decimal ? DIGIT[Number(last)]! : numberEnding(number);
  }
  if (last === "%") return "none"; // 퍼센트
  if (/[A-Za-z]/.test(last)) return latinEnding(text.match(/[A-Za-z]+$/)![0]);
  return "unknown";
}

/** The particle alone: josaFor("요청", "이/가") === "이". */
export function josaFor(word: string, pair: JosaPair): string {
  const end = ending(word);
  const forms = FORMS[pair];
  if (end === "unknown") return pair === "으로/로" ? "(으)로" : `${forms.batchim}(${forms.none})`;
  return forms[end];
}

/** The word followed by its particle: withJosa("Java", "을/를") === "Java를". */
export function withJosa(word: string, pair: JosaPair): string {
  return word + josaFor(word, pair);
}
