/** The coach demo's partner page, in both languages (its sign-in script keeps its own few words). */
export const coachDemoStrings = {
  en: {
    "demo.portal": "Partner portal · leadership programme",
    "demo.heading": "Coaching widget demo",
    "demo.intro":
      "This page plays a partner site. Its stylesheet turns every element red and serif and restyles every button; the Edge Coach widget in the corner renders in a shadow root, so none of that reaches it. The page embeds the widget with one script tag, signs in with a development token and hands it over with window.postMessage.",
    "demo.user": "Demo user",
    "demo.style": "Leadership style",
    "demo.noStyle": "(none)",
    "demo.courses": "This term's courses",
    "demo.course1": "Delegating well",
    "demo.course1.text": "Four levels of delegation and when to use each.",
    "demo.course2": "Feedback that lands",
    "demo.course2.text": "Situation, behaviour, impact, in practice.",
    "demo.course3": "Meetings worth having",
    "demo.course3.text": "Agendas, decisions and follow-through.",
  },
  ko: {
    "demo.portal": "파트너 포털 · 리더십 과정",
    "demo.heading": "코칭 위젯 데모",
    "demo.intro":
      "이 페이지는 파트너 사이트 역할을 합니다. 스타일시트가 모든 요소를 빨간 명조체로 바꾸고 버튼마다 모양을 바꾸지만, 구석의 Edge Coach 위젯은 섀도 루트 안에 그려지므로 아무 영향도 받지 않습니다. 이 페이지는 스크립트 태그 하나로 위젯을 넣고, 개발용 토큰으로 로그인한 뒤 window.postMessage로 토큰을 넘깁니다.",
    "demo.user": "데모 사용자",
    "demo.style": "리더십 스타일",
    "demo.noStyle": "(없음)",
    "demo.courses": "이번 학기 과정",
    "demo.course1": "위임 잘하기",
    "demo.course1.text": "위임의 네 단계와 각각을 쓸 때.",
    "demo.course2": "전달되는 피드백",
    "demo.course2.text": "상황, 행동, 영향을 실제로 적용하기.",
    "demo.course3": "가치 있는 회의",
    "demo.course3.text": "안건, 결정, 후속 조치.",
  },
};
