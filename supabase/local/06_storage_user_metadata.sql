-- What Supabase Storage keeps beside each object's system metadata: `user_metadata`, the JSON a
-- client sends with an upload (supabase/storage, migrations/tenant/0025-custom-metadata.sql,
-- commit 4fa61fba9371c4bd40cbb81509f07bcb3af21683). Both storage adapters keep the uploaded
-- file's name there and read it back under the caller's claims. A new file rather than an edit
-- of 03: the runner records stand-in files by name, so this one also reaches existing databases.
alter table storage.objects add column if not exists user_metadata jsonb;
