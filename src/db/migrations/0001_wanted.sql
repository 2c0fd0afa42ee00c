CREATE TABLE `media_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`instance` text NOT NULL,
	`media_key` text NOT NULL,
	`kind` text NOT NULL,
	`arr_file_id` integer,
	`series_id` integer,
	`movie_id` integer,
	`episode_ids_json` text DEFAULT '[]' NOT NULL,
	`title` text NOT NULL,
	`season` integer,
	`episodes_json` text DEFAULT '[]' NOT NULL,
	`year` integer,
	`imdb_id` text,
	`tvdb_id` integer,
	`tmdb_id` integer,
	`scene_name` text,
	`release_group` text,
	`arr_path` text NOT NULL,
	`path` text NOT NULL,
	`relative_path` text,
	`size` integer NOT NULL,
	`mtime_ms` integer,
	`date_added` text,
	`subtitles_json` text DEFAULT '[]' NOT NULL,
	`inspected_at` text,
	`last_seen_at` text NOT NULL,
	`last_scan_id` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `media_files_identity` ON `media_files` (`instance`,`media_key`);--> statement-breakpoint
CREATE INDEX `media_files_series` ON `media_files` (`instance`,`series_id`);--> statement-breakpoint
CREATE INDEX `media_files_movie` ON `media_files` (`instance`,`movie_id`);--> statement-breakpoint
CREATE INDEX `media_files_path` ON `media_files` (`path`);--> statement-breakpoint
CREATE TABLE `profile_overrides` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instance` text NOT NULL,
	`kind` text NOT NULL,
	`arr_id` integer NOT NULL,
	`languages_json` text,
	`forced` text,
	`hearing_impaired` text,
	`embedded` text,
	`formats_json` text,
	`upgrade_srt_to_ass` integer,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `profile_overrides_target` ON `profile_overrides` (`instance`,`kind`,`arr_id`);--> statement-breakpoint
CREATE TABLE `scan_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mode` text NOT NULL,
	`trigger` text NOT NULL,
	`scope_json` text DEFAULT '{}' NOT NULL,
	`status` text NOT NULL,
	`phase` text DEFAULT 'starting' NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`current` text,
	`summary_json` text,
	`errors_json` text DEFAULT '{}' NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text
);
--> statement-breakpoint
CREATE INDEX `scan_runs_started` ON `scan_runs` (`started_at`);--> statement-breakpoint
CREATE TABLE `scan_sources` (
	`instance` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`last_success_at` text,
	`last_full_at` text,
	`last_error` text,
	`last_error_at` text
);
--> statement-breakpoint
CREATE TABLE `wanted_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`media_file_id` integer NOT NULL,
	`instance` text NOT NULL,
	`kind` text NOT NULL,
	`language` text NOT NULL,
	`variant` text NOT NULL,
	`status` text DEFAULT 'wanted' NOT NULL,
	`satisfied_by` text,
	`upgrade_candidate` integer DEFAULT false NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_searched_at` text,
	`retry_after` text,
	`last_error` text,
	`added_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`resolved_at` text,
	FOREIGN KEY (`media_file_id`) REFERENCES `media_files`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `wanted_items_identity` ON `wanted_items` (`media_file_id`,`language`,`variant`);--> statement-breakpoint
CREATE INDEX `wanted_items_status` ON `wanted_items` (`status`,`retry_after`,`added_at`);--> statement-breakpoint
CREATE INDEX `wanted_items_added` ON `wanted_items` (`added_at`);--> statement-breakpoint
CREATE INDEX `wanted_items_instance` ON `wanted_items` (`instance`,`status`);