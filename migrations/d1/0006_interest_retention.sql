DROP INDEX `item_interest_recent_idx`;--> statement-breakpoint
CREATE INDEX `item_interest_last_at_idx` ON `item_interest` (`last_at`);