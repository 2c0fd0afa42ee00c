CREATE TABLE `subtitle_syncs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`history_id` integer NOT NULL,
	`path` text NOT NULL,
	`method` text NOT NULL,
	`reference_json` text NOT NULL,
	`status` text NOT NULL,
	`phase` text,
	`outcome` text,
	`reason` text,
	`offset_ms` real,
	`ratio` real,
	`ratio_label` text,
	`confidence` real,
	`original_sha256` text,
	`result_history_id` integer,
	`restored_history_id` integer,
	`started_at` text NOT NULL,
	`finished_at` text,
	`restored_at` text
);
--> statement-breakpoint
CREATE INDEX `subtitle_syncs_history` ON `subtitle_syncs` (`history_id`);--> statement-breakpoint
CREATE INDEX `subtitle_syncs_path` ON `subtitle_syncs` (`path`);