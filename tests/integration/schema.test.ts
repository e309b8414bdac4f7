import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetState } from '../support/resetState';

// The migrations are hand-written SQL (Prisma's CLI cannot run here), so this proves they match schema.prisma:
// every model's table exists with every scalar field's column and the same nullability.

interface Column { name: string; nullable: boolean }

async function modelsFromSchema(): Promise<Map<string, Column[]>> {
  const text = await readFile('prisma/schema.prisma', 'utf8');
  const models = new Map<string, Column[]>();
  const modelNames = new Set([...text.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]));
  for (const m of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const body = m[2];
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? m[1];
    const columns: Column[] = [];
    for (const line of body.split('\n')) {
      const f = /^\s+(\w+)\s+(\w+)(\?|\[\])?(.*)$/.exec(line);
      if (!f || line.trim().startsWith('//') || line.trim().startsWith('@@')) continue;
      const [, name, type, modifier, rest] = f;
      if (modelNames.has(type)) continue; // relation field, no column
      columns.push({ name: /@map\("([^"]+)"\)/.exec(rest)?.[1] ?? name, nullable: modifier === '?' });
    }
    models.set(table, columns);
  }
  return models;
}

describe('migrations match schema.prisma', () => {
  beforeAll(async () => {
    await resetState(process.env.DATABASE_URL!, process.env.REDIS_URL!, process.env.QUEUE_PREFIX!);
  });

  it('every model has its table and columns with the declared nullability', async () => {
    const models = await modelsFromSchema();
    expect(models.size).toBeGreaterThanOrEqual(9);
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
        `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
      );
      const actual = new Map<string, Column[]>();
      for (const r of rows) {
        if (r.table_name === '_prisma_migrations') continue;
        const list = actual.get(r.table_name) ?? [];
        list.push({ name: r.column_name, nullable: r.is_nullable === 'YES' });
        actual.set(r.table_name, list);
      }
      const sort = (m: Map<string, Column[]>) =>
        Object.fromEntries([...m].sort().map(([t, cols]) => [t, [...cols].sort((a, b) => a.name.localeCompare(b.name))]));
      expect(sort(actual)).toEqual(sort(models));
      const migrations = await client.query('SELECT migration_name, checksum FROM "_prisma_migrations"');
      expect(migrations.rows.length).toBeGreaterThan(0);
      expect(migrations.rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await client.end();
    }
  });
});
