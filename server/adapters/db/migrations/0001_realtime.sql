CREATE TABLE "channel_events" (
	"channel" text NOT NULL,
	"seq" integer NOT NULL,
	"server_time" timestamp (3) with time zone NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "channel_events_channel_seq_pk" PRIMARY KEY("channel","seq")
);
--> statement-breakpoint
CREATE TABLE "channel_seq" (
	"channel" text PRIMARY KEY NOT NULL,
	"seq" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "channel_events_time_idx" ON "channel_events" USING btree ("server_time");