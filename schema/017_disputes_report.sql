-- 017: indexes of the disputes report (src/stats/disputes.c), measured by
-- bench/disputes.sh at 1M disputes.  Each is read alone, without the table
-- (voided_at is a column so that the index covers the query):
--   * the overdue counts look up what is still open on the last day by the
--     same expression as DR_DISPUTE_OPEN, DR_REFERRAL_OPEN and
--     DR_FOLLOWUP_OPEN (stats/disputes.h): the open records, not every
--     record registered before;
--   * by mode reads the mediations of the period;
--   * the follow-ups of the period, by due day;
--   * a station's or a division's disputes (the scope of the mediations,
--     referrals and follow-ups: station or division and dispute_no alone,
--     so the list of the scope's disputes is short to read); by station or
--     division and registration day the scope's overdue disputes (SQLite,
--     without ANALYZE, takes the scope's index for those: 005's
--     disputes_station_registered, as disputes_station_open, gains
--     result_on and voided_at) and, with
--     a division, the report's rows.
CREATE INDEX disputes_open ON disputes ((COALESCE(result_on, '9999-12-31')), registered_on, station, division, voided_at)
	WHERE voided_at IS NULL;
CREATE INDEX referrals_open ON referrals
	((COALESCE(accepted_on, closed_on, CASE WHEN result IS NULL THEN '9999-12-31' ELSE referred_on END)), referred_on,
	 dispute_no, voided_at) WHERE voided_at IS NULL;
CREATE INDEX followups_open ON followups ((COALESCE(done_on, '9999-12-31')), due_on, dispute_no, voided_at)
	WHERE voided_at IS NULL;
CREATE INDEX mediations_report ON mediations (held_on, mode, result, dispute_no, voided_at) WHERE voided_at IS NULL;
CREATE INDEX followups_report ON followups (due_on, done_on, satisfaction, dispute_no, voided_at) WHERE voided_at IS NULL;
CREATE INDEX disputes_station_no ON disputes (station, dispute_no);
CREATE INDEX disputes_division ON disputes (division, registered_on, type, handled_on, settled_on, result_on, voided_at);
CREATE INDEX disputes_division_no ON disputes (division, dispute_no);
-- last: on PostgreSQL a DROP INDEX keeps readers of the table out until the commit, so the
-- builds above go before it (005's index, rebuilt wider under a new name)
CREATE INDEX disputes_station_open ON disputes (station, registered_on, result_on, voided_at);
DROP INDEX IF EXISTS disputes_station_registered;
