// A deterministic demo catalogue in Korean and English: categories of products whose titles and
// descriptions share vocabulary within a category, so embeddings cluster the way shoppers would.
export const CATEGORIES = {
  books: {
    nouns: [
      "novel",
      "essay collection",
      "cookbook",
      "graphic novel",
      "biography",
      "소설",
      "에세이",
      "만화책",
      "자기계발서",
      "역사책",
    ],
    adjectives: [
      "bestselling",
      "illustrated",
      "paperback",
      "hardcover",
      "signed",
      "베스트셀러",
      "양장본",
      "신간",
      "개정판",
      "한정판",
    ],
    words: "reading story chapters author pages 독서 이야기 작가",
  },
  games: {
    nouns: [
      "board game",
      "card game",
      "puzzle",
      "strategy game",
      "party game",
      "보드게임",
      "카드게임",
      "퍼즐",
      "전략게임",
      "파티게임",
    ],
    adjectives: [
      "family",
      "cooperative",
      "two-player",
      "deluxe",
      "travel",
      "가족용",
      "협력",
      "2인용",
      "디럭스",
      "휴대용",
    ],
    words: "players dice cards fun play 플레이어 주사위 카드 놀이",
  },
  kitchen: {
    nouns: [
      "frying pan",
      "chef knife",
      "cutting board",
      "coffee grinder",
      "saucepan",
      "프라이팬",
      "식칼",
      "도마",
      "커피 그라인더",
      "냄비",
    ],
    adjectives: [
      "cast iron",
      "stainless steel",
      "non-stick",
      "wooden",
      "ceramic",
      "무쇠",
      "스테인리스",
      "논스틱",
      "원목",
      "세라믹",
    ],
    words: "cooking kitchen chef meal recipe 요리 주방 식사 레시피",
  },
  audio: {
    nouns: [
      "headphones",
      "earbuds",
      "speaker",
      "turntable",
      "microphone",
      "헤드폰",
      "이어폰",
      "스피커",
      "턴테이블",
      "마이크",
    ],
    adjectives: [
      "wireless",
      "noise cancelling",
      "bluetooth",
      "studio",
      "portable",
      "무선",
      "노이즈캔슬링",
      "블루투스",
      "스튜디오",
      "휴대용",
    ],
    words: "sound music bass listening audio 음악 소리 음질 감상",
  },
  outdoor: {
    nouns: [
      "tent",
      "sleeping bag",
      "hiking boots",
      "backpack",
      "camping stove",
      "텐트",
      "침낭",
      "등산화",
      "배낭",
      "캠핑 버너",
    ],
    adjectives: [
      "ultralight",
      "waterproof",
      "four-season",
      "trekking",
      "compact",
      "초경량",
      "방수",
      "사계절",
      "트레킹",
      "컴팩트",
    ],
    words: "camping hiking trail mountain nature 캠핑 등산 산 자연",
  },
  fitness: {
    nouns: [
      "yoga mat",
      "dumbbells",
      "resistance bands",
      "running shoes",
      "jump rope",
      "요가매트",
      "덤벨",
      "저항밴드",
      "러닝화",
      "줄넘기",
    ],
    adjectives: [
      "adjustable",
      "non-slip",
      "lightweight",
      "pro",
      "home gym",
      "조절식",
      "미끄럼방지",
      "경량",
      "프로",
      "홈트",
    ],
    words: "workout training exercise gym strength 운동 훈련 헬스 근력",
  },
  stationery: {
    nouns: [
      "fountain pen",
      "notebook",
      "planner",
      "mechanical pencil",
      "highlighter set",
      "만년필",
      "노트",
      "플래너",
      "샤프",
      "형광펜 세트",
    ],
    adjectives: ["dotted", "leather", "refillable", "fine-tip", "pastel", "도트", "가죽", "리필형", "세필", "파스텔"],
    words: "writing paper ink office study 필기 종이 잉크 사무 공부",
  },
  beauty: {
    nouns: [
      "moisturizer",
      "sunscreen",
      "serum",
      "cleanser",
      "lip balm",
      "수분크림",
      "선크림",
      "세럼",
      "클렌저",
      "립밤",
    ],
    adjectives: [
      "hydrating",
      "fragrance-free",
      "vegan",
      "sensitive-skin",
      "daily",
      "수분",
      "무향",
      "비건",
      "민감성",
      "데일리",
    ],
    words: "skin care face glow routine 피부 스킨케어 얼굴 루틴",
  },
};

/** A small seeded PRNG (mulberry32), so the catalogue is the same on every machine. */
export function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` items spread over the categories; ids are `${prefix}-${n}`. */
export function demoCatalogue(count = 200, { prefix = "demo", seed = 42 } = {}) {
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const names = Object.keys(CATEGORIES);
  return Array.from({ length: count }, (_, n) => {
    const category = names[n % names.length];
    const { nouns, adjectives, words } = CATEGORIES[category];
    const noun = pick(nouns);
    const adjective = pick(adjectives);
    return {
      id: `${prefix}-${String(n).padStart(5, "0")}`,
      title: `${adjective} ${noun} ${n}`,
      category,
      description: `${adjective} ${noun}. ${words}`,
      price: Math.round((5 + random() * 295) * 100) / 100,
      stock: Math.floor(random() * 100),
    };
  });
}
