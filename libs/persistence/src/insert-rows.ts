import type { EntityManager } from 'typeorm';

/** Postgres takes at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 65_535;

/**
 * Inserts `rows` (one value per column, in `columns` order) with as few multi-row INSERT statements
 * as Postgres's parameter limit allows — one round trip for a typical chunk instead of one per row.
 * Rows are inserted in the given order.
 */
export async function insertRows(manager: EntityManager, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const statement = rows.slice(start, start + rowsPerStatement);
    const values = statement.map((row, index) => {
      if (row.length !== columns.length) throw new Error(`insertRows ${table}: a row has ${row.length} values for ${columns.length} columns`);
      return `(${columns.map((_, column) => `$${index * columns.length + column + 1}`).join(', ')})`;
    });
    await manager.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, statement.flat());
  }
}
