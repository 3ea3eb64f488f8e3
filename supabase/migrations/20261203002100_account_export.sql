-- What /account/export gives a user: every row about them, in every table, whatever they may see
-- of it today (a comment in a group they have left is still theirs). Security definer for that
-- reason; it reads only rows whose who-column is the caller.
create function private.export_my_data() returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
	_me constant uuid := (select auth.uid());
begin
	if _me is null then
		raise exception 'sign in to export your data' using errcode = '42501';
	end if;
	return jsonb_build_object(
		'profile', (select to_jsonb(p) from public.profiles p where p.id = _me),
		'site_admin', exists (select 1 from private.site_admins where user_id = _me),
		'campaigns', coalesce((
			select jsonb_agg(jsonb_build_object(
				'resolution_id', m.resolution_id, 'slug', r.slug, 'title', r.title, 'role', m.role,
				'joined_at', m.joined_at) order by m.joined_at)
			from public.resolution_members m join public.resolutions r on r.id = m.resolution_id
			where m.user_id = _me), '[]'),
		'resolutions_created', coalesce((
			select jsonb_agg(to_jsonb(r) order by r.created_at)
			from public.resolutions r where r.created_by = _me), '[]'),
		'resolution_events', coalesce((
			select jsonb_agg(to_jsonb(e) order by e.created_at)
			from public.resolution_events e where e.created_by = _me), '[]'),
		'campaign_invites', coalesce((
			select jsonb_agg(to_jsonb(i) - 'token_hash' order by i.created_at)
			from public.resolution_invites i where i.created_by = _me or i.used_by = _me), '[]'),
		'places_added', coalesce((
			select jsonb_agg(to_jsonb(p) order by p.created_at)
			from public.places p where p.created_by = _me), '[]'),
		'templates', coalesce((
			select jsonb_agg(jsonb_build_object('id', v.id, 'template_id', v.template_id,
				'version', v.version, 'title', v.title, 'created_at', v.created_at) order by v.created_at)
			from public.template_versions v where v.created_by = _me), '[]'),
		'groups', coalesce((
			select jsonb_agg(jsonb_build_object(
				'group_id', m.group_id, 'name', g.name, 'role', m.role, 'committees', m.committees,
				'eligibility', m.eligibility, 'joined_at', m.joined_at) order by m.joined_at)
			from public.group_members m join public.sponsor_groups g on g.id = m.group_id
			where m.user_id = _me), '[]'),
		'group_invites', coalesce((
			select jsonb_agg(to_jsonb(i) - 'token_hash' order by i.created_at)
			from public.group_invites i where i.created_by = _me or i.used_by = _me), '[]'),
		'tasks', coalesce((
			select jsonb_agg(to_jsonb(t) order by t.created_at)
			from public.group_tasks t where t.created_by = _me or t.assignee_id = _me), '[]'),
		'task_comments', coalesce((
			select jsonb_agg(to_jsonb(c) order by c.created_at)
			from public.group_task_comments c where c.created_by = _me), '[]'),
		'ledger_entries', coalesce((
			select jsonb_agg(to_jsonb(l) order by l.created_at)
			from public.group_ledger_entries l where l.created_by = _me), '[]'),
		'group_documents', coalesce((
			select jsonb_agg(to_jsonb(d) order by d.created_at)
			from public.group_documents d where d.uploaded_by = _me), '[]'),
		'group_activity', coalesce((
			select jsonb_agg(to_jsonb(a) order by a.created_at)
			from public.group_activity a where a.actor_id = _me), '[]'),
		'calendar_feeds', coalesce((
			select jsonb_agg(to_jsonb(f) - 'token_hash' order by f.created_at)
			from public.group_calendar_feeds f where f.user_id = _me), '[]'),
		'urgent_actions_created', coalesce((
			select jsonb_agg(jsonb_build_object('id', a.id, 'code', a.code, 'slug', a.slug,
				'title_en', a.title_en, 'created_at', a.created_at) order by a.created_at)
			from public.urgent_actions a where a.created_by = _me), '[]'),
		'moderation_decisions', coalesce((
			select jsonb_agg(jsonb_build_object('report_id', r.id, 'state', r.state,
				'decided_at', r.decided_at) order by r.decided_at)
			from public.resolution_reports r where r.decided_by = _me), '[]'),
		'files', coalesce((
			select jsonb_agg(jsonb_build_object('bucket_id', o.bucket_id, 'name', o.name,
				'metadata', o.metadata, 'user_metadata', o.user_metadata, 'created_at', o.created_at)
				order by o.created_at)
			from storage.objects o where o.owner_id = _me::text), '[]')
	);
end
$$;
revoke all on function private.export_my_data() from public;
grant execute on function private.export_my_data() to authenticated;
