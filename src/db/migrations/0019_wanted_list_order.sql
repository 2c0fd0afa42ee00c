DROP INDEX `wanted_items_added`;--> statement-breakpoint
CREATE INDEX `wanted_items_added` ON `wanted_items` (`added_at`,`id`,`status`,`media_file_id`);