CREATE TABLE `item_events` (
	`user_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`type` text NOT NULL,
	`item_id` text,
	`query` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `trace_id`)
);
--> statement-breakpoint
CREATE INDEX `item_events_item_idx` ON `item_events` (`item_id`,`at`);--> statement-breakpoint
CREATE INDEX `item_events_at_idx` ON `item_events` (`at`);--> statement-breakpoint
CREATE TABLE `item_interest` (
	`item_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`item_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `item_interest_recent_idx` ON `item_interest` (`item_id`,`last_at`);--> statement-breakpoint
CREATE TABLE `items` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`category` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`price` real NOT NULL,
	`stock` integer NOT NULL,
	`vector` blob,
	`embedding_model` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `items_category_idx` ON `items` (`category`,`created_at`);