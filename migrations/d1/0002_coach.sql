CREATE TABLE `coach_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`leadership_type` text,
	`title` text,
	`message_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `coach_sessions_user_idx` ON `coach_sessions` (`user_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `knowledge_docs` (
	`doc_id` text PRIMARY KEY NOT NULL,
	`path` text NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`content_hash` text NOT NULL,
	`chunk_count` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `request_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`route` text NOT NULL,
	`method` text NOT NULL,
	`status` integer NOT NULL,
	`latency_ms` integer NOT NULL,
	`provider` text,
	`model` text,
	`tokens` integer,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `request_logs_at_idx` ON `request_logs` (`at`);--> statement-breakpoint
CREATE INDEX `request_logs_user_idx` ON `request_logs` (`user_id`,`at`);