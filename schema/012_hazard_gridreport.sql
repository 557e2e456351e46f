-- 012: a hazard a grid report was turned into names that report (CONTRACTS.md §6),
-- as disputes and incidents do since 011: the link is kept both ways.
ALTER TABLE hazards ADD COLUMN gridreport_no TEXT REFERENCES gridreports (report_no);
