CREATE TABLE `price_drops` (
	`item_id` text NOT NULL,
	`at` integer NOT NULL,
	`from_price` real NOT NULL,
	`to_price` real NOT NULL,
	`percent` real NOT NULL,
	PRIMARY KEY(`item_id`, `at`)
);
--> statement-breakpoint
CREATE INDEX `price_drops_at_idx` ON `price_drops` (`at`);