CREATE TABLE `reports` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`period` text NOT NULL,
	`from_day` text NOT NULL,
	`to_day` text NOT NULL,
	`status` text NOT NULL,
	`body` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_user_period_idx` ON `reports` (`user_id`,`period`,`from_day`);--> statement-breakpoint
CREATE INDEX `reports_user_created_idx` ON `reports` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `retrospects` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`purpose` text NOT NULL,
	`content` text NOT NULL,
	`mood` integer,
	`tags` text NOT NULL,
	`created_at` integer NOT NULL,
	`feedback_status` text NOT NULL,
	`feedback` text,
	`provider` text,
	`model` text,
	`offline` integer DEFAULT false NOT NULL,
	`failure_reason` text,
	`feedback_at` integer
);
--> statement-breakpoint
CREATE INDEX `retrospects_user_idx` ON `retrospects` (`user_id`,`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `users` ADD `timezone` text DEFAULT 'UTC' NOT NULL;