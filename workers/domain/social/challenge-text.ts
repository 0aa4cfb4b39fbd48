/** The live notifications of challenges, in the member's language (users.locale). */

type Locale = "en" | "ko";
export type Notice = { title: string; body: string };

const number = (n: number, locale: Locale) => n.toLocaleString(locale === "ko" ? "ko-KR" : "en-US");

export function reachedNotice(locale: Locale, challenge: { title: string; target: number }): Notice {
  return locale === "ko"
    ? {
        title: `도전 목표 달성: ${challenge.title}`,
        body: `축하해요! "${challenge.title}" 목표 ${number(challenge.target, locale)}에 도달했어요.`,
      }
    : {
        title: `Challenge target reached: ${challenge.title}`,
        body: `Well done! You reached the target of ${number(challenge.target, locale)} in "${challenge.title}".`,
      };
}

export function endedNotice(locale: Locale, challenge: { title: string }, rank: number, of: number): Notice {
  return locale === "ko"
    ? {
        title: `도전 종료: ${challenge.title}`,
        body: `"${challenge.title}"이(가) 끝났어요. 최종 순위는 ${number(of, locale)}명 중 ${number(rank, locale)}위예요.`,
      }
    : {
        title: `Challenge ended: ${challenge.title}`,
        body: `"${challenge.title}" has ended. Your final rank is ${number(rank, locale)} of ${number(of, locale)}.`,
      };
}
