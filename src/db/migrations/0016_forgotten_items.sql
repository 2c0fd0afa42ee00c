-- A stored file's `decided` marker (in subtitles_json) says its items are what a scan decided for
-- it: an incremental scan then leaves the file alone. An item deleted afterwards (the user forgets
-- one) clears the marker, so the next scan decides the file again and makes the item anew. Every
-- scan used to count each stored file's items for this instead (a correlated count per file read).
-- A scan that drops an item itself (a language the profile no longer wants) clears it too: that
-- file is decided once more by the next scan, which then finds nothing to drop.
CREATE TRIGGER `wanted_items_forget_decision` AFTER DELETE ON `wanted_items`
WHEN json_valid((SELECT `subtitles_json` FROM `media_files` WHERE `id` = old.`media_file_id`)) BEGIN
	UPDATE `media_files` SET `subtitles_json` = json_remove(`subtitles_json`, '$.decided')
	WHERE `id` = old.`media_file_id` AND json_type(`subtitles_json`, '$.decided') IS NOT NULL;
END;
--> statement-breakpoint
-- Files whose items were forgotten before this trigger existed: their marker counts more items than they have.
UPDATE `media_files` SET `subtitles_json` = json_remove(`subtitles_json`, '$.decided')
WHERE json_valid(`subtitles_json`)
	AND json_type(`subtitles_json`, '$.decided.items') IS NOT NULL
	AND json_extract(`subtitles_json`, '$.decided.items') <> (SELECT count(*) FROM `wanted_items` w WHERE w.`media_file_id` = `media_files`.`id`);
