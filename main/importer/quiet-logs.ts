// Imported first by the import CLI, before anything that creates a logger:
// pino writes JSON to stdout, which would mix with the report for staff, so
// the CLI logs only warnings and errors unless LOG_LEVEL sets another level.
process.env['LOG_LEVEL'] ??= 'warn';
