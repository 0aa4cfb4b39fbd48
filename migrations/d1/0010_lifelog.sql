CREATE TABLE `activity_days` (
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`tz` text NOT NULL,
	`minutes` text NOT NULL,
	`hours` text NOT NULL,
	`exercise` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `activity_days_day_idx` ON `activity_days` (`day`);--> statement-breakpoint
CREATE TABLE `activity_events` (
	`user_id` text NOT NULL,
	`event_id` text NOT NULL,
	`source` text NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`device_id` text,
	`category` text NOT NULL,
	`confidence` real NOT NULL,
	`metadata` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `activity_events_user_start_idx` ON `activity_events` (`user_id`,`start_at`);--> statement-breakpoint
CREATE TABLE `email_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `email_outbox_created_idx` ON `email_outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `insight_answers` (
	`cohort` text NOT NULL,
	`day` text NOT NULL,
	`answer` text NOT NULL,
	`epsilon_spent` real NOT NULL,
	`draws` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`cohort`, `day`)
);
--> statement-breakpoint
CREATE TABLE `label_verifications` (
	`user_id` text NOT NULL,
	`key` text NOT NULL,
	`email` text NOT NULL,
	`code_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`used_at` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `lifelog_visibility` (
	`user_id` text PRIMARY KEY NOT NULL,
	`visibility` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `lifelog_visibility_idx` ON `lifelog_visibility` (`visibility`);--> statement-breakpoint
CREATE TABLE `timeline_days` (
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`tz` text NOT NULL,
	`entries` text NOT NULL,
	`archived_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `user_labels` (
	`user_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`value_key` text NOT NULL,
	`visibility` text NOT NULL,
	`domain` text,
	`verified_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `user_labels_cohort_idx` ON `user_labels` (`key`,`value_key`);