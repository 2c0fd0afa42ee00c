-- Substring search over titles and paths for the wanted list: an external-content FTS5 table
-- with the trigram tokenizer (case-insensitive, any 3+ character substring), kept in step by triggers.
CREATE VIRTUAL TABLE `media_search` USING fts5(title, path, content='media_files', content_rowid='id', tokenize='trigram');
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
