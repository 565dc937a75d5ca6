import type { Db } from './db.js';

/** A job-service station (驿站 or 零工市场) and the town it is in. */
export interface Station {
  id: string;
  name: string;
  town: string;
}

export function listStations(db: Db): Station[] {
  return db.prepare<[], Station>('SELECT id, name, town FROM stations ORDER BY id').all();
}

export function stationExists(db: Db, id: string): boolean {
  return (
    db
      .prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM stations WHERE id = ?')
      .get(id)?.n === 1
  );
}

/** Inserts a station or updates its name and town. */
export function saveStation(db: Db, station: Station): void {
  db.prepare(
    `INSERT INTO stations (id, name, town) VALUES (@id, @name, @town)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, town = excluded.town`,
  ).run(station);
}
