// What a page's device stores, read for the journeys' assertions (reads only: set-up goes
// through the UI or a test hook).

/** The SHA-256 (hex) of the bytes this page's device stores under content hash `hash`, or null. */
export function storedHash(page, hash) {
  return page.evaluate((hash) => new Promise((resolve, reject) => {
    const open = indexedDB.open('mesa');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction('attachments', 'readonly').objectStore('attachments').get(`blob-${hash}`);
      get.onerror = () => reject(get.error);
      get.onsuccess = async () => {
        db.close();
        const record = get.result;
        if (!record?.blob) return resolve(null);
        const digest = await crypto.subtle.digest('SHA-256', await record.blob.arrayBuffer());
        resolve(Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join(''));
      };
    };
  }), hash);
}

/** Every record of the app's stores `names` (e.g. ['events', 'tickets']), read in one
 * transaction: `{ events: [...], tickets: [...] }`. `events` are the events as stored, each
 * with its local number `seq` and its outbox mark `pending`: the entries of the event log's
 * records (`log`, where one record holds several events of one ticket; src/store/log.rs).
 * A record's Blob (a file's bytes in `attachments`) comes as its `{ size, type }`. */
export function storedRecords(page, names) {
  return page.evaluate((names) => new Promise((resolve, reject) => {
    const stores = names.map((n) => (n === 'events' ? 'log' : n));
    const open = indexedDB.open('mesa');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(stores, 'readonly');
      const out = {};
      // A Blob does not cross into Node: its size and type do.
      const plain = (record) => (record?.constructor !== Object ? record : Object.fromEntries(Object.entries(record)
        .map(([k, v]) => [k, v instanceof Blob ? { size: v.size, type: v.type } : v])));
      for (const name of stores) {
        const req = tx.objectStore(name).getAll();
        req.onsuccess = () => {
          if (name === 'log') out.events = req.result.flatMap((r) => r.events);
          else out[name] = req.result.map(plain);
        };
      }
      tx.oncomplete = () => { db.close(); resolve(out); };
      tx.onerror = () => reject(tx.error);
    };
  }), names);
}
