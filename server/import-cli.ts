// `npm run server:import -- --data-dir DIR FILE`: imports a job ledger into
// the county catalogue once, for every kiosk.
// TODO: wire this to main/importer once it is committed; until then it only
// says that it is not available.
process.stderr.write(
  'server:import is not available yet: the county server will reuse the kiosk ledger importer ' +
    '(main/importer) once it lands. Until then, create postings with the admin API ' +
    '(POST /api/admin/jobs).\n',
);
process.exit(1);
