ALTER TABLE `profile_overrides` ADD `profile_name` text;--> statement-breakpoint
ALTER TABLE `profile_overrides` ADD `upgrade_cutoff` integer;--> statement-breakpoint
ALTER TABLE `profile_overrides` ADD `sync_after_download` integer;--> statement-breakpoint
ALTER TABLE `profile_overrides` ADD `fixes_json` text;--> statement-breakpoint
ALTER TABLE `profile_overrides` ADD `extract_embedded` integer;--> statement-breakpoint
ALTER TABLE `profile_overrides` ADD `monitored_only` integer;--> statement-breakpoint
ALTER TABLE `profile_overrides` ADD `skip_specials` integer;--> statement-breakpoint
ALTER TABLE `profile_overrides` ADD `audio_rules_json` text;