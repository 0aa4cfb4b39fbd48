CREATE TABLE "activity_events" (
	"user_id" text NOT NULL,
	"event_id" text NOT NULL,
	"source" text NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"device_id" text,
	"category" text NOT NULL,
	"confidence" double precision NOT NULL,
	"metadata" jsonb NOT NULL,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_events_pkey" PRIMARY KEY("user_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "api_request_logs" (
	"id" text PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"user_id" text,
	"method" text NOT NULL,
	"route" text NOT NULL,
	"status" integer NOT NULL,
	"duration_ms" integer NOT NULL,
	"provider" text,
	"model" text,
	"tokens" integer,
	"at" timestamp with time zone NOT NULL,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_actions" (
	"user_id" text NOT NULL,
	"trace_id" text NOT NULL,
	"type" text NOT NULL,
	"item_id" text,
	"category" text,
	"query" text,
	"at" timestamp with time zone NOT NULL,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_actions_pkey" PRIMARY KEY("user_id","trace_id")
);
--> statement-breakpoint
CREATE INDEX "activity_events_user_start_idx" ON "activity_events" USING btree ("user_id","start_at");--> statement-breakpoint
CREATE INDEX "activity_events_start_idx" ON "activity_events" USING btree ("start_at");--> statement-breakpoint
CREATE INDEX "api_request_logs_user_at_idx" ON "api_request_logs" USING btree ("user_id","at");--> statement-breakpoint
CREATE INDEX "api_request_logs_at_idx" ON "api_request_logs" USING btree ("at");--> statement-breakpoint
CREATE INDEX "user_actions_user_at_idx" ON "user_actions" USING btree ("user_id","at");--> statement-breakpoint
CREATE INDEX "user_actions_at_idx" ON "user_actions" USING btree ("at");