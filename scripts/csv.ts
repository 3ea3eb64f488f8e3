// The CSV parser lives with the import it also serves; scripts and their tests import it here.
export * from '../src/lib/server/import/csv';
