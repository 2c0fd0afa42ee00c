CREATE TABLE `media_search_cursor` (
	`id` integer PRIMARY KEY NOT NULL,
	`through` integer NOT NULL
);
--> statement-breakpoint
-- The files stored so far are in the index (migration 0008 and its triggers).
INSERT INTO `media_search_cursor` (`id`, `through`) SELECT 1, coalesce(max(`id`), 0) FROM `media_files`;
--> statement-breakpoint
-- A new file is no longer indexed by a trigger as it is inserted: a first scan of 2,000 files spent
-- ~50 ms of its writer's time on that, and indexing them together once the scan ended takes ~25 ms.
-- Only a file already in the index is taken out of it or indexed again here: deleting a row the
-- index never held corrupts it. media_files ids are never reused (AUTOINCREMENT), so a new file's
-- id is above `through`; a row inserted with an explicit lower id is indexed at once.
DROP TRIGGER IF EXISTS `media_files_search_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `media_files_search_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `media_files_search_update`;
--> statement-breakpoint
CREATE TRIGGER `media_files_search_insert` AFTER INSERT ON `media_files`
WHEN new.`id` <= (SELECT `through` FROM `media_search_cursor` WHERE `id` = 1) BEGIN
  INSERT INTO `media_search` (rowid, title, path) VALUES (new.id, new.title, new.path);
END;
--> statement-breakpoint
CREATE TRIGGER `media_files_search_delete` AFTER DELETE ON `media_files`
WHEN old.`id` <= (SELECT `through` FROM `media_search_cursor` WHERE `id` = 1) BEGIN
  INSERT INTO `media_search` (`media_search`, rowid, title, path) VALUES ('delete', old.id, old.title, old.path);
END;
--> statement-breakpoint
CREATE TRIGGER `media_files_search_update` AFTER UPDATE OF title, path ON `media_files`
WHEN (old.title IS NOT new.title OR old.path IS NOT new.path)
  AND old.`id` <= (SELECT `through` FROM `media_search_cursor` WHERE `id` = 1) BEGIN
  INSERT INTO `media_search` (`media_search`, rowid, title, path) VALUES ('delete', old.id, old.title, old.path);
  INSERT INTO `media_search` (rowid, title, path) VALUES (new.id, new.title, new.path);
END;
