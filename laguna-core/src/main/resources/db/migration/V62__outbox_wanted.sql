-- Which event types the outbox records (setting events.record, written by every node at start):
-- '*' for all of them, as before this table existed.
create table outbox_wanted (
    event_type varchar(256) primary key
);
insert into outbox_wanted (event_type) values ('*');
