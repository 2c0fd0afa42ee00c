-- Word-prefix search instead of trigrams: indexing a file costs a third as much (a cold scan of
-- 10,000 files spent ~0.3 s in trigram tokenizing), and people type the start of words anyway.
DROP TRIGGER IF EXISTS `media_files_search_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `media_files_search_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `media_files_search_update`;
--> statement-breakpoint
DROP TABLE IF EXISTS `media_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `media_search` USING fts5(title, path, content='media_files', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
INSERT INTO `media_search` (rowid, title, path) SELECT id, title, path FROM `media_files`;
--> statement-breakpoint
CREATE TRIGGER `media_files_search_insert` AFTER INSERT ON `media_files` BEGIN
  INSERT INTO `media_search` (rowid, title, path) VALUES (new.id, new.title, new.path);
END;
--> statement-breakpoint
CREATE TRIGGER `media_files_search_delete` AFTER DELETE ON `media_files` BEGIN
  INSERT INTO `media_search` (`media_search`, rowid, title, path) VALUES ('delete', old.id, old.title, old.path);
END;
--> statement-breakpoint
CREATE TRIGGER `media_files_search_update` AFTER UPDATE OF title, path ON `media_files`
WHEN old.title IS NOT new.title OR old.path IS NOT new.path BEGIN
  INSERT INTO `media_search` (`media_search`, rowid, title, path) VALUES ('delete', old.id, old.title, old.path);
  INSERT INTO `media_search` (rowid, title, path) VALUES (new.id, new.title, new.path);
END;
