CREATE TABLE `blacklist` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider` text NOT NULL,
	`candidate_id` text NOT NULL,
	`reason` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `blacklist_candidate` ON `blacklist` (`provider`,`candidate_id`);--> statement-breakpoint
CREATE TABLE `provider_state` (
	`provider` text PRIMARY KEY NOT NULL,
	`paused_until` text,
	`pause_reason` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `search_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`trigger` text NOT NULL,
	`scope_json` text DEFAULT '{}' NOT NULL,
	`status` text NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`found` integer DEFAULT 0 NOT NULL,
	`not_found` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`current` text,
	`started_at` text NOT NULL,
	`finished_at` text
);
--> statement-breakpoint
CREATE INDEX `search_runs_started` ON `search_runs` (`started_at`);--> statement-breakpoint
CREATE TABLE `subtitle_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`wanted_item_id` integer,
	`instance` text NOT NULL,
	`title` text NOT NULL,
	`language` text NOT NULL,
	`variant` text NOT NULL,
	`provider` text NOT NULL,
	`candidate_id` text NOT NULL,
	`release` text,
	`score` integer NOT NULL,
	`score_json` text DEFAULT '{}' NOT NULL,
	`format` text NOT NULL,
	`encoding` text,
	`path` text NOT NULL,
	`sha256` text NOT NULL,
	`action` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`wanted_item_id`) REFERENCES `wanted_items`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `subtitle_history_path` ON `subtitle_history` (`path`);--> statement-breakpoint
CREATE INDEX `subtitle_history_created` ON `subtitle_history` (`created_at`);--> statement-breakpoint
ALTER TABLE `wanted_items` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `wanted_items` ADD `lease_expires_at` text;--> statement-breakpoint
CREATE INDEX `wanted_items_lease` ON `wanted_items` (`lease_expires_at`);