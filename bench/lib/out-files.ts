/** Where the size child leaves the collected snapshot (compact JSON) for the evaluate child, in its size folder. */
export const SNAPSHOT_FILE = 'snapshot.json';
