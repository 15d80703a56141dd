-- gtmap audit as duckdb SQL views, as of 2026-11-30 (stale windows and "within" tests are fixed to this date: regenerate to move it).
-- Reads "analytics"."crm_deals": one row per deal, a column per field id, typed as:
--   "amount" DOUBLE
--   "buyer-problem" VARCHAR
--   "close-date" DATE
--   "contact-title" VARCHAR
--   "contract-start-date" DATE
--   "crm-forecast-category" VARCHAR
--   "customer-status" VARCHAR
--   "deal-desk-approval" VARCHAR
--   "discount-percent" DOUBLE
--   "economic-buyer" VARCHAR
--   "economic-buyer-met" BOOLEAN
--   "employee-count" DOUBLE
--   "expansion-trigger" VARCHAR
--   "health-score" DOUBLE
--   "hq-region" VARCHAR
--   "loss-reason" VARCHAR
--   "managing-accounting-firm" VARCHAR
--   "mutual-close-plan-url" VARCHAR
--   "next-step" VARCHAR
--   "opportunity-id" VARCHAR
--   "opportunity-name" VARCHAR
--   "opportunity-owner" VARCHAR
--   "opportunity-pipeline" VARCHAR
--   "opportunity-stage" VARCHAR
--   "order-form-signed-at" DATE
--   "paper-process-confirmed" BOOLEAN
--   "problem-cost" DOUBLE
--   "proposal-sent-at" DATE
--   "repaper-approved" BOOLEAN
--   "sales-accepted-at" TIMESTAMP
--   "security-review-status" VARCHAR
--   "stage-entered-at" DATE
--   "technical-validation-result" VARCHAR
-- Stage, pipeline and forecast-category columns hold the CRM values; the views map them to the map's ids (case-insensitive).
-- Enum columns hold the map's values (e.g. `passed`, not `Passed`); empty values are NULL.
-- Views: gtmap_deals, gtmap_deal_checks (one verdict column per exit criterion: TRUE pass, FALSE fail, NULL unknown),
-- gtmap_deal_audit (honest_stage, gates_failed, gates_unknown, is_stale, category_mismatch, required_empty, honest), gtmap_totals.

CREATE VIEW "gtmap_deals" AS
SELECT s.*, CASE WHEN "gtmap_pipeline" = 'expansion' AND LOWER(TRIM("opportunity-stage")) IN ('exp-identified', 'identified') THEN 'exp-identified' WHEN "gtmap_pipeline" = 'expansion' AND LOWER(TRIM("opportunity-stage")) IN ('exp-scoping', 'scoping') THEN 'exp-scoping' WHEN "gtmap_pipeline" = 'expansion' AND LOWER(TRIM("opportunity-stage")) IN ('exp-proposal', 'proposal') THEN 'exp-proposal' WHEN "gtmap_pipeline" = 'expansion' AND LOWER(TRIM("opportunity-stage")) IN ('exp-closed-won', 'closed won') THEN 'exp-closed-won' WHEN "gtmap_pipeline" = 'expansion' AND LOWER(TRIM("opportunity-stage")) IN ('exp-closed-lost', 'closed lost') THEN 'exp-closed-lost' WHEN "gtmap_pipeline" = 'new-business' AND LOWER(TRIM("opportunity-stage")) IN ('nb-qualification', 'qualification', 'appointmentscheduled') THEN 'nb-qualification' WHEN "gtmap_pipeline" = 'new-business' AND LOWER(TRIM("opportunity-stage")) IN ('nb-discovery', 'discovery', 'qualifiedtobuy') THEN 'nb-discovery' WHEN "gtmap_pipeline" = 'new-business' AND LOWER(TRIM("opportunity-stage")) IN ('nb-solution-validation', 'solution validation', 'presentationscheduled') THEN 'nb-solution-validation' WHEN "gtmap_pipeline" = 'new-business' AND LOWER(TRIM("opportunity-stage")) IN ('nb-business-case', 'business case', 'proposal/price quote', 'decisionmakerboughtin') THEN 'nb-business-case' WHEN "gtmap_pipeline" = 'new-business' AND LOWER(TRIM("opportunity-stage")) IN ('nb-negotiation', 'negotiation', 'negotiation/review', 'contractsent') THEN 'nb-negotiation' WHEN "gtmap_pipeline" = 'new-business' AND LOWER(TRIM("opportunity-stage")) IN ('nb-closed-won', 'closed won', 'closedwon') THEN 'nb-closed-won' WHEN "gtmap_pipeline" = 'new-business' AND LOWER(TRIM("opportunity-stage")) IN ('nb-closed-lost', 'closed lost', 'closedlost') THEN 'nb-closed-lost' END AS "gtmap_stage"
FROM (SELECT src.*, CASE WHEN LOWER(TRIM("opportunity-pipeline")) IN ('expansion') THEN 'expansion' WHEN LOWER(TRIM("opportunity-pipeline")) IN ('new-business', 'new business') THEN 'new-business' END AS "gtmap_pipeline", CASE WHEN LOWER(TRIM("crm-forecast-category")) IN ('pipeline') THEN 'pipeline' WHEN LOWER(TRIM("crm-forecast-category")) IN ('best-case', 'best case') THEN 'best-case' WHEN LOWER(TRIM("crm-forecast-category")) IN ('commit') THEN 'commit' WHEN LOWER(TRIM("crm-forecast-category")) IN ('closed') THEN 'closed' WHEN LOWER(TRIM("crm-forecast-category")) IN ('omitted') THEN 'omitted' END AS "gtmap_crm_category" FROM "analytics"."crm_deals" AS src) AS s;

CREATE VIEW "gtmap_deal_checks" AS
SELECT
  CAST("opportunity-id" AS VARCHAR) AS "deal_id",
  "gtmap_pipeline" AS "pipeline",
  "gtmap_stage" AS "stage",
  CASE "gtmap_stage" WHEN 'exp-identified' THEN 0 WHEN 'exp-scoping' THEN 1 WHEN 'exp-proposal' THEN 2 WHEN 'nb-qualification' THEN 0 WHEN 'nb-discovery' THEN 1 WHEN 'nb-solution-validation' THEN 2 WHEN 'nb-business-case' THEN 3 WHEN 'nb-negotiation' THEN 4 ELSE NULL END AS "stage_index",
  "amount" AS "amount",
  "close-date" AS "close_date",
  "stage-entered-at" AS "stage_entered_at",
  COALESCE(CAST("opportunity-owner" AS VARCHAR), '(none)') AS "owner",
  COALESCE(CASE WHEN ("customer-status" = 'customer') THEN 'installed-base' WHEN ("managing-accounting-firm" IS NOT NULL) THEN 'accounting-firm-clients' WHEN (("employee-count" >= 2000) AND ("hq-region" IN ('north-america', 'emea'))) THEN 'enterprise' WHEN (("employee-count" >= 200) AND ("employee-count" < 2000) AND ("hq-region" IN ('north-america', 'emea'))) THEN 'mid-market' WHEN ("employee-count" < 200) THEN 'self-serve' END, '(none)') AS "segment",
  "gtmap_crm_category" AS "crm_category",
  CASE "gtmap_stage" WHEN 'exp-identified' THEN 'pipeline' WHEN 'exp-scoping' THEN 'best-case' WHEN 'exp-proposal' THEN 'commit' WHEN 'nb-qualification' THEN 'pipeline' WHEN 'nb-discovery' THEN 'pipeline' WHEN 'nb-solution-validation' THEN 'pipeline' WHEN 'nb-business-case' THEN 'best-case' WHEN 'nb-negotiation' THEN 'commit' ELSE CAST(NULL AS VARCHAR) END AS "stage_category",
  ("expansion-trigger" IN ('seat-limit-reached', 'new-entity', 'new-module-request', 'invoice-volume-overage')) AS "c:exp-identified/trigger-recorded",
  ("health-score" >= 60) AS "c:exp-identified/account-healthy",
  ((CAST("contract-start-date" AS TIMESTAMP) >= CAST('2025-02-01 00:00:00.000' AS TIMESTAMP)) OR ("repaper-approved" = TRUE)) AS "c:exp-scoping/paper-route-clear",
  ("buyer-problem" IS NOT NULL) AS "c:exp-scoping/expansion-problem-stated",
  ("problem-cost" > 0) AS "c:exp-scoping/expansion-cost-priced",
  ("economic-buyer-met" = TRUE) AS "c:exp-scoping/budget-owner-met",
  (CAST("proposal-sent-at" AS TIMESTAMP) >= CAST('2026-10-31 00:00:00.000' AS TIMESTAMP) AND CAST("proposal-sent-at" AS TIMESTAMP) <= CAST('2026-11-30 00:00:00.000' AS TIMESTAMP)) AS "c:exp-proposal/expansion-proposal-sent",
  ("amount" > 0) AS "c:exp-proposal/expansion-amount-set",
  ("sales-accepted-at" IS NOT NULL) AS "c:nb-qualification/ae-accepted",
  (("next-step" IS NOT NULL) AND regexp_matches("contact-title", '(controller|cfo|chief financial|vp finance|head of finance|director of finance)', 'i')) AS "c:nb-qualification/discovery-booked",
  ("buyer-problem" IS NOT NULL) AS "c:nb-discovery/problem-in-buyers-words",
  ("problem-cost" >= 25000) AS "c:nb-discovery/problem-has-cost",
  ("economic-buyer" IS NOT NULL) AS "c:nb-discovery/economic-buyer-named",
  ("technical-validation-result" = 'passed') AS "c:nb-solution-validation/technical-validation-passed",
  ("economic-buyer-met" = TRUE) AS "c:nb-solution-validation/economic-buyer-met",
  regexp_matches("mutual-close-plan-url", '^https://', 'i') AS "c:nb-business-case/mutual-close-plan",
  (CAST("proposal-sent-at" AS TIMESTAMP) >= CAST('2026-10-31 00:00:00.000' AS TIMESTAMP) AND CAST("proposal-sent-at" AS TIMESTAMP) <= CAST('2026-11-30 00:00:00.000' AS TIMESTAMP)) AS "c:nb-business-case/proposal-sent",
  (("discount-percent" <= 15) OR ("deal-desk-approval" = 'approved')) AS "c:nb-business-case/discount-within-authority",
  ("security-review-status" IN ('passed', 'not-required')) AS "c:nb-negotiation/security-review-cleared",
  ("paper-process-confirmed" = TRUE) AS "c:nb-negotiation/paper-process-confirmed",
  CASE WHEN "gtmap_stage" IN ('nb-discovery', 'nb-solution-validation', 'nb-business-case', 'nb-negotiation') THEN "sales-accepted-at" IS NULL ELSE FALSE END AS "r:sales-accepted-at",
  CASE WHEN "gtmap_stage" IN ('nb-solution-validation', 'nb-business-case', 'nb-negotiation', 'exp-scoping', 'exp-proposal') THEN "buyer-problem" IS NULL ELSE FALSE END AS "r:buyer-problem",
  CASE WHEN "gtmap_stage" IN ('nb-solution-validation', 'nb-business-case', 'nb-negotiation', 'exp-scoping', 'exp-proposal') THEN "problem-cost" IS NULL ELSE FALSE END AS "r:problem-cost",
  CASE WHEN "gtmap_stage" IN ('nb-solution-validation', 'nb-business-case', 'nb-negotiation') THEN "economic-buyer" IS NULL ELSE FALSE END AS "r:economic-buyer",
  CASE WHEN "gtmap_stage" IN ('nb-business-case', 'nb-negotiation') THEN "economic-buyer-met" IS NULL ELSE FALSE END AS "r:economic-buyer-met",
  CASE WHEN "gtmap_stage" IN ('nb-business-case', 'nb-negotiation') THEN "technical-validation-result" IS NULL ELSE FALSE END AS "r:technical-validation-result",
  CASE WHEN "gtmap_stage" IN ('nb-discovery', 'nb-solution-validation', 'nb-business-case', 'nb-negotiation') THEN "next-step" IS NULL ELSE FALSE END AS "r:next-step",
  CASE WHEN "gtmap_stage" IN ('nb-negotiation') THEN "mutual-close-plan-url" IS NULL ELSE FALSE END AS "r:mutual-close-plan-url",
  CASE WHEN "gtmap_stage" IN ('nb-closed-won', 'exp-closed-won') THEN "order-form-signed-at" IS NULL ELSE FALSE END AS "r:order-form-signed-at",
  CASE WHEN "gtmap_stage" IN ('nb-closed-lost', 'exp-closed-lost') THEN "loss-reason" IS NULL ELSE FALSE END AS "r:loss-reason",
  CASE WHEN "gtmap_stage" IN ('exp-scoping', 'exp-proposal') THEN "expansion-trigger" IS NULL ELSE FALSE END AS "r:expansion-trigger",
  CASE "gtmap_stage" WHEN 'exp-identified' THEN (CAST("stage-entered-at" AS TIMESTAMP) < CAST('2026-10-31 00:00:00.000' AS TIMESTAMP)) WHEN 'exp-scoping' THEN (CAST("stage-entered-at" AS TIMESTAMP) < CAST('2026-11-09 00:00:00.000' AS TIMESTAMP)) WHEN 'exp-proposal' THEN (CAST("stage-entered-at" AS TIMESTAMP) < CAST('2026-11-16 00:00:00.000' AS TIMESTAMP)) WHEN 'nb-qualification' THEN (CAST("stage-entered-at" AS TIMESTAMP) < CAST('2026-11-16 00:00:00.000' AS TIMESTAMP)) WHEN 'nb-discovery' THEN (CAST("stage-entered-at" AS TIMESTAMP) < CAST('2026-11-09 00:00:00.000' AS TIMESTAMP)) WHEN 'nb-solution-validation' THEN (CAST("stage-entered-at" AS TIMESTAMP) < CAST('2026-10-31 00:00:00.000' AS TIMESTAMP)) WHEN 'nb-business-case' THEN (CAST("stage-entered-at" AS TIMESTAMP) < CAST('2026-11-09 00:00:00.000' AS TIMESTAMP)) WHEN 'nb-negotiation' THEN (CAST("stage-entered-at" AS TIMESTAMP) < CAST('2026-11-16 00:00:00.000' AS TIMESTAMP)) ELSE FALSE END AS "stale"
FROM "gtmap_deals"
WHERE "gtmap_stage" IN ('exp-identified', 'exp-scoping', 'exp-proposal', 'nb-qualification', 'nb-discovery', 'nb-solution-validation', 'nb-business-case', 'nb-negotiation');

CREATE VIEW "gtmap_deal_audit" AS
SELECT a.*,
  (a."gates_failed" = 0 AND a."gates_unknown" = 0 AND NOT a."is_stale") AS "honest"
FROM (
  SELECT c.*,
    CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 0 AND NOT COALESCE("c:exp-identified/trigger-recorded" AND "c:exp-identified/account-healthy", FALSE) THEN 'exp-identified' WHEN "pipeline" = 'expansion' AND "stage_index" > 1 AND NOT COALESCE("c:exp-scoping/paper-route-clear" AND "c:exp-scoping/expansion-problem-stated" AND "c:exp-scoping/expansion-cost-priced" AND "c:exp-scoping/budget-owner-met", FALSE) THEN 'exp-scoping' WHEN "pipeline" = 'expansion' AND "stage_index" > 2 AND NOT COALESCE("c:exp-proposal/expansion-proposal-sent" AND "c:exp-proposal/expansion-amount-set", FALSE) THEN 'exp-proposal' WHEN "pipeline" = 'new-business' AND "stage_index" > 0 AND NOT COALESCE("c:nb-qualification/ae-accepted" AND "c:nb-qualification/discovery-booked", FALSE) THEN 'nb-qualification' WHEN "pipeline" = 'new-business' AND "stage_index" > 1 AND NOT COALESCE("c:nb-discovery/problem-in-buyers-words" AND "c:nb-discovery/problem-has-cost" AND "c:nb-discovery/economic-buyer-named", FALSE) THEN 'nb-discovery' WHEN "pipeline" = 'new-business' AND "stage_index" > 2 AND NOT COALESCE("c:nb-solution-validation/technical-validation-passed" AND "c:nb-solution-validation/economic-buyer-met", FALSE) THEN 'nb-solution-validation' WHEN "pipeline" = 'new-business' AND "stage_index" > 3 AND NOT COALESCE("c:nb-business-case/mutual-close-plan" AND "c:nb-business-case/proposal-sent" AND "c:nb-business-case/discount-within-authority", FALSE) THEN 'nb-business-case' WHEN "pipeline" = 'new-business' AND "stage_index" > 4 AND NOT COALESCE("c:nb-negotiation/security-review-cleared" AND "c:nb-negotiation/paper-process-confirmed", FALSE) THEN 'nb-negotiation' ELSE "stage" END AS "honest_stage",
    CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 0 AND "c:exp-identified/trigger-recorded" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 0 AND "c:exp-identified/account-healthy" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 1 AND "c:exp-scoping/paper-route-clear" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 1 AND "c:exp-scoping/expansion-problem-stated" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 1 AND "c:exp-scoping/expansion-cost-priced" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 1 AND "c:exp-scoping/budget-owner-met" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 2 AND "c:exp-proposal/expansion-proposal-sent" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 2 AND "c:exp-proposal/expansion-amount-set" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 0 AND "c:nb-qualification/ae-accepted" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 0 AND "c:nb-qualification/discovery-booked" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 1 AND "c:nb-discovery/problem-in-buyers-words" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 1 AND "c:nb-discovery/problem-has-cost" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 1 AND "c:nb-discovery/economic-buyer-named" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 2 AND "c:nb-solution-validation/technical-validation-passed" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 2 AND "c:nb-solution-validation/economic-buyer-met" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 3 AND "c:nb-business-case/mutual-close-plan" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 3 AND "c:nb-business-case/proposal-sent" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 3 AND "c:nb-business-case/discount-within-authority" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 4 AND "c:nb-negotiation/security-review-cleared" = FALSE THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 4 AND "c:nb-negotiation/paper-process-confirmed" = FALSE THEN 1 ELSE 0 END AS "gates_failed",
    CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 0 AND "c:exp-identified/trigger-recorded" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 0 AND "c:exp-identified/account-healthy" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 1 AND "c:exp-scoping/paper-route-clear" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 1 AND "c:exp-scoping/expansion-problem-stated" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 1 AND "c:exp-scoping/expansion-cost-priced" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 1 AND "c:exp-scoping/budget-owner-met" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 2 AND "c:exp-proposal/expansion-proposal-sent" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'expansion' AND "stage_index" > 2 AND "c:exp-proposal/expansion-amount-set" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 0 AND "c:nb-qualification/ae-accepted" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 0 AND "c:nb-qualification/discovery-booked" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 1 AND "c:nb-discovery/problem-in-buyers-words" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 1 AND "c:nb-discovery/problem-has-cost" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 1 AND "c:nb-discovery/economic-buyer-named" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 2 AND "c:nb-solution-validation/technical-validation-passed" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 2 AND "c:nb-solution-validation/economic-buyer-met" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 3 AND "c:nb-business-case/mutual-close-plan" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 3 AND "c:nb-business-case/proposal-sent" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 3 AND "c:nb-business-case/discount-within-authority" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 4 AND "c:nb-negotiation/security-review-cleared" IS NULL THEN 1 ELSE 0 END + CASE WHEN "pipeline" = 'new-business' AND "stage_index" > 4 AND "c:nb-negotiation/paper-process-confirmed" IS NULL THEN 1 ELSE 0 END AS "gates_unknown",
    COALESCE("stale", FALSE) AS "is_stale",
    ("crm_category" IS NOT NULL AND "crm_category" <> "stage_category") AS "category_mismatch",
    CASE WHEN "r:sales-accepted-at" THEN 1 ELSE 0 END + CASE WHEN "r:buyer-problem" THEN 1 ELSE 0 END + CASE WHEN "r:problem-cost" THEN 1 ELSE 0 END + CASE WHEN "r:economic-buyer" THEN 1 ELSE 0 END + CASE WHEN "r:economic-buyer-met" THEN 1 ELSE 0 END + CASE WHEN "r:technical-validation-result" THEN 1 ELSE 0 END + CASE WHEN "r:next-step" THEN 1 ELSE 0 END + CASE WHEN "r:mutual-close-plan-url" THEN 1 ELSE 0 END + CASE WHEN "r:order-form-signed-at" THEN 1 ELSE 0 END + CASE WHEN "r:loss-reason" THEN 1 ELSE 0 END + CASE WHEN "r:expansion-trigger" THEN 1 ELSE 0 END AS "required_empty"
  FROM "gtmap_deal_checks" AS c
) AS a;

CREATE VIEW "gtmap_totals" AS
  SELECT 'pipeline' AS "dimension", "pipeline", CAST(NULL AS VARCHAR) AS "value",
    COUNT(*) AS "deals",
    SUM(COALESCE("amount", 0)) AS "amount",
    SUM(CASE WHEN "honest" THEN 1 ELSE 0 END) AS "honest_deals",
    SUM(CASE WHEN "honest" THEN COALESCE("amount", 0) ELSE 0 END) AS "honest_amount",
    SUM(CASE WHEN "gates_failed" > 0 THEN 1 ELSE 0 END) AS "failing_deals",
    SUM(CASE WHEN "gates_failed" = 0 AND "gates_unknown" > 0 THEN 1 ELSE 0 END) AS "unknown_deals",
    SUM(CASE WHEN "is_stale" THEN 1 ELSE 0 END) AS "stale_deals",
    SUM(CASE WHEN "category_mismatch" THEN 1 ELSE 0 END) AS "mismatch_deals",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'pipeline' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:pipeline",
    SUM(CASE WHEN "honest" AND "stage_category" = 'pipeline' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:pipeline",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'best-case' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:best-case",
    SUM(CASE WHEN "honest" AND "stage_category" = 'best-case' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:best-case",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'commit' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:commit",
    SUM(CASE WHEN "honest" AND "stage_category" = 'commit' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:commit",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'closed' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:closed",
    SUM(CASE WHEN "honest" AND "stage_category" = 'closed' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:closed",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'omitted' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:omitted",
    SUM(CASE WHEN "honest" AND "stage_category" = 'omitted' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:omitted"
  FROM "gtmap_deal_audit"
  GROUP BY "pipeline"
UNION ALL
  SELECT 'stage' AS "dimension", "pipeline", "stage" AS "value",
    COUNT(*) AS "deals",
    SUM(COALESCE("amount", 0)) AS "amount",
    SUM(CASE WHEN "honest" THEN 1 ELSE 0 END) AS "honest_deals",
    SUM(CASE WHEN "honest" THEN COALESCE("amount", 0) ELSE 0 END) AS "honest_amount",
    SUM(CASE WHEN "gates_failed" > 0 THEN 1 ELSE 0 END) AS "failing_deals",
    SUM(CASE WHEN "gates_failed" = 0 AND "gates_unknown" > 0 THEN 1 ELSE 0 END) AS "unknown_deals",
    SUM(CASE WHEN "is_stale" THEN 1 ELSE 0 END) AS "stale_deals",
    SUM(CASE WHEN "category_mismatch" THEN 1 ELSE 0 END) AS "mismatch_deals",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'pipeline' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:pipeline",
    SUM(CASE WHEN "honest" AND "stage_category" = 'pipeline' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:pipeline",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'best-case' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:best-case",
    SUM(CASE WHEN "honest" AND "stage_category" = 'best-case' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:best-case",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'commit' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:commit",
    SUM(CASE WHEN "honest" AND "stage_category" = 'commit' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:commit",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'closed' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:closed",
    SUM(CASE WHEN "honest" AND "stage_category" = 'closed' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:closed",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'omitted' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:omitted",
    SUM(CASE WHEN "honest" AND "stage_category" = 'omitted' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:omitted"
  FROM "gtmap_deal_audit"
  GROUP BY "pipeline", "stage"
UNION ALL
  SELECT 'segment' AS "dimension", "pipeline", "segment" AS "value",
    COUNT(*) AS "deals",
    SUM(COALESCE("amount", 0)) AS "amount",
    SUM(CASE WHEN "honest" THEN 1 ELSE 0 END) AS "honest_deals",
    SUM(CASE WHEN "honest" THEN COALESCE("amount", 0) ELSE 0 END) AS "honest_amount",
    SUM(CASE WHEN "gates_failed" > 0 THEN 1 ELSE 0 END) AS "failing_deals",
    SUM(CASE WHEN "gates_failed" = 0 AND "gates_unknown" > 0 THEN 1 ELSE 0 END) AS "unknown_deals",
    SUM(CASE WHEN "is_stale" THEN 1 ELSE 0 END) AS "stale_deals",
    SUM(CASE WHEN "category_mismatch" THEN 1 ELSE 0 END) AS "mismatch_deals",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'pipeline' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:pipeline",
    SUM(CASE WHEN "honest" AND "stage_category" = 'pipeline' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:pipeline",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'best-case' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:best-case",
    SUM(CASE WHEN "honest" AND "stage_category" = 'best-case' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:best-case",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'commit' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:commit",
    SUM(CASE WHEN "honest" AND "stage_category" = 'commit' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:commit",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'closed' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:closed",
    SUM(CASE WHEN "honest" AND "stage_category" = 'closed' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:closed",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'omitted' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:omitted",
    SUM(CASE WHEN "honest" AND "stage_category" = 'omitted' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:omitted"
  FROM "gtmap_deal_audit"
  GROUP BY "pipeline", "segment"
UNION ALL
  SELECT 'owner' AS "dimension", "pipeline", "owner" AS "value",
    COUNT(*) AS "deals",
    SUM(COALESCE("amount", 0)) AS "amount",
    SUM(CASE WHEN "honest" THEN 1 ELSE 0 END) AS "honest_deals",
    SUM(CASE WHEN "honest" THEN COALESCE("amount", 0) ELSE 0 END) AS "honest_amount",
    SUM(CASE WHEN "gates_failed" > 0 THEN 1 ELSE 0 END) AS "failing_deals",
    SUM(CASE WHEN "gates_failed" = 0 AND "gates_unknown" > 0 THEN 1 ELSE 0 END) AS "unknown_deals",
    SUM(CASE WHEN "is_stale" THEN 1 ELSE 0 END) AS "stale_deals",
    SUM(CASE WHEN "category_mismatch" THEN 1 ELSE 0 END) AS "mismatch_deals",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'pipeline' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:pipeline",
    SUM(CASE WHEN "honest" AND "stage_category" = 'pipeline' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:pipeline",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'best-case' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:best-case",
    SUM(CASE WHEN "honest" AND "stage_category" = 'best-case' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:best-case",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'commit' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:commit",
    SUM(CASE WHEN "honest" AND "stage_category" = 'commit' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:commit",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'closed' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:closed",
    SUM(CASE WHEN "honest" AND "stage_category" = 'closed' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:closed",
    SUM(CASE WHEN COALESCE("crm_category", "stage_category") = 'omitted' THEN COALESCE("amount", 0) ELSE 0 END) AS "before:omitted",
    SUM(CASE WHEN "honest" AND "stage_category" = 'omitted' THEN COALESCE("amount", 0) ELSE 0 END) AS "after:omitted"
  FROM "gtmap_deal_audit"
  GROUP BY "pipeline", "owner";
