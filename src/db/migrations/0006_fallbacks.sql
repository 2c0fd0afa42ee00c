ALTER TABLE `profile_overrides` ADD `translate` integer;--> statement-breakpoint
ALTER TABLE `profile_overrides` ADD `whisper` integer;--> statement-breakpoint
ALTER TABLE `wanted_items` ADD `translate_override` integer;--> statement-breakpoint
ALTER TABLE `wanted_items` ADD `whisper_override` integer;