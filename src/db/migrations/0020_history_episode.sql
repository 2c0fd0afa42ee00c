ALTER TABLE `subtitle_history` ADD `season` integer;--> statement-breakpoint
ALTER TABLE `subtitle_history` ADD `episodes_json` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- Rows recorded before: the episode from the item's file, while the item is still there.
UPDATE `subtitle_history` SET
	`season` = (SELECT m.`season` FROM `wanted_items` w JOIN `media_files` m ON m.`id` = w.`media_file_id` WHERE w.`id` = `subtitle_history`.`wanted_item_id`),
	`episodes_json` = coalesce((SELECT m.`episodes_json` FROM `wanted_items` w JOIN `media_files` m ON m.`id` = w.`media_file_id` WHERE w.`id` = `subtitle_history`.`wanted_item_id`), '[]')
WHERE `wanted_item_id` IS NOT NULL;
