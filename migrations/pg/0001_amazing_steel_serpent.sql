CREATE TABLE "activity_days" (
	"user_id" text NOT NULL,
	"day" date NOT NULL,
	"tz" text NOT NULL,
	"minutes" jsonb NOT NULL,
	"hours" jsonb NOT NULL,
	"exercise" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "activity_days_pkey" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
CREATE INDEX "activity_days_day_idx" ON "activity_days" USING btree ("day");