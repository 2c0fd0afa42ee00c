CREATE INDEX `media_files_title` ON `media_files` (`title`);--> statement-breakpoint
CREATE INDEX `wanted_items_status_language` ON `wanted_items` (`status`,`language`,`added_at`);