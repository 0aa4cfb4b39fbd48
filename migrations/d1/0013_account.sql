CREATE TABLE `analytics_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`type` text NOT NULL,
	`input` text DEFAULT '{}' NOT NULL,
	`object_key` text,
	`created_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE INDEX `analytics_reports_user_idx` ON `analytics_reports` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_hash` text NOT NULL,
	`action` text NOT NULL,
	`subject_hash` text NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_subject_idx` ON `audit_log` (`subject_hash`,`at`);--> statement-breakpoint
CREATE TABLE `erasure_receipts` (
	`id` text PRIMARY KEY NOT NULL,
	`subject_hash` text NOT NULL,
	`status` text NOT NULL,
	`stores` text DEFAULT '{}' NOT NULL,
	`requested_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE INDEX `erasure_receipts_subject_idx` ON `erasure_receipts` (`subject_hash`);--> statement-breakpoint
CREATE TABLE `revoked_subjects` (
	`subject_hash` text PRIMARY KEY NOT NULL,
	`not_before` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stripe_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`created` integer NOT NULL,
	`applied_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `usage_counters` (
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`window` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `name`, `window`)
);
--> statement-breakpoint
CREATE TABLE `user_entitlements` (
	`user_id` text PRIMARY KEY NOT NULL,
	`tier` text DEFAULT 'free' NOT NULL,
	`status` text DEFAULT 'none' NOT NULL,
	`stripe_customer_id` text,
	`stripe_subscription_id` text,
	`renews_at` integer,
	`grace_until` integer,
	`state_at` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `user_entitlements_customer_idx` ON `user_entitlements` (`stripe_customer_id`);--> statement-breakpoint
CREATE INDEX `user_entitlements_grace_idx` ON `user_entitlements` (`grace_until`);--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
