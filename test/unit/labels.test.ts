import { describe, expect, it } from "vitest";
import { domainMatches, maskEmail, organisationDomain, verificationEmail } from "../../workers/domain/labels";
import { generateCode, hashCode, sameHash } from "../../workers/domain/verification-code";

describe("label values", () => {
  it("name their organisation's domain explicitly or by being one, in any case or full-width form", () => {
    expect(organisationDomain({ value: "서울대학교", domain: "snu.ac.kr" })).toBe("snu.ac.kr");
    expect(organisationDomain({ value: " Acme.COM ", domain: null })).toBe("acme.com");
    expect(organisationDomain({ value: "ＡＣＭＥ.com", domain: null })).toBe("acme.com");
    expect(organisationDomain({ value: "Acme", domain: null })).toBeNull();
  });
});

describe("email domains", () => {
  it("match the organisation's domain and its subdomains only", () => {
    expect(domainMatches("kim@SNU.ac.kr", "snu.ac.kr")).toBe(true);
    expect(domainMatches("kim@mail.snu.ac.kr", "snu.ac.kr")).toBe(true);
    expect(domainMatches("kim@notsnu.ac.kr", "snu.ac.kr")).toBe(false);
    expect(domainMatches("kim@snu.ac.kr.evil.io", "snu.ac.kr")).toBe(false);
    expect(domainMatches('"a@snu.ac.kr"@evil.io', "snu.ac.kr")).toBe(false);
  });

  it("are kept and the local part hidden when an address is masked", () => {
    expect(maskEmail("kimchi@snu.ac.kr")).toBe("k***@snu.ac.kr");
  });
});

describe("verification codes", () => {
  it("are six digits with leading zeros kept", () => {
    expect(generateCode((b) => b.fill(4217))).toBe("004217");
  });

  it("redraw values at the top of the 32-bit range instead of folding them onto low codes", () => {
    const draws = [2 ** 32 - 1, 4_294_000_000, 123_456];
    expect(generateCode((b) => b.fill(draws.shift()!))).toBe("123456");
    expect(draws).toEqual([]);
  });

  it("hash differently for another user, label or pepper", async () => {
    const pepper = new TextEncoder().encode("pepper");
    const base = await hashCode(pepper, "u1", "affiliation", "123456");
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashCode(pepper, "u2", "affiliation", "123456")).not.toBe(base);
    expect(await hashCode(pepper, "u1", "role", "123456")).not.toBe(base);
    expect(await hashCode(new TextEncoder().encode("other"), "u1", "affiliation", "123456")).not.toBe(base);
  });

  it("compare equal only when every character is", () => {
    expect(sameHash("abcd", "abcd")).toBe(true);
    expect(sameHash("abcd", "abce")).toBe(false);
    expect(sameHash("abcd", "abc")).toBe(false);
  });
});

describe("the verification email", () => {
  it("carries the code and the organisation in Korean and in English", () => {
    const ko = verificationEmail("ko", "012345", "서울대학교");
    expect(ko.subject).toContain("012345");
    expect(ko.text).toMatch(/서울대학교.*012345.*\n10분/s);
    const en = verificationEmail("en", "012345", "Acme");
    expect(en.text).toMatch(/Acme is 012345.*10 minutes/s);
  });
});
