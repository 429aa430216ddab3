CREATE TABLE "room_comments" (
	"id" text PRIMARY KEY NOT NULL,
	"line_id" text NOT NULL,
	"member_id" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "room_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"room_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"paid_by" text,
	"checkout_key" text,
	"claimed_at" timestamp with time zone,
	"order_id" text,
	CONSTRAINT "room_lines_quantity_positive" CHECK ("room_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "room_members" (
	"id" text PRIMARY KEY NOT NULL,
	"room_id" text NOT NULL,
	"owner_key" text NOT NULL,
	"browser_id" text,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"joined_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "room_snapshots" (
	"id" text PRIMARY KEY NOT NULL,
	"room_id" text NOT NULL,
	"member_id" text NOT NULL,
	"content_type" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"product_id" text,
	"data" "bytea" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "room_votes" (
	"line_id" text NOT NULL,
	"member_id" text NOT NULL,
	"vote" text NOT NULL,
	CONSTRAINT "room_votes_line_id_member_id_pk" PRIMARY KEY("line_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" text PRIMARY KEY NOT NULL,
	"show_id" text,
	"invite_hash" text NOT NULL,
	"max_members" integer NOT NULL,
	"cart_version" integer DEFAULT 0 NOT NULL,
	"share" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_active_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "room_comments" ADD CONSTRAINT "room_comments_line_id_room_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."room_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_comments" ADD CONSTRAINT "room_comments_member_id_room_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."room_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_lines" ADD CONSTRAINT "room_lines_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_lines" ADD CONSTRAINT "room_lines_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_lines" ADD CONSTRAINT "room_lines_added_by_room_members_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."room_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_lines" ADD CONSTRAINT "room_lines_paid_by_room_members_id_fk" FOREIGN KEY ("paid_by") REFERENCES "public"."room_members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_lines" ADD CONSTRAINT "room_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_members" ADD CONSTRAINT "room_members_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_snapshots" ADD CONSTRAINT "room_snapshots_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_snapshots" ADD CONSTRAINT "room_snapshots_member_id_room_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."room_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_votes" ADD CONSTRAINT "room_votes_line_id_room_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."room_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_votes" ADD CONSTRAINT "room_votes_member_id_room_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."room_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_show_id_shows_id_fk" FOREIGN KEY ("show_id") REFERENCES "public"."shows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "room_comments_line_idx" ON "room_comments" USING btree ("line_id","created_at");--> statement-breakpoint
CREATE INDEX "room_lines_room_idx" ON "room_lines" USING btree ("room_id","added_at");--> statement-breakpoint
CREATE INDEX "room_lines_order_idx" ON "room_lines" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "room_members_owner_idx" ON "room_members" USING btree ("room_id","owner_key");--> statement-breakpoint
CREATE INDEX "room_members_browser_idx" ON "room_members" USING btree ("room_id","browser_id");--> statement-breakpoint
CREATE INDEX "room_snapshots_room_idx" ON "room_snapshots" USING btree ("room_id","created_at");--> statement-breakpoint
CREATE INDEX "rooms_last_active_idx" ON "rooms" USING btree ("last_active_at");