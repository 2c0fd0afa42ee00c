-- Counts kept by triggers (the dashboard and list totals read them, not the whole table) and a version
-- number that tells a cached list order whether it still holds.
CREATE TABLE `wanted_list_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `wanted_tallies` (
	`status` text NOT NULL,
	`kind` text NOT NULL,
	`instance` text NOT NULL,
	`language` text NOT NULL,
	`variant` text NOT NULL,
	`existing` text NOT NULL,
	`upgrade` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`status`, `kind`, `instance`, `language`, `variant`, `existing`, `upgrade`)
);
--> statement-breakpoint
INSERT INTO `wanted_list_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
INSERT INTO `wanted_tallies` (`status`, `kind`, `instance`, `language`, `variant`, `existing`, `upgrade`, `n`)
SELECT status, kind, instance, language, variant,
  CASE WHEN satisfied_by IS NULL THEN 'none' WHEN satisfied_by LIKE 'sidecar:%' THEN 'sidecar' ELSE 'embedded' END,
  upgrade_candidate, count(*)
FROM `wanted_items` GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
CREATE TRIGGER `wanted_tallies_insert` AFTER INSERT ON `wanted_items` BEGIN
  INSERT INTO `wanted_tallies` (`status`, `kind`, `instance`, `language`, `variant`, `existing`, `upgrade`, `n`)
  VALUES (new.status, new.kind, new.instance, new.language, new.variant,
    CASE WHEN new.satisfied_by IS NULL THEN 'none' WHEN new.satisfied_by LIKE 'sidecar:%' THEN 'sidecar' ELSE 'embedded' END,
    new.upgrade_candidate, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
  UPDATE `wanted_list_version` SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `wanted_tallies_delete` AFTER DELETE ON `wanted_items` BEGIN
  UPDATE `wanted_tallies` SET n = n - 1
  WHERE status = old.status AND kind = old.kind AND instance = old.instance AND language = old.language
    AND variant = old.variant AND upgrade = old.upgrade_candidate
    AND existing = CASE WHEN old.satisfied_by IS NULL THEN 'none' WHEN old.satisfied_by LIKE 'sidecar:%' THEN 'sidecar' ELSE 'embedded' END;
  DELETE FROM `wanted_tallies`
  WHERE status = old.status AND kind = old.kind AND instance = old.instance AND language = old.language
    AND variant = old.variant AND upgrade = old.upgrade_candidate
    AND existing = CASE WHEN old.satisfied_by IS NULL THEN 'none' WHEN old.satisfied_by LIKE 'sidecar:%' THEN 'sidecar' ELSE 'embedded' END AND n <= 0;
  UPDATE `wanted_list_version` SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `wanted_tallies_update` AFTER UPDATE OF status, kind, instance, language, variant, satisfied_by, upgrade_candidate ON `wanted_items`
WHEN old.status IS NOT new.status OR old.kind IS NOT new.kind OR old.instance IS NOT new.instance
  OR old.language IS NOT new.language OR old.variant IS NOT new.variant
  OR old.satisfied_by IS NOT new.satisfied_by OR old.upgrade_candidate IS NOT new.upgrade_candidate BEGIN
  UPDATE `wanted_tallies` SET n = n - 1
  WHERE status = old.status AND kind = old.kind AND instance = old.instance AND language = old.language
    AND variant = old.variant AND upgrade = old.upgrade_candidate
    AND existing = CASE WHEN old.satisfied_by IS NULL THEN 'none' WHEN old.satisfied_by LIKE 'sidecar:%' THEN 'sidecar' ELSE 'embedded' END;
  DELETE FROM `wanted_tallies`
  WHERE status = old.status AND kind = old.kind AND instance = old.instance AND language = old.language
    AND variant = old.variant AND upgrade = old.upgrade_candidate
    AND existing = CASE WHEN old.satisfied_by IS NULL THEN 'none' WHEN old.satisfied_by LIKE 'sidecar:%' THEN 'sidecar' ELSE 'embedded' END AND n <= 0;
  INSERT INTO `wanted_tallies` (`status`, `kind`, `instance`, `language`, `variant`, `existing`, `upgrade`, `n`)
  VALUES (new.status, new.kind, new.instance, new.language, new.variant,
    CASE WHEN new.satisfied_by IS NULL THEN 'none' WHEN new.satisfied_by LIKE 'sidecar:%' THEN 'sidecar' ELSE 'embedded' END,
    new.upgrade_candidate, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
  UPDATE `wanted_list_version` SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `wanted_list_order_update` AFTER UPDATE OF added_at, last_searched_at, retry_after ON `wanted_items`
WHEN old.added_at IS NOT new.added_at OR old.last_searched_at IS NOT new.last_searched_at
  OR old.retry_after IS NOT new.retry_after BEGIN
  UPDATE `wanted_list_version` SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `wanted_list_title_update` AFTER UPDATE OF title ON `media_files`
WHEN old.title IS NOT new.title BEGIN
  UPDATE `wanted_list_version` SET version = version + 1;
END;
