import type { JournalStore } from '../journal-store.js';

export async function openPostgresJournalStore(url: string): Promise<JournalStore> {
  throw new Error(`journal: PostgreSQL journals are not built yet (${url.replace(/:[^:@/]*@/, ':•••@')})`);
}
