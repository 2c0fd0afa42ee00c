ALTER TABLE `job_runs` ADD `owner` text;--> statement-breakpoint
ALTER TABLE `scan_runs` ADD `owner` text;--> statement-breakpoint
ALTER TABLE `search_runs` ADD `owner` text;--> statement-breakpoint
-- One run status vocabulary for scans, searches and jobs: running, succeeded, failed, cancelled, interrupted.
UPDATE `scan_runs` SET `status` = 'succeeded' WHERE `status` = 'completed';--> statement-breakpoint
UPDATE `scan_runs` SET `phase` = 'succeeded' WHERE `phase` = 'completed';--> statement-breakpoint
UPDATE `search_runs` SET `status` = 'succeeded' WHERE `status` = 'completed';--> statement-breakpoint
UPDATE `job_runs` SET `outcome` = 'succeeded' WHERE `outcome` = 'success';--> statement-breakpoint
UPDATE `job_runs` SET `outcome` = 'failed' WHERE `outcome` = 'failure';
