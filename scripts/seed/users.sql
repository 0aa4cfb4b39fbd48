-- Demo users, one per language plus an administrator. Idempotent: safe on every `npm run dev`.
INSERT OR IGNORE INTO users (id, email, display_name, locale, role, tier, created_at, updated_at) VALUES
  ('demo-ko', 'jimin@example.com', '김지민', 'ko', 'user', 'free', 1767225600000, 1767225600000),
  ('demo-en', 'alex@example.com', 'Alex Morgan', 'en', 'user', 'pro', 1767225600000, 1767225600000),
  ('demo-admin', 'admin@example.com', 'Edge Coach Admin', 'en', 'admin', 'pro', 1767225600000, 1767225600000);
