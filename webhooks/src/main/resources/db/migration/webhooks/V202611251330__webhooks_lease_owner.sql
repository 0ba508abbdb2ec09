-- Which worker holds a leased delivery: operators can see where a row is, and the crash-safety
-- test can tell a killed worker's orphans apart.
alter table webhook_deliveries add column lease_owner text;
