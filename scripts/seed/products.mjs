// The demo catalogue's products, written for it: per category an English list (USD) and a Korean list
// (KRW). A title is `${product.name} ${variant.name}`; a description is `${product.about} ${variant.note}`.
// `price` is the product's usual price in the list's currency; a variant's `factor` scales it.
const en = (products, variants) => ({ products, variants });
const ko = en;

export const PRODUCTS = {
  books: {
    en: en(
      [
        {
          name: "The Lantern Keeper's Orchard",
          about: "A novel about three sisters who inherit a failing apple orchard and one very stubborn lighthouse.",
          price: 17,
        },
        {
          name: "Salt, Smoke and Weeknight Bread",
          about: "A cookbook of 90 recipes for busy evenings, from skillet flatbreads to one-pot stews.",
          price: 32,
        },
        {
          name: "Small Hours: Essays on Paying Attention",
          about: "Twelve essays on walking, listening and noticing the ordinary, by a former radio producer.",
          price: 19,
        },
        {
          name: "Atlas of Forgotten Railways",
          about: "An illustrated history of branch lines that closed, with maps, timetables and photographs.",
          price: 45,
        },
        {
          name: "The Quiet Engineer",
          about: "A biography of the bridge builder who never gave interviews, told through her notebooks.",
          price: 28,
        },
      ],
      [
        { name: "(Paperback)", note: "Paperback edition.", factor: 0.7 },
        { name: "(Hardcover)", note: "Clothbound hardcover with a ribbon marker.", factor: 1 },
        { name: "(Signed Edition)", note: "Signed by the author; limited print run.", factor: 1.6 },
      ],
    ),
    ko: ko(
      [
        {
          name: "바다로 가는 마지막 버스",
          about: "폐선 직전의 시골 버스 노선을 지키는 기사와 승객들의 사계절을 그린 장편소설.",
          price: 15_800,
        },
        {
          name: "혼자 먹는 저녁의 기술",
          about: "퇴근 후 20분 안에 차리는 1인분 집밥 레시피 80가지를 담은 요리책.",
          price: 22_000,
        },
        { name: "느리게 걷는 도시", about: "서울의 골목과 시장을 걸으며 기록한 산책 에세이.", price: 16_500 },
        {
          name: "조선의 지도 이야기",
          about: "대동여지도부터 동네 약도까지, 지도로 읽는 조선의 생활사.",
          price: 27_000,
        },
        { name: "처음 배우는 경제 상식", about: "금리, 환율, 물가를 일상의 예로 풀어 쓴 경제 입문서.", price: 18_000 },
      ],
      [
        { name: "", note: "", factor: 1 },
        { name: "(양장본)", note: "단단한 양장 제본에 가름끈이 달려 있습니다.", factor: 1.3 },
        { name: "(개정판)", note: "최신 내용을 반영한 개정판입니다.", factor: 1.1 },
      ],
    ),
  },
  games: {
    en: en(
      [
        {
          name: "Harbor Masters",
          about: "A strategy board game for 2–4 players: trade cargo, build docks and race the tide.",
          price: 45,
        },
        {
          name: "Midnight Bakery",
          about: "A cooperative card game where everyone bakes against the clock before the morning rush.",
          price: 22,
        },
        {
          name: "Cloud Cartographers",
          about: "A relaxed tile-laying game about mapping floating islands; 30 minutes a round.",
          price: 35,
        },
        {
          name: "Snap Verdict",
          about: "A fast party game of bluffing and quick judgements for 4–10 players.",
          price: 18,
        },
        {
          name: "Thousand-Piece Harbor Sunset Puzzle",
          about: "A 1,000-piece jigsaw puzzle of fishing boats at dusk, with a poster for reference.",
          price: 24,
        },
      ],
      [
        { name: "", note: "", factor: 1 },
        { name: "Deluxe Edition", note: "Deluxe edition with wooden pieces and a storage insert.", factor: 1.7 },
        { name: "Travel Size", note: "Travel size in a zip pouch.", factor: 0.6 },
      ],
    ),
    ko: ko(
      [
        {
          name: "한양 상인전",
          about: "조선 시대 시장을 배경으로 물건을 사고팔며 상단을 키우는 2~4인용 전략 보드게임.",
          price: 42_000,
        },
        {
          name: "우리 집 요리대회",
          about: "가족이 함께 재료 카드를 모아 요리를 완성하는 협력 카드게임.",
          price: 19_000,
        },
        {
          name: "별빛 캠핑장",
          about: "텐트와 모닥불 타일을 놓아 가장 멋진 캠핑장을 만드는 타일 배치 게임.",
          price: 33_000,
        },
        { name: "눈치 백단", about: "4~10명이 즐기는 눈치와 순발력 파티게임.", price: 16_000 },
        { name: "경복궁의 사계 1000피스 퍼즐", about: "사계절의 경복궁을 담은 1000피스 직소 퍼즐.", price: 23_000 },
      ],
      [
        { name: "", note: "", factor: 1 },
        { name: "디럭스 에디션", note: "원목 말과 정리 트레이가 들어 있는 디럭스 에디션입니다.", factor: 1.6 },
        { name: "휴대용", note: "여행 가방에 넣기 좋은 휴대용 구성입니다.", factor: 0.6 },
      ],
    ),
  },
  kitchen: {
    en: en(
      [
        {
          name: "Ironwood 10-inch Cast Iron Skillet",
          about: "Pre-seasoned cast iron skillet that goes from stovetop to oven to campfire.",
          price: 39,
        },
        {
          name: "Kestrel 8-inch Chef's Knife",
          about: "A German stainless steel chef's knife with a full tang and a balanced handle.",
          price: 65,
        },
        {
          name: "Walnut End-Grain Cutting Board",
          about: "End-grain walnut board that is gentle on knife edges; oil it once a month.",
          price: 79,
        },
        {
          name: "Burr Coffee Grinder",
          about: "Conical burr grinder with 31 settings, from espresso to French press.",
          price: 119,
        },
        {
          name: "Tri-Ply 3-Quart Saucepan",
          about: "Tri-ply stainless steel saucepan with a glass lid; works on induction.",
          price: 55,
        },
      ],
      [
        { name: "", note: "", factor: 1 },
        { name: "– Gift Set", note: "Boxed as a gift with a care guide.", factor: 1.25 },
        { name: "– Matte Black", note: "Finished in matte black.", factor: 1.1 },
      ],
    ),
    ko: ko(
      [
        {
          name: "무쇠 주물 프라이팬 26cm",
          about: "길들임 처리가 된 무쇠 팬으로 가스레인지, 오븐, 캠핑 화로에서 모두 쓸 수 있습니다.",
          price: 49_000,
        },
        {
          name: "다마스커스 식도 20cm",
          about: "67겹 다마스커스 강으로 만든 가정용 식도로 채소와 고기 손질에 알맞습니다.",
          price: 89_000,
        },
        { name: "원목 편백 도마", about: "향이 좋은 편백나무 통원목 도마로 칼자국이 덜 남습니다.", price: 35_000 },
        {
          name: "핸드드립 커피 그라인더",
          about: "세라믹 날을 쓴 수동 커피 그라인더로 분쇄도를 15단계로 조절합니다.",
          price: 59_000,
        },
        {
          name: "스테인리스 3중 냄비 18cm",
          about: "통3중 스테인리스 편수 냄비로 인덕션에서도 쓸 수 있습니다.",
          price: 64_000,
        },
      ],
      [
        { name: "", note: "", factor: 1 },
        { name: "선물 세트", note: "선물 포장과 관리 안내서가 함께 들어 있습니다.", factor: 1.25 },
        { name: "블랙 에디션", note: "무광 블랙 마감입니다.", factor: 1.1 },
      ],
    ),
  },
  audio: {
    en: en(
      [
        {
          name: "Northwind Over-Ear Wireless Headphones",
          about: "Noise cancelling wireless headphones with 40 hours of battery and a fold-flat case.",
          price: 199,
        },
        {
          name: "Pebble True Wireless Earbuds",
          about: "Compact bluetooth earbuds with a pocket-sized charging case and clear calls.",
          price: 89,
        },
        {
          name: "Fieldhouse Portable Bluetooth Speaker",
          about: "A waterproof portable speaker with deep bass and 20 hours of music.",
          price: 129,
        },
        {
          name: "Sidecar Belt-Drive Turntable",
          about: "Belt-drive turntable with a built-in preamp; plug straight into powered speakers.",
          price: 249,
        },
        {
          name: "Studio USB Condenser Microphone",
          about: "USB condenser microphone for podcasts and voice calls, with a desk stand.",
          price: 99,
        },
      ],
      [
        { name: "– Charcoal", note: "Charcoal finish.", factor: 1 },
        { name: "– Sand", note: "Sand finish.", factor: 1 },
        { name: "– Midnight Blue", note: "Midnight blue finish, online exclusive.", factor: 1.05 },
      ],
    ),
    ko: ko(
      [
        {
          name: "소리결 노이즈캔슬링 무선 헤드폰",
          about: "주변 소음을 줄여 주는 무선 헤드폰으로 한 번 충전에 40시간 음악을 들을 수 있습니다.",
          price: 259_000,
        },
        {
          name: "하루 무선 이어폰",
          about: "작은 충전 케이스에 통화 품질이 좋은 블루투스 이어폰입니다.",
          price: 119_000,
        },
        {
          name: "캠핑 블루투스 스피커",
          about: "생활 방수가 되는 휴대용 스피커로 저음이 풍부하고 20시간 재생됩니다.",
          price: 149_000,
        },
        {
          name: "오디오룸 LP 턴테이블",
          about: "포노 앰프를 내장한 벨트 드라이브 턴테이블로 스피커에 바로 연결됩니다.",
          price: 329_000,
        },
        {
          name: "홈레코딩 USB 콘덴서 마이크",
          about: "팟캐스트와 화상 회의에 알맞은 USB 콘덴서 마이크로 탁상 스탠드가 포함됩니다.",
          price: 129_000,
        },
      ],
      [
        { name: "화이트", note: "화이트 색상입니다.", factor: 1 },
        { name: "블랙", note: "블랙 색상입니다.", factor: 1 },
        { name: "네이비", note: "온라인 한정 네이비 색상입니다.", factor: 1.05 },
      ],
    ),
  },
  outdoor: {
    en: en(
      [
        {
          name: "Ridgeline 2-Person Backpacking Tent",
          about: "A freestanding ultralight tent with two doors; pitches in five minutes.",
          price: 289,
        },
        {
          name: "Emberlight Down Sleeping Bag",
          about: "A 650-fill down sleeping bag rated to 20°F, packed in a compression sack.",
          price: 219,
        },
        {
          name: "Switchback Waterproof Hiking Boots",
          about: "Mid-cut waterproof hiking boots with a grippy sole for wet trails.",
          price: 159,
        },
        {
          name: "Trailhead 38L Daypack",
          about: "A 38-liter hiking backpack with a ventilated back panel and a rain cover.",
          price: 119,
        },
        {
          name: "Pocket Camping Stove",
          about: "A folding canister stove that boils a liter of water in about four minutes.",
          price: 45,
        },
      ],
      [
        { name: "", note: "", factor: 1 },
        { name: "– Forest Green", note: "In forest green.", factor: 1 },
        { name: "– Trail Bundle", note: "Bundled with a stuff sack and repair kit.", factor: 1.2 },
      ],
    ),
    ko: ko(
      [
        {
          name: "초경량 2인용 백패킹 텐트",
          about: "자립형 초경량 텐트로 출입문이 두 개이고 5분이면 설치할 수 있습니다.",
          price: 329_000,
        },
        {
          name: "사계절 구스다운 침낭",
          about: "영하 5도까지 견디는 구스다운 침낭으로 압축 주머니가 포함됩니다.",
          price: 259_000,
        },
        {
          name: "방수 중등산화",
          about: "젖은 산길에서도 잘 미끄러지지 않는 밑창의 방수 등산화입니다.",
          price: 189_000,
        },
        {
          name: "데이하이킹 배낭 35L",
          about: "등판 통풍 구조와 레인커버를 갖춘 35리터 등산 배낭입니다.",
          price: 139_000,
        },
        { name: "접이식 캠핑 버너", about: "1리터의 물을 4분 안에 끓이는 접이식 가스 버너입니다.", price: 59_000 },
      ],
      [
        { name: "", note: "", factor: 1 },
        { name: "카키", note: "카키 색상입니다.", factor: 1 },
        { name: "캠핑 패키지", note: "수납 주머니와 수리 키트가 함께 들어 있습니다.", factor: 1.2 },
      ],
    ),
  },
  fitness: {
    en: en(
      [
        {
          name: "Grounded 6mm Non-Slip Yoga Mat",
          about: "A 6 mm non-slip yoga mat with alignment lines, light enough to carry to class.",
          price: 48,
        },
        {
          name: "Adjustable Dumbbell Pair, 5–52 lb",
          about: "A pair of adjustable dumbbells that change weight with a turn of the dial.",
          price: 299,
        },
        {
          name: "Loop Resistance Band Set",
          about: "Five resistance bands from light to extra heavy, with a door anchor and a workout guide.",
          price: 29,
        },
        {
          name: "Tempo Road Running Shoes",
          about: "Cushioned lightweight running shoes for daily training and long runs.",
          price: 129,
        },
        {
          name: "Speed Jump Rope",
          about: "A ball-bearing speed rope with an adjustable steel cable for home workouts.",
          price: 19,
        },
      ],
      [
        { name: "", note: "", factor: 1 },
        { name: "– Slate", note: "In slate grey.", factor: 1 },
        { name: "– Home Gym Kit", note: "Comes with a carry bag and a printed 4-week plan.", factor: 1.3 },
      ],
    ),
    ko: ko(
      [
        {
          name: "미끄럼 방지 요가매트 8mm",
          about: "정렬선이 인쇄된 8mm 요가매트로 바닥에 잘 밀리지 않습니다.",
          price: 45_000,
        },
        {
          name: "무게 조절 덤벨 세트 24kg",
          about: "다이얼을 돌려 2.5kg부터 24kg까지 무게를 바꾸는 덤벨 한 쌍입니다.",
          price: 349_000,
        },
        {
          name: "홈트 저항밴드 5종 세트",
          about: "강도가 다른 저항밴드 다섯 개와 문고리 고정 장치, 운동 안내서가 들어 있습니다.",
          price: 29_000,
        },
        { name: "데일리 쿠셔닝 러닝화", about: "매일 달리기에 알맞은 가볍고 푹신한 러닝화입니다.", price: 139_000 },
        { name: "스피드 줄넘기", about: "베어링이 들어간 손잡이와 길이 조절 와이어로 된 줄넘기입니다.", price: 15_000 },
      ],
      [
        { name: "", note: "", factor: 1 },
        { name: "그레이", note: "그레이 색상입니다.", factor: 1 },
        { name: "홈트 패키지", note: "수납 가방과 4주 운동 계획표가 함께 들어 있습니다.", factor: 1.3 },
      ],
    ),
  },
  stationery: {
    en: en(
      [
        {
          name: "Heron Fountain Pen, Fine Nib",
          about: "A refillable fountain pen with a steel fine nib and a converter for bottled ink.",
          price: 38,
        },
        {
          name: "Field Notes Dotted Notebook A5",
          about: "An A5 dotted notebook with 160 pages of fountain-pen-friendly paper.",
          price: 22,
        },
        {
          name: "Undated Weekly Planner",
          about: "A weekly planner without dates, so it starts whenever you do.",
          price: 26,
        },
        {
          name: "Drafting Mechanical Pencil 0.5 mm",
          about: "A metal-grip mechanical pencil for drawing and precise note-taking.",
          price: 14,
        },
        {
          name: "Pastel Highlighter Set of 6",
          about: "Six soft pastel highlighters with chisel tips that do not bleed through.",
          price: 9,
        },
      ],
      [
        { name: "", note: "", factor: 1 },
        { name: "– Navy", note: "Navy cover.", factor: 1 },
        { name: "– Leather Edition", note: "Leather cover or case, hand-stitched.", factor: 1.8 },
      ],
    ),
    ko: ko(
      [
        {
          name: "세필 만년필 EF촉",
          about: "컨버터가 들어 있어 병잉크를 넣어 쓸 수 있는 EF촉 만년필입니다.",
          price: 45_000,
        },
        { name: "도트 노트 A5", about: "만년필로 써도 번지지 않는 종이 160쪽의 A5 도트 노트입니다.", price: 12_000 },
        { name: "만년 위클리 플래너", about: "날짜가 없어서 언제든 시작할 수 있는 주간 플래너입니다.", price: 16_000 },
        { name: "제도용 샤프 0.5", about: "금속 그립의 제도용 샤프로 필기와 스케치에 알맞습니다.", price: 11_000 },
        { name: "파스텔 형광펜 6색 세트", about: "뒷면에 잘 비치지 않는 파스텔 형광펜 여섯 자루입니다.", price: 8_000 },
      ],
      [
        { name: "", note: "", factor: 1 },
        { name: "네이비", note: "네이비 색상입니다.", factor: 1 },
        { name: "가죽 에디션", note: "손바느질한 가죽 커버나 케이스가 함께 옵니다.", factor: 1.8 },
      ],
    ),
  },
  beauty: {
    en: en(
      [
        {
          name: "Daily Mineral Sunscreen SPF 50",
          about: "A lightweight mineral sunscreen with no white cast, for everyday wear.",
          price: 24,
        },
        {
          name: "Calm Hydrating Moisturizer",
          about: "A fragrance-free moisturizer with ceramides for dry and sensitive skin.",
          price: 32,
        },
        {
          name: "Bright Vitamin C Serum",
          about: "A vitamin C serum that evens skin tone; use it in the morning before sunscreen.",
          price: 36,
        },
        {
          name: "Gentle Gel Cleanser",
          about: "A low-pH gel cleanser that removes sunscreen without tightness.",
          price: 18,
        },
        { name: "Shea Lip Balm Trio", about: "Three shea butter lip balms: unscented, mint and vanilla.", price: 12 },
      ],
      [
        { name: "", note: "", factor: 1 },
        { name: "Travel Size", note: "Travel size, carry-on friendly.", factor: 0.55 },
        { name: "Value Size", note: "Value size, about twice the regular amount.", factor: 1.7 },
      ],
    ),
    ko: ko(
      [
        {
          name: "데일리 무기자차 선크림 SPF50+",
          about: "백탁이 적고 가볍게 발리는 매일 쓰는 무기자차 선크림입니다.",
          price: 22_000,
        },
        {
          name: "진정 수분크림",
          about: "세라마이드가 들어간 무향 수분크림으로 건조하고 민감한 피부에 알맞습니다.",
          price: 28_000,
        },
        {
          name: "비타민C 잡티 세럼",
          about: "피부 톤을 고르게 해 주는 비타민C 세럼으로 아침 선크림 전에 바릅니다.",
          price: 32_000,
        },
        { name: "약산성 젤 클렌저", about: "선크림까지 당김 없이 씻어 내는 약산성 젤 클렌저입니다.", price: 16_000 },
        { name: "시어버터 립밤 3종", about: "무향, 민트, 바닐라 세 가지 시어버터 립밤입니다.", price: 12_000 },
      ],
      [
        { name: "", note: "", factor: 1 },
        { name: "미니 사이즈", note: "여행용 미니 사이즈입니다.", factor: 0.55 },
        { name: "대용량", note: "일반 용량의 약 두 배인 대용량입니다.", factor: 1.7 },
      ],
    ),
  },
};
