-- A published resolution's history is the public record of what its council did: its team may
-- add to it (each pipeline move adds an event), but only its lead or a site admin may correct or
-- delete an entry once the resolution is public. While it is a draft, the whole team may.
create function private.can_change_resolution_history(p_resolution_id uuid) returns boolean
language sql stable
set search_path = ''
as $$
	select private.can_edit_resolution(p_resolution_id)
		and (
			not private.is_published_resolution(p_resolution_id)
			or private.is_campaign_lead(p_resolution_id)
			or private.is_site_admin()
		)
$$;
revoke all on function private.can_change_resolution_history(uuid) from public;
grant execute on function private.can_change_resolution_history(uuid) to authenticated;

drop policy "resolution_events: editors update" on public.resolution_events;
drop policy "resolution_events: editors delete" on public.resolution_events;

create policy "resolution_events: team updates drafts, leads published" on public.resolution_events
	for update to authenticated
	using ((select private.can_change_resolution_history(resolution_id)))
	with check ((select private.can_change_resolution_history(resolution_id)));

create policy "resolution_events: team deletes drafts, leads published" on public.resolution_events
	for delete to authenticated
	using ((select private.can_change_resolution_history(resolution_id)));
