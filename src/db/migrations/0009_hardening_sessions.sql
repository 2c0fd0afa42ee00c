CREATE TABLE `ui_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`user_agent` text,
	`address` text
);
--> statement-breakpoint
CREATE INDEX `ui_sessions_expires` ON `ui_sessions` (`expires_at`);--> statement-breakpoint
ALTER TABLE `media_files` ADD `missing_since` text;--> statement-breakpoint
ALTER TABLE `subtitle_history` ADD `size` integer;