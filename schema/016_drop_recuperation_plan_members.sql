-- 016: a saved plan's members are kept once, in recuperation_plans.result (the
-- plan's JSON); a frozen plan's are its members' recuperations rows, which
-- the planner reads.  The second copy (015's recuperation_plan_members) went
-- stale as soon as a trip was voided: dropped.
DROP TABLE recuperation_plan_members;
