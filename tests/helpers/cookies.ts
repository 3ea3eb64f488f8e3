import type { Cookies } from '@sveltejs/kit';

type SetOptions = Parameters<Cookies['set']>[2];

/**
 * A cookie jar with the part of SvelteKit's Cookies API the adapters use, for server tests that
 * run outside a request. `options` keeps what was last set, so tests can check the flags.
 */
export class CookieJar implements Cookies {
	readonly values = new Map<string, string>();
	readonly options = new Map<string, SetOptions>();

	get(name: string) {
		return this.values.get(name);
	}
	getAll() {
		return [...this.values].map(([name, value]) => ({ name, value }));
	}
	set(name: string, value: string, options: SetOptions) {
		this.options.set(name, options);
		if (options.maxAge === 0) this.values.delete(name);
		else this.values.set(name, value);
	}
	delete(name: string, options: Parameters<Cookies['delete']>[1]) {
		this.options.set(name, { ...options, maxAge: 0 });
		this.values.delete(name);
	}
	serialize(name: string, value: string) {
		return `${name}=${value}`;
	}
}
