/** Free-text notes as support staff type them: commas, quotes, accents, emoji and the odd embedded newline. */
import type { Prng } from './prng.js';
import { FIRST_NAMES, LAST_NAMES } from './names.js';
import { thousands } from './format.js';

export const NOTE_TEMPLATES: readonly string[] = [
  'Prefers email contact',
  'Do not call before 10am',
  'VIP customer',
  'Requested paper invoice',
  'Called about billing issue on {date}',
  'Moved from {city}',
  'Referred by {name}',
  'Asked to be removed from newsletter',
  'Spoke with {first}, will follow up',
  'Account merged, see old record',
  'Payment via check, net 30',
  'Interested in premium plan; budget approx ${amount}',
  'Complained: "late delivery", refund issued',
  'Address verified {date}',
  'Possible duplicate? check with support',
  'Language preference: Spanish',
  'Préfère le français',
  'Left voicemail x{n}',
  'Follow-up needed:\nsee ticket #{ticket}',
  'Tax exempt – cert on file',
  '☎ prefers text messages',
  'Happy customer 🙂',
  'Card declined {n} times, updated {date}',
  'Wants quote for {n} seats',
  'N/A',
  'see notes',
  'Gift order for {first} — ship to {city}',
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Replaces `{…}` placeholders; each placeholder draws from the PRNG, so the result is seed-stable. */
export function fillNote(template: string, p: Prng, city: string): string {
  if (template.indexOf('{') < 0) return template;
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    switch (key) {
      case 'date': return `${MONTHS[p.int(12)]} ${p.range(1, 28)} ${p.range(2015, 2024)}`;
      case 'city': return p.chance(0.5) ? city : p.pick(['Chicago', 'Denver', 'Toronto', 'Austin', 'Miami']);
      case 'name': return `${p.pick(FIRST_NAMES).name} ${p.pick(LAST_NAMES)}`;
      case 'first': return p.pick(FIRST_NAMES).name;
      case 'amount': return thousands(p.range(1, 50) * 500);
      case 'ticket': return String(p.range(10000, 99999));
      default: return String(p.range(2, 9));
    }
  });
}
