CREATE TABLE `series_scan_stamps` (
	`instance` text NOT NULL,
	`series_id` integer NOT NULL,
	`gen` integer NOT NULL,
	`stamp_json` text,
	PRIMARY KEY(`instance`, `series_id`)
);
--> statement-breakpoint
-- Every stored series starts at 0 with no stamp: the next incremental scan looks at each episode once more.
INSERT INTO `series_scan_stamps` (`instance`, `series_id`, `gen`)
SELECT DISTINCT `instance`, `series_id`, 0 FROM `media_files` WHERE `series_id` IS NOT NULL;
--> statement-breakpoint
-- A stamp holds only while nothing of its series changed: every insert, update and delete of one of
-- its stored files (a scan's write, a download, a forgotten item's cleared decision, a removal) raises
-- the series' count and drops the stamp. A scan leaves a stamp only at the count it read with the files.
CREATE TRIGGER `media_files_stamp_insert` AFTER INSERT ON `media_files` WHEN new.`series_id` IS NOT NULL BEGIN
	INSERT INTO `series_scan_stamps` (`instance`, `series_id`, `gen`) VALUES (new.`instance`, new.`series_id`, 1)
	ON CONFLICT DO UPDATE SET `gen` = `gen` + 1, `stamp_json` = NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `media_files_stamp_update` AFTER UPDATE ON `media_files` BEGIN
	UPDATE `series_scan_stamps` SET `gen` = `gen` + 1, `stamp_json` = NULL
	WHERE `instance` = old.`instance` AND `series_id` = old.`series_id`;
	INSERT INTO `series_scan_stamps` (`instance`, `series_id`, `gen`)
	SELECT new.`instance`, new.`series_id`, 1 WHERE new.`series_id` IS NOT NULL
	ON CONFLICT DO UPDATE SET `gen` = `gen` + 1, `stamp_json` = NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `media_files_stamp_delete` AFTER DELETE ON `media_files` WHEN old.`series_id` IS NOT NULL BEGIN
	UPDATE `series_scan_stamps` SET `gen` = `gen` + 1, `stamp_json` = NULL
	WHERE `instance` = old.`instance` AND `series_id` = old.`series_id`;
END;
