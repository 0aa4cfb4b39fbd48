CREATE TABLE `challenge_progress` (
	`challenge_id` text NOT NULL,
	`user_id` text NOT NULL,
	`value` real NOT NULL,
	`days` text NOT NULL,
	`reached_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`challenge_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `challenge_progress_rank_idx` ON `challenge_progress` (`challenge_id`,`value`);--> statement-breakpoint
CREATE INDEX `challenge_progress_user_idx` ON `challenge_progress` (`user_id`);--> statement-breakpoint
CREATE TABLE `challenges` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`title` text NOT NULL,
	`metric` text NOT NULL,
	`target` real NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`ended_notified_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `challenges_community_idx` ON `challenges` (`community_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `challenges_end_idx` ON `challenges` (`end_at`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`post_id` text NOT NULL,
	`author_id` text NOT NULL,
	`body` text NOT NULL,
	`moderation` text NOT NULL,
	`moderation_reason` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `comments_post_created_idx` ON `comments` (`post_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `comments_author_idx` ON `comments` (`author_id`);--> statement-breakpoint
CREATE TABLE `communities` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`owner_id` text NOT NULL,
	`pro_only` integer DEFAULT false NOT NULL,
	`member_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `communities_created_idx` ON `communities` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `community_members` (
	`community_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`community_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `community_members_user_idx` ON `community_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `feed_inbox` (
	`user_id` text NOT NULL,
	`post_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `post_id`)
);
--> statement-breakpoint
CREATE INDEX `feed_inbox_user_created_idx` ON `feed_inbox` (`user_id`,`created_at`,`post_id`);--> statement-breakpoint
CREATE INDEX `feed_inbox_post_idx` ON `feed_inbox` (`post_id`);--> statement-breakpoint
CREATE TABLE `follows` (
	`follower_id` text NOT NULL,
	`followee_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`follower_id`, `followee_id`)
);
--> statement-breakpoint
CREATE INDEX `follows_followee_idx` ON `follows` (`followee_id`,`follower_id`);--> statement-breakpoint
CREATE TABLE `label_follows` (
	`user_id` text NOT NULL,
	`key` text NOT NULL,
	`value_key` text NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `key`, `value_key`)
);
--> statement-breakpoint
CREATE INDEX `label_follows_value_idx` ON `label_follows` (`key`,`value_key`);--> statement-breakpoint
CREATE TABLE `posts` (
	`id` text PRIMARY KEY NOT NULL,
	`author_id` text NOT NULL,
	`body` text NOT NULL,
	`visibility` text NOT NULL,
	`community_id` text,
	`snapshot` text,
	`reaction_count` integer DEFAULT 0 NOT NULL,
	`score` real DEFAULT 0 NOT NULL,
	`comment_count` integer DEFAULT 0 NOT NULL,
	`removed_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `posts_author_created_idx` ON `posts` (`author_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `posts_visibility_created_idx` ON `posts` (`visibility`,`created_at`);--> statement-breakpoint
CREATE INDEX `posts_visibility_score_idx` ON `posts` (`visibility`,`score`);--> statement-breakpoint
CREATE INDEX `posts_community_created_idx` ON `posts` (`community_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `reactions` (
	`post_id` text NOT NULL,
	`user_id` text NOT NULL,
	`type` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`post_id`, `user_id`, `type`)
);
--> statement-breakpoint
CREATE INDEX `reactions_user_idx` ON `reactions` (`user_id`);