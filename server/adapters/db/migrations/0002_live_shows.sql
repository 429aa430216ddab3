CREATE TABLE "chat_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"show_id" text NOT NULL,
	"author_key" text NOT NULL,
	"display_name" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" text
);
--> statement-breakpoint
CREATE TABLE "chat_sanctions" (
	"show_id" text NOT NULL,
	"subject" text NOT NULL,
	"kind" text NOT NULL,
	"until" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_sanctions_show_id_subject_kind_pk" PRIMARY KEY("show_id","subject","kind")
);
--> statement-breakpoint
CREATE TABLE "deal_claims" (
	"deal_id" text NOT NULL,
	"order_id" text NOT NULL,
	"owner_key" text NOT NULL,
	"quantity" integer NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deal_claims_deal_id_order_id_pk" PRIMARY KEY("deal_id","order_id")
);
--> statement-breakpoint
CREATE TABLE "flash_deals" (
	"id" text PRIMARY KEY NOT NULL,
	"show_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"price" integer NOT NULL,
	"cap" integer NOT NULL,
	"claimed" integer DEFAULT 0 NOT NULL,
	"per_buyer_limit" integer NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"stopped_at" timestamp (3) with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flash_deals_claimed_within_cap" CHECK ("flash_deals"."claimed" >= 0 AND "flash_deals"."claimed" <= "flash_deals"."cap"),
	CONSTRAINT "flash_deals_price_positive" CHECK ("flash_deals"."price" > 0)
);
--> statement-breakpoint
CREATE TABLE "poll_votes" (
	"poll_id" text NOT NULL,
	"voter_key" text NOT NULL,
	"option_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "poll_votes_poll_id_voter_key_pk" PRIMARY KEY("poll_id","voter_key")
);
--> statement-breakpoint
CREATE TABLE "polls" (
	"id" text PRIMARY KEY NOT NULL,
	"show_id" text NOT NULL,
	"question" text NOT NULL,
	"options" jsonb NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "question_votes" (
	"question_id" text NOT NULL,
	"voter_key" text NOT NULL,
	CONSTRAINT "question_votes_question_id_voter_key_pk" PRIMARY KEY("question_id","voter_key")
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" text PRIMARY KEY NOT NULL,
	"show_id" text NOT NULL,
	"author_key" text NOT NULL,
	"display_name" text NOT NULL,
	"text" text NOT NULL,
	"upvotes" integer DEFAULT 0 NOT NULL,
	"answered_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "show_moderators" (
	"show_id" text NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "show_moderators_show_id_user_id_pk" PRIMARY KEY("show_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "show_pins" (
	"show_id" text NOT NULL,
	"product_id" text NOT NULL,
	"pinned_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "show_pins_show_id_product_id_pk" PRIMARY KEY("show_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "show_timeline" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "show_timeline_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"show_id" text NOT NULL,
	"at_ms" integer NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "deal_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "show_id" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "hide_from_ticker" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_show_id_shows_id_fk" FOREIGN KEY ("show_id") REFERENCES "public"."shows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_sanctions" ADD CONSTRAINT "chat_sanctions_show_id_shows_id_fk" FOREIGN KEY ("show_id") REFERENCES "public"."shows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_claims" ADD CONSTRAINT "deal_claims_deal_id_flash_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."flash_deals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_deals" ADD CONSTRAINT "flash_deals_show_id_shows_id_fk" FOREIGN KEY ("show_id") REFERENCES "public"."shows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_deals" ADD CONSTRAINT "flash_deals_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_votes" ADD CONSTRAINT "poll_votes_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_show_id_shows_id_fk" FOREIGN KEY ("show_id") REFERENCES "public"."shows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_votes" ADD CONSTRAINT "question_votes_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_show_id_shows_id_fk" FOREIGN KEY ("show_id") REFERENCES "public"."shows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "show_moderators" ADD CONSTRAINT "show_moderators_show_id_shows_id_fk" FOREIGN KEY ("show_id") REFERENCES "public"."shows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "show_moderators" ADD CONSTRAINT "show_moderators_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "show_pins" ADD CONSTRAINT "show_pins_show_id_shows_id_fk" FOREIGN KEY ("show_id") REFERENCES "public"."shows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "show_pins" ADD CONSTRAINT "show_pins_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "show_timeline" ADD CONSTRAINT "show_timeline_show_id_shows_id_fk" FOREIGN KEY ("show_id") REFERENCES "public"."shows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_messages_show_idx" ON "chat_messages" USING btree ("show_id","created_at");--> statement-breakpoint
CREATE INDEX "deal_claims_owner_idx" ON "deal_claims" USING btree ("deal_id","owner_key");--> statement-breakpoint
CREATE INDEX "flash_deals_show_idx" ON "flash_deals" USING btree ("show_id","starts_at");--> statement-breakpoint
CREATE INDEX "polls_show_idx" ON "polls" USING btree ("show_id","created_at");--> statement-breakpoint
CREATE INDEX "questions_show_idx" ON "questions" USING btree ("show_id","created_at");--> statement-breakpoint
CREATE INDEX "show_timeline_show_idx" ON "show_timeline" USING btree ("show_id","at_ms");