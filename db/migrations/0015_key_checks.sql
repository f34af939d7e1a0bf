CREATE TABLE "key_checks" (
	"purpose" text NOT NULL,
	"key_id" integer NOT NULL,
	"check" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "key_checks_purpose_key_id_pk" PRIMARY KEY("purpose","key_id")
);
