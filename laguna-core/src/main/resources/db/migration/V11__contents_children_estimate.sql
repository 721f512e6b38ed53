-- The planner's estimate of how many children one collection has. Rule injection, the evaluator and
-- the choice of RSEs for the datasets of a container look up the children of one collection at a
-- time (contents where scope = ? and name = ?). When ANALYZE last sampled the table while one big
-- dataset made up most of it, the parent column had a single distinct value, so every such look-up
-- was estimated to return the whole table and planned as a sequential scan, repeated for each
-- dataset of a container (seconds to minutes for 1,000 datasets). A fixed ratio (a collection has
-- about 1,000 children: distinct parents are 0.1% of the rows) keeps the index plan whatever the
-- sample saw. ANALYZE applies it; run one now for existing catalogues.
alter table contents alter column name set (n_distinct = -0.001);
analyze contents;
