// Realistic Mesa events in the app's own JSON shape (what a backup holds and what sync stores
// on the endpoint, there with `_id` = `id`), made in node for bulk journeys and benchmarks.
import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID for `wallMs` (48-bit time, 80 random bits), like `EventId::from_parts`. */
export function ulid(wallMs) {
  let value = (BigInt(wallMs) << 80n) | BigInt(`0x${randomBytes(10).toString('hex')}`);
  let out = '';
  for (let i = 0; i < 26; i += 1) {
    out = CROCKFORD[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** The HLC text `MILLIS-COUNTER-DEVICE`. */
export const hlc = (wallMs, counter, device) =>
  `${String(wallMs).padStart(15, '0')}-${String(counter).padStart(6, '0')}-${device}`;

/** The device of an event (or endpoint document) from its HLC text (a device id may hold `-`). */
export const deviceOf = (event) => String(event.hlc).split('-').slice(2).join('-');

/** The wall-clock milliseconds of an event (or endpoint document) from its HLC text. */
export const wallOf = (event) => Number(String(event.hlc).split('-')[0]);

const CUSTOMERS = ['Farmacias del Norte', 'Hotel Brisa', 'Clínica San Rafael', 'Transportes Lugo',
  'Colegio Miramar', 'Ferretería El Clavo', 'Notaría 12', 'Panadería La Espiga'];
const PROBLEMS = ['Sin tono en la sede norte', 'Llamadas se cortan a los 30 segundos',
  'No entra el correo de voz', 'Audio en un solo sentido', 'La centralita no arranca',
  'Extensiones 200 a 220 sin línea', 'Desvío a móvil no funciona'];
const COMMENTS = ['Revisando la troncal SIP.', 'Cliente confirma que persiste.',
  'Se reinició el equipo en sitio.', 'Escalado al proveedor de tránsito.',
  'Pendiente de ventana de mantenimiento.'];

/**
 * `count` events over tickets of `perTicket` events each (an `opened` then `commented`),
 * oldest first, starting at `startMs`, from device `device`.
 */
export function makeEvents(count, { startMs = Date.UTC(2026, 9, 1, 12), device = 'carga-1', perTicket = 4 } = {}) {
  const events = [];
  let ticketId = null;
  let number = 0;
  for (let i = 0; i < count; i += 1) {
    const wall = startMs + i * 60_000;
    const id = ulid(wall);
    const time = hlc(wall, 0, device);
    if (i % perTicket === 0) {
      number += 1;
      ticketId = id;
      const day = new Date(wall).toISOString().slice(2, 10).replaceAll('-', '');
      events.push({
        id, ticket_id: id, hlc: time, actor: 'ana', kind: 'opened',
        payload: {
          number: `${day}-${String(number).padStart(5, '0')}`,
          customer: CUSTOMERS[number % CUSTOMERS.length],
          description: PROBLEMS[number % PROBLEMS.length],
        },
      });
    } else {
      events.push({
        id, ticket_id: ticketId, hlc: time, actor: 'ana', kind: 'commented',
        payload: { text: COMMENTS[i % COMMENTS.length], customer_visible: i % 2 === 0 },
      });
    }
  }
  return events;
}

/** A Mesa backup file's JSON holding `events`. */
export const backupOf = (events, device = 'carga-1') => JSON.stringify({
  format: 'mesa-backup', version: 1, exported_at: new Date().toISOString(), device, events, attachments: [],
});

/** The sync documents of `events` (`_id` = `id`). */
export const docsOf = (events) => events.map((e) => ({ _id: e.id, ...e }));
