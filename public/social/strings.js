/** Strings of the social pages (feed, communities and challenges), in English and Korean. */
export const socialStrings = {
  en: {},
  ko: {},
};
